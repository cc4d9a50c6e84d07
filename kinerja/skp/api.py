"""SKP endpoints: periods, SKPs with RHK and indicators, realisations; submit one or many.

Same permission functions and services as the pages; errors as {"kode", "pesan", "kolom"}.
"""

from datetime import date, datetime
from typing import Literal

from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import AwareDatetime

from kinerja.api.cakupan import cakupan
from kinerja.core.api_errors import ApiError, Galat
from kinerja.core.api_etag import (
    IF_MATCH_DOC,
    IF_NONE_MATCH_DOC,
    PRECONDITION_RESPONSES,
    REQUIRED_RESPONSES,
    conditional_get,
    etag_of,
    precondition,
    stale,
)
from kinerja.core.api_pagination import SINKRON_DOC, UPDATED_SINCE, Keyset, Sinkron
from kinerja.core.api_types import Desimal4, DesimalMasuk, pilihan, pilihan_masuk
from kinerja.core.permissions import AGENCY_WIDE, has_role, roles_of, subordinate_ids
from kinerja.core.tenancy import for_agency
from kinerja.skp import queries, services
from kinerja.skp.models import BagianPeriode, Indikator, Periode, Realisasi, Rhk, Skp
from kinerja.skp.permissions import can_view_skp, is_owner, is_rater

router = Router(tags=["SKP"])


class BagianOut(Schema):
    nomor: int
    mulai: date
    selesai: date


class PeriodeOut(Schema):
    id: int
    tahun: int
    skema: pilihan(Periode.Skema)
    kadens: pilihan(Periode.Kadens)
    status: pilihan(Periode.Status)
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
    aspek: pilihan(Indikator.Aspek)
    target: Desimal4
    target_atas: Desimal4 | None
    satuan: str
    arah: pilihan(Indikator.Arah)
    sumber: pilihan(Indikator.Sumber)
    sumber_kode: str
    bobot: Desimal4


class RhkOut(Schema):
    id: int
    jenis: pilihan(Rhk.Jenis)
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
    jenis: pilihan(Skp.Jenis)
    status: pilihan(Skp.Status)
    revisi: int
    version: int
    diubah: datetime = Field(..., description="Waktu perubahan terakhir (untuk updated_since)")


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
    nilai: Desimal4
    catatan: str
    status: pilihan(Realisasi.Status)
    komentar_penilai: str
    dihitung_sistem: bool
    penjelasan_sistem: dict | None
    kunci_eksternal: str | None
    version: int
    diubah: datetime


class RealisasiIn(Schema):
    indikator_id: int
    bagian: int
    nilai: DesimalMasuk
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


def _raise(exc: services.DomainError, baris: int | None = None, *, from_header: bool = False):
    # An error about one field is a validation error; one about the state of the SKP or the
    # indicator (approved, computed by the system) is a rule the schema cannot state.
    status, kode = 422, "validasi" if exc.kolom else "ditolak_aturan"
    if isinstance(exc, services.VersionConflict):
        raise stale(f"Baris {baris}: {exc}" if baris else str(exc), from_header=from_header)
    elif isinstance(exc, services.NotAllowed):
        status, kode = 403, "ditolak"
    elif isinstance(exc, services.PeriodClosed):
        status, kode = 409, "periode_ditutup"
    pesan = f"Baris {baris}: {exc}" if baris is not None else str(exc)
    raise ApiError(status, kode, pesan, exc.kolom)


@router.get("/periode", response=list[PeriodeOut], summary="Periode kinerja instansi")
@cakupan("baca")
def daftar_periode(request):
    if not roles_of(request.user):
        raise Http404
    return list(
        for_agency(Periode.objects.prefetch_related("bagian"), request.user).order_by("-tahun")
    )


@router.get("/skp", response=list[SkpOut], summary="SKP yang boleh Anda lihat",
            description=SINKRON_DOC)  # fmt: skip
@paginate(Sinkron, page_size=100)
@cakupan("penilaian-baca")
def daftar_skp(
    request,
    tahun: int | None = None,
    status: str | None = None,
    updated_since: AwareDatetime | None = UPDATED_SINCE,
):
    found = _visible_skp(request.user)
    if tahun:
        found = found.filter(periode__tahun=tahun)
    if status:
        found = found.filter(status=status)
    return Keyset(found, since=updated_since, ordering=("-periode__tahun", "pegawai__nama", "pk"))


def _skp_etag(skp: Skp) -> str:
    return etag_of(SkpDetailOut, skp)


@router.get(
    "/skp/{skp_id}", response={200: SkpDetailOut, 304: None, 404: Galat},
    summary="Satu SKP dengan RHK dan indikator",
    description="Header `ETag` (kuat); kirim kembali di `If-Match` saat mengubah status SKP.",
    openapi_extra={"parameters": [IF_NONE_MATCH_DOC]},
)  # fmt: skip
@cakupan("penilaian-baca")
def satu_skp(request, skp_id: int, response: HttpResponse):
    return conditional_get(request, response, SkpDetailOut, _skp(request, skp_id))


@router.get("/skp/{skp_id}/realisasi", response=list[RealisasiOut], summary="Realisasi SKP")
@cakupan("penilaian-baca")
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


def _realisasi_etag(realisasi: Realisasi) -> str:
    return etag_of(RealisasiOut, realisasi)


def _record(
    request, item: RealisasiIn, baris: int | None = None, *, with_header: bool = False
) -> tuple[Realisasi, str]:
    """Create or change the realisation of (indicator, slice). ``item.version`` (from the
    body) is the version the change is based on; ``with_header``: If-Match is checked against
    the realisation as it is (after the permission). When stale, nothing is changed."""
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
    existing = (
        Realisasi.objects.filter(indikator=indikator, bagian=bagian).select_related("bagian")
        .first()
    )  # fmt: skip
    if not is_owner(request.user, indikator.rhk.skp):  # authorisation before the precondition
        raise ApiError(403, "ditolak", "Hanya pemilik SKP yang dapat mengisi realisasinya.")
    from_header = False
    if with_header:  # even for a repeat of the same values
        dasar = precondition(request, existing, current=_realisasi_etag,
                             body_version=item.version, pesan=STALE_REALISASI)  # fmt: skip
        item.version, from_header = dasar.version, dasar.from_header
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
    except services.DomainError as exc:
        _raise(exc, baris, from_header=from_header)
    if item.kunci_eksternal and realisasi.kunci_eksternal != item.kunci_eksternal:
        Realisasi.objects.filter(pk=realisasi.pk).update(kunci_eksternal=item.kunci_eksternal)
        realisasi.kunci_eksternal = item.kunci_eksternal
    return realisasi, "dibuat" if existing is None else "diubah"


@router.post(
    "/realisasi",
    response={200: RealisasiOut, 201: RealisasiOut, 400: Galat, 403: Galat, 404: Galat,
              409: Galat, 422: Galat, **PRECONDITION_RESPONSES},
    summary="Simpan (dan ajukan) satu realisasi",
    description=(
        "Realisasi dikenali dari indikator dan bagian: dibuat (201) atau diubah (200). Agar "
        "tidak menimpa perubahan orang lain, sertakan versi yang dibaca: header `If-Match` "
        "berisi ETag jawaban sebelumnya (bila sudah berubah, atau ETag lemah: 412) atau "
        "`version` di isian (409); yang ditolak tidak mengubah apa pun. Tanpa keduanya, "
        "realisasi yang ada diubah apa adanya (klien lama tetap berjalan). Jawaban membawa "
        "`version` dan `ETag` (kuat)."
    ),
    openapi_extra={"parameters": [IF_MATCH_DOC]},
)  # fmt: skip
def simpan_realisasi(request, payload: RealisasiIn, response: HttpResponse):
    with transaction.atomic():
        realisasi, outcome = _record(request, payload, with_header=True)
    realisasi = Realisasi.objects.select_related("bagian").get(pk=realisasi.pk)
    response["ETag"] = _realisasi_etag(realisasi)
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


class TinjauIn(Schema):
    aksi: Literal["verifikasi", "kembalikan"] = Field(
        ..., description="verifikasi (nilai dikunci) atau kembalikan ke pegawai"
    )
    version: int | None = Field(
        None, description="Versi realisasi yang dibaca (atau header If-Match dengan ETag-nya)"
    )
    komentar: str = Field("", max_length=2000, description="Wajib untuk kembalikan")


@router.post(
    "/realisasi/{realisasi_id}/tinjau",
    response={200: RealisasiOut, 400: Galat, 403: Galat, 404: Galat, 409: Galat, 422: Galat,
              **REQUIRED_RESPONSES},
    openapi_extra={"parameters": [IF_MATCH_DOC]},
    summary="Penilai memverifikasi atau mengembalikan satu realisasi",
    description=(
        "Hanya pejabat penilai SKP itu, untuk realisasi berstatus diajukan, selama periode "
        "belum ditutup. Versi yang dibaca wajib, sebagai `version` (bila sudah berubah: 409) "
        "atau header `If-Match` berisi ETag realisasi (412); tanpa keduanya: 428. Yang ditolak "
        "tidak mengubah apa pun."
    ),
)  # fmt: skip
def tinjau_realisasi(request, realisasi_id: int, payload: TinjauIn, response: HttpResponse):
    realisasi = (
        for_agency(Realisasi.objects.select_related("skp__periode", "skp__instansi", "bagian"),
                   request.user)
        .filter(pk=realisasi_id).first()
    )  # fmt: skip
    if realisasi is None or not can_view_skp(request.user, realisasi.skp):
        raise Http404
    if not is_rater(request.user, realisasi.skp):  # authorisation before the precondition
        raise ApiError(403, "ditolak", "Hanya pejabat penilai SKP ini yang dapat meninjau.")
    dasar = precondition(
        request, realisasi, current=_realisasi_etag, body_version=payload.version,
        required=True, pesan=STALE_REALISASI,
    )  # fmt: skip
    version, from_header = dasar.version, dasar.from_header
    try:
        with transaction.atomic():
            if payload.aksi == "verifikasi":
                services.verify_realisasi(realisasi, by=request.user, version=version)
            else:
                services.return_realisasi(
                    realisasi, by=request.user, version=version, komentar=payload.komentar
                )
    except services.DomainError as exc:
        _raise(exc, from_header=from_header)
    found = Realisasi.objects.select_related("bagian").get(pk=realisasi.pk)
    response["ETag"] = _realisasi_etag(found)
    return found


# --- planning: the employee drafts, the rater approves (same services as the pages) ------


class SkpBaruIn(Schema):
    tahun: int = Field(..., description="Tahun periode; SKP disusun untuk akun ini sendiri")


class RhkIn(Schema):
    uraian: str = Field(..., min_length=1, max_length=2000)
    jenis: pilihan_masuk(Rhk.Jenis) = "utama"
    intervensi_id: int | None = Field(
        None, description="RHK atasan yang diintervensi (wajib untuk RHK utama bila ada atasan)"
    )


class IndikatorIn(Schema):
    uraian: str = Field(..., min_length=1, max_length=2000)
    aspek: pilihan_masuk(Indikator.Aspek) = "kuantitas"
    target: DesimalMasuk
    target_atas: DesimalMasuk | None = Field(None, description="Batas atas untuk target rentang")
    satuan: str = Field(..., min_length=1, max_length=50)
    arah: pilihan_masuk(Indikator.Arah) = "naik"
    sumber: pilihan_masuk(Indikator.Sumber) = Field(
        "manual", description="manual atau sumber data layanan publik"
    )
    sumber_kode: str = ""
    bobot: DesimalMasuk | None = None


class TransisiIn(Schema):
    aksi: Literal["ajukan", "setujui", "kembalikan", "revisi"] = Field(
        ..., description="ajukan/revisi oleh pemilik; setujui/kembalikan oleh penilai"
    )
    version: int | None = Field(
        None, description="Versi SKP yang dibaca (atau header If-Match dengan ETag-nya)"
    )
    komentar: str = Field("", max_length=2000, description="Wajib untuk kembalikan")


def _detail(skp_id: int) -> Skp:
    return queries.skp_list().get(pk=skp_id)


@router.post(
    "/skp", response={201: SkpDetailOut, 200: SkpDetailOut, 403: Galat, 404: Galat, 409: Galat,
                      422: Galat},
    summary="Mulai SKP sendiri untuk satu periode (draf)",
    description="Mengembalikan SKP yang sudah ada (200) atau draf baru (201).",
)  # fmt: skip
def buat_skp(request, payload: SkpBaruIn):
    periode = for_agency(Periode.objects.all(), request.user).filter(tahun=payload.tahun).first()
    if periode is None:
        raise ApiError(404, "tidak_ditemukan", f"Periode {payload.tahun} tidak ada.", "tahun")
    if not request.user.pegawai_id:
        raise ApiError(403, "ditolak", "Akun ini tidak terhubung dengan data pegawai.")
    existed = Skp.objects.filter(periode=periode, pegawai_id=request.user.pegawai_id).exists()
    try:
        skp = services.create_skp(request.user.pegawai, periode=periode, by=request.user)
    except services.DomainError as exc:
        _raise(exc)
    return Status(200 if existed else 201, _detail(skp.pk))


@router.post(
    "/skp/{skp_id}/rhk", response={201: RhkOut, 403: Galat, 404: Galat, 409: Galat, 422: Galat},
    summary="Tambah RHK pada SKP sendiri",
)  # fmt: skip
def tambah_rhk(request, skp_id: int, payload: RhkIn):
    skp = _skp(request, skp_id)
    intervensi = None
    if payload.intervensi_id is not None:
        intervensi = (
            for_agency(Rhk.objects.all(), request.user).filter(pk=payload.intervensi_id).first()
        )
        if intervensi is None:
            raise ApiError(422, "validasi", "RHK atasan tidak ditemukan.", "intervensi_id")
    try:
        rhk = services.add_rhk(
            skp, by=request.user, uraian=payload.uraian, jenis=payload.jenis,
            intervensi=intervensi,
        )  # fmt: skip
    except services.DomainError as exc:
        _raise(exc)
    return Status(201, rhk)


@router.post(
    "/rhk/{rhk_id}/indikator",
    response={201: IndikatorOut, 403: Galat, 404: Galat, 409: Galat, 422: Galat},
    summary="Tambah indikator pada RHK sendiri",
)  # fmt: skip
def tambah_indikator(request, rhk_id: int, payload: IndikatorIn):
    rhk = for_agency(Rhk.objects.select_related("skp__periode", "skp__instansi"), request.user)
    rhk = rhk.filter(pk=rhk_id).first()
    if rhk is None or not can_view_skp(request.user, rhk.skp):
        raise Http404
    data = payload.dict(exclude_none=True)
    try:
        indikator = services.add_indikator(rhk, by=request.user, **data)
    except services.DomainError as exc:
        _raise(exc)
    return Status(201, indikator)


@router.post(
    "/skp/{skp_id}/transisi",
    response={200: SkpDetailOut, 400: Galat, 403: Galat, 404: Galat, 409: Galat, 422: Galat,
              **REQUIRED_RESPONSES},
    openapi_extra={"parameters": [IF_MATCH_DOC]},
    summary="Ajukan, setujui, kembalikan atau mulai revisi SKP",
    description=(
        "Pemilik mengajukan (SKP lengkap) atau memulai revisi SKP yang disetujui; pejabat "
        "penilai menyetujui atau mengembalikan dengan komentar. Versi yang dibaca wajib, sebagai "
        "`version` (bila sudah berubah: 409) atau header `If-Match` berisi ETag SKP dari "
        "`GET /skp/skp/{skp_id}` (412); tanpa keduanya: 428."
    ),
)  # fmt: skip
def transisi_skp(request, skp_id: int, payload: TransisiIn, response: HttpResponse):
    skp = _skp(request, skp_id)
    by = request.user
    owner_moves = ("ajukan", "revisi")
    allowed = is_owner(by, skp) if payload.aksi in owner_moves else is_rater(by, skp)
    if not allowed:  # authorisation before the precondition (412)
        raise ApiError(
            403, "ditolak",
            "Hanya pemilik SKP yang dapat mengajukan atau merevisinya."
            if payload.aksi in owner_moves
            else "Hanya pejabat penilai SKP ini yang dapat menyetujui atau mengembalikannya.",
        )  # fmt: skip
    dasar = precondition(request, skp, current=_skp_etag, body_version=payload.version,
                         required=True)  # fmt: skip
    version, from_header = dasar.version, dasar.from_header
    try:
        if payload.aksi == "ajukan":
            services.submit_skp(skp, by=by, version=version)
        elif payload.aksi == "setujui":
            services.approve_skp(skp, by=by, version=version, komentar=payload.komentar)
        elif payload.aksi == "kembalikan":
            services.return_skp(skp, by=by, version=version, komentar=payload.komentar)
        else:
            services.start_revision(skp, by=by, version=version)
    except services.DomainError as exc:
        _raise(exc, from_header=from_header)
    found = _detail(skp.pk)
    response["ETag"] = _skp_etag(found)
    return found
