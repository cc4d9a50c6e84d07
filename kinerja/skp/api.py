"""SKP endpoints: periods, SKPs with RHK and indicators, realisations; submit one or many.

Same permission functions and services as the pages; errors as {"kode", "pesan", "kolom"}.
"""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from kinerja.core.api_errors import (
    IF_MATCH_DOC,
    ApiError,
    Galat,
    etag,
    expected_version,
    stale,
)
from kinerja.core.permissions import AGENCY_WIDE, has_role, roles_of, subordinate_ids
from kinerja.core.tenancy import for_agency
from kinerja.skp import queries, services
from kinerja.skp.models import BagianPeriode, Indikator, Periode, Realisasi, Skp
from kinerja.skp.permissions import can_view_skp

router = Router(tags=["skp"])


class BagianOut(Schema):
    nomor: int
    mulai: date
    selesai: date


class PeriodeOut(Schema):
    id: int
    tahun: int
    skema: str
    kadens: str
    status: str
    parameter: dict
    tenggat_perencanaan: date | None
    tenggat_pelaksanaan: date | None
    tenggat_penilaian: date | None
    bagian: list[BagianOut]

    @staticmethod
    def resolve_bagian(obj):
        return list(obj.bagian.all())


class IndikatorOut(Schema):
    id: int
    uraian: str
    aspek: str
    target: Decimal
    target_atas: Decimal | None
    satuan: str
    arah: str
    sumber: str
    sumber_kode: str
    bobot: Decimal


class RhkOut(Schema):
    id: int
    jenis: str
    uraian: str
    intervensi_id: int | None
    indikator: list[IndikatorOut]

    @staticmethod
    def resolve_indikator(obj):
        return list(obj.indikator.all())


class SkpOut(Schema):
    id: int
    tahun: int = Field(..., alias="periode.tahun")
    nip: str = Field(..., alias="pegawai.nip")
    nama: str = Field(..., alias="pegawai.nama")
    nip_penilai: str | None = Field(None, alias="penilai.nip")
    jenis: str
    status: str
    revisi: int
    version: int


class SkpDetailOut(SkpOut):
    komentar: str
    dukungan_sumber_daya: str
    skema_pertanggungjawaban: str
    konsekuensi: str
    rhk: list[RhkOut]

    @staticmethod
    def resolve_rhk(obj):
        return queries.skp_full(obj)


class RealisasiOut(Schema):
    id: int
    indikator_id: int
    bagian: int = Field(..., alias="bagian.nomor")
    nilai: Decimal
    catatan: str
    status: str
    komentar_penilai: str
    dihitung_sistem: bool
    penjelasan_sistem: dict | None
    kunci_eksternal: str | None
    version: int
    diubah: datetime


class RealisasiIn(Schema):
    indikator_id: int
    bagian: int
    nilai: Decimal
    catatan: str = ""
    ajukan: bool = False
    version: int | None = None
    kunci_eksternal: str | None = Field(None, max_length=100)


class MassalIn(Schema):
    realisasi: list[RealisasiIn] = Field(..., max_length=5000)


class MassalOut(Schema):
    dibuat: int
    diubah: int
    tidak_berubah: int
    realisasi: list[RealisasiOut]


def _visible_skp(user):
    """SKPs the user may read: all of the agency for agency-wide roles, else own and below."""
    qs = for_agency(queries.skp_list(), user)
    if not roles_of(user):
        return qs.none()
    if has_role(user, *AGENCY_WIDE):
        return qs
    below = subordinate_ids(user.pegawai_id) if user.pegawai_id else set()
    me = user.pegawai_id or 0
    return qs.filter(Q(pegawai_id=me) | Q(penilai_id=me) | Q(pegawai_id__in=below))


def _skp(request, skp_id: int) -> Skp:
    skp = for_agency(queries.skp_list(), request.user).filter(pk=skp_id).first()
    if skp is None or not can_view_skp(request.user, skp):
        raise Http404
    return skp


def _raise(exc: services.SkpError, baris: int | None = None, *, from_header: bool = False):
    status, kode = 422, "validasi"
    if isinstance(exc, services.VersionConflict):
        raise stale(f"Baris {baris}: {exc}" if baris else str(exc), from_header=from_header)
    elif isinstance(exc, services.NotAllowed):
        status, kode = 403, "ditolak"
    elif isinstance(exc, services.PeriodClosed):
        status, kode = 409, "periode_ditutup"
    pesan = f"Baris {baris}: {exc}" if baris is not None else str(exc)
    raise ApiError(status, kode, pesan, exc.kolom)


@router.get("/periode", response=list[PeriodeOut], summary="Periode kinerja instansi")
def daftar_periode(request):
    if not roles_of(request.user):
        raise Http404
    return list(
        for_agency(Periode.objects.prefetch_related("bagian"), request.user).order_by("-tahun")
    )


@router.get("/skp", response=list[SkpOut], summary="SKP yang boleh Anda lihat")
@paginate(PageNumberPagination, page_size=100)
def daftar_skp(request, tahun: int | None = None, status: str | None = None):
    found = _visible_skp(request.user)
    if tahun:
        found = found.filter(periode__tahun=tahun)
    if status:
        found = found.filter(status=status)
    return found.order_by("-periode__tahun", "pegawai__nama", "pk")


@router.get("/skp/{skp_id}", response=SkpDetailOut, summary="Satu SKP dengan RHK dan indikator")
def satu_skp(request, skp_id: int):
    return _skp(request, skp_id)


@router.get("/skp/{skp_id}/realisasi", response=list[RealisasiOut], summary="Realisasi SKP")
def realisasi_skp(request, skp_id: int, bagian: int | None = None):
    skp = _skp(request, skp_id)
    found = Realisasi.objects.filter(skp=skp).select_related("bagian")
    if bagian:
        found = found.filter(bagian__nomor=bagian)
    return list(found.order_by("bagian__nomor", "indikator_id"))


STALE_REALISASI = (
    "Realisasi ini sudah diubah sejak Anda membacanya; perubahan Anda belum disimpan. Baca "
    "ulang realisasinya, lalu ulangi."
)


def _record(
    request, item: RealisasiIn, baris: int | None = None, *, from_header: bool = False
) -> tuple[Realisasi, str]:
    """Create or change the realisation of (indicator, slice). ``item.version`` (from the body,
    or from If-Match when ``from_header``) is the version the change is based on; when stale,
    nothing is changed."""
    indikator = (
        for_agency(Indikator.objects.select_related("rhk__skp__periode", "rhk__skp__pegawai"),
                   request.user)
        .filter(pk=item.indikator_id)
        .first()
    )  # fmt: skip
    if indikator is None or not can_view_skp(request.user, indikator.rhk.skp):
        raise ApiError(404, "tidak_ditemukan", f"Indikator {item.indikator_id} tidak ditemukan.",
                       "indikator_id")  # fmt: skip
    bagian = BagianPeriode.objects.filter(
        periode_id=indikator.rhk.skp.periode_id, nomor=item.bagian
    ).first()
    if bagian is None:
        raise ApiError(422, "validasi", f"Bagian {item.bagian} tidak ada pada periode ini.",
                       "bagian")  # fmt: skip
    existing = Realisasi.objects.filter(indikator=indikator, bagian=bagian).first()
    if from_header and (existing is None or existing.version != item.version):
        raise stale(STALE_REALISASI, from_header=True)  # even for a repeat of the same values
    if item.kunci_eksternal:
        keyed = Realisasi.objects.filter(instansi_id=request.user.instansi_id,
                                         kunci_eksternal=item.kunci_eksternal).first()  # fmt: skip
        if keyed is not None and keyed.pk != getattr(existing, "pk", None):
            raise ApiError(422, "validasi", "Kunci eksternal ini sudah dipakai realisasi lain.",
                           "kunci_eksternal")  # fmt: skip
    if existing is not None and existing.nilai == item.nilai and existing.catatan == item.catatan:
        wanted = Realisasi.Status.DIAJUKAN if item.ajukan else existing.status
        if existing.status == wanted or existing.status == Realisasi.Status.DIVERIFIKASI:
            return existing, "tidak_berubah"
    version = item.version if item.version is not None else getattr(existing, "version", None)
    try:
        realisasi = services.record_realisasi(
            indikator, bagian=bagian, nilai=item.nilai, catatan=item.catatan, by=request.user,
            version=version, ajukan=item.ajukan, kunci_eksternal=item.kunci_eksternal,
        )  # fmt: skip
    except services.SkpError as exc:
        _raise(exc, baris, from_header=from_header)
    if item.kunci_eksternal and realisasi.kunci_eksternal != item.kunci_eksternal:
        Realisasi.objects.filter(pk=realisasi.pk).update(kunci_eksternal=item.kunci_eksternal)
        realisasi.kunci_eksternal = item.kunci_eksternal
    return realisasi, "dibuat" if existing is None else "diubah"


@router.post(
    "/realisasi",
    response={200: RealisasiOut, 201: RealisasiOut, 400: Galat, 403: Galat, 404: Galat,
              409: Galat, 412: Galat, 422: Galat},
    summary="Simpan (dan ajukan) satu realisasi",
    description=(
        "Realisasi dikenali dari indikator dan bagian: dibuat (201) atau diubah (200). Agar "
        "tidak menimpa perubahan orang lain, sertakan versi yang dibaca: header `If-Match: "
        'W/"<version>"` (bila sudah berubah: 412) atau `version` di isian (409); yang ditolak '
        "tidak mengubah apa pun. Tanpa keduanya, realisasi yang ada diubah apa adanya (klien "
        'lama tetap berjalan). Jawaban membawa `version` dan `ETag: W/"<version>"`.'
    ),
    openapi_extra={"parameters": [IF_MATCH_DOC]},
)  # fmt: skip
def simpan_realisasi(request, payload: RealisasiIn, response: HttpResponse):
    version, from_header = expected_version(request, payload.version)
    payload.version = version
    with transaction.atomic():
        realisasi, outcome = _record(request, payload, from_header=from_header)
    realisasi = Realisasi.objects.select_related("bagian").get(pk=realisasi.pk)
    response["ETag"] = etag(realisasi.version)
    return Status(201 if outcome == "dibuat" else 200, realisasi)


@router.post("/realisasi/massal", response=MassalOut,
             summary="Simpan banyak realisasi; aman diulang dengan kunci eksternal")  # fmt: skip
def simpan_realisasi_massal(request, payload: MassalIn):
    """All or nothing: one bad row refuses the whole batch with that row's number. Sending the
    same batch again changes nothing (rows are matched by indicator and slice, or by key). A
    row may carry the ``version`` it was based on (stale: 409 for the whole batch); If-Match
    does not apply to a batch (400)."""
    if "If-Match" in request.headers:
        raise ApiError(
            400, "if_match_tidak_berlaku",
            "If-Match tidak berlaku untuk kiriman massal; sertakan version pada setiap baris.",
            "If-Match",
        )  # fmt: skip
    counts = {"dibuat": 0, "diubah": 0, "tidak_berubah": 0}
    ids = []
    with transaction.atomic():
        for baris, item in enumerate(payload.realisasi, start=1):
            try:
                realisasi, outcome = _record(request, item, baris)
            except ApiError as exc:
                if not exc.pesan.startswith("Baris"):
                    exc.pesan = f"Baris {baris}: {exc.pesan}"
                raise
            counts[outcome] += 1
            ids.append(realisasi.pk)
    found = {r.pk: r for r in Realisasi.objects.filter(pk__in=ids).select_related("bagian")}
    return {**counts, "realisasi": [found[i] for i in ids]}
