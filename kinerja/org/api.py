"""Organisation endpoints (read), scoped like the pages."""

import csv
import io
from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AwareDatetime, WithJsonSchema

from kinerja.api.cakupan import cakupan
from kinerja.core.api_errors import ApiError, Galat, problem_response
from kinerja.core.api_etag import IF_NONE_MATCH_DOC, conditional_get
from kinerja.core.api_pagination import SINKRON_DOC, UPDATED_SINCE, Keyset, Sinkron
from kinerja.core.api_types import pilihan
from kinerja.core.permissions import (
    AGENCY_WIDE,
    can_manage_org,
    has_role,
    roles_of,
    subordinate_ids,
)
from kinerja.core.tenancy import for_agency
from kinerja.org import impor, queries
from kinerja.org.models import Jabatan, Pegawai, UnitKerja
from kinerja.org.nip import normalise_nip

router = Router(tags=["Organisasi"])


class SayaOut(Schema):
    username: str
    instansi: str | None
    nip: str | None
    peran: list[str]


class UnitOut(Schema):
    id: int
    kode: str
    nama: str
    kode_induk: str | None = Field(None, alias="induk.kode")
    nip_kepala: str | None = Field(None, alias="kepala.nip")
    version: int
    diubah: datetime = Field(..., description="Waktu perubahan terakhir (untuk updated_since)")


class PegawaiOut(Schema):
    nip: str
    nama: str
    nama_lengkap: str
    status: pilihan(Pegawai.Status)
    golongan: str = Field(..., description="Golongan/ruang, mis. III/a; kosong bila tidak ada")
    kode_unit: str = Field(..., alias="unit.kode")
    jabatan: str | None = Field(None, alias="jabatan.nama")
    jenis_jabatan: pilihan(Jabatan.Jenis) | None = Field(None, alias="jabatan.jenis")
    nip_atasan: str | None = Field(None, alias="atasan.nip")
    aktif: bool
    version: int
    diubah: datetime = Field(..., description="Waktu perubahan terakhir (untuk updated_since)")


def _visible_pegawai(user):
    """All of the agency for agency-wide roles; oneself and one's chain below otherwise."""
    qs = for_agency(queries.pegawai_list(), user)
    if has_role(user, *AGENCY_WIDE):
        return qs
    ids = subordinate_ids(user.pegawai_id) if user.pegawai_id else set()
    return qs.filter(Q(pk=user.pegawai_id) | Q(pk__in=ids))


@router.get("/saya", response=SayaOut, summary="Akun yang sedang dipakai dan perannya")
@cakupan("baca")
def saya(request):
    user = request.user
    return {
        "username": user.username,
        "instansi": user.instansi.kode if user.instansi_id else None,
        "nip": user.pegawai.nip if user.pegawai_id else None,
        "peran": sorted(r.value for r in roles_of(user)),
    }


URUT_UNIT = {"kode": ("kode",), "nama": ("nama", "kode"), "diubah": ("diubah", "pk")}


@router.get("/unit", response=list[UnitOut], summary="Unit kerja instansi",
            description=SINKRON_DOC)  # fmt: skip
@paginate(Sinkron, page_size=200)
@cakupan("baca")
def daftar_unit(
    request,
    updated_since: AwareDatetime | None = UPDATED_SINCE,
    urut: Literal["kode", "nama", "diubah"] = Query(
        "kode", description="Urutan tanpa updated_since: kode (bawaan), nama atau diubah"
    ),
):
    if not roles_of(request.user):
        raise Http404
    found = for_agency(UnitKerja.objects.select_related("induk", "kepala"), request.user)
    return Keyset(found, since=updated_since, ordering=URUT_UNIT[urut])


URUT_PEGAWAI = {"nama": ("nama", "nip"), "nip": ("nip",), "diubah": ("diubah", "pk")}


@router.get(
    "/pegawai", response=list[PegawaiOut], summary="Pegawai yang boleh Anda lihat",
    description=(
        "Dengan `updated_since` (waktu ISO 8601 dengan zona): hanya pegawai yang berubah sejak "
        "waktu itu (termasuk yang dinonaktifkan bila `aktif=false` atau tanpa `aktif`), "
        "urut menurut `diubah`, dibaca dengan kursor: ikuti `next` sampai null, lalu simpan "
        "`diubah` terbesar untuk sinkron berikutnya. Pegawai yang berubah selama dibaca "
        "muncul lagi di akhir, tidak terlewat."
    ),
)  # fmt: skip
@paginate(Sinkron, page_size=100)
@cakupan("baca")
def daftar_pegawai(
    request,
    unit: str | None = None,
    q: str | None = None,
    aktif: bool = Query(True, description="Dengan updated_since tanpa aktif: semua pegawai"),
    updated_since: AwareDatetime | None = UPDATED_SINCE,
    urut: Literal["nama", "nip", "diubah"] = Query(
        "nama", description="Urutan tanpa updated_since: nama (bawaan), nip atau diubah"
    ),
):
    found = _visible_pegawai(request.user)
    if not (updated_since and "aktif" not in request.GET):
        found = found.filter(aktif=aktif)
    if unit:
        found = found.filter(unit__kode=unit)
    if q:
        compact = normalise_nip(q)
        found = (
            found.filter(nip__startswith=compact)
            if compact.isdigit()
            else found.filter(nama__icontains=q)
        )
    return Keyset(found, field="diubah", since=updated_since, ordering=URUT_PEGAWAI[urut])


@router.get(
    "/pegawai/{nip}", response={200: PegawaiOut, 304: None, 404: Galat},
    summary="Satu pegawai menurut NIP",
    description="Header `ETag` (kuat); `If-None-Match`: 304 selama data pegawai belum berubah.",
    openapi_extra={"parameters": [IF_NONE_MATCH_DOC]},
)  # fmt: skip
@cakupan("baca")
def satu_pegawai(request, nip: str, response: HttpResponse):
    pegawai = _visible_pegawai(request.user).filter(nip=normalise_nip(nip)).first()
    if pegawai is None:
        raise Http404
    return conditional_get(request, response, PegawaiOut, pegawai)


class PegawaiIn(Schema):
    """One employee in the import layout of docs/impor.md; absent fields keep stored values."""

    nip: str
    nama: str
    status: Annotated[
        str,
        WithJsonSchema({"type": "string", "enum": ["PNS", "PPPK", "pns", "pppk"]}),
    ]
    kode_unit: str
    gelar_depan: str | None = None
    gelar_belakang: str | None = None
    golongan: str | None = None
    jabatan: str | None = None
    jenis_jabatan: str | None = None
    nip_atasan: str | None = None
    kepala_unit: bool | None = None
    aktif: bool | None = None


class UpsertIn(Schema):
    # at least one, as the schema says; checked by the view after the permission (403 first)
    pegawai: list[PegawaiIn] = Field(..., json_schema_extra={"minItems": 1})
    uji_coba: bool = False


class KesalahanOut(Schema):
    indeks: int | None
    kolom: str
    pesan: str


class UpsertOut(Schema):
    dibuat: int
    diubah: int
    tidak_berubah: int
    disimpan: bool
    kesalahan: list[KesalahanOut]


class GalatImpor(Galat):
    """A refused upsert: the problem body with the counts and each item's error
    (``errors[].kolom`` is ``pegawai.<index>.<field>``). An invalid body (not the import's
    rules) has only the problem members."""

    dibuat: int = 0
    diubah: int = 0
    tidak_berubah: int = 0
    disimpan: bool = False
    kesalahan: list[KesalahanOut] = []


def _as_csv(rows: list[PegawaiIn]) -> bytes:
    """The API body in the import file layout, so both paths share one validator."""
    columns = list(PegawaiIn.model_fields)
    present = [c for c in columns if any(getattr(r, c) is not None for r in rows)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(present)
    for row in rows:
        cells = []
        for column in present:
            value = getattr(row, column)
            if isinstance(value, bool):
                value = "ya" if value else "tidak"
            cells.append("" if value is None else str(value))
        writer.writerow(cells)
    return out.getvalue().encode()


@router.post(
    "/impor/pegawai",
    response={200: UpsertOut, 422: GalatImpor},
    summary="Upsert pegawai menurut NIP (semua atau tidak sama sekali)",
)
@cakupan("tulis-organisasi")
def upsert_pegawai(request, body: UpsertIn):
    """Same rules as the file import: every bad item is reported by its index and field,
    and nothing is written unless every item is valid. Only HR may call it. A body that does
    not fit the schema, or an empty list, answers 422 with the error body instead."""
    if not can_manage_org(request.user):
        raise PermissionDenied("Hanya admin kepegawaian yang dapat mengimpor pegawai.")
    if not body.pegawai:
        raise ApiError(422, "validasi", "Daftar pegawai kosong.", "pegawai")
    result = impor.import_file(
        _as_csv(body.pegawai), "api.csv", instansi=request.user.instansi,
        jenis=impor.PEGAWAI, actor=request.user, dry_run=body.uji_coba,
    )  # fmt: skip
    errors = [
        {"indeks": e.baris - 2 if e.baris else None, "kolom": e.kolom, "pesan": e.pesan}
        for e in result.kesalahan
    ]
    payload = {
        "dibuat": result.dibuat, "diubah": result.diubah,
        "tidak_berubah": result.tidak_berubah, "disimpan": result.disimpan, "kesalahan": errors,
    }  # fmt: skip
    if not errors:
        return Status(200, payload)
    field_errors = [
        {"kolom": f"pegawai.{e['indeks']}.{e['kolom']}" if e["indeks"] is not None
         else e["kolom"], "pesan": e["pesan"]}
        for e in errors
    ]  # fmt: skip
    return problem_response(  # the import's rules (NIP's dates, known unit codes, …)
        422, "ditolak_aturan",
        f"{len(errors)} isian salah; tidak ada pegawai yang disimpan. Perbaiki lalu kirim ulang.",
        field_errors[0]["kolom"], errors=field_errors, instance=request.path, extra=payload,
    )  # fmt: skip
