"""Storing survey answers (SKM) with their protections, and HR's review of flagged ones."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from kinerja.citizen import anomaly, directory, protection
from kinerja.citizen.errors import Refused
from kinerja.citizen.models import ELEMENT_FIELDS, JawabanSurvei, Layanan, TokenSurvei
from kinerja.citizen.write_queue import queued_write
from kinerja.core import audit

PROFILE_FIELDS = ("jenis_kelamin", "usia", "pendidikan", "pekerjaan", "saran")
TOKEN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - no 0/O, 1/I on receipts
TOKEN_LENGTH = 8
BURST_REASON = "Lonjakan jawaban identik: sedikitnya {n} jawaban sama persis dalam {menit} menit"


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
    prefix_hash: str = "",
    petugas_id: int | None = None,
    kode_pendek: bool = False,
    profile: Mapping[str, object] | None = None,
    token: str = "",
    saluran: str = JawabanSurvei.Saluran.WEB,
    now: datetime | None = None,
) -> Accepted:
    """Store one answer, or refuse it with a reason the respondent can act on.

    The answer is committed when this returns: the thank-you page and the API's
    acknowledgement come after it. A burst of identical answers is stored but flagged
    (and the earlier identical ones of the burst with it) and left out of the index
    until HR reviews it. An answer about an officer passes the officer's daily cap per
    address and then the anomaly check (:mod:`kinerja.citizen.anomaly`), which may hold
    it, with others of the officer's day, out of the index until HR reviews the batch.
    ``kode_pendek`` says the officer was named by the short printed code or NIP rather than
    the QR's code: then only a receipt code makes the answer count for them.
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
    if petugas_id and kode_pendek and not token:
        raise Refused(
            "kode_petugas_pendek",
            "Kode petugas yang diketik hanya berlaku bersama kode struk. Pindai QR pada kartu "
            "petugas, atau masukkan kode struk dari transaksi Anda.",
            kolom="token",
        )
    pattern = JawabanSurvei.pattern_of(clean[f] for f in ELEMENT_FIELDS)
    values = {
        "instansi_id": layanan.instansi_id, "layanan_id": layanan.pk, "petugas_id": petugas_id,
        **clean, **dict(PROFILE_DEFAULTS, **profile), "diterima_pada": now, "ip_hash": ip_hash,
        "prefix_hash": prefix_hash or ip_hash, "saluran": saluran, "token_id": None,
        "pola": pattern,
    }  # fmt: skip
    # One round trip stores or refuses the answer. SQLite: one statement is atomic by itself
    # and holds the write lock only while it runs. PostgreSQL: the per-address advisory
    # lock goes first in the same simple query (one implicit transaction), so the insert's
    # snapshot is taken after the wait and sees the rows the previous holder committed.
    lock_key = protection.network_lock_key(ip_hash) if connection.vendor == "postgresql" else None
    found = _insert_checked(layanan, values, token, lock_key=lock_key)
    if found is None:
        _check_rate(protection.window_counts(
            layanan_id=layanan.pk, ip_hash=ip_hash, pattern=pattern, now=now,
            petugas_id=petugas_id if not token else None,
        ))  # fmt: skip
        raise AssertionError("an answer refused by no rule")  # pragma: no cover
    pk, flagged = found[0], bool(found[1])
    if flagged:
        # The new answer is stored flagged; the earlier identical ones of the burst follow
        # here. Should this step be lost, the next identical answer flags them again.
        burst = protection.burst_rule()
        with transaction.atomic():
            JawabanSurvei.objects.filter(
                layanan_id=layanan.pk, pola=pattern, diterima_pada__gte=now - burst.window,
                ditandai=False,
            ).update(ditandai=True, dihitung=False, alasan_tanda=burst_reason(burst))  # fmt: skip
    jawaban = JawabanSurvei(pk=pk, ditandai=flagged, dihitung=not flagged, **values)
    if flagged:
        jawaban.alasan_tanda = burst_reason(protection.burst_rule())
    if petugas_id:
        held = anomaly.check_officer_day(
            instansi_id=layanan.instansi_id, layanan_id=layanan.pk, petugas_id=petugas_id,
            now=now,
        )  # fmt: skip
        if pk in held:
            jawaban.ditandai, jawaban.dihitung = True, False
            flagged = True
    return Accepted(jawaban=jawaban, ditandai=flagged)


PROFILE_DEFAULTS = {
    "jenis_kelamin": "", "usia": None, "pendidikan": "", "pekerjaan": "", "saran": "",
}  # fmt: skip
_INSERT_COLUMNS = (
    "instansi_id", "layanan_id", "petugas_id", *ELEMENT_FIELDS, *PROFILE_DEFAULTS,
    "diterima_pada", "ip_hash", "prefix_hash", "saluran", "token_id", "pola",
)  # fmt: skip
_TABLE = JawabanSurvei._meta.db_table
# Check and store in one statement: the three bounded window counts (each on its own
# index, as in protection.WINDOW_COUNTS_SQL) decide whether the row is inserted at all and
# whether it is flagged as part of a burst. No row back means a rate limit refused it.
INSERT_CHECKED_SQL = (
    "WITH c AS MATERIALIZED (SELECT "  # noqa: S608 - table and columns from the model
    f"(SELECT COUNT(*) FROM (SELECT 1 FROM {_TABLE} WHERE ip_hash = %s AND layanan_id = %s"
    " AND diterima_pada >= %s LIMIT %s) a) AS per_address, "
    f"(SELECT COUNT(*) FROM (SELECT 1 FROM {_TABLE} WHERE layanan_id = %s"
    " AND diterima_pada >= %s LIMIT %s) b) AS per_service, "
    f"(SELECT COUNT(*) FROM (SELECT 1 FROM {_TABLE} WHERE layanan_id = %s AND pola = %s"
    " AND diterima_pada >= %s LIMIT %s) d) AS burst, "
    f"(SELECT COUNT(*) FROM (SELECT 1 FROM {_TABLE} WHERE ip_hash = %s AND petugas_id = %s"
    " AND token_id IS NULL AND diterima_pada >= %s LIMIT %s) e) AS per_officer) "
    f"INSERT INTO {_TABLE} ({', '.join(_INSERT_COLUMNS)}, ditandai, dihitung, "
    "alasan_tanda, review) "
    f"SELECT {', '.join(['%s'] * len(_INSERT_COLUMNS))}, "
    "c.burst + 1 >= %s, c.burst + 1 < %s, CASE WHEN c.burst + 1 >= %s THEN %s ELSE '' END, '' "
    "FROM c WHERE c.per_address < %s AND (%s = 0 OR c.per_service < %s) "
    "AND (%s = 0 OR c.per_officer < %s) "
    "RETURNING id, ditandai"
)


def burst_reason(burst: protection.Limit) -> str:
    return BURST_REASON.format(n=burst.count, menit=int(burst.window.total_seconds() // 60))


def _insert_checked(
    layanan: Layanan, values: dict, token: str, *, lock_key: int | None
) -> tuple | None:
    """Insert the answer unless a rate limit refuses it: ``(id, ditandai)`` or None. A
    receipt code is claimed by the same insert (``token_id`` is one-to-one)."""
    if token:
        values["token_id"] = _claim_token(layanan, token).pk
    per_address, per_service, burst = (
        protection.survey_ip_limit(), protection.survey_service_limit(), protection.burst_rule()
    )  # fmt: skip
    # A receipt code proves a transaction: the officer's per-address daily cap counts
    # only answers without one (a kiosk at the counter works through receipt codes).
    officer_cap = (
        protection.officer_daily_address_limit()
        if values["petugas_id"] and not values["token_id"]
        else 0
    )
    adapt = connection.ops.adapt_datetimefield_value
    now = values["diterima_pada"]
    params = [
        values["ip_hash"], layanan.pk, adapt(now - per_address.window), per_address.count,
        layanan.pk, adapt(now - per_service.window), per_service.count,
        layanan.pk, values["pola"], adapt(now - burst.window), burst.count,
        values["ip_hash"], values["petugas_id"], adapt(protection.day_start(now)), officer_cap,
        *(adapt(now) if c == "diterima_pada" else values[c] for c in _INSERT_COLUMNS),
        burst.count, burst.count, burst.count, burst_reason(burst),
        per_address.count, per_service.count, per_service.count, officer_cap, officer_cap,
    ]  # fmt: skip
    sql = INSERT_CHECKED_SQL
    if lock_key is not None:
        sql, params = f"SELECT pg_advisory_xact_lock(%s); {sql}", [lock_key, *params]
    try:
        with (
            queued_write(),
            connection.cursor() as cursor,
            transaction.atomic() if token else nullcontext(),
        ):
            cursor.execute(sql, params)
            if lock_key is not None:
                cursor.nextset()
            return cursor.fetchone()
    except IntegrityError as exc:
        if token:  # a concurrent claim of the same code lost on the one-to-one constraint
            raise _token_used() from exc
        raise


def _token_used() -> Refused:
    return Refused(
        "kode_struk_terpakai",
        "Kode struk ini sudah dipakai untuk mengisi survei. Satu transaksi, satu jawaban; "
        "terima kasih atas partisipasi Anda.",
        kolom="token",
        status=409,
    )


def _claim_token(layanan: Layanan, kode: str) -> TokenSurvei:
    """The receipt code of this service, unused: one query (the code with its answer)."""
    found = (
        TokenSurvei.objects.filter(
            instansi_id=layanan.instansi_id, kode=kode, layanan_id=layanan.pk
        )
        .values_list("pk", "jawaban__id")
        .first()
    )
    if found is None:
        raise Refused(
            "kode_struk_tidak_dikenal",
            "Kode struk tidak dikenal untuk layanan ini. Periksa kembali huruf dan angkanya.",
            kolom="token",
        )
    if found[1] is not None:
        raise _token_used()
    return TokenSurvei(pk=found[0], kode=kode, layanan_id=layanan.pk)


def _check_rate(counts: protection.WindowCounts) -> None:
    cap = protection.officer_daily_address_limit()
    if cap and counts.per_officer_today >= cap:
        raise Refused(
            "batas_harian_petugas",
            f"Dari jaringan ini sudah masuk {cap} jawaban untuk petugas ini hari ini, batas "
            "hariannya. Terima kasih; silakan isi lagi besok atau pakai kode struk transaksi.",
            status=429,
        )
    if counts.per_address >= protection.survey_ip_limit().count:
        raise Refused(
            "terlalu_sering",
            "Terlalu banyak jawaban dari jaringan ini dalam waktu singkat. "
            "Silakan coba lagi beberapa menit lagi.",
            status=429,
        )
    per_service = protection.survey_service_limit()
    if per_service.count and counts.per_service >= per_service.count:
        raise Refused(
            "layanan_sibuk",
            "Survei layanan ini sedang menerima terlalu banyak jawaban. "
            "Silakan coba lagi beberapa menit lagi.",
            status=429,
        )


def new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def create_tokens(layanan: Layanan, *, jumlah: int, by) -> list[TokenSurvei]:
    """Make ``jumlah`` one-time receipt codes for a service (1–5000 at once), each unique
    across agencies through the code directory."""
    if not 1 <= jumlah <= 5000:
        raise Refused("jumlah_tidak_sah", "Jumlah kode harus 1 sampai 5000.", kolom="jumlah")
    with transaction.atomic():
        codes = directory.claim_many(layanan.instansi_id, directory.Jenis.TOKEN, jumlah, new_token)
        rows = [
            TokenSurvei(instansi_id=layanan.instansi_id, layanan=layanan, kode=kode)
            for kode in codes
        ]
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
    if jawaban.tahanan_id is not None:
        raise Refused(
            "bagian_tahanan",
            "Jawaban ini bagian dari tahanan satu petugas; putuskan lewat halaman tahanannya.",
        )
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
