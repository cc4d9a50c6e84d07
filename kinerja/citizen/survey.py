"""Storing survey answers (SKM) with their protections, and HR's review of flagged ones."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from kinerja.citizen import protection
from kinerja.citizen.errors import Refused
from kinerja.citizen.models import ELEMENT_FIELDS, JawabanSurvei, Layanan, TokenSurvei
from kinerja.core import audit

PROFILE_FIELDS = ("jenis_kelamin", "usia", "pendidikan", "pekerjaan", "saran")
TOKEN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - no 0/O, 1/I on receipts
TOKEN_LENGTH = 8
BURST_REASON = "Lonjakan jawaban identik: {n} jawaban sama persis dalam {menit} menit"


@dataclass(frozen=True)
class Accepted:
    jawaban: JawabanSurvei
    ditandai: bool


def normalise_token(kode: str) -> str:
    return "".join(ch for ch in kode.upper() if ch.isalnum())


def _validate_answers(answers: Mapping[str, object]) -> dict[str, int]:
    clean = {}
    for field in ELEMENT_FIELDS:
        value = answers.get(field)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
            raise Refused(
                "jawaban_tidak_lengkap",
                f"Pertanyaan {field.upper()} belum dijawab; pilih salah satu dari 1 sampai 4.",
                kolom=field,
            )
        clean[field] = value
    return clean


def submit_answer(
    layanan: Layanan,
    *,
    answers: Mapping[str, object],
    ip_hash: str,
    petugas_id: int | None = None,
    profile: Mapping[str, object] | None = None,
    token: str = "",
    saluran: str = JawabanSurvei.Saluran.WEB,
    now: datetime | None = None,
) -> Accepted:
    """Store one answer, or refuse it with a reason the respondent can act on.

    The answer is committed when this returns: the thank-you page and the API's
    acknowledgement come after it. A burst of identical answers is stored but flagged
    (and the earlier identical ones of the burst with it) and left out of the index
    until HR reviews it.
    """
    if not layanan.aktif:
        raise Refused(
            "layanan_tidak_aktif", "Layanan ini tidak sedang menerima survei.", status=404
        )
    clean = _validate_answers(answers)
    now = now or timezone.now()
    profile = {k: v for k, v in (profile or {}).items() if k in PROFILE_FIELDS and v}
    token = normalise_token(token)
    if layanan.wajib_token and not token:
        raise Refused(
            "kode_struk_wajib",
            "Layanan ini meminta kode struk. Masukkan kode yang tercetak pada struk Anda.",
            kolom="token",
        )
    with transaction.atomic():
        protection.lock_network(ip_hash)
        token_row = _claim_token(layanan, token) if token else None
        _check_rate(layanan, ip_hash=ip_hash, now=now)
        burst = protection.burst_rule()
        pattern = JawabanSurvei.pattern_of(clean[f] for f in ELEMENT_FIELDS)
        identical = JawabanSurvei.objects.filter(
            layanan=layanan, pola=pattern, diterima_pada__gte=now - burst.window
        )
        same = identical[: burst.count].count()
        flagged = same + 1 >= burst.count
        reason = ""
        if flagged:
            reason = BURST_REASON.format(n=same + 1, menit=int(burst.window.total_seconds() // 60))
            identical.filter(ditandai=False).update(
                ditandai=True, dihitung=False, alasan_tanda=reason
            )
        try:
            with transaction.atomic():
                jawaban = JawabanSurvei.objects.create(
                    instansi_id=layanan.instansi_id, layanan=layanan, petugas_id=petugas_id,
                    diterima_pada=now, ip_hash=ip_hash, saluran=saluran, token=token_row,
                    ditandai=flagged, dihitung=not flagged, alasan_tanda=reason, pola=pattern,
                    **clean, **profile,
                )  # fmt: skip
        except IntegrityError as exc:
            if token_row is not None:
                raise _token_used() from exc
            raise
    return Accepted(jawaban=jawaban, ditandai=flagged)


def _token_used() -> Refused:
    return Refused(
        "kode_struk_terpakai",
        "Kode struk ini sudah dipakai untuk mengisi survei. Satu transaksi, satu jawaban; "
        "terima kasih atas partisipasi Anda.",
        kolom="token",
        status=409,
    )


def _claim_token(layanan: Layanan, kode: str) -> TokenSurvei:
    row = TokenSurvei.objects.filter(kode=kode, layanan=layanan).first()
    if row is None:
        raise Refused(
            "kode_struk_tidak_dikenal",
            "Kode struk tidak dikenal untuk layanan ini. Periksa kembali huruf dan angkanya.",
            kolom="token",
        )
    if JawabanSurvei.objects.filter(token=row).exists():
        raise _token_used()
    return row


def _check_rate(layanan: Layanan, *, ip_hash: str, now: datetime) -> None:
    per_address = protection.survey_ip_limit()
    recent = JawabanSurvei.objects.filter(
        layanan=layanan, ip_hash=ip_hash, diterima_pada__gte=now - per_address.window
    )
    if recent[: per_address.count].count() >= per_address.count:
        raise Refused(
            "terlalu_sering",
            "Terlalu banyak jawaban dari jaringan ini dalam waktu singkat. "
            "Silakan coba lagi beberapa menit lagi.",
            status=429,
        )
    per_service = protection.survey_service_limit()
    if not per_service.count:
        return
    busy = JawabanSurvei.objects.filter(
        layanan=layanan, diterima_pada__gte=now - per_service.window
    )
    if busy[: per_service.count].count() >= per_service.count:
        raise Refused(
            "layanan_sibuk",
            "Survei layanan ini sedang menerima terlalu banyak jawaban. "
            "Silakan coba lagi beberapa menit lagi.",
            status=429,
        )


def create_tokens(layanan: Layanan, *, jumlah: int, by) -> list[TokenSurvei]:
    """Make ``jumlah`` one-time receipt codes for a service (1–5000 at once)."""
    if not 1 <= jumlah <= 5000:
        raise Refused("jumlah_tidak_sah", "Jumlah kode harus 1 sampai 5000.", kolom="jumlah")
    rows = [
        TokenSurvei(
            instansi_id=layanan.instansi_id,
            layanan=layanan,
            kode="".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH)),
        )
        for _ in range(jumlah)
    ]
    with transaction.atomic():
        TokenSurvei.objects.bulk_create(rows)
        audit.record(
            layanan.instansi, actor=by, action="citizen.token.buat", obj=layanan,
            after={"jumlah": jumlah},
        )  # fmt: skip
    return rows


def review_answer(jawaban: JawabanSurvei, *, terima: bool, by, catatan: str = "") -> JawabanSurvei:
    """HR's decision on a flagged answer: count it in the index, or keep it out."""
    if not jawaban.ditandai:
        raise Refused("tidak_ditandai", "Jawaban ini tidak ditandai; tidak perlu direview.")
    keputusan = JawabanSurvei.Review.DITERIMA if terima else JawabanSurvei.Review.DIKECUALIKAN
    with transaction.atomic():
        row = JawabanSurvei.objects.select_for_update().get(pk=jawaban.pk)
        before = {"review": row.review, "dihitung": row.dihitung}
        if row.review == keputusan:
            return row
        row.review = keputusan
        row.dihitung = terima
        row.direview_oleh = by
        row.direview_pada = timezone.now()
        row.save(update_fields=["review", "dihitung", "direview_oleh", "direview_pada"])
        audit.record(
            row.layanan.instansi, actor=by, action="citizen.jawaban.review", obj=row,
            before=before, after={"review": keputusan, "dihitung": terima, "catatan": catatan},
            object_repr=f"Jawaban survei #{row.pk} ({row.layanan})",
        )  # fmt: skip
    return row
