"""Reads shared by the pages, the API and the close. Each runs a fixed number of queries,
whatever the number of rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from kinerja.core import extensions
from kinerja.core.dbstream import stream_rows
from kinerja.core.permissions import AGENCY_WIDE, Peran, has_role, subordinate_ids
from kinerja.org.models import UnitKerja
from kinerja.scoring.models import Hasil, PredikatOrganisasi
from kinerja.scoring.rules import kurva
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.services.explanation import explain
from kinerja.skp.models import Indikator, Periode

_PREDIKAT = {p.value: p for p in pmp.Predikat}
_RATING = {r.value: r for r in pmp.Rating}


def hasil_list() -> QuerySet[Hasil]:
    return Hasil.objects.select_related(
        "skp__pegawai", "skp__penilai", "skp__unit", "bagian", "periode", "diputuskan_oleh"
    )


def visible_hasil(user) -> QuerySet[Hasil]:
    """The results the user may read: the whole agency for agency-wide roles; else one's own,
    those one rates, and those of the chain below."""
    qs = (
        hasil_list().filter(instansi_id=user.instansi_id)
        if user.instansi_id
        else Hasil.objects.none()
    )
    if has_role(user, *AGENCY_WIDE):
        return qs
    me = user.pegawai_id
    if not me:
        return qs.none()
    below = subordinate_ids(me) if has_role(user, Peran.ATASAN) else set()
    return qs.filter(Q(skp__pegawai_id=me) | Q(skp__penilai_id=me) | Q(skp__pegawai_id__in=below))


def team_results(rater_id: int, periode: Periode, bagian) -> list[Hasil]:
    """The results the rater decides for one slice (or the year): one query (and, for the
    year of a closed period, one for the decisions taken after the close)."""
    qs = hasil_list().filter(periode=periode, skp__penilai_id=rater_id)
    qs = qs.filter(bagian__isnull=True) if bagian is None else qs.filter(bagian=bagian)
    return with_later_finals(list(qs.order_by("skp__pegawai__nama", "pk")), periode)


def later_finals(periode: Periode, hasil_ids=None) -> dict[int, dict]:
    """The annual results of a closed period that a decision taken after the close changed
    (an objection upheld, kept by a later app beside the frozen row, which stays as the close
    wrote it): ``{hasil id: {"hasil_kerja", "perilaku", "predikat", "label", "judul",
    "url"}}``, from the later apps' ``hooks.final_after_close`` (one query each); only
    ``hasil_ids`` when given. Empty for an open period: nothing is decided after a close
    that has not happened."""
    if not periode.ditutup or (hasil_ids is not None and not hasil_ids):
        return {}
    found: dict[int, dict] = {}
    for answer in extensions.collect(
        "final_after_close", periode_id=periode.pk, hasil_ids=hasil_ids
    ):
        found.update(answer)
    return found


def with_later_finals(rows: list[Hasil], periode: Periode) -> list[Hasil]:
    """``rows`` (results of ``periode``), each given ``lanjutan``: its :func:`later_finals`
    entry or None, so that a page shows the predikat that holds now beside the frozen one."""
    changed = later_finals(periode, [h.pk for h in rows if h.bagian_id is None])
    for hasil in rows:
        hasil.lanjutan = changed.get(hasil.pk)
    return rows


def waiting_count(user) -> int:
    """Results of open periods waiting for this rater's decision."""
    if not user.pegawai_id:
        return 0
    return (
        Hasil.objects.filter(instansi_id=user.instansi_id, skp__penilai_id=user.pegawai_id,
                             status=Hasil.Status.MENUNGGU, galat="")
        .exclude(periode__status=Periode.Status.DITUTUP)
        .count()
    )  # fmt: skip


# --------------------------------------------------------------------------- the curve


@dataclass
class CurveRuleRow:
    uraian: str
    singkat: str
    batas: int
    ada: int
    memenuhi: bool


@dataclass
class CurveScope:
    """The curve check of one scope: the agency (``unit`` None) or one unit."""

    unit: UnitKerja | None
    organisasi: kurva.OrgPredikat | None
    sumber: str  # "unit", "instansi" (inherited), "andaikan" (what-if) or "" (none set)
    check: kurva.CurveCheck | None
    counts: dict[str, int] = field(default_factory=dict)
    names: dict[str, tuple[str, int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def kode(self) -> str:
        return self.unit.kode if self.unit else "instansi"

    @property
    def rule_rows(self) -> list[CurveRuleRow]:
        """Each rule of the scope's pattern with its limit for this N and the count found:
        the figures behind the "actual against allowed" chart and its table."""
        if self.organisasi is None:
            return []
        rows = []
        for rule in kurva.PATTERNS[self.organisasi]:
            limit = rule.limit(self.total)
            actual = sum(self.counts.get(p.value, 0) for p in rule.predikat)
            holds = actual <= limit if rule.bound is kurva.Bound.AT_MOST else actual >= limit
            sign = "≤" if rule.bound is kurva.Bound.AT_MOST else "≥"
            amount = f"{rule.percent}%" if rule.percent is not None else f"{rule.count} orang"
            names = " / ".join(p.label for p in rule.predikat)
            rows.append(CurveRuleRow(rule.describe(), f"{sign} {amount} {names}", limit, actual,
                                     holds))  # fmt: skip
        return rows

    @property
    def moves(self) -> list[dict]:
        if not self.check:
            return []
        return [
            {"nip": m.nip, "nama": self.names.get(m.nip, ("", 0))[0],
             "hasil": self.names.get(m.nip, ("", 0))[1], "dari": m.source, "ke": m.target}
            for m in self.check.proposal
        ]  # fmt: skip

    def as_dict(self) -> dict:
        check = self.check
        return {
            "cakupan": self.kode,
            "nama": self.unit.nama if self.unit else "Instansi",
            "organisasi": self.organisasi.value if self.organisasi else None,
            "sumber": self.sumber,
            "jumlah": sum(self.counts.values()),
            "jumlah_per_predikat": self.counts,
            "patuh": check.compliant if check else None,
            "saran": check.advisory if check else None,
            "dapat_disesuaikan": check.adjustable if check else None,
            "pelanggaran": [v.as_dict() for v in check.violations] if check else [],
            "usulan": [m.as_dict() for m in check.proposal] if check else [],
        }


def curve_rows(periode: Periode) -> list[tuple]:
    """(hasil id, nip, nama, unit id, final predikat, capaian text, final behaviour) of every
    annual result with a predikat, in one query (streamed: the server sends the next rows while
    these are sorted out)."""
    rows = (
        Hasil.objects.filter(periode=periode, bagian__isnull=True)
        .order_by()
        .values_list("pk", "skp__pegawai__nip", "skp__pegawai__nama", "skp__unit_id", "status",
                     "usulan_predikat", "akhir_predikat", "capaian", "usulan_perilaku",
                     "akhir_perilaku")
    )  # fmt: skip
    found = []
    menunggu = Hasil.Status.MENUNGGU.value
    # A closed period's results as they hold now: an objection upheld since the close counts
    # with its new predikat (:func:`later_finals`; one query, none for an open period).
    changed = later_finals(periode)
    for row in stream_rows(rows):
        pk, nip, nama, unit_id, status, u_pred, a_pred, capaian, u_beh, a_beh = row
        decided = status != menunggu
        predikat = a_pred if decided else u_pred
        behaviour = a_beh if decided else u_beh
        if pk in changed:
            predikat = changed[pk]["predikat"]
            behaviour = changed[pk]["perilaku"] or behaviour
        if predikat not in _PREDIKAT:
            continue
        found.append((pk, nip, nama, unit_id, predikat, capaian, behaviour))
    return found


@dataclass
class CurveInputs:
    """What the curve check reads (three queries, :func:`curve_inputs`): the rated annual
    results (:func:`curve_rows`), the organisation predikat set per unit (None: the agency's)
    and the units those results belong to."""

    rows: list[tuple]
    set_for: dict[int | None, str]
    units: dict[int, UnitKerja]


def curve_inputs(periode: Periode, *, only_unit: int | None = None) -> CurveInputs:
    rows = curve_rows(periode)
    set_for = dict(
        PredikatOrganisasi.objects.filter(periode=periode).values_list("unit_id", "predikat")
    )
    unit_ids = {row[3] for row in rows if only_unit is None or row[3] == only_unit}
    return CurveInputs(rows, set_for, UnitKerja.objects.in_bulk(list(unit_ids)))


def curve_report(
    periode: Periode,
    *,
    what_if: str | None = None,
    units: bool = True,
    only_unit: int | None = None,
) -> list[CurveScope]:
    """The distribution check (spec §2.5) for the agency and, when ``units``, each unit with
    rated employees, against the pattern of its organisation predikat (a unit without its own
    follows the agency's). ``what_if`` replaces every organisation predikat ("jika predikat
    organisasi X"). Reads only; changes nobody's predikat. Three queries."""
    if periode.skema != pmp.SCHEME:
        return []
    inputs = curve_inputs(periode, only_unit=only_unit)
    return curve_scopes(periode, inputs, what_if=what_if, units=units, only_unit=only_unit)


def curve_scopes(
    periode: Periode,
    inputs: CurveInputs,
    *,
    what_if: str | None = None,
    units: bool = True,
    only_unit: int | None = None,
) -> list[CurveScope]:
    """:func:`curve_report` on inputs already read: no query (the close runs it while the
    server makes the combined hash)."""
    if periode.skema != pmp.SCHEME:
        return []
    set_for = inputs.set_for
    forced = kurva.parse_org_predikat(what_if) if what_if else None
    agency_org = forced or (kurva.parse_org_predikat(set_for[None]) if None in set_for else None)
    # One Employee per row, shared by the agency's scope and the row's unit's.
    rows = [(row, _employee(row)) for row in inputs.rows]
    scopes = []
    if only_unit is None:
        scopes.append(_scope(None, rows, agency_org, "andaikan" if forced else
                             ("instansi" if agency_org else "")))  # fmt: skip
    if units:
        grouped: dict[int, list] = defaultdict(list)
        for pair in rows:
            if only_unit is None or pair[0][3] == only_unit:
                grouped[pair[0][3]].append(pair)
        by_id = inputs.units
        for unit_id in sorted(grouped, key=lambda u: by_id[u].kode):
            own = set_for.get(unit_id)
            if forced:
                org, source = forced, "andaikan"
            elif own:
                org, source = kurva.parse_org_predikat(own), "unit"
            else:
                org, source = agency_org, "instansi" if agency_org else ""
            scopes.append(_scope(by_id[unit_id], grouped[unit_id], org, source))
    return scopes


def _employee(row) -> kurva.Employee:
    _pk, nip, _nama, _u, pred, cap, beh = row
    return kurva.Employee(nip, _PREDIKAT[pred], Decimal(cap) if cap is not None else None,
                          _RATING.get(beh or ""))  # fmt: skip


def _scope(unit, pairs, org, source) -> CurveScope:
    """The check of one scope over its (row, Employee) pairs."""
    counts = {p.value: 0 for p in pmp.PREDIKAT_ORDER}
    for row, _employee_of_row in pairs:
        counts[row[4]] += 1
    scope = CurveScope(unit=unit, organisasi=org, sumber=source, check=None, counts=counts)
    if org is None or not pairs:
        return scope
    scope.check = kurva.check_curve(org, [employee for _row, employee in pairs])
    if scope.check.proposal:
        moved = {m.nip for m in scope.check.proposal}
        scope.names = {r[1]: (r[2], r[0]) for r, _e in pairs if r[1] in moved}
    return scope


# --------------------------------------------------------------------------- indicator rows


@dataclass(slots=True)
class IndicatorRow:
    """One indicator of a result as every page, document and the API show it: the target
    and realisation the score used (the result's stored inputs) and the capaian its
    explanation gives. ``realisasi`` is None while no realisation was verified."""

    id: int
    rhk_id: int
    rhk_jenis: str
    aspek: str
    target: Decimal
    target_atas: Decimal | None
    realisasi: Decimal | None
    jumlah_realisasi: int
    capaian: Decimal | None = None
    uncapped: Decimal | None = None
    capped: bool = False
    line: object = None  # the explanation's IndicatorLine (None under PP 46/2011)
    indikator: object = None  # the Indikator row, when the caller asked for names

    def as_dict(self) -> dict:
        return {
            "id": self.id, "rhk": self.rhk_id, "aspek": self.aspek, "target": str(self.target),
            "target_atas": None if self.target_atas is None else str(self.target_atas),
            "realisasi": None if self.realisasi is None else str(self.realisasi),
            "jumlah_realisasi": self.jumlah_realisasi,
            "capaian": None if self.capaian is None else str(self.capaian),
        }  # fmt: skip


def indicator_rows(hasil, *, explanation=None, with_names: bool = False) -> list[IndicatorRow]:
    """The indicators of ``hasil`` with the realisation the score used and its capaian: the
    one source of these figures for the result pages, the evaluation PDF and the API.

    The realisation comes from the result's stored inputs (for kualitas and waktu the mean of
    the verified slices, for kuantitas and biaya their sum), never from a second query that
    re-aggregates the realisations. ``explanation`` (of ``hasil.masukan``) is made when not
    given; ``with_names`` adds one query for the Indikator rows (with their RHK)."""
    masukan = hasil.masukan or {}
    if explanation is None and masukan.get("rhk") is not None:
        explanation = explain(masukan)
    lines = {line.id: line for line in explanation.indicators} if explanation else {}
    rows = []
    for rhk in masukan.get("rhk") or ():
        for i in rhk["indikator"]:
            line = lines.get(i["id"])
            rows.append(IndicatorRow(
                id=i["id"], rhk_id=rhk["id"], rhk_jenis=rhk["jenis"], aspek=i["aspek"],
                target=Decimal(i["target"]),
                target_atas=None if i["target_atas"] is None else Decimal(i["target_atas"]),
                realisasi=None if i["realisasi"] is None else Decimal(i["realisasi"]),
                jumlah_realisasi=i["jumlah_realisasi"],
                capaian=line.capaian if line else None,
                uncapped=line.uncapped if line else None,
                capped=line.capped if line else False,
                line=line,
            ))  # fmt: skip
    if with_names and rows:
        names = Indikator.objects.select_related("rhk").in_bulk([r.id for r in rows])
        for row in rows:
            row.indikator = names.get(row.id)
    return rows


# --------------------------------------------------------------------------- before the close


@dataclass
class CheckItem:
    """One line of the pre-close checklist: what is still open, how many, and the list
    behind it (``url``; empty when the viewer may not open it)."""

    kode: str
    judul: str
    jumlah: int
    url: str = ""
    keterangan: str = ""

    @property
    def terbuka(self) -> bool:
        return self.jumlah > 0


def undecided_results(periode: Periode) -> QuerySet[Hasil]:
    """Results of ``periode`` still waiting for the rater's decision (slices and year)."""
    return hasil_list().filter(periode=periode, status=Hasil.Status.MENUNGGU)


def unverified_realisations(periode: Periode) -> QuerySet:
    """Realisations of approved SKPs of ``periode`` the rater has not verified (draft,
    submitted or returned): the scores leave them out."""
    from kinerja.skp.models import Realisasi

    return (
        Realisasi.objects.filter(skp__periode=periode, skp__disetujui_pada__isnull=False)
        .exclude(status=Realisasi.Status.DIVERIFIKASI)
        .select_related("skp__pegawai", "skp__penilai", "bagian", "indikator")
    )


def open_slices(periode: Periode, today) -> list:
    """The slices of ``periode`` that have not ended on ``today`` (its end day included)."""
    return list(periode.bagian.filter(selesai__gte=today).order_by("nomor"))
