"""'Tim saya' for the rater, the HR period pages, and the work list."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kinerja.core.permissions import Peran
from kinerja.core.spreadsheet import Sheet, wants_xlsx, xlsx_response
from kinerja.core.tenancy import agency_required, for_agency, get_for_agency_or_404
from kinerja.skp import queries, services
from kinerja.skp.models import Periode
from kinerja.skp.permissions import can_manage_periode
from kinerja.skp.services.periode import TENGGAT_FIELDS, TENGGAT_LABEL, early_move
from kinerja.skp.views.common import act, get_bagian, get_skp, periode_for, today, version_of


def _team_context(request):
    periode = periode_for(request)
    if periode is None:
        return {"periode": None}
    slices = list(periode.bagian.all())
    nomor = request.GET.get("bagian") or request.POST.get("bagian")
    bagian = next((b for b in slices if str(b.nomor) == nomor), None)
    bagian = bagian or queries.current_bagian(periode, today())
    rows = queries.team_status(request.user.pegawai, periode, bagian)
    return {"periode": periode, "bagian": bagian, "bagian_list": slices, "rows": rows}


@agency_required(Peran.ATASAN)
def tim_saya(request):
    return render(request, "skp/tim.html", _team_context(request))


@require_POST
@agency_required(Peran.ATASAN)
def tim_action(request, pk, nomor, verb):
    """One click from 'Tim saya' (htmx): approve a submitted SKP or verify a slice."""
    skp = get_skp(request, pk)
    bagian = get_bagian(skp, nomor)
    if verb == "setujui":
        act(
            request,
            services.approve_skp,
            f"SKP {skp.pegawai.nama} disetujui.",
            skp,
            by=request.user,
            version=version_of(request),
        )
    elif verb == "verifikasi":
        try:
            n = services.verify_all_submitted(skp, bagian=bagian, by=request.user)
        except services.DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{n} realisasi {skp.pegawai.nama} diverifikasi.")
    else:
        raise Http404
    if not request.htmx:
        url = reverse("skp_tim")
        return redirect(f"{url}?periode={skp.periode.tahun}&bagian={bagian.nomor}")
    rows = [
        r
        for r in queries.team_status(request.user.pegawai, skp.periode, bagian)
        if r.pegawai.pk == skp.pegawai_id
    ]
    return render(
        request,
        "skp/_tim_row.html",
        {"r": rows[0], "bagian": bagian, "periode": skp.periode, "flash": True},
    )


@agency_required(Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR)
def periode_list(request):
    periods = for_agency(Periode.objects.all(), request.user).order_by("-tahun")
    error = None
    if request.method == "POST":
        if not can_manage_periode(request.user):
            raise PermissionDenied("Hanya admin kepegawaian yang dapat membuka periode.")
        year = request.POST.get("tahun", "").strip()
        try:
            periode = services.create_periode(
                request.user.instansi,
                tahun=int(year) if year.isdigit() else 0,
                skema=request.POST.get("skema", ""),
                kadens=request.POST.get("kadens", ""),
                by=request.user,
                **_dates(request),
            )
        except services.DomainError as exc:
            error = exc
        else:
            messages.success(request, f"Periode {periode.tahun} dibuka.")
            return redirect("skp_periode", pk=periode.pk)
    context = {
        "periods": periods,
        "Periode": Periode,
        "tahun_ini": queries.next_free_year(periods, today()),
        "boleh": can_manage_periode(request.user),
        "error": error,
        "post": request.POST if error else {},
        "tenggat": _tenggat_rows(request.POST if error else {}),
    }
    return render(request, "skp/periode_list.html", context, status=400 if error else 200)


def _tenggat_rows(values) -> list[tuple[str, str, str]]:
    """(field, label, value as typed or stored) of each deadline input."""
    return [(name, TENGGAT_LABEL[name], values.get(name, "")) for name in TENGGAT_FIELDS]


def _dates(request) -> dict:
    result = {}
    for name in TENGGAT_FIELDS:
        raw = request.POST.get(name, "")
        if raw:
            try:
                result[name] = date.fromisoformat(raw)
            except ValueError:
                raise services.DomainError(
                    f"{TENGGAT_LABEL[name]} bukan tanggal yang valid; tulis seperti 2027-12-31.",
                    kolom=name,
                ) from None
    return result


@agency_required(Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR)
def periode_detail(request, pk):
    periode = get_for_agency_or_404(Periode.objects.all(), request.user, pk=pk)
    return _periode_page(request, periode)


def _periode_page(request, periode, *, error=None, what: str = ""):
    """The period page; after a refused change, with the error beside its field and what
    was typed kept (status 400)."""
    unit = request.GET.get("unit", "")
    report = queries.period_report_cached(
        periode, today=today(), unit_id=int(unit) if unit.isdigit() else None
    )
    if wants_xlsx(request) and not error:
        return xlsx_response(
            f"kemajuan-periode-{periode.tahun}",
            [progress_sheet(report, tahun=periode.tahun)],
            instansi=request.user.instansi,
        )
    order = list(Periode.URUTAN)
    index = order.index(periode.status)
    berikut = Periode.Status(order[index + 1]) if index + 1 < len(order) else None
    if berikut == Periode.Status.DITUTUP:
        berikut = None  # closing is the scoring close's page, which freezes the results
    typed = request.POST if error else {}
    stored = {name: (getattr(periode, name) or "") and getattr(periode, name).isoformat()
              for name in TENGGAT_FIELDS}  # fmt: skip
    context = {
        "periode": periode,
        "report": report,
        "berikut": berikut,
        "lebih_awal": early_move(periode, today()) if berikut else "",
        "today": today(),
        "boleh": can_manage_periode(request.user) and not periode.ditutup,
        "error": error,
        "what": what,
        "typed": typed if what == "tahap" else {},
        "tenggat": _tenggat_rows(typed if what == "tenggat" else stored),
    }
    return render(request, "skp/periode_detail.html", context, status=400 if error else 200)


@require_POST
@agency_required(Peran.ADMIN)
def periode_update(request, pk, what):
    periode = get_for_agency_or_404(Periode.objects.all(), request.user, pk=pk)
    version = version_of(request)
    try:
        if what == "tahap":
            services.move_stage(
                periode, to=request.POST.get("ke", ""), by=request.user, version=version,
                alasan=request.POST.get("alasan", ""),
                konfirmasi=request.POST.get("konfirmasi", ""), today=today(),
            )  # fmt: skip
        elif what == "tenggat":
            services.set_tenggat(periode, by=request.user, version=version, **_dates(request))
        elif what == "parameter":
            keys = ("batas_atas", "batas_bawah", "batas_capaian")
            services.set_parameter(
                periode,
                by=request.user,
                version=version,
                parameter={k: request.POST.get(k, "") for k in keys},
            )
        else:
            raise Http404
    except services.DomainError as exc:
        if what in ("tahap", "tenggat") and exc.kolom:
            periode.refresh_from_db()
            return _periode_page(request, periode, error=exc, what=what)
        messages.error(request, str(exc))
    else:
        messages.success(request, "Periode diperbarui.")
    return redirect("skp_periode", pk=periode.pk)


@agency_required()
def menunggu(request):
    kerja = queries.work_list(request.user, limit=50)
    return render(request, "skp/menunggu.html", {"kerja_ctx": {"kerja": kerja}})


def progress_sheet(report, *, tahun: int) -> Sheet:
    """The period page's per-unit progress table, with its total row."""
    columns = ("pegawai", "belum_ada", "draf", "dikembalikan", "diajukan", "disetujui",
               "direvisi", "realisasi_diajukan")  # fmt: skip

    def line(name, row):
        return [name, *[getattr(row, c) for c in columns]]

    rows = [line(u.nama + (" (pegawai langsung)" if u.langsung else ""), u) for u in report.units]
    rows.append(line("Jumlah", report.total))
    return Sheet(
        "Kemajuan periode",
        ["Unit", "Pegawai", "Belum ada SKP", "Draf", "Dikembalikan", "Diajukan", "Disetujui",
         "Sedang direvisi", "Realisasi menunggu verifikasi"],
        rows,
        subtitle=str(tahun),
    )  # fmt: skip
