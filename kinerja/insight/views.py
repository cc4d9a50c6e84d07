"""Pages: dashboards, calibration, warnings, documents and batch printing."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kinerja.citizen.access import sees_units
from kinerja.core import svg
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.formatting import angka
from kinerja.core.permissions import AGENCY_WIDE, Peran, has_role
from kinerja.core.tenancy import agency_required, for_agency, get_for_agency_or_404
from kinerja.insight import calibration, reports, summary, tables
from kinerja.insight import warnings as checks
from kinerja.insight.access import period_for, skp_for_document, unit_scope
from kinerja.insight.models import PekerjaanLaporan
from kinerja.org.models import UnitKerja
from kinerja.skp.models import Periode, Skp


def _periods(request):
    return list(for_agency(Periode.objects.order_by("-tahun"), request.user))


def _export(request, name: str, tables_: list[tables.Table]):
    """``?unduh=xlsx`` → every table as a sheet; ``?unduh=csv&tabel=<key>`` → one table."""
    fmt = request.GET.get("unduh")
    if fmt == "xlsx":
        return reports.xlsx_response(
            name, [(t.title, t.header, t.rows) for t in tables_], instansi=request.user.instansi
        )
    if fmt == "csv":
        chosen = next((t for t in tables_ if t.key == request.GET.get("tabel")), None)
        if chosen is None:
            raise Http404("Tabel tidak dikenal.")
        return reports.csv_response(f"{name}-{chosen.key}", chosen.header, chosen.rows)
    return None


@agency_required(when=sees_units)
def dashboard_page(request):
    scope = unit_scope(request.user)
    periode = period_for(request)
    board = summary.dashboard(periode, unit_ids=scope)
    voice = summary.public_voice(periode, unit_ids=scope)
    page_tables = tables.dashboard_tables(board, voice)
    exported = _export(request, f"dasbor-{periode.tahun}", page_tables)
    if exported:
        return exported
    charts = {
        "progres": svg.grouped_bars(
            ["Rencana", "Realisasi", "Verifikasi", "Perilaku"],
            [svg.Series("Capaian proses", [board.total.rencana, board.total.realisasi,
                                           board.total.verifikasi, board.total.perilaku])],
            title="Kemajuan periode (%)", max_value=100,
        ),
        "predikat": svg.bar_chart([(label, pct) for _c, label, _n, pct in board.distribusi],
                                  unit="%", max_value=100, title="Sebaran predikat pegawai"),
        "ikm": svg.line_chart([(m.label[:2], m.nilai) for m in voice.months], low=25, high=100,
                              title="Nilai IKM per bulan (25–100)"),
        "aduan": svg.grouped_bars(
            [m.label[:2] for m in voice.months],
            [svg.Series("Aduan", [m.aduan for m in voice.months]),
             svg.Series("Selesai", [m.selesai for m in voice.months])],
            title="Aduan per bulan", unit="",
        ),
    }  # fmt: skip
    context = {
        "periode": periode, "periods": _periods(request), "board": board, "voice": voice,
        "charts": charts, "tables": {t.key: t for t in page_tables},
        "agency_wide": scope is None, "is_hr": has_role(request.user, Peran.ADMIN),
    }  # fmt: skip
    return render(request, "insight/dasbor.html", context)


@require_POST
@agency_required(Peran.ADMIN)
def refresh_page(request):
    periode = period_for(request)
    row = summary.refresh_aggregates(periode)
    messages.success(
        request, f"Ringkasan periode {periode.tahun} diperbarui ({angka(row.durasi, 1)} detik)."
    )
    return redirect(f"{_url('insight_dasbor')}?tahun={periode.tahun}")


def _url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


@agency_required(*AGENCY_WIDE)
def calibration_page(request):
    periode = period_for(request)
    cal = calibration.calibrate(periode)
    page_tables = tables.calibration_tables(cal)
    exported = _export(request, f"kalibrasi-{periode.tahun}", page_tables)
    if exported:
        return exported
    chosen = None
    wanted = request.GET.get("penilai", "")
    for row in cal.raters:
        if str(row.penilai_id) == wanted:
            chosen = row
    chosen = chosen or (cal.standing_out[0] if cal.standing_out else None)
    chart = None
    if chosen is not None:
        dist = calibration.distribution_rows(chosen, cal.agency)
        chart = svg.grouped_bars(
            [label for label, _m, _a in dist],
            [svg.Series(chosen.nama or "Penilai", [m for _l, m, _a in dist]),
             svg.Series("Instansi", [a for _l, _m, a in dist])],
            title=f"Sebaran predikat: {chosen.nama} dibanding instansi", max_value=100,
        )  # fmt: skip
        chosen.dist = dist
    context = {
        "periode": periode, "periods": _periods(request), "cal": cal, "chosen": chosen,
        "chart": chart, "tables": {t.key: t for t in page_tables},
        "policy": calibration,
    }  # fmt: skip
    return render(request, "insight/kalibrasi.html", context)


WARNINGS_PER_PAGE = 25
STATUS_CHOICES = {"terbuka": "Terbuka", "ditutup": "Sudah ditutup", "semua": "Semua"}


def _visible_warnings(request, periode) -> list[checks.Peringatan]:
    """HR sees every warning of the period; a rater those about the people they rate."""
    user = request.user
    if has_role(user, Peran.ADMIN):
        return checks.find_warnings(periode, include_dismissed=True)
    team = set(Skp.objects.filter(periode=periode, penilai_id=user.pegawai_id)
               .values_list("pk", flat=True))  # fmt: skip
    return checks.find_warnings(periode, skp_ids=team, include_dismissed=True)


def _warning_filters(params) -> dict[str, str]:
    status = params.get("status", "terbuka")
    return {
        "aturan": params.get("aturan", "") if params.get("aturan", "") in checks.TITLES else "",
        "unit": params.get("unit", "") if params.get("unit", "").isdigit() else "",
        "status": status if status in STATUS_CHOICES else "terbuka",
    }


def _filtered(found, chosen: dict[str, str]):
    rows = found
    if chosen["status"] == "terbuka":
        rows = [w for w in rows if w.ditutup is None]
    elif chosen["status"] == "ditutup":
        rows = [w for w in rows if w.ditutup is not None]
    if chosen["aturan"]:
        rows = [w for w in rows if w.kode == chosen["aturan"]]
    if chosen["unit"]:
        unit_id = int(chosen["unit"])
        rows = [w for w in rows if unit_id in w.unit_ids]
    return rows


@agency_required(Peran.ADMIN, Peran.ATASAN)
def warnings_page(request):
    periode = period_for(request)
    return _warnings_page(request, periode, _visible_warnings(request, periode))


def _warnings_page(request, periode, found, *, error=None, status: int = 200):
    """The warnings list, filtered and paged; after a refused dismissal, with the error
    beside its field and what was typed and ticked kept (status 400)."""
    params = request.POST if error else request.GET
    chosen = _warning_filters(params)
    shown = _filtered(found, chosen)
    page_tables = [tables.warnings_table(shown)]
    exported = _export(request, f"peringatan-{periode.tahun}", page_tables)
    if exported:
        return exported
    open_ = [w for w in found if w.ditutup is None]
    units = sorted({(s.unit_id, s.unit) for w in found for s in w.subjek}, key=lambda u: u[1])
    page = Paginator(shown, WARNINGS_PER_PAGE).get_page(params.get("halaman"))
    query = urlencode({"tahun": periode.tahun, **{k: v for k, v in chosen.items() if v}})
    may_dismiss = checks.dismisser(request.user, periode)
    for warning in page:
        warning.boleh_tutup = warning.ditutup is None and may_dismiss(warning.skp_ids)
    context = {
        "periode": periode, "periods": _periods(request), "page": page, "query": query,
        "jumlah": len(shown), "jumlah_terbuka": len(open_),
        "jumlah_ditutup": len(found) - len(open_),
        "counts": checks.counts(open_), "units": units, "chosen": chosen,
        "judul_aturan": checks.TITLES.get(chosen["aturan"], ""),
        "status_choices": STATUS_CHOICES, "titles": checks.TITLES,
        "is_hr": has_role(request.user, Peran.ADMIN), "tables": {t.key: t for t in page_tables},
        "error": error, "alasan": request.POST.get("alasan", "") if error else "",
        "dipilih": set(request.POST.getlist("pilih")) if error else set(),
        "boleh_tutup": any(getattr(w, "boleh_tutup", False) for w in page),
    }  # fmt: skip
    return render(request, "insight/peringatan.html", context, status=status)


@require_POST
@agency_required(Peran.ADMIN, Peran.ATASAN)
def dismiss_page(request):
    """Dismiss the ticked warnings (``pilih`` = ``kode|kunci``, one or more) with one reason."""
    periode = period_for(request)
    keys = [tuple(v.split("|", 1)) for v in request.POST.getlist("pilih") if "|" in v]
    if not keys and request.POST.get("kode"):  # one warning named directly (older form, API)
        keys = [(request.POST["kode"], request.POST.get("kunci", ""))]
    try:
        rows = checks.dismiss_warnings(
            periode, keys=keys, by=request.user, alasan=request.POST.get("alasan", "")
        )
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except DomainError as error:
        found = _visible_warnings(request, periode)
        return _warnings_page(request, periode, found, error=error, status=400)
    messages.success(request, f"{len(rows)} peringatan ditutup; alasannya dicatat di log audit.")
    chosen = _warning_filters(request.POST)
    query = urlencode({"tahun": periode.tahun, **{k: v for k, v in chosen.items() if v}})
    return redirect(f"{_url('insight_peringatan')}?{query}")


@agency_required()
def skp_pdf_page(request, skp_id: int):
    skp = skp_for_document(request.user, skp_id)
    return reports.pdf_response(f"skp-{skp.pegawai.nip}-{skp.periode.tahun}",
                                reports.skp_pdf(skp.pk))  # fmt: skip


@agency_required()
def evaluation_pdf_page(request, skp_id: int):
    skp = skp_for_document(request.user, skp_id)
    bagian_id = request.GET.get("bagian", "")
    bagian = None
    if bagian_id.isdigit():
        bagian = get_object_or_404(skp.periode.bagian.all(), pk=int(bagian_id))
    name = f"evaluasi-{skp.pegawai.nip}-{skp.periode.tahun}" + (
        f"-b{bagian.nomor}" if bagian else ""
    )
    return reports.pdf_response(name, reports.evaluation_pdf(skp.pk, bagian.pk if bagian else None))


@agency_required()
def unit_recap_page(request, unit_id: int):
    scope = unit_scope(request.user)
    unit = get_for_agency_or_404(UnitKerja.objects.select_related("instansi"), request.user,
                                 pk=unit_id)  # fmt: skip
    if scope is not None and unit.pk not in scope:
        raise PermissionDenied("Rekap ini untuk kepala unit ybs. dan admin.")
    periode = period_for(request)
    if request.GET.get("unduh") == "xlsx":
        rows = reports.unit_recap_rows(periode, unit.pk)
        table = tables.unit_recap_table(rows)
        return reports.xlsx_response(f"rekap-{unit.kode}-{periode.tahun}",
                                     [(table.title, table.header, table.rows)],
                                     instansi=request.user.instansi)  # fmt: skip
    return reports.pdf_response(f"rekap-{unit.kode}-{periode.tahun}",
                                reports.unit_recap_pdf(periode, unit))  # fmt: skip


@agency_required(Peran.ADMIN)
def batch_page(request):
    periode = period_for(request)
    if request.method == "POST":
        jenis = request.POST.get("jenis", "")
        if jenis not in PekerjaanLaporan.Jenis.values:
            messages.error(request, "Pilih jenis dokumen.")
            return redirect(f"{_url('insight_cetak')}?tahun={periode.tahun}")
        unit = None
        if request.POST.get("unit", "").isdigit():
            unit = get_for_agency_or_404(UnitKerja.objects.all(), request.user,
                                         pk=int(request.POST["unit"]))  # fmt: skip
        bagian = None
        if request.POST.get("bagian", "").isdigit():
            bagian = get_object_or_404(periode.bagian.all(), pk=int(request.POST["bagian"]))
        reason = reports.nothing_to_print(periode, jenis=jenis, unit=unit, bagian=bagian)
        if reason:
            chosen = {"jenis": jenis, "unit": unit, "bagian": bagian}
            return _batch_form(request, periode, alasan=reason, dipilih=chosen)
        job = reports.start_batch(periode, by=request.user, jenis=jenis, unit=unit, bagian=bagian)
        messages.success(request, f"Pencetakan {job.jumlah} dokumen dimulai.")
        return redirect("insight_cetak_status", job.pk)
    return _batch_form(request, periode)


def _batch_form(request, periode, *, alasan: str = "", dipilih: dict | None = None):
    """The batch form; with ``alasan`` (why nothing would print) as a 400 keeping the choice."""
    jobs = for_agency(PekerjaanLaporan.objects.filter(periode=periode), request.user)[:20]
    context = {
        "periode": periode, "periods": _periods(request), "jobs": jobs,
        "units": for_agency(UnitKerja.objects.order_by("kode"), request.user),
        "bagian": periode.bagian.order_by("nomor"), "jenis": PekerjaanLaporan.Jenis.choices,
        "alasan": alasan, "dipilih": dipilih or {},
    }  # fmt: skip
    return render(request, "insight/cetak.html", context, status=400 if alasan else 200)


@agency_required(Peran.ADMIN)
def batch_status_page(request, job_id: int):
    job = get_for_agency_or_404(PekerjaanLaporan.objects.select_related("periode"), request.user,
                                pk=job_id)  # fmt: skip
    template = "insight/_cetak_progres.html" if request.htmx else "insight/cetak_status.html"
    return render(request, template, {"job": job})


@agency_required(Peran.ADMIN)
def batch_download(request, job_id: int):
    job = get_for_agency_or_404(PekerjaanLaporan.objects.all(), request.user, pk=job_id)
    if job.status != PekerjaanLaporan.Status.SELESAI or not job.berkas:
        raise Http404("Berkas belum siap.")
    return FileResponse(job.berkas.open("rb"), as_attachment=True,
                        filename=job.berkas.name.rsplit("/", 1)[-1])  # fmt: skip
