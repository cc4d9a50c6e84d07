"""API of the citizen app.

Public, for other channels (kiosks, a city's app): submit a survey answer, submit a
complaint, read a complaint's public status. No login (auth=None) and no CSRF cookie; the
same protections as the pages apply: rate limits per network address and per service,
one-time receipt codes and burst detection.

Inside (token or session, the same rules as the pages): the IKM per service, unit, officer
or agency; the complaint queue, one complaint with its steps, and moving a complaint to
its next status (with the version read, so a colleague's change in between is refused).
"""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import AwareDatetime

from kinerja.api.cakupan import cakupan
from kinerja.citizen import directory, protection, queries
from kinerja.citizen.access import (
    allowed_moves,
    can_handle_complaint,
    complaint_for,
    handles_all_steps,
    unit_scope,
)
from kinerja.citizen.complaints import move_complaint, submit_complaint
from kinerja.citizen.errors import Refused
from kinerja.citizen.models import Aduan, JawabanSurvei, Layanan
from kinerja.citizen.survey import submit_answer
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
from kinerja.core.api_pagination import SINKRON_DOC, UPDATED_SINCE, Keyset, Sinkron
from kinerja.core.api_types import Desimal4, pilihan, pilihan_masuk
from kinerja.core.tenancy import for_agency
from kinerja.org.models import Pegawai

router = Router(tags=["Survei dan aduan publik"])


class SurveiIn(Schema):
    u1: int = Field(..., ge=1, le=4, strict=True, description="U1 Persyaratan")
    u2: int = Field(..., ge=1, le=4, strict=True, description="U2 Sistem, mekanisme dan prosedur")
    u3: int = Field(..., ge=1, le=4, strict=True, description="U3 Waktu penyelesaian")
    u4: int = Field(..., ge=1, le=4, strict=True, description="U4 Biaya/tarif")
    u5: int = Field(
        ..., ge=1, le=4, strict=True, description="U5 Produk spesifikasi jenis pelayanan"
    )
    u6: int = Field(..., ge=1, le=4, strict=True, description="U6 Kompetensi pelaksana")
    u7: int = Field(..., ge=1, le=4, strict=True, description="U7 Perilaku pelaksana")
    u8: int = Field(
        ..., ge=1, le=4, strict=True, description="U8 Penanganan pengaduan, saran dan masukan"
    )
    u9: int = Field(..., ge=1, le=4, strict=True, description="U9 Sarana dan prasarana")
    petugas: str = Field(
        "",
        description="Kode QR petugas (dari alamat pada QR kartunya); kode pendek atau NIP "
        "petugas hanya berlaku bersama kode struk",
    )
    token: str = Field("", description="Kode struk sekali pakai, bila layanan memakainya")
    jenis_kelamin: Literal["", "L", "P"] = Field("", description="L atau P (opsional)")
    usia: int | None = Field(None, ge=10, le=120, description="Usia dalam tahun (opsional)")
    pendidikan: pilihan_masuk(JawabanSurvei.Pendidikan, kosong=True) = Field(
        "", description="Pendidikan terakhir (opsional)"
    )
    pekerjaan: pilihan_masuk(JawabanSurvei.Pekerjaan, kosong=True) = Field(
        "", description="Pekerjaan (opsional)"
    )
    saran: str = Field("", max_length=2000, description="Saran dan masukan (opsional)")


class SurveiOut(Schema):
    diterima: bool = Field(..., description="Selalu true: jawaban sudah tersimpan")
    nomor: int = Field(..., description="Nomor jawaban")
    ditandai: bool = Field(
        ..., description="True bila jawaban disimpan tetapi menunggu review (lonjakan identik)"
    )


class AduanIn(Schema):
    layanan: str = Field(..., description="Kode publik layanan yang diadukan")
    isi: str = Field(..., min_length=10, max_length=5000, description="Isi aduan")
    nama_pelapor: str = Field("", max_length=120, description="Nama pelapor (opsional)")
    kontak_pelapor: str = Field("", max_length=120, description="HP/surel pelapor (opsional)")


class AduanOut(Schema):
    kode_lacak: str = Field(..., description="Kode untuk melacak status aduan")
    status: pilihan(Aduan.Status)
    status_label: str
    diterima_pada: datetime
    tenggat_respons: date
    tenggat_selesai: date
    tanggapan: str = Field("", description="Tanggapan untuk pelapor, bila sudah ada")
    alasan_tolak: str = ""


ERRORS = {400: Galat, 404: Galat, 409: Galat, 422: Galat, 429: Galat}
CHOICES = {
    "pendidikan": set(JawabanSurvei.Pendidikan.values),
    "pekerjaan": set(JawabanSurvei.Pekerjaan.values),
}


def _refused(refused: Refused, limit: protection.Limit | None = None) -> ApiError:
    """The refusal in the API's error shape; a rate limit says how long to wait (the limit's
    window, the longest a sliding window can take to free a place)."""
    headers = {}
    if refused.status == 429:
        window = (limit or protection.survey_ip_limit()).window.total_seconds()
        headers["Retry-After"] = str(max(1, int(window)))
    return ApiError(refused.status, refused.kode, refused.pesan, refused.kolom, headers=headers)


def _ip_hash(request) -> str:
    return protection.network_hash(protection.client_network(request))


@router.post(
    "/survei/{kode}",
    auth=None,
    response={201: SurveiOut, **ERRORS},
    summary="Kirim jawaban survei kepuasan",
    description=(
        "Menyimpan satu jawaban SKM (sembilan unsur PermenPANRB 14/2017, skala 1–4) untuk "
        "layanan dengan kode publik `kode`. Jawaban sudah tersimpan saat respons 201 "
        "dikirim. Dibatasi per alamat jaringan dan per layanan (429); kode struk hanya "
        "berlaku sekali (409)."
    ),
)
def kirim_survei(request, kode: str, data: SurveiIn):
    target = queries.survey_target(kode, data.petugas)
    if target is None:
        raise Http404
    layanan, petugas_id = target
    profile = data.dict(include={"jenis_kelamin", "usia", "pendidikan", "pekerjaan", "saran"})
    for name, allowed in CHOICES.items():
        if profile[name] and profile[name] not in allowed:
            raise ApiError(422, "validasi", f"{name} harus salah satu dari {sorted(allowed)}", name)
    ip_hash, prefix_hash = protection.request_hashes(request)
    try:
        accepted = submit_answer(
            layanan, answers=data.dict(include={f"u{i}" for i in range(1, 10)}),
            profile=profile, token=data.token, ip_hash=ip_hash, prefix_hash=prefix_hash,
            petugas_id=petugas_id, kode_pendek=layanan.petugas_kode_pendek,
            saluran=JawabanSurvei.Saluran.API,
        )  # fmt: skip
    except Refused as refused:
        busy = refused.kode == "layanan_sibuk"
        raise _refused(refused, protection.survey_service_limit() if busy else None) from None
    body = {"diterima": True, "nomor": accepted.jawaban.pk, "ditandai": accepted.ditandai}
    return Status(201, body)


def _status(aduan: Aduan) -> dict:
    return {
        "kode_lacak": aduan.kode_lacak, "status": aduan.status,
        "status_label": aduan.get_status_display(), "diterima_pada": aduan.diterima_pada,
        "tenggat_respons": aduan.tenggat_respons, "tenggat_selesai": aduan.tenggat_selesai,
        "tanggapan": aduan.tanggapan, "alasan_tolak": aduan.alasan_tolak,
    }  # fmt: skip


@router.post(
    "/aduan",
    auth=None,
    response={201: AduanOut, **ERRORS},
    summary="Kirim aduan",
    description=(
        "Menerima aduan untuk layanan dengan kode publik `layanan` dan mengembalikan kode "
        "lacak beserta tenggat (hari kerja, tanpa akhir pekan dan hari libur instansi). "
        "Lampiran hanya lewat formulir web."
    ),
)
def kirim_aduan(request, data: AduanIn):
    instansi_id = directory.resolve_or_404(data.layanan, directory.Jenis.LAYANAN)
    layanan = get_object_or_404(
        Layanan.objects.select_related("instansi"),
        instansi_id=instansi_id, kode_publik=data.layanan, aktif=True,
    )  # fmt: skip
    try:
        aduan = submit_complaint(
            layanan.instansi, layanan=layanan, isi=data.isi, nama_pelapor=data.nama_pelapor,
            kontak_pelapor=data.kontak_pelapor, ip_hash=_ip_hash(request), saluran="api",
        )  # fmt: skip
    except Refused as refused:
        raise _refused(refused, protection.complaint_ip_limit()) from None
    return Status(201, _status(aduan))


@router.get(
    "/aduan/{kode}",
    auth=None,
    response={200: AduanOut, 304: None, 404: Galat},
    summary="Status aduan",
    description=(
        "Status publik aduan menurut kode lacak; tanpa data pelapor. Header `ETag`; dengan "
        "`If-None-Match` berisi ETag itu, 304 selama statusnya belum berubah."
    ),
    openapi_extra={"parameters": [IF_NONE_MATCH_DOC]},
)
def status_aduan(request, kode: str, response: HttpResponse):
    kode = kode.upper()
    instansi_id = directory.resolve_or_404(kode, directory.Jenis.ADUAN)
    aduan = get_object_or_404(Aduan, instansi_id=instansi_id, kode_lacak=kode)
    return conditional_get(request, response, AduanOut, _status(aduan))


# --- inside: IKM and the complaint queue (login or token) ---------------------------------

INSIDE = ["IKM dan antrean aduan"]


class IkmBaris(Schema):
    kunci: int | None = Field(None, description="id layanan/unit/petugas; null untuk instansi")
    nama: str
    responden: int
    nrr: list[Desimal4] = Field(..., description="NRR unsur U1–U9 (4 angka desimal)")
    ikm: Desimal4 = Field(..., description="IKM 1–4 (4 angka desimal)")
    nilai: Desimal4 = Field(..., description="Nilai konversi IKM × 25 (4 angka desimal)")
    mutu: str
    kinerja: str
    populasi: int | None = None
    sampel_minimal: int | None = None
    sampel_cukup: bool | None = None


class IkmOut(Schema):
    dari: date
    sampai: date
    per: str
    cakupan: str | list[int] = Field(..., description='"instansi" atau id unit yang dipimpin')
    baris: list[IkmBaris]
    instansi: IkmBaris | None = Field(None, description="IKM gabungan cakupan ini")


def _ikm_row(row: queries.IkmRow) -> dict | None:
    hasil = row.hasil
    if hasil is None:
        return None
    return {
        "kunci": row.key, "nama": row.label, "responden": row.responden,
        "nrr": list(hasil.nrr), "ikm": hasil.ikm, "nilai": hasil.nilai,
        "mutu": hasil.mutu, "kinerja": hasil.kinerja, "populasi": row.populasi,
        "sampel_minimal": row.sampel_minimal, "sampel_cukup": row.sampel_cukup,
    }  # fmt: skip


@router.get(
    "/ikm", response={200: IkmOut, 403: Galat, 422: Galat}, tags=INSIDE,
    summary="IKM per layanan, unit, petugas atau instansi",
    description=(
        "Indeks kepuasan masyarakat atas jawaban yang dihitung (tidak ditandai) antara "
        "`dari` dan `sampai` (bawaan: awal tahun s.d. hari ini), dengan NRR per unsur, nilai "
        "konversi, mutu dan kecukupan sampel. Admin kepegawaian, pimpinan dan auditor melihat "
        "instansi; kepala unit melihat unit yang dipimpinnya."
    ),
)  # fmt: skip
@cakupan("baca")
def baca_ikm(
    request,
    dari: date | None = None,
    sampai: date | None = None,
    per: Literal["layanan", "unit", "petugas", "instansi"] = "layanan",
):
    scope = unit_scope(request.user)
    today = timezone.localdate()
    dari = dari or date(today.year, 1, 1)
    sampai = sampai or today
    if dari > sampai:
        raise ApiError(422, "ditolak_aturan", "Tanggal dari harus sebelum tanggal sampai.", "dari")
    instansi_id = request.user.instansi_id
    rows = queries.ikm_rows(instansi_id, dari, sampai, per=per, unit_ids=scope)
    total = queries.ikm_rows(instansi_id, dari, sampai, per="instansi", unit_ids=scope)
    return {
        "dari": dari, "sampai": sampai, "per": per,
        "cakupan": "instansi" if scope is None else sorted(scope),
        "baris": [r for r in map(_ikm_row, rows) if r is not None],
        "instansi": _ikm_row(total[0]) if total else None,
    }  # fmt: skip


class AntreanOut(Schema):
    kode_lacak: str
    status: pilihan(Aduan.Status)
    status_label: str
    layanan: str | None = Field(None, description="Kode publik layanan")
    unit_id: int
    unit: str
    petugas_nip: str | None = None
    isi: str
    diterima_pada: datetime
    tenggat_verifikasi: date
    tenggat_respons: date
    tenggat_selesai: date
    lewat_tenggat: bool
    tanggapan: str
    alasan_tolak: str
    version: int = Field(..., description="Kirim kembali saat mengubah status")
    diubah: datetime = Field(..., description="Waktu perubahan terakhir (untuk updated_since)")


class LangkahOut(Schema):
    dari: pilihan(Aduan.Status, kosong=True)
    ke: pilihan(Aduan.Status)
    pada: datetime
    catatan: str


class AduanDalamOut(AntreanOut):
    nama_pelapor: str
    kontak_pelapor: str
    langkah: list[LangkahOut]
    boleh_ubah: bool = Field(..., description="Akun ini boleh mengubah status aduan ini")
    status_berikut: list[pilihan(Aduan.Status)] = Field(
        ..., description="Status yang boleh dituju akun ini (petugas terusan: hanya direspons)"
    )


class PindahIn(Schema):
    ke: Literal["diverifikasi", "diteruskan", "direspons", "selesai", "ditolak"]
    version: int | None = Field(
        None, description="Versi aduan yang dibaca (atau header If-Match dengan ETag-nya)"
    )
    petugas_nip: str = Field("", description="Wajib untuk diteruskan: NIP petugas penanganan")
    tanggapan: str = Field("", max_length=5000, description="Wajib untuk direspons")
    alasan: str = Field("", max_length=2000, description="Wajib untuk ditolak")
    catatan: str = Field("", max_length=2000)


QUEUE_STATUSES = {"", "terbuka", *Aduan.Status.values}
QUEUE_PATTERN = "^(" + "|".join(sorted(QUEUE_STATUSES)) + ")$"


def _antrean(aduan: Aduan, today: date) -> dict:
    return {
        "kode_lacak": aduan.kode_lacak, "status": aduan.status,
        "status_label": aduan.get_status_display(),
        "layanan": aduan.layanan.kode_publik if aduan.layanan_id else None,
        "unit_id": aduan.unit_id, "unit": aduan.unit.nama,
        "petugas_nip": aduan.petugas.nip if aduan.petugas_id else None, "isi": aduan.isi,
        "diterima_pada": aduan.diterima_pada, "tenggat_verifikasi": aduan.tenggat_verifikasi,
        "tenggat_respons": aduan.tenggat_respons, "tenggat_selesai": aduan.tenggat_selesai,
        "lewat_tenggat": aduan.lewat_tenggat(today), "tanggapan": aduan.tanggapan,
        "alasan_tolak": aduan.alasan_tolak, "version": aduan.version, "diubah": aduan.diubah,
    }  # fmt: skip


@router.get(
    "/antrean-aduan", response=list[AntreanOut], tags=INSIDE,
    summary="Antrean aduan (per unit yang dapat dilihat)",
    description=(
        "Bawaan: aduan terbaru dahulu (`urut`). `status`: `terbuka` (bawaan: belum "
        "selesai/ditolak), kosong untuk semua, atau satu status; `lewat=true` hanya yang "
        "melewati tenggat; `unit` membatasi ke satu unit. Admin, pimpinan dan auditor melihat "
        "instansi; kepala unit unitnya. Dengan `updated_since` tanpa `status`: semua status. "
        + SINKRON_DOC
    ),
)  # fmt: skip
@paginate(Sinkron, page_size=50)
@cakupan("baca")
def antrean_aduan(
    request,
    # the allowed values in the schema (a pattern: a paginated view's annotations are read in
    # ninja's namespace, so no Literal here); the view refuses the rest with its own message
    status: str = Query("terbuka", pattern=QUEUE_PATTERN, description="Status antrean"),
    lewat: bool = False,
    unit: int | None = None,
    updated_since: AwareDatetime | None = UPDATED_SINCE,
    urut: Literal["terbaru", "terlama", "tenggat", "diubah"] = Query(
        "terbaru",
        description="Tanpa updated_since: terbaru/terlama (waktu diterima), tenggat "
        "(tenggat selesai terdekat dahulu) atau diubah",
    ),  # fmt: skip
):
    if status not in QUEUE_STATUSES:
        raise ApiError(
            422, "validasi", f"status harus salah satu dari {sorted(QUEUE_STATUSES)}", "status"
        )
    if updated_since and "status" not in request.GET:
        status = ""  # a sync sees every change, closed complaints included
    scope = unit_scope(request.user)
    if unit is not None:
        scope = {unit} if scope is None or unit in scope else set()
    today = timezone.localdate()
    rows = queries.complaint_queue(
        request.user.instansi_id, unit_ids=scope, status=status, lewat_tenggat=lewat,
        today=today,
    )  # fmt: skip
    return Keyset(rows, since=updated_since, ordering=URUT_ADUAN[urut],
                  fn=lambda a: _antrean(a, today))  # fmt: skip


URUT_ADUAN = {
    "terbaru": ("-diterima_pada", "-pk"),
    "terlama": ("diterima_pada", "pk"),
    "tenggat": ("tenggat_selesai", "diterima_pada", "pk"),
    "diubah": ("diubah", "pk"),
}


def _aduan_dalam(aduan: Aduan, user) -> dict:
    steps = aduan.transisi.order_by("pada", "pk").values("dari", "ke", "pada", "catatan")
    return {
        **_antrean(aduan, timezone.localdate()),
        "nama_pelapor": aduan.nama_pelapor, "kontak_pelapor": aduan.kontak_pelapor,
        "langkah": list(steps), "boleh_ubah": can_handle_complaint(user, aduan),
        "status_berikut": allowed_moves(user, aduan),
    }  # fmt: skip


@router.get(
    "/antrean-aduan/{kode}", response={200: AduanDalamOut, 304: None, 403: Galat, 404: Galat},
    tags=INSIDE, summary="Satu aduan dengan riwayat statusnya",
    description="Header `ETag` (kuat); kirim kembali di `If-Match` saat memindahkan status.",
    openapi_extra={"parameters": [IF_NONE_MATCH_DOC]},
)  # fmt: skip
@cakupan("baca")
def baca_aduan_dalam(request, kode: str, response: HttpResponse):
    shown = _aduan_dalam(complaint_for(request.user, kode.upper()), request.user)
    return conditional_get(request, response, AduanDalamOut, shown)


@router.post(
    "/antrean-aduan/{kode}/status",
    response={200: AduanDalamOut, 400: Galat, 403: Galat, 404: Galat, 409: Galat, 422: Galat,
              **REQUIRED_RESPONSES},
    tags=INSIDE, summary="Pindahkan aduan ke status berikutnya",
    openapi_extra={"parameters": [IF_MATCH_DOC]},
    description=(
        "diterima → diverifikasi → diteruskan (ke petugas; boleh diulang) → direspons → "
        "selesai; diterima/diverifikasi → ditolak dengan alasan. Versi yang dibaca wajib, "
        "sebagai `version` (bila aduan sudah diubah orang lain: 409 `konflik_versi`) atau "
        "header `If-Match` berisi ETag dari `GET /antrean-aduan/{kode}` (412); tanpa keduanya: "
        "428. Yang ditolak tidak mengubah apa pun. Langkah yang tidak diizinkan alur juga 409 "
        "(`kolom: ke`)."
    ),
)  # fmt: skip
def pindah_aduan(request, kode: str, data: PindahIn, response: HttpResponse):
    aduan = complaint_for(request.user, kode.upper())
    if not handles_all_steps(request.user, aduan) and not (
        data.ke == "direspons" and can_handle_complaint(request.user, aduan)
    ):  # authorisation before the precondition (412)
        raise PermissionDenied("Anda hanya dapat menanggapi aduan yang diteruskan kepada Anda.")
    dasar = precondition(
        request, aduan, body_version=data.version, required=True,
        current=lambda a: etag_of(AduanDalamOut, _aduan_dalam(a, request.user)),
    )  # fmt: skip
    version, from_header = dasar.version, dasar.from_header
    petugas = None
    if data.petugas_nip:
        petugas = (
            for_agency(Pegawai.objects.all(), request.user)
            .filter(nip=data.petugas_nip.replace(" ", ""), aktif=True)
            .first()
        )
        if petugas is None:
            # well-formed, but names no active officer of the agency: 422, not 400 (unreadable)
            raise ApiError(422, "petugas_wajib", "Petugas dengan NIP itu tidak ditemukan.",
                           "petugas_nip")  # fmt: skip
    try:
        moved = move_complaint(
            aduan, ke=data.ke, by=request.user, catatan=data.catatan, petugas=petugas,
            tanggapan=data.tanggapan, alasan=data.alasan, version=version,
        )  # fmt: skip
    except Refused as refused:
        if refused.kode == "sudah_berubah":
            raise stale(refused.pesan, from_header=from_header) from None
        raise _refused(refused) from None
    shown = _aduan_dalam(complaint_for(request.user, moved.kode_lacak), request.user)
    response["ETag"] = etag_of(AduanDalamOut, shown)
    return shown
