"""Follow-up endpoints: my results, filing and reading an objection; for HR the reward
candidates, awards and the talent grid. Same services, queries and permissions as the pages."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from ninja import Field, Router, Schema
from ninja.responses import Status

from kinerja.api.cakupan import cakupan
from kinerja.core.api_errors import ApiError, Galat
from kinerja.core.api_etag import IF_NONE_MATCH_DOC, conditional_get
from kinerja.core.api_types import Desimal2, pilihan
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.tenancy import for_agency, get_for_agency_or_404
from kinerja.followup import queries, services
from kinerja.followup.models import Keberatan, Penghargaan
from kinerja.followup.permissions import can_manage, can_view_objection, can_view_talent
from kinerja.org.models import Pegawai
from kinerja.scoring.api import PREDIKAT  # one list of predikat for the whole API
from kinerja.scoring.models import Hasil
from kinerja.skp.models import Periode

router = Router(tags=["Tindak lanjut"])


def _periode(request, tahun: int | None) -> Periode:
    periods = for_agency(Periode.objects.all(), request.auth)
    found = (
        periods.filter(tahun=tahun).first()
        if tahun
        else periods.filter(status=Periode.Status.DITUTUP).order_by("-tahun").first()
    )
    if found is None:
        raise Http404
    return found


def _fail(exc: DomainError):
    if isinstance(exc, NotAllowed):
        raise PermissionDenied(str(exc))
    raise ApiError(422, "ditolak_aturan", str(exc), exc.kolom)


class HasilSayaOut(Schema):
    id: int
    tahun: int
    bagian: int | None = Field(..., description="Nomor bagian periode; null untuk hasil tahunan")
    capaian: Desimal2 | None
    usulan_predikat: PREDIKAT
    status_penilai: pilihan(Hasil.Status)
    alasan_penilai: str
    predikat_akhir: PREDIKAT
    keberatan_id: int | None


@router.get("/hasil-saya", response=list[HasilSayaOut])
def hasil_saya(request, tahun: int | None = None):
    user = request.auth
    if not user.pegawai_id:
        raise PermissionDenied("Akun ini tidak terhubung dengan data pegawai.")
    periode = _periode(request, tahun)
    rows = queries.my_results(user.pegawai_id, periode)
    objections = dict(
        queries.objection_list()
        .filter(hasil__in=[h.pk for h in rows])
        .values_list("hasil_id", "pk")
    )
    return [
        {"id": h.pk, "tahun": periode.tahun, "bagian": h.bagian.nomor if h.bagian_id else None,
         "capaian": h.capaian_bulat, "usulan_predikat": h.usulan_predikat,
         "status_penilai": h.status, "alasan_penilai": h.alasan,
         "predikat_akhir": h.predikat_akhir or "", "keberatan_id": objections.get(h.pk)}
        for h in rows
    ]  # fmt: skip


class KeberatanIn(Schema):
    hasil_id: int
    alasan: str


class KeberatanOut(Schema):
    id: int
    hasil_id: int
    status: pilihan(Keberatan.Status)
    putusan: pilihan(Keberatan.Putusan, kosong=True)
    tanggal_diajukan: date
    tenggat_putusan: date
    lewat_tenggat: bool
    semula_predikat: PREDIKAT
    akhir_predikat: PREDIKAT
    alasan_putusan: str


def _keberatan_out(k) -> dict:
    return {
        "id": k.pk, "hasil_id": k.hasil_id, "status": k.status, "putusan": k.putusan,
        "tanggal_diajukan": k.tanggal_diajukan, "tenggat_putusan": k.tenggat_putusan,
        "lewat_tenggat": queries.overdue(k), "semula_predikat": k.semula_predikat,
        "akhir_predikat": k.akhir_predikat, "alasan_putusan": k.alasan_putusan,
    }  # fmt: skip


@router.post("/keberatan", response={201: KeberatanOut})
def ajukan_keberatan(request, payload: KeberatanIn):
    user = request.auth
    hasil = get_for_agency_or_404(
        Hasil.objects.select_related("skp__penilai", "periode", "instansi"), user,
        pk=payload.hasil_id, skp__pegawai_id=user.pegawai_id or 0,
    )  # fmt: skip
    try:
        k = services.file_objection(hasil, by=user, alasan=payload.alasan)
    except DomainError as exc:
        _fail(exc)
    return Status(201, _keberatan_out(k))


@router.get(
    "/keberatan/{pk}", response={200: KeberatanOut, 304: None, 404: Galat},
    description="Header `ETag` (kuat); `If-None-Match`: 304 selama keberatan belum berubah.",
    openapi_extra={"parameters": [IF_NONE_MATCH_DOC]},
)  # fmt: skip
@cakupan("penilaian-baca")
def baca_keberatan(request, pk: int, response: HttpResponse):
    k = get_for_agency_or_404(queries.objection_list(), request.auth, pk=pk)
    if not can_view_objection(request.auth, k):
        raise Http404
    return conditional_get(request, response, KeberatanOut, _keberatan_out(k))


class KandidatOut(Schema):
    peringkat: int
    peringkat_unit: int
    nip: str
    nama: str
    unit: str
    capaian: Desimal2 | None
    predikat: PREDIKAT
    sudah_dihargai: bool


def _talent(request):
    if not can_view_talent(request.auth):
        raise PermissionDenied("Hanya admin kepegawaian dan pimpinan.")


@router.get("/kandidat", response=list[KandidatOut])
@cakupan("penilaian-baca")
def kandidat(request, tahun: int | None = None, unit_id: int | None = None):
    _talent(request)
    periode = _periode(request, tahun)
    return [
        {"peringkat": h.peringkat, "peringkat_unit": h.peringkat_unit, "nip": h.skp.pegawai.nip,
         "nama": h.skp.pegawai.nama, "unit": h.skp.unit.nama, "capaian": h.capaian_bulat,
         "predikat": h.predikat_akhir, "sudah_dihargai": h.sudah_dihargai}
        for h in queries.candidates(periode, unit_id=unit_id)[:1000]
    ]  # fmt: skip


class PenghargaanIn(Schema):
    nip: str
    # documented as an enum, checked by the service after the permission (403 before 422)
    jenis: pilihan(Penghargaan.Jenis)
    tanggal: date
    # not blank, as the schema says; checked by the service after the permission (403 first)
    dasar: str = Field(..., json_schema_extra={"minLength": 1, "pattern": r"\S"})


class PenghargaanOut(Schema):
    id: int
    nip: str
    jenis: pilihan(Penghargaan.Jenis)
    tanggal: date
    dasar: str


@router.get("/penghargaan", response=list[PenghargaanOut])
@cakupan("penilaian-baca")
def daftar_penghargaan(request, tahun: int | None = None):
    _talent(request)
    periode = _periode(request, tahun)
    return [
        {"id": a.pk, "nip": a.pegawai.nip, "jenis": a.jenis, "tanggal": a.tanggal,
         "dasar": a.dasar}
        for a in queries.awards(periode)[:5000]
    ]  # fmt: skip


@router.post("/penghargaan", response={201: PenghargaanOut})
def catat_penghargaan(request, payload: PenghargaanIn, tahun: int | None = None):
    if not can_manage(request.auth):
        raise PermissionDenied("Hanya admin kepegawaian yang mencatat penghargaan.")
    periode = _periode(request, tahun)
    pegawai = get_for_agency_or_404(Pegawai.objects.all(), request.auth, nip=payload.nip)
    try:
        a = services.record_award(pegawai, periode, by=request.auth, jenis=payload.jenis,
                                  tanggal=payload.tanggal, dasar=payload.dasar)  # fmt: skip
    except DomainError as exc:
        _fail(exc)
    body = {"id": a.pk, "nip": pegawai.nip, "jenis": a.jenis, "tanggal": a.tanggal,
            "dasar": a.dasar}  # fmt: skip
    return Status(201, body)


class KotakOut(Schema):
    kotak: int
    kinerja: str
    potensial: str
    jumlah: int


class GridOut(Schema):
    tahun: int
    kotak: list[KotakOut]
    tanpa_potensial: int


@router.get("/talenta", response=GridOut)
@cakupan("penilaian-baca")
def talenta(request, tahun: int | None = None, unit_id: int | None = None):
    _talent(request)
    periode = _periode(request, tahun)
    grid = queries.talent_grid(periode, unit_id=unit_id)
    return {
        "tahun": periode.tahun, "tanpa_potensial": grid.tanpa_potensi,
        "kotak": [{"kotak": n, "kinerja": queries.BOX_AXES[n][0],
                   "potensial": queries.BOX_AXES[n][1], "jumlah": grid.counts.get(n, 0)}
                  for n in range(1, 10)],
    }  # fmt: skip
