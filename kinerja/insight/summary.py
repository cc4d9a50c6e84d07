"""The dashboard figures of a period: progress per unit, the predikat distribution against the
curve, and the people who need attention.

:func:`compute_summary` counts everything with a fixed number of GROUP BY queries (about ten,
whatever the agency's size) and returns plain JSON-able data; :func:`refresh_aggregates`
stores it in :class:`RingkasanPeriode` so the dashboard of a 100,000-employee agency reads
one row. The scoring close should call ``refresh_aggregates(periode)`` after its transaction
commits; HR can refresh an open period from the dashboard, and ``manage.py
refresh_insight`` does it from cron.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from kinerja.core.formatting import persen, round_half_up
from kinerja.insight.models import RingkasanPeriode
from kinerja.org.models import UnitKerja
from kinerja.scoring import queries as scoring_queries
from kinerja.scoring.models import Hasil
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.skp import queries as skp_queries
from kinerja.skp.models import Indikator, PenilaianPerilaku, Periode, Realisasi

PREDIKAT = [p.value for p in pmp.PREDIKAT_ORDER]
PREDIKAT_LABEL = {p.value: p.label for p in pmp.PREDIKAT_ORDER}
PERLU_PERHATIAN = ("butuh_perbaikan", "kurang", "sangat_kurang")
PEOPLE_LIMIT = 100
LOW_PLAN = 80.0
"""[kebijakan] a unit needs attention when under 80% of its employees have an approved plan…"""
LOW_VERIFIED = 50.0
"""[kebijakan] …or under 50% of its recorded realisations are verified."""

COUNTERS = (
    "pegawai", "skp", "disetujui", "indikator", "realisasi_diharapkan", "realisasi_tercatat",
    "realisasi_diverifikasi", "perilaku_diharapkan", "perilaku_dinilai",
)  # fmt: skip


def _ended_slices(periode: Periode, today: date) -> list[int]:
    """The ids of the slices that have ended (all of them once the period is closed)."""
    slices = periode.bagian.all() if periode.ditutup else periode.bagian.filter(selesai__lt=today)
    return list(slices.values_list("pk", flat=True))


def _final_predikat_rows(qs):
    """(group key, final predikat, n) from annual results grouped by status and both
    predikat columns: the final one is the decision when decided, else the proposal."""
    for row in qs:
        decided = row["status"] != Hasil.Status.MENUNGGU
        code = row["akhir_predikat"] if decided else row["usulan_predikat"]
        if code in PREDIKAT_LABEL:
            yield row, code


def compute_summary(periode: Periode, *, today: date | None = None) -> dict:
    """Every figure of the dashboard of ``periode``, as JSON-able data (see module doc)."""
    today = today or timezone.localdate()
    ended_ids = _ended_slices(periode, today)
    ended = len(ended_ids)
    units = {
        u["id"]: {"id": u["id"], "kode": u["kode"], "nama": u["nama"], "induk": u["induk_id"],
                  **dict.fromkeys(COUNTERS, 0), "predikat": dict.fromkeys(PREDIKAT, 0)}
        for u in UnitKerja.objects.filter(instansi_id=periode.instansi_id)
        .values("id", "kode", "nama", "induk_id")
    }  # fmt: skip

    def add(unit_id, name, value):
        if unit_id in units:
            units[unit_id][name] += value

    pegawai, skps = skp_queries.plan_counts(periode)
    for unit_id, n in pegawai.items():
        add(unit_id, "pegawai", n)
    for unit_id, row in skps.items():
        add(unit_id, "skp", row["skp"])
        add(unit_id, "disetujui", row["disetujui"])
        add(unit_id, "perilaku_diharapkan", row["disetujui"] * ended)
    for row in (
        Indikator.objects.filter(rhk__skp__periode=periode, rhk__skp__disetujui_pada__isnull=False)
        .order_by().values("rhk__skp__unit_id").annotate(n=Count("pk"))
    ):  # fmt: skip
        add(row["rhk__skp__unit_id"], "indikator", row["n"])
        add(row["rhk__skp__unit_id"], "realisasi_diharapkan", row["n"] * ended)
    for row in (
        # Shares of what is expected: only the ended slices of approved plans are counted, the
        # same scope as the expected numbers (an early Q4 entry never makes it above 100%).
        Realisasi.objects.filter(skp__periode=periode, skp__disetujui_pada__isnull=False,
                                 bagian_id__in=ended_ids)
        .exclude(status=Realisasi.Status.DRAF).order_by().values("skp__unit_id")
        .annotate(n=Count("pk"), v=Count("pk", filter=Q(status=Realisasi.Status.DIVERIFIKASI)))
    ):  # fmt: skip
        add(row["skp__unit_id"], "realisasi_tercatat", row["n"])
        add(row["skp__unit_id"], "realisasi_diverifikasi", row["v"])
    for row in (
        PenilaianPerilaku.objects.filter(skp__periode=periode, skp__disetujui_pada__isnull=False,
                                         bagian_id__in=ended_ids)
        .order_by().values("skp__unit_id").annotate(n=Count("pk"))
    ):  # fmt: skip
        add(row["skp__unit_id"], "perilaku_dinilai", row["n"])
    # A closed period's predikat as it holds now: an objection upheld since the close counts
    # with its new predikat (the same reading as the curve and the team pages).
    changed = scoring_queries.later_finals(periode)
    grouped = (
        Hasil.objects.filter(periode=periode, bagian__isnull=True).exclude(pk__in=list(changed))
        .order_by().values("skp__unit_id", "status", "usulan_predikat", "akhir_predikat")
        .annotate(n=Count("pk"))
    )  # fmt: skip
    for row, code in _final_predikat_rows(grouped):
        if row["skp__unit_id"] in units:
            units[row["skp__unit_id"]]["predikat"][code] += row["n"]
    if changed:
        for pk, unit_id in Hasil.objects.filter(pk__in=list(changed)).values_list(
            "pk", "skp__unit_id"
        ):
            code = changed[pk]["predikat"]
            if unit_id in units and code in PREDIKAT_LABEL:
                units[unit_id]["predikat"][code] += 1
    curve = [scope.as_dict() for scope in scoring_queries.curve_report(periode)]
    people, people_total = attention_people(periode)
    rows = sorted((u for u in units.values() if u["pegawai"] or u["skp"]), key=lambda u: u["kode"])
    return {
        "periode": periode.tahun,
        "bagian_berakhir": ended,
        "unit": rows,
        "kurva": curve,
        "perhatian_pegawai": people,
        "jumlah_perhatian_pegawai": people_total,
        # read alone by the home card (a key, not the whole summary)
        "jumlah_kurva_melampaui": len(curve_violations(curve)),
    }


def curve_violations(curve: list[dict]) -> set[str]:
    """The scopes (``cakupan`` codes) of a stored curve report whose distribution breaks a
    binding rule of the pattern: not compliant, and not merely advisory (``saran``). The
    dashboard flags these units; the home card counts them."""
    return {scope["cakupan"] for scope in curve if scope["patuh"] is False and not scope["saran"]}


def attention_people(periode: Periode, unit_ids: set[int] | None = None) -> tuple[list, int]:
    """Employees whose annual predikat (final, else proposed) is Butuh Perbaikan or worse:
    the first :data:`PEOPLE_LIMIT` by unit and name, and how many there are. Two queries
    (three for a closed period: the objections upheld since its close)."""
    bad = Q(status=Hasil.Status.MENUNGGU, usulan_predikat__in=PERLU_PERHATIAN) | (
        ~Q(status=Hasil.Status.MENUNGGU) & Q(akhir_predikat__in=PERLU_PERHATIAN)
    )
    changed = scoring_queries.later_finals(periode)
    if changed:  # an objection upheld since the close decides (:func:`compute_summary`)
        still_bad = [pk for pk, c in changed.items() if c["predikat"] in PERLU_PERHATIAN]
        bad = (bad & ~Q(pk__in=list(changed))) | Q(pk__in=still_bad)
    qs = Hasil.objects.filter(bad, periode=periode, bagian__isnull=True)
    if unit_ids is not None:
        qs = qs.filter(skp__unit_id__in=unit_ids)
    total = qs.count()
    rows = qs.order_by("skp__unit__kode", "skp__pegawai__nama").values_list(
        "pk", "skp_id", "skp__pegawai__nip", "skp__pegawai__nama", "skp__unit_id",
        "skp__unit__nama", "status", "usulan_predikat", "akhir_predikat", "capaian_bulat",
    )[:PEOPLE_LIMIT]  # fmt: skip
    people = []
    for hasil_id, skp_id, nip, nama, unit_id, unit, status, usulan, akhir, capaian in rows:
        code = usulan if status == Hasil.Status.MENUNGGU else akhir
        code = changed[hasil_id]["predikat"] if hasil_id in changed else code
        people.append({
            "skp_id": skp_id, "nip": nip, "nama": nama, "unit_id": unit_id, "unit": unit,
            "predikat": code, "predikat_label": PREDIKAT_LABEL.get(code, code),
            "capaian": str(capaian) if capaian is not None else None,
        })  # fmt: skip
    return people, total


def refresh_aggregates(periode: Periode, *, today: date | None = None) -> RingkasanPeriode:
    """Compute and store the dashboard figures of ``periode`` (one row per period).

    Call it after the period close commits (scoring's ``close_period``), and whenever HR
    wants fresh figures for an open period."""
    started = time.perf_counter()
    data = compute_summary(periode, today=today)
    row, _created = RingkasanPeriode.objects.update_or_create(
        periode=periode,
        defaults={
            "instansi_id": periode.instansi_id, "data": data, "dihitung_pada": timezone.now(),
            "durasi": time.perf_counter() - started,
        },
    )  # fmt: skip
    return row


# --------------------------------------------------------------------------- the view model


def pct(part: int, whole: int) -> float | None:
    """``part`` as a share of ``whole`` in percent, one decimal, never above 100 (a share)."""
    return min(100.0, round(part * 100 / whole, 1)) if whole else None


@dataclass
class UnitProgress:
    id: int
    kode: str
    nama: str
    counts: dict
    predikat: dict
    alasan: list[str] = field(default_factory=list)

    @property
    def rencana(self) -> float | None:
        return pct(self.counts["disetujui"], self.counts["pegawai"])

    @property
    def realisasi(self) -> float | None:
        return pct(self.counts["realisasi_tercatat"], self.counts["realisasi_diharapkan"])

    @property
    def verifikasi(self) -> float | None:
        return pct(self.counts["realisasi_diverifikasi"], self.counts["realisasi_tercatat"])

    @property
    def perilaku(self) -> float | None:
        return pct(self.counts["perilaku_dinilai"], self.counts["perilaku_diharapkan"])


@dataclass
class Dashboard:
    periode: Periode
    units: list[UnitProgress]
    total: UnitProgress
    kurva: list[dict]
    people: list[dict]
    people_total: int
    dihitung_pada: object | None
    bagian_berakhir: int

    @property
    def attention_units(self) -> list[UnitProgress]:
        return [u for u in self.units if u.alasan]

    @property
    def distribusi(self) -> list[tuple[str, str, int, float]]:
        """(code, label, count, percent) of the scope's final predikat."""
        total = sum(self.total.predikat.values())
        return [
            (code, PREDIKAT_LABEL[code], self.total.predikat[code],
             round(self.total.predikat[code] * 100 / total, 1) if total else 0.0)
            for code in PREDIKAT
        ]  # fmt: skip


def dashboard(periode: Periode, *, unit_ids: set[int] | None = None) -> Dashboard:
    """The dashboard of ``periode`` for the whole agency (``unit_ids`` None) or a unit head's
    units: from the stored summary when there is one (one query), else computed now."""
    stored = RingkasanPeriode.objects.filter(periode=periode).first()
    data = stored.data if stored else compute_summary(periode)
    units = []
    total = UnitProgress(0, "", "Jumlah", dict.fromkeys(COUNTERS, 0), dict.fromkeys(PREDIKAT, 0))
    violated = curve_violations(data["kurva"])
    for row in data["unit"]:
        if unit_ids is not None and row["id"] not in unit_ids:
            continue
        unit = UnitProgress(row["id"], row["kode"], row["nama"],
                            {k: row[k] for k in COUNTERS}, dict(row["predikat"]))  # fmt: skip
        for name in COUNTERS:
            total.counts[name] += row[name]
        for code in PREDIKAT:
            total.predikat[code] += row["predikat"].get(code, 0)
        if unit.counts["pegawai"] and (unit.rencana or 0) < LOW_PLAN:
            unit.alasan.append(
                f"rencana disetujui {persen(unit.rencana or 0, 1)} (< {persen(LOW_PLAN, 0)})"
            )
        if unit.counts["realisasi_tercatat"] and (unit.verifikasi or 0) < LOW_VERIFIED:
            unit.alasan.append(
                f"realisasi terverifikasi {persen(unit.verifikasi, 1)} "
                f"(< {persen(LOW_VERIFIED, 0)})"
            )
        if unit.kode in violated:
            unit.alasan.append("kurva distribusi tidak terpenuhi")
        units.append(unit)
    if unit_ids is None:
        kurva = data["kurva"]
        people, people_total = data["perhatian_pegawai"], data["jumlah_perhatian_pegawai"]
    else:
        codes = {u.kode for u in units}
        kurva = [s for s in data["kurva"] if s["cakupan"] in codes]
        people, people_total = attention_people(periode, unit_ids)
    return Dashboard(
        periode=periode, units=units, total=total, kurva=kurva, people=people,
        people_total=people_total, dihitung_pada=stored.dihitung_pada if stored else None,
        bagian_berakhir=data["bagian_berakhir"],
    )  # fmt: skip


# --------------------------------------------------------------------------- public voice


@dataclass
class MonthVoice:
    label: str
    responden: int = 0
    nilai: float | None = None
    mutu: str = ""
    aduan: int = 0
    selesai: int = 0
    lewat_tenggat: int = 0


@dataclass
class Voice:
    months: list[MonthVoice]
    nilai: float | None
    mutu: str
    responden: int
    aduan: int
    selesai: int
    terbuka_lewat_tenggat: int


def public_voice(periode: Periode, unit_ids: set[int] | None = None) -> Voice:
    """IKM (converted value, §4) and complaints per month of the period's year, and today's
    overdue complaints; three queries (two GROUP BY by month, the overdue count; the year's IKM
    is the sum of the months) on the citizen app's rows and rules."""
    from kinerja.citizen import queries as citizen
    from kinerja.citizen.models import ELEMENT_FIELDS, Aduan

    start, end = date(periode.tahun, 1, 1), date(periode.tahun, 12, 31)
    months = {m: MonthVoice(label=f"{m:02d}/{periode.tahun}") for m in range(1, 13)}
    answers = citizen.answers_between(periode.instansi_id, start, end)
    if unit_ids is not None:
        answers = answers.filter(layanan__unit_id__in=unit_ids)
    sums = {f"s_{f}": Sum(f) for f in ELEMENT_FIELDS}
    year_sums, year_n = [0] * len(ELEMENT_FIELDS), 0
    for row in (
        answers.annotate(b=_month_bucket(periode.tahun))
        .order_by()
        .values("b")
        .annotate(n=Count("pk"), **sums)
    ):
        hasil = citizen.result_from_totals([row[f"s_{f}"] for f in ELEMENT_FIELDS], row["n"])
        month = months[row["b"]]
        month.responden = row["n"]
        year_n += row["n"]
        year_sums = [a + row[f"s_{f}"] for a, f in zip(year_sums, ELEMENT_FIELDS, strict=True)]
        if hasil is not None:
            month.nilai = float(round_half_up(hasil.nilai, 2))
            month.mutu = hasil.mutu
    complaints = Aduan.objects.filter(
        instansi_id=periode.instansi_id, diterima_pada__gte=citizen.day_start(start),
        diterima_pada__lt=citizen.day_start(date(periode.tahun + 1, 1, 1)),
    )  # fmt: skip
    if unit_ids is not None:
        complaints = complaints.filter(unit_id__in=unit_ids)
    today = timezone.localdate()
    for row in (
        complaints.annotate(b=_month_bucket(periode.tahun)).order_by().values("b")
        .annotate(n=Count("pk"), s=Count("pk", filter=Q(status=Aduan.Status.SELESAI)),
                  o=Count("pk", filter=citizen.overdue_q(today)))
    ):  # fmt: skip
        month = months[row["b"]]
        month.aduan, month.selesai, month.lewat_tenggat = row["n"], row["s"], row["o"]
    hasil = citizen.result_from_totals(year_sums, year_n)
    return Voice(
        months=list(months.values()),
        nilai=float(round_half_up(hasil.nilai, 2)) if hasil else None,
        mutu=hasil.mutu if hasil else "",
        responden=year_n,
        aduan=sum(m.aduan for m in months.values()),
        selesai=sum(m.selesai for m in months.values()),
        terbuka_lewat_tenggat=citizen.overdue_count(periode.instansi_id, unit_ids=unit_ids),
    )


def _month_bucket(tahun: int) -> Case:
    """The local month (1–12) of ``diterima_pada`` as plain SQL comparisons against the
    month boundaries (indexable, and no per-row date function on SQLite)."""
    from kinerja.citizen.queries import day_start

    edges = [day_start(date(tahun + (m == 12), m % 12 + 1, 1)) for m in range(1, 13)]
    whens = [When(diterima_pada__lt=edge, then=Value(m)) for m, edge in enumerate(edges, 1)]
    return Case(*whens, default=Value(12), output_field=IntegerField())
