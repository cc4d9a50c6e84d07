"""Scoring endpoints: results with their breakdown (as the role allows) and the rater's
decision. Mounted at /api/v1/scoring/."""

from datetime import datetime
from typing import Literal

from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import AwareDatetime

from kinerja.api.cakupan import cakupan
from kinerja.core.api_errors import ApiError, Galat
from kinerja.core.api_etag import (
    IF_MATCH_DOC,
    IF_NONE_MATCH_DOC,
    REQUIRED_RESPONSES,
    conditional_get,
    etag_of,
    precondition,
    stale,
)
from kinerja.core.api_pagination import (
    MAX_PAGE,
    MAX_PAGE_SIZE,
    SINKRON_DOC,
    UPDATED_SINCE,
    Keyset,
    Sinkron,
    page_link,
)
from kinerja.core.api_types import Desimal2, nilai, pilihan
from kinerja.core.errors import DomainError, NotAllowed, VersionConflict
from kinerja.core.permissions import Peran, has_role, roles_of
from kinerja.scoring import queries, services, siasn
from kinerja.scoring.models import Hasil
from kinerja.scoring.permissions import can_view_hasil
from kinerja.scoring.rules.permenpanrb_6_2022 import Predikat, Rating
from kinerja.scoring.rules.pp_46_2011 import Category
from kinerja.skp.models import Periode
from kinerja.skp.permissions import is_rater
from kinerja.skp.services.common import PeriodClosed

RATING_VALUES = (*nilai(Rating), "")
PREDIKAT_VALUES = (*nilai(Predikat), *[v for v in nilai(Category) if v not in nilai(Predikat)], "")

router = Router(tags=["Penilaian"])


RATING = pilihan(Rating, kosong=True, description="di_atas, sesuai atau di_bawah ekspektasi")
PREDIKAT = pilihan(
    Predikat, Category, kosong=True,
    description="Predikat (PermenPANRB 6/2022; untuk skema PP 46/2011: cukup, buruk)",
)  # fmt: skip


class HasilOut(Schema):
    id: int
    nip: str
    nama: str
    kode_unit: str
    tahun: int
    bagian: int | None = Field(..., description="Nomor bagian periode; null untuk hasil tahunan")
    skema: pilihan(Periode.Skema)
    versi_aturan: str
    capaian: Desimal2 | None = Field(..., description="Capaian (%) dengan 2 angka desimal")
    usulan_hasil_kerja: RATING
    usulan_perilaku: RATING
    usulan_predikat: PREDIKAT
    status: pilihan(Hasil.Status)
    hasil_kerja: RATING = Field(..., description="Hasil kerja yang berlaku sekarang")
    perilaku: RATING = Field(..., description="Perilaku kerja yang berlaku sekarang")
    predikat: PREDIKAT = Field(
        ..., description="Predikat yang berlaku sekarang: keputusan keberatan yang dikabulkan "
        "setelah periode ditutup, bila ada; selain itu keputusan penilai (atau usulan)",
    )  # fmt: skip
    semula_hasil_kerja: RATING = Field(
        ..., description="Hasil kerja saat periode ditutup (tidak berubah oleh keberatan)"
    )
    semula_perilaku: RATING = Field(..., description="Perilaku kerja saat periode ditutup")
    semula_predikat: PREDIKAT = Field(..., description="Predikat saat periode ditutup")
    diubah_keberatan: bool = Field(
        ..., description="True bila keberatan yang dikabulkan setelah penutupan mengubah hasil ini"
    )
    alasan: str
    galat: str
    hash_masukan: str
    version: int
    diubah: datetime = Field(..., description="Waktu perubahan terakhir (untuk updated_since)")
    rincian: dict | None = None
    indikator: list[dict] | None = None

    @staticmethod
    def of(hasil, *, with_breakdown: bool) -> dict:
        """``hasil`` as the API shows it; give it ``lanjutan`` first (:func:`_with_current`) so
        that the predikat that holds now is shown, as on the pages."""
        later = getattr(hasil, "lanjutan", None)
        return {
            "id": hasil.pk,
            "nip": hasil.skp.pegawai.nip,
            "nama": hasil.skp.pegawai.nama_lengkap,
            "kode_unit": hasil.skp.unit.kode,
            "tahun": hasil.periode.tahun,
            "bagian": hasil.bagian.nomor if hasil.bagian_id else None,
            "skema": hasil.skema,
            "versi_aturan": hasil.versi_aturan,
            "capaian": hasil.capaian,
            "usulan_hasil_kerja": hasil.usulan_hasil_kerja,
            "usulan_perilaku": hasil.usulan_perilaku,
            "usulan_predikat": hasil.usulan_predikat,
            "status": hasil.status,
            "hasil_kerja": later["hasil_kerja"] if later else hasil.final_hasil_kerja,
            "perilaku": later["perilaku"] if later else hasil.final_perilaku,
            "predikat": later["predikat"] if later else hasil.final_predikat,
            "semula_hasil_kerja": hasil.final_hasil_kerja,
            "semula_perilaku": hasil.final_perilaku,
            "semula_predikat": hasil.final_predikat,
            "diubah_keberatan": later is not None,
            "alasan": hasil.alasan,
            "galat": hasil.galat,
            "hash_masukan": hasil.hash_masukan,
            "version": hasil.version,
            "diubah": hasil.diubah,
            **HasilOut._breakdown(hasil, with_breakdown),
        }

    @staticmethod
    def _breakdown(hasil, with_breakdown: bool) -> dict:
        """The breakdown and each indicator's target, realisation and capaian as the score
        used them (the same rows as the result page and the evaluation PDF)."""
        if not with_breakdown:
            return {"rincian": None, "indikator": None}
        explanation = services.explain(hasil.masukan)
        rows = queries.indicator_rows(hasil, explanation=explanation)
        return {"rincian": explanation.as_dict(), "indikator": [r.as_dict() for r in rows]}


STALE_HASIL = (
    "Hasil penilaian ini sudah diubah sejak Anda membacanya; keputusan Anda belum disimpan. "
    "Baca ulang hasilnya, lalu ulangi."
)


class KeputusanIn(Schema):
    aksi: Literal["konfirmasi", "ubah"]
    version: int | None = Field(
        None, description="Versi yang dibaca (atau If-Match); wajib salah satu"
    )
    hasil_kerja: Literal[RATING_VALUES] = ""
    perilaku: Literal[RATING_VALUES] = ""
    predikat: Literal[PREDIKAT_VALUES] = Field("", description="Hanya untuk skema PP 46/2011")
    alasan: str = ""
    lebih_awal: bool = False  # the year's result before its last slice has ended


def _with_current(rows: list[Hasil]) -> None:
    """Give each result ``lanjutan``: the ratings an objection upheld after the close set, or
    None (one query per period on the page; the pages use the same function)."""
    by_period: dict[int, list[Hasil]] = {}
    for hasil in rows:
        by_period.setdefault(hasil.periode_id, []).append(hasil)
    for group in by_period.values():
        queries.with_later_finals(group, group[0].periode)


URUT_HASIL = {
    "nama": ("periode__tahun", "skp__pegawai__nama", "bagian__nomor", "pk"),
    "unit": ("periode__tahun", "skp__unit__kode", "skp__pegawai__nama", "bagian__nomor", "pk"),
    "capaian": ("periode__tahun", "-capaian_bulat", "skp__pegawai__nama", "bagian__nomor", "pk"),
    "diubah": ("diubah", "pk"),
}


@router.get(
    "/hasil", response=list[HasilOut], summary="Hasil penilaian yang boleh Anda lihat",
    description=SINKRON_DOC,
)  # fmt: skip
@paginate(Sinkron, page_size=50)
@cakupan("penilaian-baca")
def daftar_hasil(
    request,
    tahun: int | None = None,
    bagian: int | None = Query(None, ge=1, le=12, description="Nomor bagian periode"),
    tahunan: bool = Query(False, description="Hanya hasil tahunan (bagian null)"),
    unit: str | None = None,
    rincian: bool = True,
    updated_since: AwareDatetime | None = UPDATED_SINCE,
    urut: Literal["nama", "unit", "capaian", "diubah"] = Query(
        "nama",
        description="Urutan tanpa updated_since: nama (bawaan), unit, capaian "
        "(tertinggi dahulu) atau diubah; selalu per tahun",
    ),  # fmt: skip
):
    """Own results, the team's (rater and up the chain) or the agency's (admin kepegawaian,
    pimpinan, auditor). ``bagian``: a slice number (an integer, as in the results);
    ``tahunan=true``: only the year's results; ``unit``: unit code. With ``rincian`` each
    result carries its breakdown, made by the rules from its inputs."""
    if not roles_of(request.user):
        raise Http404
    qs = queries.visible_hasil(request.user)
    if tahun:
        qs = qs.filter(periode__tahun=tahun)
    if tahunan:
        qs = qs.filter(bagian__isnull=True)
    elif bagian is not None:
        qs = qs.filter(bagian__nomor=bagian)
    if unit:
        qs = qs.filter(skp__unit__kode=unit)
    return Keyset(
        qs, since=updated_since, ordering=URUT_HASIL[urut], prepare=_with_current,
        fn=lambda h: HasilOut.of(h, with_breakdown=rincian),
    )  # fmt: skip


def _get(request, pk):
    hasil = queries.hasil_list().filter(instansi_id=request.user.instansi_id, pk=pk).first()
    if hasil is None or not can_view_hasil(request.user, hasil):
        raise Http404
    _with_current([hasil])
    return hasil


def _shown(hasil) -> dict:
    return HasilOut.of(hasil, with_breakdown=True)


def _etag(hasil) -> str:
    return etag_of(HasilOut, _shown(hasil))


@router.get(
    "/hasil/{pk}",
    response={200: HasilOut, 304: None, 404: Galat},
    summary="Satu hasil penilaian dengan rinciannya",
    description=(
        "Header `ETag` (kuat: berubah bila isi jawaban berubah, termasuk keberatan yang "
        "dikabulkan). Dengan `If-None-Match` berisi ETag itu, jawabannya 304 tanpa isi selama "
        "hasil belum berubah; kirim ETag itu di `If-Match` saat memutuskan."
    ),
    openapi_extra={"parameters": [IF_NONE_MATCH_DOC]},
)
@cakupan("penilaian-baca")
def satu_hasil(request, pk: int, response: HttpResponse):
    return conditional_get(request, response, HasilOut, _shown(_get(request, pk)))


@router.post(
    "/hasil/{pk}/keputusan",
    response={200: HasilOut, 400: Galat, 403: Galat, 404: Galat, 409: Galat, 422: Galat,
              **REQUIRED_RESPONSES},
    summary="Konfirmasi atau ubah (dengan alasan) usulan penilaian",
    openapi_extra={"parameters": [IF_MATCH_DOC]},
)  # fmt: skip
def putuskan(request, pk: int, data: KeputusanIn, response: HttpResponse):
    """``aksi`` ``konfirmasi`` accepts the proposal; ``ubah`` sets ``hasil_kerja`` and
    ``perilaku`` (PP 46/2011: ``predikat``) with a required ``alasan``. The version read is
    required, as ``If-Match`` with the ETag read (stale or weak: 412) or as ``version`` in the
    body (stale: 409); neither: 428. Either way another decision in between changes nothing.
    The answer carries the new version and ETag."""
    hasil = _get(request, pk)
    if not is_rater(request.user, hasil.skp):  # authorisation before the precondition (412)
        raise ApiError(403, "ditolak", "Hanya pejabat penilai pegawai ini yang dapat memutuskan.")
    dasar = precondition(request, hasil, current=_etag, body_version=data.version,
                         required=True, pesan=STALE_HASIL)  # fmt: skip
    version, from_header = dasar.version, dasar.from_header
    try:
        if data.aksi == "konfirmasi":
            services.confirm_result(hasil, by=request.user, version=version,
                                    lebih_awal=data.lebih_awal)  # fmt: skip
        elif data.aksi == "ubah":
            services.override_result(
                hasil, by=request.user, alasan=data.alasan, hasil_kerja=data.hasil_kerja,
                perilaku=data.perilaku, predikat=data.predikat, version=version,
                lebih_awal=data.lebih_awal,
            )  # fmt: skip
        else:
            raise ApiError(422, "validasi", "aksi harus 'konfirmasi' atau 'ubah'.", "aksi")
    except VersionConflict as exc:
        raise stale(str(exc), from_header=from_header) from None
    except NotAllowed as exc:
        raise ApiError(403, "ditolak", str(exc)) from None
    except PeriodClosed as exc:
        raise ApiError(409, "periode_ditutup", str(exc)) from None
    except DomainError as exc:
        raise ApiError(422, "ditolak_aturan", str(exc), exc.kolom) from None
    shown = _shown(_get(request, pk))
    response["ETag"] = etag_of(HasilOut, shown)
    return shown


# --------------------------------------------------------------------------- SIASN export


class KinerjaPeriodikSiasn(Schema):
    """One result as SIASN's kinerja periodik record (codes: docs/api.md, "Ekspor SIASN")."""

    pnsDinilaiId: None = Field(
        ..., description="ID PNS di SIASN; tidak disimpan Kinerja (null): cocokkan lewat nipBaru"
    )
    nipBaru: str = Field(..., description="NIP 18 angka (tambahan Kinerja untuk pencocokan)")
    nama: str = Field(..., description="Nama dengan gelar (tambahan Kinerja)")
    tahun: int
    periodikId: Literal[tuple(siasn.PERIODIK.values())] = Field(
        ..., description="Referensi periodik: 1 bulanan, 2 triwulanan, 3 semesteran, 4 tahunan"
    )
    bulanMulaiPenilaian: int = Field(..., ge=1, le=12)
    tahunMulaiPenilaian: int
    bulanSelesaiPenilaian: int = Field(..., ge=1, le=12)
    tahunSelesaiPenilaian: int
    hasilKinerjaNilai: Literal[tuple(siasn.HASIL_KINERJA.values())] = Field(
        ..., description="Referensi perilakuDanKinerja: 1 di bawah, 2 sesuai, 3 di atas ekspektasi"
    )
    perilakuKerjaNilai: Literal[tuple(siasn.PERILAKU_KERJA.values())] = Field(
        ..., description="Referensi perilakuDanKinerja: 1 di bawah, 2 sesuai, 3 di atas ekspektasi"
    )
    kuadranKinerjaNilai: Literal[tuple(sorted(set(siasn.KUADRAN.values())))] = Field(
        ..., description="Referensi kuadranNilai: sel matriks 3×3, 3×(hasil−1)+perilaku"
    )
    koefisienId: None = Field(..., description="Tidak dihitung Kinerja (null)")
    statusPenilai: Literal["ASN"]
    penilaiNipNrp: str | None
    penilaiNama: str | None
    penilaiJabatanNama: str | None
    penilaiUnorNama: str | None
    penilaiGolongan: int | None = Field(
        ..., description="Referensi golonganPns (I/a = 11 … IV/e = 45); null untuk PPPK"
    )


class HalamanSiasn(Schema):
    count: int = Field(..., description="Jumlah hasil periode yang cocok (termasuk yang dilewati)")
    page: int
    page_size: int
    batas_page_size: int
    next: str | None
    previous: str | None


class EksporSiasn(Schema):
    success: bool
    message: str = Field(..., description="Ringkasan, termasuk jumlah hasil yang dilewati")
    data: list[KinerjaPeriodikSiasn]
    halaman: HalamanSiasn


@router.get(
    "/periode/{periode_id}/siasn",
    response={200: EksporSiasn, 403: Galat, 404: Galat, 409: Galat, 422: Galat},
    summary="Hasil periode yang sudah ditutup dalam format kinerja periodik SIASN",
)
@cakupan("penilaian-baca")
def ekspor_siasn(
    request,
    periode_id: int,
    bagian: int | None = Query(
        None, ge=1, le=12, description="Nomor bagian periode; tanpa ini: hasil tahunan"
    ),
    page: int = Query(1, ge=1, le=MAX_PAGE, description="Nomor halaman, mulai 1"),
    page_size: int = Query(
        100, ge=1, le=MAX_PAGE_SIZE, description=f"Paling banyak {MAX_PAGE_SIZE}"
    ),
):
    """Admin kepegawaian only. The year's results (or slice ``bagian``) of a closed
    PermenPANRB 6/2022 period, in SIASN's ``{success, message, data}`` envelope with
    camelCase fields and integer reference codes; the year's result after an upheld
    objection carries the decision that holds now. An open period answers 409, a PP
    46/2011 period 409 too. Results the rules could not rate are left out of ``data`` and
    counted in ``message``."""
    periode = Periode.objects.filter(instansi_id=request.user.instansi_id, pk=periode_id).first()
    if periode is None or not request.user.instansi_id:
        raise Http404
    if not has_role(request.user, Peran.ADMIN):
        raise ApiError(403, "ditolak", "Hanya admin kepegawaian yang dapat mengekspor ke SIASN.")
    try:
        siasn.check_exportable(periode)
    except siasn.BelumDitutup as exc:
        raise ApiError(409, "periode_belum_ditutup", str(exc)) from None
    except siasn.SkemaTidakDidukung as exc:
        raise ApiError(409, "skema_tidak_didukung", str(exc)) from None
    if bagian is not None and not periode.bagian.filter(nomor=bagian).exists():
        raise ApiError(
            404, "tidak_ditemukan", f"Periode {periode.tahun} tidak punya bagian {bagian}."
        )
    qs = siasn.results(periode, bagian=bagian)
    count = qs.count()
    offset = (page - 1) * page_size
    baris, skipped = siasn.rows(periode, qs[offset : offset + page_size])
    body = siasn.envelope(periode, baris, len(skipped))
    last = max(1, -(-count // page_size))
    body["halaman"] = {
        "count": count,
        "page": page,
        "page_size": page_size,
        "batas_page_size": MAX_PAGE_SIZE,
        "next": page_link(request, page=page + 1) if offset + page_size < count else None,
        "previous": page_link(request, page=min(page - 1, last)) if page > 1 else None,
    }
    return body
