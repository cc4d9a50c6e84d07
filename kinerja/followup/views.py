"""Pages: my results (transparency), the rating guide, objections, rewards and the TPP export,
development plans, the talent grid and potential scores. Thin: fetch, call, render."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from kinerja.core import svg
from kinerja.core.errors import DomainError
from kinerja.core.permissions import AGENCY_WIDE, Peran, has_role
from kinerja.core.tenancy import agency_required, for_agency, get_for_agency_or_404
from kinerja.followup import export, queries, services, tasks
from kinerja.followup.forms import AwardForm, DecisionForm, ObjectionForm
from kinerja.followup.models import (
    Keberatan,
    KegiatanPengembangan,
    LampiranKeberatan,
    NilaiPotensi,
    Penghargaan,
    ProgresPengembangan,
)
from kinerja.followup.permissions import (
    can_agree_plan,
    can_decide_objection,
    can_edit_plan,
    can_manage,
    can_record_progress,
    can_view_objection,
    can_view_plan,
    can_view_talent,
    explanation_role,
)
from kinerja.org.models import Pegawai, UnitKerja
from kinerja.scoring.models import Hasil
from kinerja.scoring.queries import indicator_rows
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.scoring.services import explain
from kinerja.skp.models import BagianPeriode, BuktiDukung, Periode
from kinerja.skp.queries import default_period
from kinerja.skp.views.common import version_of

LABELS = queries.LABELS
RATINGS = [(r.value, r.label) for r in pmp.Rating]
CATEGORIES = [(c.value, c.label) for c in pp46.Category]
PREDIKAT_CHOICES = [(p.value, p.label) for p in pmp.PREDIKAT_ORDER] + [
    (c.value, c.label) for c in pp46.Category if c.value in ("cukup", "buruk")
]


def _periode(request, *, closed_only: bool = False) -> Periode | None:
    """?periode=YEAR of the agency; else the newest closed period (``closed_only``) or the one
    people work in (``skp.queries.default_period``)."""
    periods = for_agency(Periode.objects.all(), request.user)
    year = request.GET.get("periode") or request.POST.get("periode") or ""
    if year.isdigit():
        return periods.filter(tahun=int(year)).first()
    if closed_only:
        return periods.filter(status=Periode.Status.DITUTUP).order_by("-tahun").first()
    return default_period(request.user.instansi_id)


def _unit_id(request) -> int | None:
    value = request.GET.get("unit") or ""
    return int(value) if value.isdigit() else None


def _units(request):
    return list(for_agency(UnitKerja.objects.all(), request.user).order_by("kode"))


# --------------------------------------------------------------------------- transparency


def _quarter_chart(results):
    """The employee's capaian per slice of the period against 100%, for the chart and its
    table (the same stored results as the tabs)."""
    slices = [h for h in results if h.bagian_id]
    if not slices:
        return None
    values = [float(h.capaian) if h.capaian is not None else None for h in slices]
    top = max([120.0, *[v for v in values if v is not None]])
    chart = svg.lines_chart(
        [h.bagian.label for h in slices],
        [svg.Series("Capaian saya", values), svg.Series("100%", [100] * len(slices),
                                                        color="#9aa5b1")],
        title="Capaian saya per bagian periode (%)", unit="%", low=0, high=round(top + 5, -1),
    )  # fmt: skip
    return {"chart": chart, "rows": slices}


@agency_required(Peran.PEGAWAI)
def hasil_saya(request):
    periode = _periode(request)
    context = {"periode": periode, "labels": LABELS}
    if periode is None:
        return render(request, "followup/hasil_saya.html", context)
    results = queries.my_results(request.user.pegawai_id, periode)
    wanted = request.GET.get("bagian", "tahunan")
    chosen = next(
        (h for h in results if (str(h.bagian.nomor) if h.bagian_id else "tahunan") == wanted),
        results[-1] if results else None,
    )
    context.update({"results": results, "hasil": chosen, "kuartal": _quarter_chart(results)})
    if chosen is not None:
        explanation = explain(chosen.masukan)
        rows = indicator_rows(chosen, explanation=explanation, with_names=True)
        ids = [row.id for row in rows]
        names = {row.id: row.indikator for row in rows if row.indikator is not None}
        evidence = BuktiDukung.objects.filter(realisasi__indikator_id__in=ids).select_related(
            "realisasi__bagian"
        )
        if chosen.bagian_id:
            evidence = evidence.filter(realisasi__bagian_id=chosen.bagian_id)
        by_indicator: dict[int, list] = {}
        for item in evidence.order_by("realisasi__bagian__nomor", "pk"):
            by_indicator.setdefault(item.realisasi.indikator_id, []).append(item)
        ratings = queries.behaviour_of(chosen)
        keberatan = Keberatan.objects.filter(hasil=chosen).first()
        if keberatan is not None:
            services.mark_read(keberatan, by=request.user)
        window = queries.objection_window(periode) if chosen.bagian_id is None else None
        today = timezone.localdate()
        context.update({
            "explanation": explanation,
            "lines": [{"row": row, "indikator": row.indikator,
                       "bukti": by_indicator.get(row.id, [])}
                      for row in rows],
            "perilaku": ratings,
            "posisi": queries.unit_position(chosen),
            "perbaikan": queries.improvement_areas(explanation, ratings, names),
            "keberatan": keberatan,
            "jendela": window,
            "boleh_keberatan": bool(window and periode.ditutup and keberatan is None
                                    and window[0] <= today <= window[1]
                                    and chosen.final_predikat),
            "predikat_label": queries.label_of(chosen.predikat_akhir, chosen.skema),
        })  # fmt: skip
    return render(request, "followup/hasil_saya.html", context)


@agency_required()
def panduan(request):
    periode = _periode(request)
    params = (periode.parameter or {}) if periode else {}
    return render(request, "followup/panduan.html", {
        "periode": periode, "params": params, "pengaturan": queries.settings_for(periode)
        if periode else None,
    })  # fmt: skip


# --------------------------------------------------------------------------- objections


def _get_keberatan(request, pk) -> Keberatan:
    k = get_for_agency_or_404(queries.objection_list(), request.user, pk=pk)
    if not can_view_objection(request.user, k):
        raise Http404
    return k


@agency_required()
def keberatan_lampiran(request, pk):
    """An objection's attachment, for whoever may read the objection (the employee, the
    rater, the decider, the agency roles); anyone else: not found."""
    lampiran = get_for_agency_or_404(LampiranKeberatan.objects.all(), request.user, pk=pk)
    _get_keberatan(request, lampiran.keberatan_id)
    response = FileResponse(lampiran.berkas.open("rb"), as_attachment=True, filename=lampiran.nama)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@agency_required()
def keberatan_list(request):
    found = queries.objections_for(request.user)
    agency = []
    if has_role(request.user, *AGENCY_WIDE):
        agency = list(
            queries.objection_list().filter(instansi_id=request.user.instansi_id)
            .order_by("status", "tenggat_putusan")[:200]
        )  # fmt: skip
    today = timezone.localdate()
    return render(request, "followup/keberatan_list.html", {
        **found, "semua": agency, "today": today, "labels": LABELS,
    })  # fmt: skip


@agency_required(Peran.PEGAWAI)
def keberatan_ajukan(request, hasil_pk):
    hasil = get_for_agency_or_404(
        Hasil.objects.select_related("skp__penilai", "periode", "instansi"), request.user,
        pk=hasil_pk, skp__pegawai_id=request.user.pegawai_id,
    )  # fmt: skip
    form = ObjectionForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            k = services.file_objection(hasil, by=request.user, alasan=form.cleaned_data["alasan"],
                                        lampiran=form.cleaned_data["lampiran"])  # fmt: skip
        except DomainError as exc:
            if exc.kolom in form.fields:
                form.add_error(exc.kolom, str(exc))
            else:
                error = exc
        else:
            messages.success(request, "Keberatan diajukan kepada atasan pejabat penilai.")
            return redirect("followup_keberatan", pk=k.pk)
    return render(request, "followup/keberatan_ajukan.html", {
        "hasil": hasil, "form": form, "error": error, "labels": LABELS,
        "jendela": queries.objection_window(hasil.periode),
    }, status=400 if error or form.errors else 200)  # fmt: skip


@agency_required()
def keberatan_detail(request, pk):
    k = _get_keberatan(request, pk)
    error = None
    form = DecisionForm()
    if request.method == "POST":
        action = request.POST.get("aksi")
        try:
            if action == "minta":
                services.request_explanation(k, by=request.user, isi=request.POST.get("isi", ""))
            elif action == "jelaskan":
                services.explain_objection(k, by=request.user, isi=request.POST.get("isi", ""))
            elif action == "putus":
                services.decide_objection(
                    k, by=request.user, putusan=request.POST.get("putusan", ""),
                    alasan=request.POST.get("alasan", ""),
                    hasil_kerja=request.POST.get("hasil_kerja", ""),
                    perilaku=request.POST.get("perilaku", ""),
                    predikat=request.POST.get("predikat", ""), version=version_of(request),
                )  # fmt: skip
            else:
                raise DomainError("Tindakan tidak dikenal.")
        except DomainError as exc:
            error = exc
            form = DecisionForm(request.POST)
        else:
            messages.success(request, "Tersimpan.")
            return redirect("followup_keberatan", pk=k.pk)
    if k.diputuskan:
        services.mark_read(k, by=request.user)
    return render(request, "followup/keberatan_detail.html", {
        "k": k, "catatan": list(k.catatan.select_related("penulis")),
        "lampiran": list(k.lampiran.all()), "error": error, "form": form, "labels": LABELS,
        "boleh_putus": can_decide_objection(request.user, k),
        "peran_penjelasan": explanation_role(request.user, k),
        "lewat": queries.overdue(k), "ratings": RATINGS, "categories": CATEGORIES,
        "galat_putusan": (error.kolom or "") if error and request.POST.get("aksi") == "putus"
        else "",
        "pp46": k.hasil.skema == pp46.SCHEME,
        "predikat_semula": queries.label_of(k.semula_predikat, k.hasil.skema),
        "predikat_akhir": queries.label_of(k.akhir_predikat, k.hasil.skema),
    }, status=400 if error else 200)  # fmt: skip


# --------------------------------------------------------------------------- rewards


def _talent_access(request):
    if not can_view_talent(request.user):
        raise PermissionDenied("Halaman ini untuk admin kepegawaian dan pimpinan.")


@agency_required(Peran.ADMIN, Peran.PIMPINAN)
def kandidat(request):
    _talent_access(request)
    periode = _periode(request, closed_only=True)
    context = {"periode": periode, "units": _units(request), "unit_id": _unit_id(request),
               "labels": LABELS, "jenis": Penghargaan.Jenis.choices,
               "boleh_catat": can_manage(request.user)}  # fmt: skip
    if periode is None:
        return render(request, "followup/kandidat.html", context)
    if request.method == "POST":
        if not can_manage(request.user):
            raise PermissionDenied("Hanya admin kepegawaian yang mencatat penghargaan.")
        form = AwardForm(request.POST)
        if form.is_valid():
            pegawai = get_for_agency_or_404(Pegawai.objects.all(), request.user,
                                            pk=form.cleaned_data["pegawai"])  # fmt: skip
            try:
                services.record_award(pegawai, periode, by=request.user,
                                      jenis=form.cleaned_data["jenis"],
                                      tanggal=form.cleaned_data["tanggal"],
                                      dasar=form.cleaned_data["dasar"])  # fmt: skip
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"Penghargaan untuk {pegawai.nama} dicatat.")
        else:
            messages.error(request, "Lengkapi jenis, tanggal dan dasar penghargaan.")
        return redirect(f"{reverse('followup_kandidat')}?periode={periode.tahun}")
    minimum = request.GET.get("min") or ""
    try:
        min_capaian = Decimal(minimum.replace(",", ".")) if minimum else None
    except InvalidOperation:
        min_capaian = None
    context.update({
        "rows": list(queries.candidates(periode, unit_id=_unit_id(request),
                                        min_capaian=min_capaian)[:500]),
        "awards": list(queries.awards(periode)[:500]), "min": minimum,
        "today": timezone.localdate(),
    })  # fmt: skip
    return render(request, "followup/kandidat.html", context)


@agency_required(Peran.ADMIN)
def tpp(request, fmt):
    periode = _periode(request, closed_only=True)
    if periode is None:
        raise Http404
    name = f"tpp-{periode.tahun}"
    if fmt == "csv":
        response = HttpResponse(export.tpp_csv(periode), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            export.tpp_xlsx(periode),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@agency_required(Peran.ADMIN)
def pengaturan(request):
    periode = _periode(request)
    if periode is None:
        raise Http404
    if request.method == "POST":
        try:
            services.set_period_settings(
                periode, by=request.user,
                hari_keputusan_keberatan=request.POST.get("hari_keputusan_keberatan") or None,
                potensi_menengah=request.POST.get("potensi_menengah"),
                potensi_tinggi=request.POST.get("potensi_tinggi"),
                persen_tpp={code: request.POST.get(f"tpp_{code}", "")
                            for code, _label in PREDIKAT_CHOICES},
            )  # fmt: skip
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Pengaturan tindak lanjut disimpan.")
        return redirect(f"{reverse('followup_pengaturan')}?periode={periode.tahun}")
    current = queries.settings_for(periode)
    return render(request, "followup/pengaturan.html", {
        "periode": periode, "p": current, "predikat": [
            (code, label, (current.persen_tpp or {}).get(code, ""))
            for code, label in PREDIKAT_CHOICES],
    })  # fmt: skip


# --------------------------------------------------------------------------- development


@agency_required()
def pengembangan(request):
    periode = _periode(request)
    user = request.user
    if request.method == "POST" and periode is not None:
        try:
            if request.POST.get("aksi") == "usulkan":
                n = services.propose_plans(periode, by=user)
                messages.success(request, f"{n} rencana pengembangan diusulkan.")
            else:
                target = request.POST.get("pegawai") or str(user.pegawai_id or "")
                if not target.isdigit():
                    raise DomainError("Akun ini tidak terhubung dengan data pegawai.")
                pegawai = get_for_agency_or_404(Pegawai.objects.all(), user, pk=int(target))
                rencana = services.request_plan(pegawai, periode, by=user)
                return redirect("followup_rencana", pk=rencana.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect(f"{reverse('followup_pengembangan')}?periode={periode.tahun}")
    agency = has_role(user, *AGENCY_WIDE)
    plans = queries.plans_for(user, agency=agency)
    if periode is not None:
        plans = plans.filter(periode=periode)
    return render(request, "followup/pengembangan.html", {
        "periode": periode, "plans": list(plans.order_by("pegawai__nama")[:500]),
        "needs": queries.training_needs(user.instansi_id, periode) if agency else [],
        "boleh_usulkan": can_manage(user) and periode is not None and periode.ditutup,
        "labels": LABELS,
    })  # fmt: skip


def _plan_kegiatan(post) -> list[dict]:
    rows = []
    for n in range(int(post.get("jumlah", "0") or 0) + 1):
        if post.get(f"k{n}-hapus") or not (post.get(f"k{n}-kompetensi") or "").strip():
            continue
        rows.append({key: post.get(f"k{n}-{key}", "") for key in
                     ("jenis", "kompetensi", "uraian", "mulai", "selesai")})  # fmt: skip
    return rows


@agency_required()
def rencana(request, pk):
    plan = get_for_agency_or_404(queries.plan_list(), request.user, pk=pk)
    if not can_view_plan(request.user, plan):
        raise Http404
    if request.method == "POST":
        action = request.POST.get("aksi")
        try:
            if action == "ubah":
                services.update_plan(plan, by=request.user, tujuan=request.POST.get("tujuan", ""),
                                     kegiatan=_plan_kegiatan(request.POST),
                                     version=version_of(request))  # fmt: skip
            elif action == "ajukan":
                services.submit_plan(plan, by=request.user)
            elif action == "setujui":
                services.agree_plan(plan, by=request.user)
            elif action == "progres":
                kegiatan = get_for_agency_or_404(KegiatanPengembangan.objects.all(),
                                                 request.user, pk=request.POST.get("kegiatan"),
                                                 rencana=plan)  # fmt: skip
                bagian = get_for_agency_or_404(
                    BagianPeriode.objects.select_related("periode"),
                    request.user,
                    pk=request.POST.get("bagian"),
                )
                services.record_progress(kegiatan, by=request.user, bagian=bagian,
                                         status=request.POST.get("status", ""),
                                         catatan=request.POST.get("catatan", ""))  # fmt: skip
            else:
                raise DomainError("Tindakan tidak dikenal.")
        except (DomainError, ValueError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Rencana pengembangan tersimpan.")
        return redirect("followup_rencana", pk=plan.pk)
    later = (
        BagianPeriode.objects.filter(
            instansi_id=plan.instansi_id, periode__tahun__gt=plan.periode.tahun
        )
        .select_related("periode")
        .order_by("periode__tahun", "nomor")
    )
    kegiatan = list(plan.kegiatan.prefetch_related("progres__bagian__periode"))
    return render(request, "followup/rencana.html", {
        "plan": plan, "kegiatan": kegiatan, "bagian": list(later[:24]),
        "jenis": KegiatanPengembangan.Jenis.choices,
        "status_progres": ProgresPengembangan.Status.choices,
        "boleh_ubah": can_edit_plan(request.user, plan),
        "boleh_setuju": can_agree_plan(request.user, plan),
        "boleh_progres": can_record_progress(request.user, plan), "labels": LABELS,
        "baru": len(kegiatan),
    })  # fmt: skip


# --------------------------------------------------------------------------- talent grid


@agency_required(Peran.ADMIN, Peran.PIMPINAN)
def talenta(request):
    _talent_access(request)
    periode = _periode(request, closed_only=True)
    context = {"periode": periode, "units": _units(request), "unit_id": _unit_id(request)}
    if periode is not None:
        grid = queries.talent_grid(periode, unit_id=_unit_id(request))
        context.update({
            "grid": grid, "pengaturan": queries.settings_for(periode),
            "potensi_label": queries.POTENSI_LABEL, "kolom": queries.POTENSI_COLS,
            "rows": list(zip([(k, queries.KINERJA_LABEL[k]) for k in queries.KINERJA_ROWS],
                             grid.rows,
                             strict=True)),
        })  # fmt: skip
    return render(request, "followup/talenta.html", context)


@agency_required(Peran.ADMIN, Peran.PIMPINAN)
def talenta_kotak(request, box):
    _talent_access(request)
    periode = _periode(request, closed_only=True)
    if periode is None or box not in queries.BOX_AXES:
        raise Http404
    people = list(queries.box_people(periode, box, unit_id=_unit_id(request))[:500])
    return render(request, "followup/_kotak.html", {
        "box": box, "label": queries.box_label(box), "people": people, "labels": LABELS,
        "conduct_note": queries.CONDUCT_NOTE,
    })  # fmt: skip


@agency_required(Peran.ADMIN, Peran.PIMPINAN)
def talenta_xlsx(request):
    _talent_access(request)
    periode = _periode(request, closed_only=True)
    if periode is None:
        raise Http404
    response = HttpResponse(
        export.grid_xlsx(periode, unit_id=_unit_id(request)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="talenta-{periode.tahun}.xlsx"'
    return response


@agency_required(Peran.ADMIN)
def potensi(request):
    periode = _periode(request, closed_only=True)
    if periode is None:
        raise Http404
    errors = []
    if request.method == "POST":
        try:
            if "berkas" in request.FILES:
                upload = request.FILES["berkas"]
                job = tasks.start_potential_import(periode, by=request.user, name=upload.name,
                                                   content=upload.read())  # fmt: skip
                return redirect("pekerjaan", job.pk)
            else:
                nip = "".join(request.POST.get("nip", "").split())
                pegawai = get_for_agency_or_404(Pegawai.objects.all(), request.user, nip=nip)
                services.record_potential(pegawai, periode, by=request.user,
                                          skor=request.POST.get("skor"))  # fmt: skip
                messages.success(request, f"Skor potensial {pegawai.nama} dicatat.")
                return redirect(f"{reverse('followup_potensi')}?periode={periode.tahun}")
        except DomainError as exc:
            messages.error(request, str(exc))
    rows = (
        NilaiPotensi.objects.filter(periode=periode)
        .select_related("pegawai__unit")
        .order_by("pegawai__nama")[:500]
    )
    return render(request, "followup/potensi.html", {
        "periode": periode, "rows": list(rows), "errors": errors,
        "pengaturan": queries.settings_for(periode),
    }, status=400 if errors else 200)  # fmt: skip
