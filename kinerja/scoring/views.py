"""Pages: the employee's explanation, the rater's decisions, HR's curve and close."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kinerja.core import extensions, jobs, svg
from kinerja.core.errors import DomainError
from kinerja.core.permissions import Peran
from kinerja.core.spreadsheet import wants_xlsx, xlsx_response
from kinerja.core.tenancy import agency_required, for_agency, get_for_agency_or_404
from kinerja.org.models import Pegawai, UnitKerja
from kinerja.scoring import export, penjelasan, queries, services, siasn
from kinerja.scoring import tasks as close_tasks
from kinerja.scoring.models import Hasil, PenutupanPeriode, PredikatOrganisasi
from kinerja.scoring.permissions import (
    can_close,
    can_compute,
    can_decide,
    can_set_org_predikat,
    can_view_hasil,
)
from kinerja.scoring.rules import kurva
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.skp.models import Periode, Realisasi
from kinerja.skp.services.periode import tanggal
from kinerja.skp.views.common import periode_for, today, version_of

LABELS = {
    **{r.value: r.label for r in pmp.Rating},
    **{p.value: p.label for p in pmp.Predikat},
    **{f"pp:{c.value}": c.label for c in pp46.Category},
}
ORG_LABELS = {o.value: o.label for o in kurva.OrgPredikat}


def get_hasil(request, pk) -> Hasil:
    """A result the user may read; another agency's or a stranger's is not found."""
    hasil = get_for_agency_or_404(queries.hasil_list(), request.user, pk=pk)
    if not can_view_hasil(request.user, hasil):
        raise Http404
    return hasil


def _bagian(request, periode):
    """The slice asked for (?bagian=N), or None for the year."""
    nomor = request.GET.get("bagian") or request.POST.get("bagian") or ""
    if not nomor.isdigit():
        return None
    return periode.bagian.filter(nomor=int(nomor)).first()


@agency_required(Peran.PEGAWAI)
def hasil_saya(request):
    periode = periode_for(request)
    rows = []
    if periode is not None:
        rows = list(
            queries.hasil_list()
            .filter(periode=periode, skp__pegawai_id=request.user.pegawai_id)
            .order_by("bagian__nomor")
        )
        queries.with_later_finals(rows, periode)
    context = {"periode": periode, "rows": rows, "labels": LABELS}
    return render(request, "scoring/hasil_saya.html", context)


@agency_required()
def hasil_detail(request, pk):
    hasil = get_hasil(request, pk)
    queries.with_later_finals([hasil], hasil.periode)
    explanation = services.explain(hasil.masukan)
    pending = Realisasi.objects.filter(skp_id=hasil.skp_id).exclude(
        status=Realisasi.Status.DIVERIFIKASI
    )
    if hasil.bagian_id:
        pending = pending.filter(bagian_id=hasil.bagian_id)
    slices = {b.nomor: b.nama for b in hasil.periode.bagian.all()}

    def nama_bagian(nomor):
        return slices.get(nomor, f"Bagian {nomor}")

    context = {
        "hasil": hasil,
        "explanation": explanation,
        "kelompok": penjelasan.rhk_groups(hasil, explanation),
        "alasan": penjelasan.reasons(hasil, explanation, nama_bagian=nama_bagian),
        "perilaku_bagian": penjelasan.behaviour_by_slice(hasil, nama_bagian=nama_bagian),
        "teknis": penjelasan.technical(explanation),
        "nama_bagian": nama_bagian(hasil.bagian.nomor) if hasil.bagian_id else "",
        "pending": list(pending.select_related("indikator", "bagian").order_by("bagian__nomor")),
        "labels": LABELS,
        "params": hasil.masukan.get("parameter", {}),
        "boleh_putuskan": can_decide(request.user, hasil),
        "sama": explanation.outcome.key()[:4]
        == (
            None if hasil.capaian is None else str(hasil.capaian),
            hasil.usulan_hasil_kerja,
            hasil.usulan_perilaku,
            hasil.usulan_predikat,
        ),
    }
    return render(request, "scoring/hasil_detail.html", context)


def _team_context(request):
    periode = periode_for(request)
    if periode is None:
        return {"periode": None}
    bagian = _bagian(request, periode)
    rows = queries.team_results(request.user.pegawai_id, periode, bagian)
    slices = list(periode.bagian.all())
    return {
        "periode": periode,
        "bagian": bagian,
        "dini": _annual_early(periode, slices) if bagian is None else "",
        "bagian_list": slices,
        "rows": rows,
        "labels": LABELS,
    }


def _annual_early(periode, slices) -> str:
    """The warning over the year's decisions while its last slice has not ended."""
    if periode.ditutup or not slices:
        return ""
    last = max(b.selesai for b in slices)
    return "" if today() > last else f"Bagian terakhir baru berakhir {tanggal(last)}."


@agency_required(Peran.ATASAN, Peran.PIMPINAN)
def tim(request):
    context = _team_context(request)
    if wants_xlsx(request) and context["periode"] is not None:
        periode, bagian = context["periode"], context["bagian"]
        judul = f"{bagian.nama if bagian else 'Tahunan'} {periode.tahun}"
        return xlsx_response(
            f"penilaian-tim-{periode.tahun}" + (f"-bagian-{bagian.nomor}" if bagian else ""),
            [export.team_sheet(context["rows"], judul=judul)],
            instansi=request.user.instansi,
        )
    return render(request, "scoring/tim.html", context)


def _row_response(request, hasil):
    if not request.htmx:
        url = reverse("scoring_tim")
        nomor = hasil.bagian.nomor if hasil.bagian_id else "tahunan"
        return redirect(f"{url}?periode={hasil.periode.tahun}&bagian={nomor}")
    fresh = get_hasil(request, hasil.pk)
    dini = "" if fresh.bagian_id else _annual_early(fresh.periode, list(fresh.periode.bagian.all()))
    context = {"h": fresh, "labels": LABELS, "flash": True, "dini": dini}
    return render(request, "scoring/_tim_row.html", context)


@require_POST
@agency_required(Peran.ATASAN, Peran.PIMPINAN)
def konfirmasi(request, pk):
    hasil = get_hasil(request, pk)
    try:
        services.confirm_result(
            hasil, by=request.user, version=version_of(request),
            lebih_awal=request.POST.get("lebih_awal") == "ya",
        )  # fmt: skip
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Hasil {hasil.skp.pegawai.nama} dikonfirmasi.")
    return _row_response(request, hasil)


@agency_required(Peran.ATASAN, Peran.PIMPINAN)
def ubah(request, pk):
    hasil = get_hasil(request, pk)
    if not can_decide(request.user, hasil):
        raise PermissionDenied("Hanya pejabat penilai pegawai ini yang dapat mengubah hasilnya.")
    error = None
    if request.method == "POST":
        try:
            services.override_result(
                hasil,
                by=request.user,
                alasan=request.POST.get("alasan", ""),
                hasil_kerja=request.POST.get("hasil_kerja", ""),
                perilaku=request.POST.get("perilaku", ""),
                predikat=request.POST.get("predikat", ""),
                version=version_of(request),
                lebih_awal=request.POST.get("lebih_awal") == "ya",
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, f"Hasil {hasil.skp.pegawai.nama} diubah dengan alasan.")
            return (
                _row_response(request, hasil)
                if request.htmx
                else redirect("scoring_hasil", pk=hasil.pk)
            )
    context = {
        "hasil": hasil,
        "error": error,
        "labels": LABELS,
        "ratings": [(r.value, r.label) for r in pmp.Rating],
        "categories": [(c.value, c.label) for c in pp46.Category],
        "pp46": hasil.skema == pp46.SCHEME,
        "post": request.POST if request.method == "POST" else {},
        "dini": ""
        if hasil.bagian_id
        else _annual_early(hasil.periode, list(hasil.periode.bagian.all())),
    }
    return render(request, "scoring/ubah.html", context, status=400 if error else 200)


@agency_required(Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR)
def kurva_page(request):
    periode = periode_for(request)
    context = {"periode": periode, "org_labels": ORG_LABELS, "labels": LABELS}
    if periode is None:
        return render(request, "scoring/kurva.html", context)
    what_if = request.GET.get("andaikan") or None
    if what_if and what_if not in ORG_LABELS:
        what_if = None
    unit_id = request.GET.get("unit")
    only = int(unit_id) if unit_id and unit_id.isdigit() else None
    scopes = queries.curve_report(periode, what_if=what_if, only_unit=only)
    if wants_xlsx(request):
        return xlsx_response(
            f"kurva-distribusi-{periode.tahun}",
            export.curve_sheets(scopes, tahun=periode.tahun),
            instansi=request.user.instansi,
        )
    charts = {
        s.kode: svg.grouped_bars(
            [r.singkat for r in s.rule_rows],
            [svg.Series("Ada", [r.ada for r in s.rule_rows]),
             svg.Series("Batas", [r.batas for r in s.rule_rows], color="#b3261e")],
            title=f"Kurva {s.unit.nama if s.unit else 'seluruh instansi'}: ada dibanding batas",
            unit="",
        )
        for s in scopes if s.rule_rows
    }  # fmt: skip
    set_rows = list(
        PredikatOrganisasi.objects.filter(periode=periode).select_related("unit").order_by("pk")
    )
    context.update(
        {
            "scopes": scopes,
            "charts": charts,
            "andaikan": what_if,
            "predikat_order": [(p.value, p.label) for p in pmp.PREDIKAT_ORDER],
            "patterns": {o.value: kurva.PATTERN_TEXT[o] for o in kurva.OrgPredikat},
            "set_rows": set_rows,
            "units": list(for_agency(UnitKerja.objects.all(), request.user).order_by("kode")),
            "boleh_tetapkan": can_set_org_predikat(request.user) and not periode.ditutup,
            "boleh_hitung": can_compute(request.user) and not periode.ditutup,
            "ratings": [(r.value, r.label) for r in pmp.Rating],
            "belum_ada": not any(sum(s.counts.values()) for s in scopes),
        }
    )
    return render(request, "scoring/kurva.html", context)


@require_POST
@agency_required(Peran.ADMIN, Peran.PIMPINAN)
def predikat_organisasi(request):
    periode = periode_for(request)
    if periode is None:
        raise Http404
    unit_id = request.POST.get("unit", "")
    unit = (
        get_for_agency_or_404(UnitKerja.objects.all(), request.user, pk=int(unit_id))
        if unit_id.isdigit()
        else None
    )
    try:
        services.set_org_predikat(
            periode,
            by=request.user,
            unit=unit,
            predikat=request.POST.get("predikat", ""),
            hasil_kerja_unit=request.POST.get("hasil_kerja_unit", ""),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Predikat organisasi ditetapkan.")
    return redirect(f"{reverse('scoring_kurva')}?periode={periode.tahun}")


@require_POST
@agency_required(Peran.ADMIN)
def hitung(request):
    periode = periode_for(request)
    if periode is None:
        raise Http404
    bagian = _bagian(request, periode)
    try:
        stored = services.compute_results(periode, by=request.user, bagian=bagian)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        what = bagian.label if bagian else "tahunan"
        messages.success(
            request,
            f"Hasil {what} dihitung: {stored.baru} baru, {stored.diubah} berubah, "
            f"{stored.tetap} tetap.",
        )
    back = request.POST.get("kembali") or "scoring_kurva"
    if back not in ("scoring_kurva", "scoring_tutup"):
        back = "scoring_kurva"
    return redirect(f"{reverse(back)}?periode={periode.tahun}")


def _checklist(request, periode) -> list[queries.CheckItem]:
    """The pre-close checklist: each open matter with its count and the list behind it."""
    tahun = periode.tahun
    lists = reverse("scoring_tutup_daftar", args=["belum-diputuskan"])
    unverified = reverse("scoring_tutup_daftar", args=["belum-diverifikasi"])
    slices = queries.open_slices(periode, today())
    items = [
        queries.CheckItem(
            "belum_diputuskan", "Hasil menunggu keputusan penilai",
            queries.undecided_results(periode).count(), f"{lists}?periode={tahun}",
        ),
        queries.CheckItem(
            "belum_diverifikasi", "Realisasi belum diverifikasi",
            queries.unverified_realisations(periode).count(), f"{unverified}?periode={tahun}",
            "Tidak ikut dihitung sampai diverifikasi penilai.",
        ),
        queries.CheckItem(
            "bagian_berjalan", "Bagian periode belum berakhir", len(slices),
            reverse("skp_periode", args=[periode.pk]),
            ", ".join(f"{b.label} sampai {tanggal(b.selesai)}" for b in slices),
        ),
    ]  # fmt: skip
    for answer in extensions.collect("close_checklist", periode=periode, user=request.user):
        items.extend(queries.CheckItem(**line) for line in answer)
    return items


@agency_required(Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR)
def tutup(request):
    periode = periode_for(request)
    if periode is None:
        return render(request, "scoring/tutup.html", {"periode": None})
    error = None
    if request.method == "POST" and not can_close(request.user):
        raise PermissionDenied("Hanya admin kepegawaian yang dapat menutup periode.")
    run = PenutupanPeriode.objects.filter(periode=periode).select_related("oleh").first()
    tugas = jobs.latest(periode.instansi_id, close_tasks.objek(periode), close_tasks.JENIS)
    if tugas is not None:
        tugas = jobs.snapshot(tugas)
        if not tugas.aktif and (tugas.status != tugas.Status.GAGAL or periode.ditutup):
            tugas = None  # a finished close shows as the period's close record below
    # While a close runs, its checklist and what-if would only wait for it.
    sedang = tugas is not None and tugas.aktif
    checklist = _checklist(request, periode) if not (periode.ditutup or sedang) else []
    # The what-if of the close, computed once per data state (services.close_preview).
    computed = services.close_preview(periode) if not (periode.ditutup or sedang) else None
    preview = computed.scopes if computed else []
    violated = sum(1 for scope in preview if scope.check and not scope.check.compliant)
    if preview:
        checklist.append(queries.CheckItem(
            "kurva", "Cakupan yang melanggar kurva distribusi bila ditutup sekarang", violated,
            f"{reverse('scoring_kurva')}?periode={periode.tahun}",
        ))  # fmt: skip
    if computed is not None and periode.skema == Periode.Skema.PERMENPANRB_6_2022:
        checklist.append(queries.CheckItem(
            "tanpa_predikat", "Hasil tahunan yang belum dapat dihitung (dibekukan tanpa predikat)",
            computed.tanpa_predikat, "",
            "; ".join(f"{nama} ({Pegawai(nip=nip).nip_tertulis}): {galat}"
                      for nama, nip, galat in computed.contoh_tanpa_predikat)
            + ("; …" if computed.tanpa_predikat > len(computed.contoh_tanpa_predikat) else ""),
        ))  # fmt: skip
    terbuka = {item.kode: item.jumlah for item in checklist if item.terbuka}
    if request.method == "POST" and periode.ditutup:
        messages.info(request, f"Periode {periode.tahun} sudah ditutup; tidak ada yang diubah.")
        return redirect(close_tasks.close_url(periode))
    if request.method == "POST":
        try:
            if sedang:
                raise jobs.SedangBerjalan(tugas)
            _check_close_form(request, periode, terbuka)
            if periode.status != Periode.Status.PENILAIAN:
                raise DomainError(
                    f"Periode {periode.tahun} masih pada tahap {periode.get_status_display()}; "
                    "pindahkan ke tahap Penilaian dulu, lalu tutup."
                )
            started = close_tasks.start_close(
                periode, by=request.user, terbuka=terbuka,
                alasan=" ".join(request.POST.get("alasan", "").split()),
            )  # fmt: skip
        except jobs.SedangBerjalan as exc:
            error = DomainError(str(exc))
        except DomainError as exc:
            error = exc
        else:
            _told(request, started)
            return redirect(close_tasks.close_url(periode))
    counts = {
        row["status"]: row["n"]
        for row in for_agency(Hasil.objects.filter(periode=periode), request.user)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    }
    context = {
        "periode": periode,
        "run": run,
        "counts": counts,
        "jumlah": sum(counts.values()),
        "boleh": can_close(request.user) and not periode.ditutup and not sedang,
        "tugas": tugas,
        "sedang": sedang,
        "siap": periode.status == Periode.Status.PENILAIAN,
        "boleh_hitung": can_compute(request.user) and not periode.ditutup,
        "checklist": checklist,
        "terbuka": terbuka,
        "preview": preview,
        "agency_preview": next((s for s in preview if s.unit is None), None),
        "unit_violations": [
            s for s in preview if s.unit is not None and s.check and not s.check.compliant
        ],
        "unit_count": sum(1 for s in preview if s.unit is not None and s.check),
        "predikat_order": [(p.value, p.label) for p in pmp.PREDIKAT_ORDER],
        "labels": LABELS,
        "error": error,
        "post": request.POST if error else {},
        "min_alasan": services.MIN_ALASAN,
        "siasn": periode.ditutup
        and periode.skema == Periode.Skema.PERMENPANRB_6_2022
        and can_close(request.user),
    }
    return render(request, "scoring/tutup.html", context, status=400 if error else 200)


def _told(request, started) -> None:
    """The message after the close button: done already (the immediate backend), refused or
    failed, or started in the background (its progress is on the page)."""
    if started.status == started.Status.SELESAI:
        messages.success(request, started.langkah.rstrip("."))
    elif started.status == started.Status.GAGAL:
        messages.error(request, started.galat)
    else:
        messages.info(
            request,
            "Penutupan dimulai di latar. Kemajuannya tampil di halaman ini; halaman boleh "
            "dimuat ulang atau ditinggalkan, penutupan tetap berjalan.",
        )


def _check_close_form(request, periode, terbuka: dict) -> None:
    """The close form: the period's name typed exactly; with open matters, a reason."""
    if terbuka and len(" ".join(request.POST.get("alasan", "").split())) < services.MIN_ALASAN:
        raise DomainError(
            f"Masih ada {len(terbuka)} hal terbuka di daftar periksa. Bila tetap menutup, "
            f"tuliskan alasannya (minimal {services.MIN_ALASAN} karakter); alasan dicatat di "
            "log audit.",
            kolom="alasan",
        )
    if request.POST.get("nama", "").strip() != str(periode):
        raise DomainError(
            f'Ketik nama periode persis "{periode}" untuk menutupnya; yang tertulis '
            f'"{request.POST.get("nama", "").strip()}".',
            kolom="nama",
        )


DAFTAR = {
    "belum-diputuskan": "Hasil menunggu keputusan penilai",
    "belum-diverifikasi": "Realisasi belum diverifikasi",
}
DAFTAR_LIMIT = 500


@agency_required(Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR)
def tutup_daftar(request, jenis):
    """The list behind a checklist count (the first :data:`DAFTAR_LIMIT` rows)."""
    if jenis not in DAFTAR:
        raise Http404
    periode = periode_for(request)
    if periode is None:
        raise Http404
    if jenis == "belum-diputuskan":
        qs = queries.undecided_results(periode).order_by(
            "skp__penilai__nama", "skp__pegawai__nama", "bagian__nomor"
        )
    else:
        qs = queries.unverified_realisations(periode).order_by(
            "skp__penilai__nama", "skp__pegawai__nama", "bagian__nomor", "pk"
        )
    qs = for_agency(qs, request.user)
    context = {
        "periode": periode,
        "jenis": jenis,
        "judul": DAFTAR[jenis],
        "jumlah": qs.count(),
        "rows": list(qs[:DAFTAR_LIMIT]),
        "limit": DAFTAR_LIMIT,
    }
    return render(request, "scoring/tutup_daftar.html", context)


@agency_required(Peran.ADMIN)
def siasn_unduh(request):
    """A closed period's results in SIASN's kinerja periodik shape, as JSON (``?format=json``)
    or XLSX (the default): the same records as the API (``scoring.siasn``), every result of
    the year and of each slice. An open period (or a PP 46/2011 one) is refused with a
    message on the close page; nothing is written."""
    periode = periode_for(request)
    if periode is None:
        raise Http404
    try:
        siasn.check_exportable(periode)
    except (siasn.BelumDitutup, siasn.SkemaTidakDidukung) as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('scoring_tutup')}?periode={periode.tahun}")
    baris, skipped = siasn.rows(periode, siasn.results(periode, semua=True))
    name = f"siasn-kinerja-periodik-{periode.tahun}"
    if request.GET.get("format") == "json":
        body = json.dumps(siasn.envelope(periode, baris, len(skipped)), ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    sheets = siasn.sheets(periode, baris, skipped)
    return xlsx_response(name, sheets, instansi=request.user.instansi)
