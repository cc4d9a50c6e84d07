"""The anomaly check on answers about one officer (docs/survei.md §2, *Jawaban yang
ditahan*): public answers feed a person's rating, so they are defended like votes.

After each answer that names an officer, the officer's answers of that day are checked
against four rules: a burst (many answers in a few minutes), many answers from one network
address, many from one network prefix (IPv4 /24, IPv6 /48), and a shift of the day's mean
answer away from the officer's own recent baseline. Answers a rule points at are held:
stored, flagged, left out of the index (``dihitung`` false, so every figure computed from
:func:`kinerja.citizen.queries.answers_between` leaves them out) and gathered in one open
:class:`TahananSurvei` batch per officer and day with the evidence, until HR releases or
rejects the batch (:func:`decide_hold`, audited). Nothing is deleted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from kinerja.citizen.errors import Refused
from kinerja.citizen.models import ELEMENT_FIELDS, JawabanSurvei, TahananSurvei
from kinerja.citizen.protection import day_start
from kinerja.core import audit

RULE_LABELS = {
    "lonjakan": "Lonjakan jawaban dalam beberapa menit",
    "alamat": "Banyak jawaban dari satu alamat jaringan",
    "awalan": "Banyak jawaban dari satu jaringan (awalan /24)",
    "pergeseran": "Sebaran jawaban hari ini bergeser jauh dari biasanya",
}
DAY_ROWS_MAX = 5000
"""The check reads at most this many of an officer's answers of one day."""


@dataclass(frozen=True)
class Policy:
    """The thresholds (``KINERJA_SURVEI_ANOMALI`` overrides any of them by name)."""

    lonjakan_jumlah: int = 10
    lonjakan_detik: int = 300
    alamat_jumlah: int = 3
    awalan_jumlah: int = 6
    geser_min_hari_ini: int = 8
    geser_min_dasar: int = 20
    geser_hari_dasar: int = 90
    geser_selisih: float = 0.75


def policy() -> Policy:
    return Policy(**getattr(settings, "KINERJA_SURVEI_ANOMALI", {}))


@dataclass(frozen=True)
class _Row:
    pk: int
    ip_hash: str
    prefix_hash: str
    receipt: bool
    at: datetime
    open: bool
    mean: float
    answers: tuple[int, ...]


def _day_rows(instansi_id: int, petugas_id: int, start: datetime) -> list[_Row]:
    fields = ("pk", "ip_hash", "prefix_hash", "token_id", "diterima_pada", "review", "tahanan_id")
    rows = (
        JawabanSurvei.objects.filter(
            instansi_id=instansi_id,
            petugas_id=petugas_id,
            diterima_pada__gte=start,
            diterima_pada__lt=start + timedelta(days=1),
        )  # fmt: skip
        .order_by("diterima_pada", "pk")
        .values_list(*fields, *ELEMENT_FIELDS)[:DAY_ROWS_MAX]
    )
    found = []
    for pk, ip, prefix, token_id, at, review, tahanan_id, *answers in rows:
        found.append(
            _Row(
                pk=pk, ip_hash=ip, prefix_hash=prefix or ip, receipt=token_id is not None,
                at=at, open=not review and tahanan_id is None, mean=sum(answers) / 9,
                answers=tuple(answers),
            )
        )  # fmt: skip
    return found


def _burst(rows: list[_Row], rule: Policy) -> tuple[set[int], dict]:
    window = timedelta(seconds=rule.lonjakan_detik)
    marked: set[int] = set()
    widest = 0
    first = 0
    for last in range(len(rows)):
        while rows[last].at - rows[first].at > window:
            first += 1
        size = last - first + 1
        widest = max(widest, size)
        if size >= rule.lonjakan_jumlah:
            marked.update(r.pk for r in rows[first : last + 1])
    return marked, {"terbanyak_dalam_jendela": widest, "batas": rule.lonjakan_jumlah,
                    "detik": rule.lonjakan_detik}  # fmt: skip


def _concentration(rows: list[_Row], key: str, limit: int) -> tuple[set[int], dict]:
    groups: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if not row.receipt:
            groups[getattr(row, key)].append(row.pk)
    heavy = {k: pks for k, pks in groups.items() if len(pks) >= limit}
    evidence = {
        "batas": limit,
        "kelompok": [
            {"jaringan": k[:8], "jawaban": len(pks)}
            for k, pks in sorted(heavy.items(), key=lambda kv: -len(kv[1]))[:10]
        ],
    }
    return {pk for pks in heavy.values() for pk in pks}, evidence


def _baseline(instansi_id: int, petugas_id: int, start: datetime, days: int) -> tuple[int, float]:
    totals = JawabanSurvei.objects.filter(
        instansi_id=instansi_id, petugas_id=petugas_id, dihitung=True,
        diterima_pada__gte=start - timedelta(days=days), diterima_pada__lt=start,
    ).aggregate(n=Count("id"), **{f: Sum(f) for f in ELEMENT_FIELDS})  # fmt: skip
    n = totals["n"] or 0
    if not n:
        return 0, 0.0
    return n, sum(totals[f] for f in ELEMENT_FIELDS) / (9 * n)


def suspects(
    instansi_id: int, petugas_id: int, now: datetime
) -> tuple[list[_Row], set[int], list[str], dict]:
    """The officer's answers of the day of ``now``, the ones the rules point at, the rules
    that fired and the evidence. Pure reading."""
    rule = policy()
    start = day_start(now)
    rows = _day_rows(instansi_id, petugas_id, start)
    marked: set[int] = set()
    fired: list[str] = []
    evidence: dict = {}
    checks = {
        "lonjakan": _burst(rows, rule) if rows else (set(), {}),
        "alamat": _concentration(rows, "ip_hash", rule.alamat_jumlah),
        "awalan": _concentration(rows, "prefix_hash", rule.awalan_jumlah),
    }
    for name, (pks, detail) in checks.items():
        evidence[name] = detail
        if pks:
            fired.append(name)
            marked |= pks
    if len(rows) >= rule.geser_min_hari_ini:
        n_base, mean_base = _baseline(instansi_id, petugas_id, start, rule.geser_hari_dasar)
        mean_today = sum(r.mean for r in rows) / len(rows)
        evidence["pergeseran"] = {
            "rerata_hari_ini": round(mean_today, 2), "rerata_dasar": round(mean_base, 2),
            "responden_dasar": n_base, "selisih_batas": rule.geser_selisih,
            "hari_dasar": rule.geser_hari_dasar,
        }  # fmt: skip
        if n_base >= rule.geser_min_dasar and abs(mean_today - mean_base) >= rule.geser_selisih:
            fired.append("pergeseran")
            marked |= {r.pk for r in rows}
    spread = Counter(v for r in rows for v in r.answers)
    evidence["hari_ini"] = {
        "jawaban": len(rows),
        "rerata": round(sum(r.mean for r in rows) / len(rows), 2) if rows else None,
        "sebaran": {str(v): spread.get(v, 0) for v in range(1, 5)},
        "alamat_berbeda": len({r.ip_hash for r in rows}),
        "awalan_berbeda": len({r.prefix_hash for r in rows}),
        "dengan_kode_struk": sum(r.receipt for r in rows),
    }
    return rows, marked, fired, evidence


def reason(fired: list[str]) -> str:
    return ("Ditahan: " + "; ".join(RULE_LABELS[f] for f in fired))[:200]


def check_officer_day(
    *, instansi_id: int, petugas_id: int, now: datetime, layanan_id: int | None = None
) -> set[int]:
    """Hold the officer's open answers of the day that a rule points at. Returns the ids of
    the answers held by the open batch (empty when nothing is suspect)."""
    rows, marked, fired, evidence = suspects(instansi_id, petugas_id, now)
    new = {r.pk for r in rows if r.open and r.pk in marked}
    if not new:
        return set()
    tanggal = timezone.localtime(now).date()
    with transaction.atomic():
        batch = _open_batch(instansi_id, petugas_id, tanggal)
        created = not batch.aturan
        batch.aturan = sorted(set(batch.aturan) | set(fired))
        batch.bukti = evidence | {"diperbarui": timezone.now().isoformat(timespec="seconds")}
        batch.save(update_fields=["aturan", "bukti"])
        JawabanSurvei.objects.filter(pk__in=new, review="", tahanan__isnull=True).update(
            tahanan=batch, ditandai=True, dihitung=False, alasan_tanda=reason(batch.aturan)
        )
        if created:
            audit.record(
                batch.instansi, actor=None, action="citizen.tahanan.buat", obj=batch,
                after={"petugas": petugas_id, "tanggal": tanggal, "aturan": batch.aturan,
                       "jawaban": sorted(new), "bukti": evidence},
                object_repr=f"Tahanan jawaban survei petugas #{petugas_id} {tanggal}",
            )  # fmt: skip
    return set(JawabanSurvei.objects.filter(tahanan=batch).values_list("pk", flat=True))


def _open_batch(instansi_id: int, petugas_id: int, tanggal) -> TahananSurvei:
    lookup = {"instansi_id": instansi_id, "petugas_id": petugas_id, "tanggal": tanggal,
              "status": TahananSurvei.Status.DITAHAN}  # fmt: skip
    found = TahananSurvei.objects.select_for_update().filter(**lookup).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return TahananSurvei.objects.create(**lookup, aturan=[], bukti={})
    except IntegrityError:  # a concurrent answer opened it first
        return TahananSurvei.objects.select_for_update().get(**lookup)


def decide_hold(batch: TahananSurvei, *, lepas: bool, by, catatan: str) -> TahananSurvei:
    """HR's decision on a held batch: release it (its answers count) or reject it (they
    stay stored and visible, out of the index). A reason is required; audited."""
    catatan = (catatan or "").strip()
    if len(catatan) < 10:
        raise Refused(
            "catatan_wajib",
            "Tulis alasan keputusan (minimal 10 karakter), misalnya hasil pemeriksaan bukti.",
            kolom="catatan",
        )
    status = TahananSurvei.Status.DILEPAS if lepas else TahananSurvei.Status.DITOLAK
    review = JawabanSurvei.Review.DITERIMA if lepas else JawabanSurvei.Review.DIKECUALIKAN
    with transaction.atomic():
        row = TahananSurvei.objects.select_for_update().select_related("instansi").get(pk=batch.pk)
        if row.status != TahananSurvei.Status.DITAHAN:
            raise Refused(
                "sudah_diputus",
                f"Tahanan ini sudah diputus ({row.get_status_display()}); muat ulang halaman.",
                status=409,
            )
        now = timezone.now()
        answers = JawabanSurvei.objects.filter(tahanan=row)
        ids = sorted(answers.values_list("pk", flat=True))
        answers.update(review=review, dihitung=lepas, direview_oleh=by, direview_pada=now)
        row.status, row.diputus_oleh, row.diputus_pada, row.catatan = status, by, now, catatan
        row.save(update_fields=["status", "diputus_oleh", "diputus_pada", "catatan"])
        audit.record(
            row.instansi, actor=by, action="citizen.tahanan.putus", obj=row,
            before={"status": TahananSurvei.Status.DITAHAN},
            after={"status": status, "jawaban": ids, "catatan": catatan, "aturan": row.aturan},
            object_repr=f"Tahanan jawaban survei petugas #{row.petugas_id} {row.tanggal}",
        )  # fmt: skip
    return row


def policy_table() -> list[tuple[str, str]]:
    """The thresholds in force, for the review page."""
    return list(asdict(policy()).items())
