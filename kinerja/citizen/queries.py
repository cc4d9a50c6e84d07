"""Reads shared by the pages, the API, the exports and rating feeding.

The index is aggregated in the database: one GROUP BY query returns, per group, the
number of respondents and the sum of each element; :mod:`kinerja.scoring.rules.ikm` turns those
totals into NRR, IKM, nilai and mutu. Nothing here loops over answers in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone

from kinerja.citizen import directory
from kinerja.citizen.models import ELEMENT_FIELDS, Aduan, JawabanSurvei, Layanan, TahananSurvei
from kinerja.citizen.workdays import working_days_between
from kinerja.scoring.rules import ikm as ikm_rule

GROUPS = {
    "layanan": "layanan_id",
    "unit": "layanan__unit_id",
    "petugas": "petugas_id",
    "instansi": None,
}
PERIODS = {"bulan": TruncMonth, "kuartal": TruncQuarter}


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def answers_between(instansi_id: int, dari: date, sampai: date) -> QuerySet[JawabanSurvei]:
    """Answers counted in the index, received from ``dari`` to ``sampai`` (inclusive, local
    dates)."""
    return JawabanSurvei.objects.filter(
        instansi_id=instansi_id,
        dihitung=True,
        diterima_pada__gte=day_start(dari),
        diterima_pada__lt=day_start(sampai + timedelta(days=1)),
    )


@dataclass
class IkmRow:
    """The index of one group (a service, unit, officer, period or the agency)."""

    key: object
    label: str
    responden: int
    hasil: ikm_rule.IkmResult | None
    populasi: int | None = None
    sampel_minimal: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def sampel_cukup(self) -> bool | None:
        if self.sampel_minimal is None:
            return None
        return self.responden >= self.sampel_minimal

    @property
    def nrr(self) -> list[tuple[str, Decimal]]:
        if self.hasil is None:
            return []
        return list(zip(ikm_rule.ELEMENTS, self.hasil.nrr, strict=True))


def _sum_fields() -> dict:
    return {f"s_{f}": Sum(f) for f in ELEMENT_FIELDS}


def result_from_totals(
    sums: Iterable[int], respondents: int, *, weight: Decimal | None = None
) -> ikm_rule.IkmResult | None:
    """Adapter from the database totals to the pure rule: NRR per element as the exact
    fraction sum / count (every stored answer has all nine elements), then the IKM. Exact
    fractions, as :func:`ikm_rule.ikm_from_responses` uses, so the pages, the exports and
    the ``ikm`` command agree to the last digit (Decimal NRRs differed in the 28th)."""
    if respondents <= 0:
        return None
    sums = list(sums)
    return ikm_rule.ikm_from_totals(
        sums, [respondents] * len(sums), respondents=respondents, weight=weight
    )


def ikm_totals(answers: QuerySet[JawabanSurvei], by: str | None) -> list[dict]:
    """One GROUP BY query: per group, the respondent count and the nine element sums."""
    if by is None:
        row = answers.aggregate(n=Count("id"), **_sum_fields())
        return [row] if row["n"] else []
    return list(answers.values(k=F(by)).annotate(n=Count("id"), **_sum_fields()))


def ikm_rows(
    instansi_id: int,
    dari: date,
    sampai: date,
    *,
    per: str = "layanan",
    unit_ids: set[int] | None = None,
    weight: Decimal | None = None,
) -> list[IkmRow]:
    """IKM per service, unit, officer or for the whole agency over a date range, with the
    minimum sample for the population served where it is known."""
    answers = answers_between(instansi_id, dari, sampai)
    if unit_ids is not None:
        answers = answers.filter(layanan__unit_id__in=unit_ids)
    column = GROUPS[per]
    totals = ikm_totals(answers, column)
    labels, populations = _labels(instansi_id, per, [t.get("k") for t in totals], unit_ids)
    rows = []
    for total in totals:
        key = total.get("k")
        hasil = result_from_totals(
            [total[f"s_{f}"] for f in ELEMENT_FIELDS], total["n"], weight=weight
        )
        populasi = populations.get(key)
        rows.append(
            IkmRow(
                key=key,
                label=labels.get(key, "Tanpa petugas" if per == "petugas" else "—"),
                responden=total["n"],
                hasil=hasil,
                populasi=populasi,
                sampel_minimal=ikm_rule.minimum_sample(populasi).value if populasi else None,
            )
        )
    rows.sort(key=lambda r: r.label)
    return rows


def _labels(instansi_id, per, keys, unit_ids) -> tuple[dict, dict]:
    """Names and populations of the groups, one query."""
    from kinerja.org.models import Pegawai, UnitKerja

    keys = [k for k in keys if k is not None]
    if per == "layanan":
        found = Layanan.objects.filter(pk__in=keys).values_list("pk", "nama", "populasi")
        return {k: n for k, n, _p in found}, {k: p for k, _n, p in found if p}
    if per == "unit":
        populations: dict = defaultdict(int)
        services = Layanan.objects.filter(instansi_id=instansi_id, unit_id__in=keys)
        names = dict(UnitKerja.objects.filter(pk__in=keys).values_list("pk", "nama"))
        for unit_id, populasi in services.values_list("unit_id", "populasi"):
            if populasi:
                populations[unit_id] += populasi
        return names, dict(populations)
    if per == "petugas":
        found = Pegawai.objects.filter(pk__in=keys).values_list("pk", "nama", "nip")
        return {k: f"{n} ({nip})" for k, n, nip in found}, {}
    services = Layanan.objects.filter(instansi_id=instansi_id, aktif=True)
    if unit_ids is not None:
        services = services.filter(unit_id__in=unit_ids)
    total = services.aggregate(p=Sum("populasi"))["p"]
    return {None: "Seluruh instansi"}, ({None: total} if total else {})


def ikm_trend(
    instansi_id: int,
    dari: date,
    sampai: date,
    *,
    period: str = "bulan",
    layanan_id: int | None = None,
    petugas_id: int | None = None,
    unit_ids: set[int] | None = None,
) -> list[IkmRow]:
    """IKM per month or quarter in the range, of one service or one officer or all (one
    GROUP BY query)."""
    answers = answers_between(instansi_id, dari, sampai)
    if layanan_id is not None:
        answers = answers.filter(layanan_id=layanan_id)
    if petugas_id is not None:
        answers = answers.filter(petugas_id=petugas_id)
    if unit_ids is not None:
        answers = answers.filter(layanan__unit_id__in=unit_ids)
    trunc = PERIODS[period]("diterima_pada")
    totals = answers.annotate(k=trunc).values("k").annotate(n=Count("id"), **_sum_fields())
    rows = []
    for total in totals.order_by("k"):
        start = total["k"]
        start = start.date() if isinstance(start, datetime) else start
        if period == "bulan":
            label = f"{start:%m/%Y}"
        else:
            label = f"Triwulan {(start.month - 1) // 3 + 1} {start.year}"
        hasil = result_from_totals([total[f"s_{f}"] for f in ELEMENT_FIELDS], total["n"])
        rows.append(IkmRow(key=start, label=label, responden=total["n"], hasil=hasil))
    return rows


def flagged_queue(instansi_id: int, unit_ids: set[int] | None = None) -> QuerySet[JawabanSurvei]:
    """Flagged answers waiting for a decision one by one (held batches are decided whole,
    see :func:`held_batches`)."""
    rows = JawabanSurvei.objects.filter(
        instansi_id=instansi_id, ditandai=True, review="", tahanan__isnull=True
    )
    if unit_ids is not None:
        rows = rows.filter(layanan__unit_id__in=unit_ids)
    return rows.select_related("layanan", "petugas").order_by("-diterima_pada")


def held_batches(
    instansi_id: int, unit_ids: set[int] | None = None, *, terbuka: bool = True
) -> QuerySet[TahananSurvei]:
    """Batches of answers the anomaly check held, with the officer and the answer count:
    the open ones (oldest first), or the decided ones (latest first)."""
    rows = TahananSurvei.objects.filter(instansi_id=instansi_id)
    if unit_ids is not None:
        rows = rows.filter(petugas__unit_id__in=unit_ids)
    if terbuka:
        rows = rows.filter(status=TahananSurvei.Status.DITAHAN).order_by("dibuat_pada")
    else:
        rows = rows.exclude(status=TahananSurvei.Status.DITAHAN).order_by("-diputus_pada")
    return rows.select_related("petugas", "diputus_oleh").annotate(n_jawaban=Count("jawaban"))


def overdue_q(today: date) -> Q:
    """Complaints whose awaited step is past its due date (§5)."""
    return (
        Q(status=Aduan.Status.DITERIMA, tenggat_verifikasi__lt=today)
        | Q(status__in=Aduan.BELUM_DIRESPONS, tenggat_respons__lt=today)
        | Q(status__in=Aduan.TERBUKA, tenggat_selesai__lt=today)
    )


def complaint_queue(
    instansi_id: int,
    *,
    unit_ids: set[int] | None = None,
    status: str = "",
    lewat_tenggat: bool = False,
    today: date | None = None,
) -> QuerySet[Aduan]:
    today = today or timezone.localdate()
    rows = Aduan.objects.filter(instansi_id=instansi_id)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    if status == "terbuka":
        rows = rows.filter(status__in=Aduan.TERBUKA)
    elif status:
        rows = rows.filter(status=status)
    if lewat_tenggat:
        rows = rows.filter(overdue_q(today))
    return rows.select_related("layanan", "unit", "petugas").order_by("-diterima_pada")


def assigned_to(instansi_id: int, pegawai_id: int, *, semua: bool = False) -> QuerySet[Aduan]:
    """Complaints forwarded to one officer: those waiting for their answer (the earliest
    due first), or with ``semua`` every one they hold, open or not."""
    rows = Aduan.objects.filter(instansi_id=instansi_id, petugas_id=pegawai_id)
    if not semua:
        rows = rows.filter(status=Aduan.Status.DITERUSKAN)
        order = ("tenggat_respons", "diterima_pada")
    else:
        order = ("-diterima_pada",)
    return rows.select_related("layanan", "unit").order_by(*order)


def assigned_count(instansi_id: int, pegawai_id: int) -> int:
    return assigned_to(instansi_id, pegawai_id).count()


def overdue_count(instansi_id: int, *, unit_ids: set[int] | None = None) -> int:
    rows = Aduan.objects.filter(instansi_id=instansi_id).filter(overdue_q(timezone.localdate()))
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return rows.count()


@dataclass
class ComplaintStats:
    """Response time and resolution rate of one group (§5)."""

    key: object
    label: str = ""
    aduan: int = 0
    ditolak: int = 0
    direspons: int = 0
    selesai: int = 0
    respons_tepat_waktu: int = 0
    hari_kerja_respons: list[int] = field(default_factory=list)
    jam_respons: list[float] = field(default_factory=list)

    @property
    def rerata_hari_kerja_respons(self) -> Decimal | None:
        if not self.hari_kerja_respons:
            return None
        return Decimal(sum(self.hari_kerja_respons)) / len(self.hari_kerja_respons)

    @property
    def rerata_jam_respons(self) -> Decimal | None:
        if not self.jam_respons:
            return None
        return Decimal(str(round(sum(self.jam_respons) / len(self.jam_respons), 2)))

    @property
    def dinilai(self) -> int:
        """Complaints that count for the resolution rate: all but the rejected ones."""
        return self.aduan - self.ditolak

    @property
    def tingkat_penyelesaian(self) -> Decimal | None:
        if not self.dinilai:
            return None
        return Decimal(self.selesai) * 100 / self.dinilai


COMPLAINT_GROUPS = {"petugas": "petugas_id", "unit": "unit_id", "layanan": "layanan_id"}


def complaint_stats(
    instansi_id: int,
    dari: date,
    sampai: date,
    *,
    per: str = "unit",
    unit_ids: set[int] | None = None,
    holidays: set[date] | None = None,
) -> dict[object, ComplaintStats]:
    """Per group: complaints received in the range, how many got a response and how fast
    (working days and hours from receipt to first response), and how many were resolved.

    One query reads the few timestamps of each complaint; working days need the agency's
    holiday calendar, so they are counted here rather than in SQL.
    """
    from kinerja.citizen.complaints import holidays_of
    from kinerja.org.models import Pegawai, UnitKerja

    holidays = holidays if holidays is not None else holidays_of(instansi_id)
    column = COMPLAINT_GROUPS[per]
    rows = Aduan.objects.filter(
        instansi_id=instansi_id,
        diterima_pada__gte=day_start(dari),
        diterima_pada__lt=day_start(sampai + timedelta(days=1)),
    )
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    stats: dict[object, ComplaintStats] = {}
    values = rows.values_list(
        column, "status", "diterima_pada", "direspons_pada", "tenggat_respons"
    )
    for key, status, received, responded, due in values:
        item = stats.setdefault(key, ComplaintStats(key=key))
        item.aduan += 1
        if status == Aduan.Status.DITOLAK:
            item.ditolak += 1
        if status == Aduan.Status.SELESAI:
            item.selesai += 1
        if responded is not None:
            item.direspons += 1
            start, end = timezone.localdate(received), timezone.localdate(responded)
            item.hari_kerja_respons.append(working_days_between(start, end, holidays))
            item.jam_respons.append((responded - received).total_seconds() / 3600)
            if end <= due:
                item.respons_tepat_waktu += 1
    keys = [k for k in stats if k is not None]
    if per == "petugas":
        names = dict(Pegawai.objects.filter(pk__in=keys).values_list("pk", "nama"))
    elif per == "unit":
        names = dict(UnitKerja.objects.filter(pk__in=keys).values_list("pk", "nama"))
    else:
        names = dict(Layanan.objects.filter(pk__in=keys).values_list("pk", "nama"))
    for key, item in stats.items():
        item.label = names.get(key, "Belum ditugaskan" if per == "petugas" else "—")
    return dict(sorted(stats.items(), key=lambda kv: kv[1].label))


_SURVEY_TARGET_SQL = (
    "SELECT l.id, l.wajib_token, p.pegawai_id, p.kode_qr = %s "  # noqa: S608 - model tables
    f"FROM {Layanan._meta.db_table} l LEFT JOIN citizen_petugaslayanan p "
    "ON p.instansi_id = l.instansi_id AND p.layanan_id = l.id AND p.aktif "
    "AND (p.kode_qr = %s OR p.kode = %s OR p.pegawai_id IN "
    "(SELECT g.id FROM org_pegawai g WHERE g.nip = %s AND g.instansi_id = l.instansi_id)) "
    "WHERE l.instansi_id = %s AND l.kode_publik = %s AND l.aktif "
    "ORDER BY CASE WHEN p.kode_qr = %s THEN 0 WHEN p.kode = %s THEN 1 ELSE 2 END LIMIT 1"
)

_SERVICE_ONLY_SQL = (
    "SELECT id, wajib_token, NULL, NULL "  # noqa: S608 - model table
    f"FROM {Layanan._meta.db_table} WHERE instansi_id = %s AND kode_publik = %s AND aktif"
)


def survey_target(kode: str, petugas: str = "") -> tuple[Layanan, int | None] | None:
    """The active service by public code and its active officer's employee id (the QR's
    code, the card's short code, or NIP, in that order), for the API's hot path; the
    service's ``petugas_kode_pendek`` says whether the officer was named by a short code.
    The code's agency (from this process's memory of the directory, else the directory),
    then one precomputed query in that agency. None when the service, or the officer asked
    for, is not there."""
    remembered = directory.remembered(kode, directory.Jenis.LAYANAN)
    instansi_id = remembered or directory.resolve(kode, directory.Jenis.LAYANAN)
    if instansi_id is None:
        return None
    row = _survey_row(instansi_id, kode, petugas.strip())
    if row is None and remembered is not None:
        # Not there in the remembered agency: ask the directory itself (a code never moves
        # between agencies, but a test database or a restore may hold other rows).
        instansi_id = directory.resolve(kode, directory.Jenis.LAYANAN)
        if instansi_id is None:
            return None
        if instansi_id != remembered:
            row = _survey_row(instansi_id, kode, petugas.strip())
    if row is None:
        return None
    directory.remember(kode, directory.Jenis.LAYANAN, instansi_id)
    layanan = Layanan(pk=row[0], instansi_id=instansi_id, wajib_token=bool(row[1]), aktif=True)
    # Named by a short code or NIP (not the QR's code): the answer needs a receipt code.
    layanan.petugas_kode_pendek = row[2] is not None and not row[3]
    return layanan, row[2]


def _survey_row(instansi_id: int, kode: str, code: str) -> tuple | None:
    """(service id, needs a receipt, officer's employee id) or None (no such active service,
    or the officer asked for is not one of its active officers)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if code:
            params = [code, code, code.lower(), code, instansi_id, kode, code, code.lower()]
            cursor.execute(_SURVEY_TARGET_SQL, params)
        else:  # most answers name no officer: a plan PostgreSQL makes in a tenth of the time
            cursor.execute(_SERVICE_ONLY_SQL, [instansi_id, kode])
        row = cursor.fetchone()
    if row is None or (code and row[2] is None):
        return None
    return row
