"""API of the insight app: dashboard figures, calibration, warnings and documents.

Same reads and rules as the pages: agency-wide roles see the agency, a unit head the units
they head; calibration is for agency-wide roles; warnings for HR (all) and raters (their
team's). Another agency's objects answer 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from ninja import Router

from kinerja.api.cakupan import cakupan
from kinerja.core.permissions import AGENCY_WIDE, Peran, has_role, roles_of
from kinerja.insight import calibration, reports, summary, tables
from kinerja.insight import warnings as checks
from kinerja.insight.access import period_for, skp_for_document, unit_scope
from kinerja.skp.models import Skp

router = Router(tags=["Wawasan"])


# The documents are PDF files, not JSON: said so in the schema, so a client knows what it gets.
PDF = {
    "responses": {
        200: {
            "description": "Berkas PDF",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _tables(found: list[tables.Table]) -> dict:
    return {t.key: {"judul": t.title, "kolom": t.header, "baris": t.rows} for t in found}


@router.get("/dasbor", summary="Angka dasbor periode (per unit, predikat, kurva, IKM, aduan)")
@cakupan("baca")
def angka_dasbor(request, tahun: int | None = None):
    if not roles_of(request.user):
        raise PermissionDenied("Akun ini belum terhubung dengan instansi.")
    scope = unit_scope(request.user)
    request.GET = request.GET.copy()
    if tahun:
        request.GET["tahun"] = str(tahun)
    periode = period_for(request)
    board = summary.dashboard(periode, unit_ids=scope)
    voice = summary.public_voice(periode, unit_ids=scope)
    return {
        "periode": periode.tahun,
        "dihitung_pada": board.dihitung_pada,
        "cakupan": "instansi" if scope is None else sorted(scope),
        "tabel": _tables(tables.dashboard_tables(board, voice)),
    }


@router.get("/kalibrasi", summary="Kalibrasi penilai: sebaran, selisih dengan IK 95%, halo")
@cakupan("penilaian-baca")
def kalibrasi_penilai(request, tahun: int | None = None):
    if not has_role(request.user, *AGENCY_WIDE):
        raise PermissionDenied("Kalibrasi hanya untuk admin kepegawaian, pimpinan dan auditor.")
    request.GET = request.GET.copy()
    if tahun:
        request.GET["tahun"] = str(tahun)
    cal = calibration.calibrate(period_for(request))
    return {
        "periode": cal.periode.tahun,
        "penilai": [
            {
                "penilai_id": r.penilai_id, "nip": r.nip, "nama": r.nama, "dinilai": r.n,
                "jumlah_per_predikat": r.counts, "rerata": r.rerata,
                "selisih": r.interval.difference if r.interval else None,
                "ik95": [r.interval.low, r.interval.high] if r.interval else None,
                "porsi_sesuai": r.porsi_sesuai, "keputusan": r.keputusan, "diubah": r.diubah,
                "naik": r.naik, "turun": r.turun, "halo_r": r.halo, "tanda": r.tanda,
            }
            for r in cal.raters
        ],
        "instansi": {"dinilai": cal.agency.n, "jumlah_per_predikat": cal.agency.counts,
                     "rerata": cal.agency.rerata, "porsi_sesuai": cal.agency.porsi_sesuai,
                     "halo_r": cal.agency.halo},
    }  # fmt: skip


@router.get("/peringatan", summary="Peringatan data yang masih terbuka")
@cakupan("baca")
def daftar_peringatan(request, tahun: int | None = None):
    request.GET = request.GET.copy()
    if tahun:
        request.GET["tahun"] = str(tahun)
    periode = period_for(request)
    user = request.user
    if has_role(user, Peran.ADMIN):
        found = checks.find_warnings(periode)
    elif has_role(user, Peran.ATASAN):
        team = Skp.objects.filter(periode=periode, penilai_id=user.pegawai_id)
        found = checks.find_warnings(periode, skp_ids=set(team.values_list("pk", flat=True)))
    else:
        raise PermissionDenied("Peringatan data untuk admin kepegawaian dan pejabat penilai.")
    return [
        {"kode": w.kode, "judul": w.judul, "kunci": w.kunci, "alasan": w.alasan,
         "skp": list(w.skp_ids), "realisasi": w.realisasi_id}
        for w in found
    ]  # fmt: skip


@router.get(
    "/dokumen/evaluasi/{skp_id}", summary="Dokumen evaluasi kinerja (PDF)", openapi_extra=PDF
)
@cakupan("penilaian-baca")
def dokumen_evaluasi(request, skp_id: int, bagian: int | None = None):
    skp = skp_for_document(request.user, skp_id)
    if bagian is not None and not skp.periode.bagian.filter(pk=bagian).exists():
        raise Http404("Bagian periode tidak ditemukan.")
    return HttpResponse(reports.evaluation_pdf(skp.pk, bagian), content_type="application/pdf")


@router.get("/dokumen/skp/{skp_id}", summary="Dokumen SKP (PDF)", openapi_extra=PDF)
@cakupan("penilaian-baca")
def dokumen_skp(request, skp_id: int):
    skp = skp_for_document(request.user, skp_id)
    return HttpResponse(reports.skp_pdf(skp.pk), content_type="application/pdf")
