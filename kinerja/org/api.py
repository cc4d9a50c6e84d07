"""Organisation endpoints (read), scoped like the pages."""

from django.db.models import Q
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from kinerja.core.permissions import AGENCY_WIDE, has_role, roles_of, subordinate_ids
from kinerja.core.tenancy import for_agency
from kinerja.org import queries
from kinerja.org.models import UnitKerja
from kinerja.org.nip import normalise_nip

router = Router(tags=["organisasi"])


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


class PegawaiOut(Schema):
    nip: str
    nama: str
    nama_lengkap: str
    status: str
    golongan: str
    kode_unit: str = Field(..., alias="unit.kode")
    jabatan: str | None = Field(None, alias="jabatan.nama")
    jenis_jabatan: str | None = Field(None, alias="jabatan.jenis")
    nip_atasan: str | None = Field(None, alias="atasan.nip")
    aktif: bool
    version: int


def _visible_pegawai(user):
    """All of the agency for agency-wide roles; oneself and one's chain below otherwise."""
    qs = for_agency(queries.pegawai_list(), user)
    if has_role(user, *AGENCY_WIDE):
        return qs
    ids = subordinate_ids(user.pegawai_id) if user.pegawai_id else set()
    return qs.filter(Q(pk=user.pegawai_id) | Q(pk__in=ids))


@router.get("/saya", response=SayaOut, summary="Akun yang sedang dipakai dan perannya")
def saya(request):
    user = request.user
    return {
        "username": user.username,
        "instansi": user.instansi.kode if user.instansi_id else None,
        "nip": user.pegawai.nip if user.pegawai_id else None,
        "peran": sorted(r.value for r in roles_of(user)),
    }


@router.get("/unit", response=list[UnitOut], summary="Unit kerja instansi")
@paginate(PageNumberPagination, page_size=200)
def daftar_unit(request):
    if not roles_of(request.user):
        raise Http404
    return for_agency(UnitKerja.objects.select_related("induk", "kepala"), request.user).order_by(
        "kode"
    )


@router.get("/pegawai", response=list[PegawaiOut], summary="Pegawai yang boleh Anda lihat")
@paginate(PageNumberPagination, page_size=100)
def daftar_pegawai(request, unit: str | None = None, q: str | None = None, aktif: bool = True):
    found = _visible_pegawai(request.user).filter(aktif=aktif)
    if unit:
        found = found.filter(unit__kode=unit)
    if q:
        compact = normalise_nip(q)
        found = (
            found.filter(nip__startswith=compact)
            if compact.isdigit()
            else found.filter(nama__icontains=q)
        )
    return found.order_by("nama", "nip")


@router.get("/pegawai/{nip}", response=PegawaiOut, summary="Satu pegawai menurut NIP")
def satu_pegawai(request, nip: str):
    pegawai = _visible_pegawai(request.user).filter(nip=normalise_nip(nip)).first()
    if pegawai is None:
        raise Http404
    return pegawai
