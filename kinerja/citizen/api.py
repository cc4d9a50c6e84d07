"""Public API for other channels (kiosks, a city's app): submit a survey answer, submit a
complaint, read a complaint's public status. No login (auth=None) and no CSRF cookie; the
same protections as the pages apply: rate limits per network address and per service,
one-time receipt codes and burst detection."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from kinerja.citizen import protection, queries
from kinerja.citizen.complaints import submit_complaint
from kinerja.citizen.errors import Refused
from kinerja.citizen.models import Aduan, JawabanSurvei, Layanan
from kinerja.citizen.survey import submit_answer
from kinerja.core.api_errors import ApiError, Galat

router = Router(tags=["Survei dan aduan publik"])


class SurveiIn(Schema):
    u1: int = Field(..., ge=1, le=4, description="U1 Persyaratan")
    u2: int = Field(..., ge=1, le=4, description="U2 Sistem, mekanisme dan prosedur")
    u3: int = Field(..., ge=1, le=4, description="U3 Waktu penyelesaian")
    u4: int = Field(..., ge=1, le=4, description="U4 Biaya/tarif")
    u5: int = Field(..., ge=1, le=4, description="U5 Produk spesifikasi jenis pelayanan")
    u6: int = Field(..., ge=1, le=4, description="U6 Kompetensi pelaksana")
    u7: int = Field(..., ge=1, le=4, description="U7 Perilaku pelaksana")
    u8: int = Field(..., ge=1, le=4, description="U8 Penanganan pengaduan, saran dan masukan")
    u9: int = Field(..., ge=1, le=4, description="U9 Sarana dan prasarana")
    petugas: str = Field("", description="Kode petugas pada kartu QR, atau NIP petugas")
    token: str = Field("", description="Kode struk sekali pakai, bila layanan memakainya")
    jenis_kelamin: str = Field("", pattern="^(|L|P)$", description="L atau P (opsional)")
    usia: int | None = Field(None, ge=10, le=120, description="Usia dalam tahun (opsional)")
    pendidikan: str = Field("", description="sd, smp, sma, diploma, s1, s2 (opsional)")
    pekerjaan: str = Field("", description="pns, swasta, wirausaha, pelajar, lainnya (opsional)")
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
    status: str
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


def _refused(refused: Refused) -> ApiError:
    return ApiError(refused.status, refused.kode, refused.pesan, refused.kolom)


def _ip_hash(request) -> str:
    return protection.network_hash(protection.client_network(request))


@router.post(
    "/survei/{kode}/",
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
    try:
        accepted = submit_answer(
            layanan, answers=data.dict(include={f"u{i}" for i in range(1, 10)}),
            profile=profile, token=data.token, ip_hash=_ip_hash(request),
            petugas_id=petugas_id,
            saluran=JawabanSurvei.Saluran.API,
        )  # fmt: skip
    except Refused as refused:
        raise _refused(refused) from None
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
    "/aduan/",
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
    layanan = get_object_or_404(
        Layanan.objects.select_related("instansi"), kode_publik=data.layanan, aktif=True
    )
    try:
        aduan = submit_complaint(
            layanan.instansi, layanan=layanan, isi=data.isi, nama_pelapor=data.nama_pelapor,
            kontak_pelapor=data.kontak_pelapor, ip_hash=_ip_hash(request), saluran="api",
        )  # fmt: skip
    except Refused as refused:
        raise _refused(refused) from None
    return Status(201, _status(aduan))


@router.get(
    "/aduan/{kode}/",
    auth=None,
    response={200: AduanOut, 404: Galat},
    summary="Status aduan",
    description="Status publik aduan menurut kode lacak; tanpa data pelapor.",
)
def status_aduan(request, kode: str):
    return _status(get_object_or_404(Aduan, kode_lacak=kode.upper()))
