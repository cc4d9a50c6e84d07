"""From the SKP year to results: gather the inputs set-based, evaluate them by the rules.

Three steps, each usable alone:

1. :func:`gather` reads one period's inputs for one slice (``bagian``) or the year in a
   fixed number of queries (realisations are aggregated per indicator in SQL with
   ``GROUP BY``) and returns one canonical ``masukan`` dict per SKP: plain JSON, the exact
   numbers the rules will see, in a fixed order.
2. :func:`evaluate` turns a ``masukan`` into an :class:`Outcome` through the value-only
   twins of :mod:`kinerja.scoring.rules.fast` (the bulk path).
3. :func:`explain` turns the same ``masukan`` into the same :class:`Outcome` through the
   rule functions themselves, together with every breakdown (what a person reads).

How slices combine into the year, and how a slice is scored, is Kinerja policy written in
``docs/penilaian.md`` ([kebijakan]) and held by the period's rule version
(:mod:`kinerja.scoring.rules.registry`): kuantitas and biaya realisations are summed over the
slices and a slice is scored against the pro-rata target (target / number of slices);
kualitas and waktu realisations are averaged and scored against the full target; only
verified (``diverifikasi``) realisations count; an indicator without one scores 0%. Every
number that decides a result comes from that version, resolved once per period
(:func:`rules_for`) or, for a stored ``masukan``, from the version it names.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import BigIntegerField, Case, Count, F, Q, Sum, TextField, Value, When
from django.db.models.functions import Cast, Concat, NullIf, Round

from kinerja.core.dbstream import beside, statement_meanwhile, stream_rows
from kinerja.org.models import Jabatan
from kinerja.scoring.models import Hasil, PredikatOrganisasi
from kinerja.scoring.rules import fast, registry
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.scoring.rules.common import Breakdown, RuleInputError, in_rule_context
from kinerja.skp.models import NILAI_INTI, Indikator, PenilaianPerilaku, Periode, Realisasi, Skp

PMP = pmp.SCHEME
PP46 = pp46.SCHEME
UNITS = 10_000
"""Realisations have 4 decimal places; summing them as integers of 1/10,000 in SQL is exact on
SQLite (whose SUM is binary floating point) and on PostgreSQL alike."""
_RATINGS = {r.value: r for r in pmp.Rating}
_DIRECTIONS = {d.value: d for d in pmp.Direction}
_ZERO = Decimal(0)


def text(value: Decimal) -> str:
    """Canonical text of a number in ``masukan``: plain digits, no exponent, no trailing 0."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def rule_version(periode: Periode) -> str:
    """The rule version a period's results are computed under: the version that closed it
    for a closed period (its stored rows are frozen, and ``verify_period`` and the
    explanation must reproduce them), else today's. No query for a period that is not closed
    (a close computes before it marks the period closed)."""
    if periode.status == Periode.Status.DITUTUP:
        from kinerja.scoring.models import PenutupanPeriode

        closed = (
            PenutupanPeriode.objects.filter(periode=periode)
            .order_by("-selesai")
            .values_list("versi_aturan", flat=True)
            .first()
        )
        if not closed:  # closed before closes were recorded: the version on its rows
            closed = (
                Hasil.objects.filter(periode=periode).exclude(versi_aturan="")
                .values_list("versi_aturan", flat=True).first()
            )  # fmt: skip
        if closed:
            return closed
    return registry.CURRENT[periode.skema]


def rules_for(periode: Periode, version: str | None = None) -> pmp.Version | pp46.Version:
    """The rule set (:mod:`kinerja.scoring.rules.registry`) ``periode`` is computed under:
    ``version``, else its rule version (:func:`rule_version`). Resolve it once per period."""
    return registry.scheme(periode.skema, version or rule_version(periode))  # type: ignore[return-value]


def parameters(periode: Periode, version: str | None = None) -> pmp.Parameters:
    """The period's §2.3 parameters (policy) as the rules take them, under its rule version."""
    return rules_for(periode, version).parameters(periode.parameter)


def canonical_json(masukan: dict) -> str:
    """The canonical text of ``masukan``: exactly ``json.dumps(masukan, sort_keys=True,
    separators=(",", ":"), ensure_ascii=False)``, written by hand for the shape :func:`gather`
    makes (the RHK and indicator lists are 9 in 10 of the work) and by ``json`` for
    anything else (``tests/scoring/test_canonical_json.py`` checks the identity)."""
    try:
        parts = []
        for key in sorted(masukan):
            value = masukan[key]
            if key == "rhk" and type(value) is list:
                value = "[" + ",".join(map(_rhk_json, value)) + "]"
            else:
                value = _plain_json(value)
            parts.append(f"{_str_json(key)}:{value}")
        return "{" + ",".join(parts) + "}"
    except (_NotCanonical, KeyError, TypeError):
        return _json(masukan)


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
"""What ``json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` builds
on every call, built once."""


def _json(value) -> str:
    return _ENCODER.encode(value)


class _NotCanonical(Exception):
    """A value outside the hand-written shape: the whole text is made by ``json``."""


_STRINGS: dict[str, str] = {}


def _str_json(value: str) -> str:
    found = _STRINGS.get(value)
    if found is None:
        if type(value) is not str:
            raise _NotCanonical
        found = _json(value)
        if len(_STRINGS) < 1_000_000:
            _STRINGS[value] = found
    return found


def _plain_json(value) -> str:
    kind = type(value)
    if kind is str:
        return _str_json(value)
    if value is None:
        return "null"
    if kind is int:
        return str(value)
    return _json(value)


def _rhk_json(rhk) -> str:
    if type(rhk) is not dict or len(rhk) != 3 or type(rhk["id"]) is not int:
        raise _NotCanonical
    indicators = rhk["indikator"]
    if type(indicators) is not list:
        raise _NotCanonical
    lines = ",".join(map(_indicator_json, indicators))
    return f'{{"id":{rhk["id"]},"indikator":[{lines}],"jenis":{_str_json(rhk["jenis"])}}}'


def _indicator_json(i) -> str:
    if type(i) is not dict or len(i) != 8:
        raise _NotCanonical
    ind_id, count = i["id"], i["jumlah_realisasi"]
    if type(ind_id) is not int or type(count) is not int:
        raise _NotCanonical
    arah, aspek, bobot, target = i["arah"], i["aspek"], i["bobot"], i["target"]
    realisasi, atas = i["realisasi"], i["target_atas"]
    q = _STRINGS
    try:
        return (
            f'{{"arah":{q[arah]},"aspek":{q[aspek]},"bobot":{q[bobot]},"id":{ind_id},'
            f'"jumlah_realisasi":{count},'
            f'"realisasi":{"null" if realisasi is None else q[realisasi]},'
            f'"target":{q[target]},"target_atas":{"null" if atas is None else q[atas]}}}'
        )
    except KeyError:  # a string not seen yet (or not a string): through _str_json
        return (
            f'{{"arah":{_str_json(arah)},"aspek":{_str_json(aspek)},"bobot":{_str_json(bobot)},'
            f'"id":{ind_id},"jumlah_realisasi":{count},'
            f'"realisasi":{"null" if realisasi is None else _str_json(realisasi)},'
            f'"target":{_str_json(target)},'
            f'"target_atas":{"null" if atas is None else _str_json(atas)}}}'
        )


def input_hash(masukan: dict) -> str:
    """SHA-256 of the canonical inputs (sorted keys, no spaces): equal inputs, equal hash."""
    return hash_of(canonical_json(masukan))


def hash_of(payload: str) -> str:
    return hashlib.sha256(payload.encode()).hexdigest()


# --------------------------------------------------------------------------- gathering


@dataclass
class Gathered:
    """One SKP's inputs for one slice or the year, and what goes beside them."""

    skp_id: int
    instansi_id: int
    masukan: dict
    tertunda: int = 0


@dataclass
class Source:
    """One period's SKP inputs read once (a close reads them once for every slice and the
    year): the SKPs, their indicators in scoring order, each indicator's realisations by
    slice position, and the behaviour ratings."""

    slices: list[tuple[int, int]]
    skps: list[tuple]
    indicators: dict[int, list[tuple]]
    realisations: dict[int, list]
    behaviour: dict[int, dict[int, tuple]]
    narrowed: bool
    prepared: dict | None = None
    bulk: dict | None = None
    annual_only: bool = False
    fresh: frozenset = frozenset()
    """The slices (ids) whose every result the caller has just written in this transaction
    (a close computing a slice never computed): none of them is decided, so the year does
    not look for the rater's decisions there."""


PENDING = object()
"""A realisation slot holding a realisation not (yet) verified: counted, never summed."""


def read_source(
    periode: Periode, *, skp_ids=None, annual_only: bool = False, prepare=None
) -> Source:
    """Four queries whatever the size: slices; SKPs; indicators; realisations (streamed, each
    an exact integer of 1/10,000); behaviour ratings.

    ``annual_only``: the realisations summed per indicator by the database (total and count
    of the verified ones, count of the others), for a computation of the year alone (a
    close whose slices are all computed): a quarter of the rows. Each indicator's slots then
    hold the total, as many zeros as further verified realisations and a ``PENDING`` per
    unverified one: the year sums and counts them to the same total, count and pending
    count as the single realisations (``tests/scoring/test_app_bulk.py``).

    ``prepare`` is called with the source before its realisations are in (it sends no
    query: :func:`kinerja.core.dbstream.held` refuses one): it may keep references to the
    slot lists, which are filled in place afterwards. With ``annual_only`` it runs while the
    database sums (:func:`~kinerja.core.dbstream.statement_meanwhile`): on PostgreSQL the
    sums are a hash aggregate when the close's ``work_mem`` allows it, which returns nothing
    until it has read every realisation. Otherwise it runs in a thread while the behaviour
    ratings and the realisations are read (:func:`~kinerja.core.dbstream.beside`)."""
    slices = list(periode.bagian.order_by("nomor").values_list("id", "nomor"))
    skp_qs = Skp.objects.filter(periode=periode, disetujui_pada__isnull=False)
    if skp_ids is not None:
        skp_qs = skp_qs.filter(pk__in=list(skp_ids))
    skps = list(
        skp_qs.order_by("pk").values_list(
            "pk", "instansi_id", "jenis", "unit_id", "pegawai__jabatan__jenis"
        )
    )
    narrowed = skp_ids is not None
    ids = [row[0] for row in skps]
    if not skps:
        return Source(slices, [], {}, {}, {}, narrowed)
    narrow = {"rhk__skp__in": ids} if narrowed else {}
    rows = stream_rows(
        Indikator.objects.filter(rhk__skp__periode=periode, rhk__skp__disetujui_pada__isnull=False,
                                 **narrow)
        .order_by()
        .values_list("rhk__skp_id", "rhk__jenis", "rhk__urutan", "rhk_id", "urutan", "pk",
                     "aspek", "arah")
        .annotate(t=_units("target"), ta=_units("target_atas"), w=_units("bobot"))
    )  # fmt: skip
    per_skp: dict[int, list] = defaultdict(list)
    for row in rows:
        per_skp[row[0]].append(row)
    del rows
    position = {bagian_id: n for n, (bagian_id, _nomor) in enumerate(slices)}
    jumlah = len(slices)
    realisations: dict[int, list] = {}
    # By the realisation's own SKP (the indicator's, as every writer sets it): one join, not
    # three.
    narrow = {"skp__in": ids} if narrowed else {}
    realisasi = Realisasi.objects.filter(
        skp__periode=periode, skp__disetujui_pada__isnull=False, **narrow
    ).order_by()
    verified = Realisasi.Status.DIVERIFIKASI.value
    if annual_only:
        counted = Q(status=verified)
        summed = realisasi.values("indikator_id").annotate(
            t=_summed_units(counted), n=Count("pk", filter=counted),
            p=Count("pk", filter=~counted),
        )  # fmt: skip
        sql, params = summed.values_list("indikator_id", "t", "n", "p").query.sql_with_params()
        # Every indicator's slots exist (empty) before the sums come, so that the indicators
        # are put in order and ``prepare`` lays the year out while the server sums.
        _make_slots(per_skp, realisations, 0)
        source = Source(slices, skps, {}, realisations, {}, narrowed, annual_only=True)
        with statement_meanwhile(sql, params) as sums:
            source.indicators = _arranged(per_skp)
            del per_skp
            if prepare is not None:
                prepare(source)
        for indikator_id, total, n, pending in sums.rows:
            slots = realisations.get(indikator_id)
            if slots is None:
                slots = realisations[indikator_id] = []
            if n:
                slots.append(int(total))
                slots.extend([0] * (n - 1))
            slots.extend([PENDING] * pending)
        source.behaviour = _behaviour(periode, None, ids if narrowed else None)
        return source
    if prepare is not None:
        # Every indicator's slots exist before ``prepare`` starts, filled in place below.
        _make_slots(per_skp, realisations, jumlah)
    indicators = _arranged(per_skp)
    del per_skp
    source = Source(slices, skps, indicators, realisations, {}, narrowed)
    layout = None if prepare is None else lambda: prepare(source)
    with beside(layout, name="kinerja-tata-letak"):
        source.behaviour = _behaviour(periode, None, ids if narrowed else None)
        # The value of a verified realisation, NULL for the others: two columns a row, no
        # status text to make a string of and compare.
        query = realisasi.values_list("indikator_id", "bagian_id").annotate(
            v=Case(When(status=verified, then=_units("nilai")), output_field=BigIntegerField())
        )
        for indikator_id, bagian_id, units in stream_rows(query):
            slots = realisations.get(indikator_id)
            if slots is None:
                slots = realisations[indikator_id] = [None] * jumlah
            value = PENDING if units is None else units
            at = position.get(bagian_id)
            if at is None or slots[at] is not None:
                slots.append(value)  # outside this period's slices: counted in the year only
            else:
                slots[at] = value
    return source


def _make_slots(per_skp: dict[int, list], realisations: dict[int, list], size: int) -> None:
    """An empty slot list of ``size`` (the slices; 0: the year's sums) for every indicator
    read, so that ``prepare`` can keep it before the realisations are in."""
    for found in per_skp.values():
        for row in found:
            realisations[row[5]] = [None] * size


@in_rule_context
def gather(periode: Periode, *, bagian=None, skp_ids=None, source=None) -> list[Gathered]:
    """The canonical inputs of every SKP of ``periode`` whose plan was approved at least once,
    for ``bagian`` (a slice) or the whole year (``bagian`` None); ``skp_ids`` narrows it.

    ``source`` is the period's inputs as :func:`read_source` read them (a close reads them
    once for all slices and the year); without it they are read here. The year adds two
    queries: the raters' decided slice behaviour and the units' own results. Verified
    realisations are combined per indicator here, as exact integers of 1/10,000.
    """
    version = rule_version(periode)  # before any streamed read (a query of its own)
    if source is None:
        source = read_source(periode, skp_ids=skp_ids)
    skps = source.skps
    if skp_ids is not None and not source.narrowed:
        wanted = set(skp_ids)
        skps = [row for row in skps if row[0] in wanted]
    if not skps:
        return []
    jumlah = len(source.slices)
    annual = bagian is None
    if source.annual_only and not annual:
        raise ValueError("read_source(annual_only=True) holds no slice's realisations")
    at = None if annual else [b for b, _n in source.slices].index(bagian.pk)
    narrowed = skp_ids is not None
    ids = [row[0] for row in skps]
    decided = _decided_slices(periode, ids if narrowed else None) if annual else {}
    unit_results = _unit_results(periode) if annual else {}
    scheme = periode.skema
    rules = registry.scheme(scheme, version)
    params = rules.parameters(periode.parameter) if scheme == PMP and annual else None
    summed_aspects, prorated = rules.summed_aspects, rules.prorated_slice_target
    base = {
        "skema": scheme,
        "versi": version,
        "parameter": {k: str(v) for k, v in sorted((periode.parameter or {}).items())},
        "bagian": None if annual else bagian.nomor,
        "jumlah_bagian": jumlah,
    }
    texts = _Texts(Decimal(jumlah))
    prepared = source.prepared
    if prepared is None:  # the indicators' texts, the same for every slice and the year
        prepared = source.prepared = {
            skp_id: [
                (rjenis, rhk_id, ind_id, aspek, arah, aspek in summed_aspects,
                 texts.target(t, False), None if ta is None else texts.target(ta, False),
                 *(_slice_texts(texts, t, ta, prorated) if jumlah and aspek in summed_aspects
                   else (None, None)),
                 texts.target(w, False))
                for rjenis, rhk_id, ind_id, aspek, arah, t, ta, w in rows
            ]
            for skp_id, rows in source.indicators.items()
        }  # fmt: skip
    realisations, behaviour = source.realisations, source.behaviour
    realisation_text = texts.realisation
    empty: list = [None] * jumlah
    result = []
    for skp_id, instansi_id, jenis, unit_id, jabatan_jenis in skps:
        rhk_list: list[dict] = []
        current_id = None
        lines: list = []
        tertunda = 0
        for (rjenis, rhk_id, ind_id, aspek, arah, summed, target, atas, target_slice, atas_slice,
             bobot) in prepared.get(skp_id, ()):  # fmt: skip
            if rhk_id != current_id:
                current_id, lines = rhk_id, []
                rhk_list.append({"id": rhk_id, "jenis": rjenis, "indikator": lines})
            slots = realisations.get(ind_id, empty)
            if annual:
                total = n = 0
                for value in slots:
                    if value is PENDING:
                        tertunda += 1
                    elif value is not None:
                        total += value
                        n += 1
            else:
                value = slots[at]
                if value is None:
                    n = 0
                elif value is PENDING:
                    n = 0
                    tertunda += 1
                else:
                    total, n = value, 1
                if summed:
                    target, atas = target_slice, atas_slice
            lines.append({
                "id": ind_id, "aspek": aspek, "arah": arah, "target": target,
                "target_atas": atas, "bobot": bobot,
                "realisasi": realisation_text(total, 1 if summed else n) if n else None,
                "jumlah_realisasi": n,
            })  # fmt: skip
        masukan = dict(base)
        masukan["jenis_skp"] = jenis
        masukan["rhk"] = rhk_list
        ratings = behaviour.get(skp_id, {})
        if not annual:
            ratings = {bagian.nomor: ratings[bagian.nomor]} if bagian.nomor in ratings else {}
        if scheme == PP46:
            masukan["struktural"] = jabatan_jenis in Jabatan.STRUKTURAL
            masukan["perilaku_pp46"] = _pp46_scores(ratings, masukan["struktural"], rules)
        elif annual:
            masukan["hasil_unit"] = unit_results.get(unit_id, "") if jenis == Skp.Jenis.JPT else ""
            masukan["perilaku_periodik"] = _periodic(ratings, decided.get(skp_id, {}), params)
        else:
            only = ratings.get(bagian.nomor)
            masukan["perilaku"] = (
                {"nilai": list(only[0]), "catatan": list(only[1])} if only else None
            )
        result.append(Gathered(skp_id, instansi_id, masukan, tertunda))
    return result


def _slice_texts(texts, t, ta, prorated: bool = True) -> tuple[str, str | None]:
    """A summed aspect's slice target and upper target: pro-rata (target / number of
    slices) when the rule version says so, else the full target."""
    return texts.target(t, prorated), None if ta is None else texts.target(ta, prorated)


class _Texts:
    """The canonical text of numbers held as integers of 1/10,000, each distinct one made
    once by the same Decimal operations (call under the rule context)."""

    def __init__(self, divisor: Decimal) -> None:
        self.divisor = divisor
        self.targets: dict = {}
        self.realisations: dict = {}

    def target(self, units: int, per_slice: bool) -> str:
        key = (units, per_slice)
        found = self.targets.get(key)
        if found is None:
            value = Decimal(int(units)) / UNITS
            if per_slice:
                value = value / self.divisor
            found = self.targets[key] = text(value)
        return found

    def realisation(self, total: int, n: int) -> str:
        key = (total, n)
        found = self.realisations.get(key)
        if found is None:
            value = Decimal(int(total)) / UNITS
            found = self.realisations[key] = text(value if n == 1 else value / n)
        return found


def _summed_units(counted: Q):
    """The verified realisations' sum as an exact integer count of 1/10,000. PostgreSQL sums
    the exact ``numeric`` values and scales the sum once (the same integer: every value has
    4 places at most; 2,400,000 multiplications fewer); elsewhere each value is scaled
    first, as :func:`_units` does (SQLite may hold them as binary floats)."""
    if connection.vendor == "postgresql":
        return Cast(Round(Sum("nilai", filter=counted) * UNITS), BigIntegerField())
    return Sum(_units("nilai"), filter=counted)


def _units(name: str) -> Round:
    """A decimal column (4 places at most) as an exact integer count of 1/10,000."""
    return Cast(Round(F(name) * UNITS), BigIntegerField())


def _arranged(per_skp: dict[int, list]) -> dict[int, list[tuple]]:
    """skp → its indicators in scoring order, as :class:`Source` holds them."""
    return {
        skp_id: [(r[1], r[3], *r[5:11]) for r in sorted(found, key=_order)]
        for skp_id, found in per_skp.items()
    }


def _order(row):
    # RHK: main first, then additional; by their order and id; indicators likewise.
    return (row[1] != "utama", row[2], row[3], row[4], row[5])


def _behaviour(periode, bagian, skp_ids) -> dict[int, dict[int, tuple]]:
    """skp → slice number → (7 ratings, 7 'has a written note' flags), BerAKHLAK order."""
    qs = PenilaianPerilaku.objects.filter(skp__periode=periode)
    if bagian is not None:
        qs = qs.filter(bagian=bagian)
    if skp_ids is not None:
        qs = qs.filter(skp__in=skp_ids)
    # An empty note comes as NULL: the rows of people rated alike are then equal, and their
    # pair is made once and shared.
    notes = {
        f"n{n}": NullIf(f"catatan_{code}", Value(""), output_field=TextField())
        for n, code in enumerate(NILAI_INTI)
    }
    # The seven ratings (codes) as one text: one string a row to make, not seven.
    pieces: list = []
    for code in NILAI_INTI:
        pieces += [F(code), Value(_SEPARATOR)]
    ratings = Concat(*pieces[:-1], output_field=TextField())
    found: dict[int, dict[int, tuple]] = defaultdict(dict)
    made: dict[tuple, tuple] = {}
    rows = qs.order_by().values_list("skp_id", "bagian__nomor").annotate(r=ratings, **notes)
    for row in stream_rows(rows):
        key = row[2:]
        pair = made.get(key)
        if pair is None:
            values = tuple(row[2].split(_SEPARATOR))
            if len(values) != len(NILAI_INTI):  # a code holding the separator: not a code
                raise ValueError(f"Penilaian perilaku SKP {row[0]} memuat kode tak dikenal.")
            pair = made[key] = (values, tuple(bool(note and note.strip()) for note in row[3:10]))
        found[row[0]][row[1]] = pair
    return found


_SEPARATOR = "|"
"""Between the ratings read as one text (codes: never in one)."""


def _decided_slices(periode, skp_ids, source: Source | None = None) -> dict[int, dict[int, str]]:
    """skp → slice number → the behaviour the rater confirmed or set for that slice; not
    looked for in ``source.fresh`` (no query when every slice is: a close from nothing,
    whose 400,000 new slice rows the database would read for nothing)."""
    qs = Hasil.objects.filter(periode=periode, bagian__isnull=False).exclude(
        status=Hasil.Status.MENUNGGU
    )
    if source is not None and source.fresh:
        others = [bagian_id for bagian_id, _nomor in source.slices if bagian_id not in source.fresh]
        if not others:
            return {}
        qs = qs.filter(bagian_id__in=others)
    if skp_ids is not None:
        qs = qs.filter(skp__in=skp_ids)
    found: dict[int, dict[int, str]] = defaultdict(dict)
    for skp_id, nomor, perilaku in qs.values_list("skp_id", "bagian__nomor", "akhir_perilaku"):
        if perilaku:
            found[skp_id][nomor] = perilaku
    return found


def _unit_results(periode) -> dict[int, str]:
    return dict(
        PredikatOrganisasi.objects.filter(periode=periode, unit__isnull=False)
        .exclude(hasil_kerja_unit="")
        .values_list("unit_id", "hasil_kerja_unit")
    )


def _periodic(
    ratings: dict[int, tuple], decided: dict[int, str], params: pmp.Parameters
) -> list[dict]:
    """The year's periodic behaviour in time order: the rater's decision on a slice where there
    is one, else the rules' proposal from that slice's ratings."""
    found = []
    for nomor in sorted(set(ratings) | set(decided)):
        if nomor in decided:
            found.append({"bagian": nomor, "penilaian": decided[nomor], "sumber": "penilai"})
        else:
            values, noted = ratings[nomor]
            proposal = fast.behaviour_rating([_RATINGS[v] for v in values], noted, params)
            found.append({"bagian": nomor, "penilaian": proposal.value, "sumber": "usulan"})
    return found


def _pp46_scores(
    ratings: dict[int, tuple], structural: bool, rules: pp46.Version
) -> dict[str, str] | None:
    """The PP 46/2011 behaviour aspects' scores from the BerAKHLAK ratings, as the rule
    version reads them (``behaviour_values``, ``behaviour_scores``)."""
    if not ratings:
        return None
    scores = {}
    score_of = rules.behaviour_scores
    for aspect, values in rules.behaviour_values.items():
        if aspect == "kepemimpinan" and not structural:
            continue
        picked = [
            score_of[slice_values[NILAI_INTI.index(v)]]
            for _nomor, (slice_values, _notes) in sorted(ratings.items())
            for v in values
        ]
        scores[aspect] = text(sum(picked, _ZERO) / len(picked))
    return scores


# --------------------------------------------------------------------------- evaluating


@dataclass
class Outcome:
    """What a result stores: the values (codes), or the rules' message when input was bad."""

    capaian: Decimal | None = None
    hasil_kerja: str = ""
    perilaku: str = ""
    predikat: str = ""
    nilai: Decimal | None = None
    galat: str = ""

    def key(self) -> tuple:
        """Comparable form: numbers as exact text (value and exponent)."""
        return (
            None if self.capaian is None else str(self.capaian), self.hasil_kerja,
            self.perilaku, self.predikat, None if self.nilai is None else str(self.nilai),
            self.galat,
        )  # fmt: skip


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def evaluate(
    masukan: dict, params: pmp.Parameters | None = None, cache: dict | None = None
) -> Outcome:
    """The bulk path: an :class:`Outcome` through the value-only twins (identical values).

    ``cache`` (a dict kept by the caller for one batch with the same ``params``) remembers
    each distinct indicator's capaian: the twins are pure, so a repeated (target, realisation,
    direction) needs computing once; real targets and realisations repeat a lot.
    """
    try:
        if masukan["skema"] == PP46:
            return _pp46(masukan)[0]
        with fast.rule_context():
            return _evaluate_pmp(
                masukan, params or _params_of(masukan), {} if cache is None else cache
            )
    except RuleInputError as error:
        return Outcome(galat=str(error))


def _params_of(masukan: dict) -> pmp.Parameters:
    """The parameters of a ``masukan`` under the rule version it names."""
    scheme = masukan["skema"]
    rules = registry.scheme(scheme, masukan.get("versi") or registry.CURRENT[scheme])
    return rules.parameters(masukan["parameter"])


def _rhk_value(inds: list[dict], params: pmp.Parameters, cache: dict) -> Decimal:
    if not inds:
        pmp.rhk_capaian([])  # raises the rule's message
    values = []
    for i in inds:
        if i["realisasi"] is None:
            values.append(params.unverified_capaian)
            continue
        key = (i["target"], i["target_atas"], i["realisasi"], i["arah"])
        value = cache.get(key)
        if value is None:
            value = cache[key] = fast.indicator_capaian(
                Decimal(i["target"]), _d(i["target_atas"]), Decimal(i["realisasi"]),
                _DIRECTIONS[i["arah"]], params,
            )[0]  # fmt: skip
        values.append(value)
    return fast.weighted_mean(values, [Decimal(i["bobot"]) for i in inds])


def _evaluate_pmp(m: dict, params: pmp.Parameters, cache: dict) -> Outcome:
    mains: list[Decimal] = []
    extras: list[Decimal] = []
    for rhk in m["rhk"]:
        inds = rhk["indikator"]
        # An RHK's capaian is a pure function of its indicators' numbers, direction and weight.
        rhk_key = (
            "rhk",
            tuple((i["target"], i["target_atas"], i["realisasi"], i["arah"], i["bobot"])
                  for i in inds),
        )  # fmt: skip
        value = cache.get(rhk_key)
        if value is None:
            value = cache[rhk_key] = _rhk_value(inds, params, cache)
        (mains if rhk["jenis"] == "utama" else extras).append(value)
    capaian, _counted = fast.skp_capaian(mains, extras, params)
    if m["bagian"] is None:
        unit = _RATINGS.get(m.get("hasil_unit") or "")
        work = fast.work_rating(capaian, params, unit)
        periodic = [_RATINGS[p["penilaian"]] for p in m["perilaku_periodik"]]
        behaviour = fast.annual_behaviour(periodic) if periodic else None
    else:
        work = fast.work_rating(capaian, params)
        rated = m["perilaku"]
        behaviour = (
            fast.behaviour_rating([_RATINGS[v] for v in rated["nilai"]], rated["catatan"], params)
            if rated
            else None
        )
    result = Outcome(capaian=capaian, hasil_kerja=work.value)
    if behaviour is not None:
        result.perilaku = behaviour.value
        result.predikat = fast.predikat(work, behaviour).value
    return result


# --------------------------------------------------------------------------- explaining


@dataclass
class IndicatorLine:
    """One indicator as the explanation page shows it."""

    id: int
    rhk_id: int
    masukan: dict
    capaian: Decimal
    uncapped: Decimal
    capped: bool
    breakdown: Breakdown


@dataclass
class Explanation:
    """The rules' own account of a result: every value with its breakdown."""

    outcome: Outcome
    indicators: list[IndicatorLine] = field(default_factory=list)
    rhk: list[tuple[dict, pmp.Scored]] = field(default_factory=list)
    sections: list[Breakdown] = field(default_factory=list)

    def as_dict(self) -> dict:
        """JSON-ready breakdown tree (Indonesian keys of :meth:`Breakdown.as_dict`)."""
        return _jsonable(
            {
                "indikator": [
                    {"id": line.id, "rhk": line.rhk_id, **line.breakdown.as_dict()}
                    for line in self.indicators
                ],
                "rhk": [{"id": r["id"], **s.breakdown.as_dict()} for r, s in self.rhk],
                "ringkasan": [b.as_dict() for b in self.sections],
            }
        )


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


@in_rule_context
def explain(masukan: dict) -> Explanation:
    """The slow path: the same outcome as :func:`evaluate`, made by the rule functions
    themselves, with every breakdown (never used in bulk; one SKP at a time)."""
    try:
        if masukan["skema"] == PP46:
            outcome, sections = _pp46(masukan)
            return Explanation(outcome=outcome, sections=sections)
        return _explain_pmp(masukan)
    except RuleInputError as error:
        return Explanation(outcome=Outcome(galat=str(error)))


def _explain_pmp(m: dict) -> Explanation:
    params = _params_of(m)
    explanation = Explanation(outcome=Outcome())
    mains, extras = [], []
    for rhk in m["rhk"]:
        lines = []
        for i in rhk["indikator"]:
            if i["realisasi"] is None:
                result = pmp.unverified_capaian(
                    target=i["target"], direction=i["arah"], params=params
                )
            else:
                target = (
                    (Decimal(i["target"]), Decimal(i["target_atas"]))
                    if i["target_atas"] is not None
                    else Decimal(i["target"])
                )
                result = pmp.indicator_capaian(
                    target=target, realisation=Decimal(i["realisasi"]), direction=i["arah"],
                    params=params,
                )  # fmt: skip
            lines.append(result)
            explanation.indicators.append(
                IndicatorLine(
                    i["id"],
                    rhk["id"],
                    i,
                    result.capaian,
                    result.uncapped,
                    result.capped,
                    result.breakdown,
                )  # fmt: skip
            )
        scored = pmp.rhk_capaian(
            lines, [Decimal(i["bobot"]) for i in rhk["indikator"]], version=params.version
        )
        explanation.rhk.append((rhk, scored))
        (mains if rhk["jenis"] == "utama" else extras).append(scored.value)
    skp = pmp.skp_capaian(mains, extras, params=params)
    sections = [skp.breakdown]
    outcome = Outcome(capaian=skp.value)
    if m["bagian"] is None:
        unit = m.get("hasil_unit") or None
        periodic = [p["penilaian"] for p in m["perilaku_periodik"]]
        if periodic:
            annual = pmp.propose_annual(
                capaian=skp.value, periodic_behaviour=periodic, params=params
            )
            sections.append(annual.breakdown)
            work = pmp.propose_work_rating(skp.value, params=params, unit_rating=unit)
            behaviour = annual.behaviour
        else:
            work = pmp.propose_work_rating(skp.value, params=params, unit_rating=unit)
            behaviour = None
        sections.insert(1, work.breakdown)
    else:
        work = pmp.propose_work_rating(skp.value, params=params)
        sections.append(work.breakdown)
        rated = m["perilaku"]
        behaviour = None
        if rated:
            scored_b = pmp.propose_behaviour_rating(
                dict(zip(NILAI_INTI, rated["nilai"], strict=True)),
                notes={c: "ada" for c, noted in zip(NILAI_INTI, rated["catatan"], strict=True)
                       if noted},
                params=params,
            )  # fmt: skip
            sections.append(scored_b.breakdown)
            behaviour = scored_b.value
    outcome.hasil_kerja = work.value.value
    if behaviour is not None:
        final = pmp.predikat(work.value, behaviour, version=params.version)
        sections.append(final.breakdown)
        outcome.perilaku = pmp.Rating(behaviour).value
        outcome.predikat = final.value.value
    explanation.outcome = outcome
    explanation.sections = sections
    return explanation


@in_rule_context
def _pp46(m: dict) -> tuple[Outcome, list[Breakdown]]:
    """PP 46/2011 (spec §3) on the SKP's fields, as mapped in docs/penilaian.md: each main RHK
    is an activity whose kuantitas, kualitas, waktu (and biaya) indicators give its aspects;
    the number of additional RHK is the number of tugas tambahan."""
    activities = []
    extras = 0
    for number, rhk in enumerate(m["rhk"], start=1):
        if rhk["jenis"] != "utama":
            extras += 1
            continue
        by_aspect: dict[str, dict] = {}
        for i in rhk["indikator"]:
            if i["aspek"] in by_aspect:
                raise RuleInputError(
                    f"RHK ke-{number} memiliki lebih dari satu indikator aspek {i['aspek']}; "
                    "skema PP 46/2011 memerlukan tepat satu per aspek",
                    field="aspek",
                )
            by_aspect[i["aspek"]] = i
        missing = [a for a in ("kuantitas", "kualitas", "waktu") if a not in by_aspect]
        if missing:
            raise RuleInputError(
                f"RHK ke-{number} belum memiliki indikator aspek {', '.join(missing)}; skema "
                "PP 46/2011 memerlukan kuantitas, kualitas dan waktu",
                field="aspek",
            )

        def pair(aspek, got=by_aspect):
            item = got.get(aspek)
            if item is None:
                return None, None
            return Decimal(item["target"]), Decimal(item["realisasi"] or "0")

        tq, rq = pair("kuantitas")
        tk, rk = pair("kualitas")
        tw, rw = pair("waktu")
        tb, rb = pair("biaya")
        activities.append(pp46.Activity(f"RHK ke-{number}", tq, rq, tk, rk, tw, rw, tb, rb))
    value = pp46.skp_value(activities, additional_tasks=extras)
    sections = [value.breakdown]
    outcome = Outcome(capaian=value.value, predikat=value.category.value)
    scores = m.get("perilaku_pp46")
    if scores:
        behaviour = pp46.behaviour_value(scores, structural=m["struktural"])
        overall = pp46.prestasi_kerja(value, behaviour)
        sections += [behaviour.breakdown, overall.breakdown]
        outcome.nilai = overall.value
        outcome.predikat = overall.category.value
    return outcome, sections
