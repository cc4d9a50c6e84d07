"""Reading one period's inputs: the SKPs, their indicators, realisations and behaviour
ratings, read once set-based (:func:`read_source`), and the canonical ``masukan`` of every SKP
for one slice or the year (:func:`gather`).

How slices combine into the year, and how a slice is scored, is Kinerja policy written in
``docs/penilaian.md`` ([kebijakan]) and held by the period's rule version
(:mod:`kinerja.scoring.rules.registry`): kuantitas and biaya realisations are summed over the
slices and a slice is scored against the pro-rata target (target / number of slices);
kualitas and waktu realisations are averaged and scored against the full target; only
verified (``diverifikasi``) realisations count. Every number in ``masukan`` is written by
:func:`kinerja.scoring.services.canonical.text`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import BigIntegerField, Case, Count, F, Q, Sum, TextField, Value, When
from django.db.models.functions import Cast, Concat, NullIf, Round

from kinerja.core.dbstream import beside, statement_meanwhile, stream_rows
from kinerja.org.models import Jabatan
from kinerja.scoring.models import Hasil, PredikatOrganisasi
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.scoring.rules import registry
from kinerja.scoring.rules.common import in_rule_context
from kinerja.scoring.services.canonical import UNITS, Texts, slice_texts, text
from kinerja.scoring.services.engine import PMP, PP46, rule_version, slice_behaviour
from kinerja.skp.models import NILAI_INTI, Indikator, PenilaianPerilaku, Periode, Realisasi, Skp

_ZERO = Decimal(0)


@dataclass
class Gathered:
    """One SKP's inputs for one slice or the year, and what goes beside them."""

    skp_id: int
    instansi_id: int
    masukan: dict
    tertunda: int = 0


_new = tuple.__new__
"""``_new(Record, values)``: a record (below) made by the tuple's own constructor, not its
Python-level ``__new__``, where the rows are many."""


class Slice(NamedTuple):
    """One slice (``BagianPeriode``) of the period, in order."""

    id: int
    nomor: int


class SkpRow(NamedTuple):
    """One SKP whose plan was approved, as :class:`Source` holds it (ordered by id)."""

    skp_id: int
    instansi_id: int
    jenis: str
    unit_id: int | None
    jabatan_jenis: str | None


class IndicatorRow(NamedTuple):
    """One indicator of an SKP in scoring order (main RHK first, then by order and id);
    numbers as exact integers of 1/10,000 (:data:`UNITS`)."""

    rhk_jenis: str
    rhk_id: int
    indikator_id: int
    aspek: str
    arah: str
    target: int
    target_atas: int | None
    bobot: int


class Ratings(NamedTuple):
    """One slice's behaviour rating of one SKP: the seven core values' ratings (codes) and
    whether each has a written note, in BerAKHLAK order (``NILAI_INTI``). Equal ratings
    share one record."""

    nilai: tuple[str, ...]
    catatan: tuple[bool, ...]


@dataclass
class Source:
    """One period's SKP inputs read once (a close reads them once for every slice and the
    year): the SKPs, their indicators in scoring order, each indicator's realisations by
    slice position, and the behaviour ratings."""

    slices: list[Slice]
    skps: list[SkpRow]
    indicators: dict[int, list[IndicatorRow]]
    """skp → its indicators in scoring order."""
    realisations: dict[int, list]
    """indicator → its realisation slots: one per slice in slice order (None: none; an int
    of 1/10,000: verified; :data:`PENDING`: not verified), then any outside the slices; with
    ``annual_only``, the database's sums (:func:`read_source`)."""
    behaviour: dict[int, dict[int, Ratings]]
    """skp → slice number → its behaviour rating."""
    narrowed: bool
    prepared: dict[int, list[_Prepared]] | None = None
    bulk: Any = None
    """The close's pieces made once for this source (:class:`.bulk.Prepared`)."""
    annual_only: bool = False
    fresh: frozenset = frozenset()
    """The slices (ids) whose every result the caller has just written in this transaction
    (a close computing a slice never computed): none of them is decided, so the year does
    not look for the rater's decisions there."""


PENDING = object()
"""A realisation slot holding a realisation not (yet) verified: counted, never summed."""


def year_slots(slots: list) -> tuple[int, int, int]:
    """An indicator's realisation slots combined for the year: (total of the verified ones in
    1/10,000, how many are verified, how many are not). The one sum :func:`gather` and the
    close (:mod:`.bulk`) take."""
    if None in slots or PENDING in slots:
        total = n = pending = 0
        for value in slots:
            if value is PENDING:
                pending += 1
            elif value is not None:
                total += value
                n += 1
        return total, n, pending
    return sum(slots), len(slots), 0  # every slot verified (most of a closing year)


def unit_result(jenis: str, unit_id: int | None, unit_results: dict[int, str]) -> str:
    """``masukan["hasil_unit"]``: a JPT's unit's own result (:func:`read_unit_results`), else
    empty."""
    return unit_results.get(unit_id, "") if jenis == Skp.Jenis.JPT else ""  # type: ignore[arg-type]


class Periodic(NamedTuple):
    """One slice's behaviour as the year counts it (``masukan["perilaku_periodik"]``)."""

    bagian: int
    """The slice's number."""
    penilaian: str
    """The rating's code."""
    sumber: str
    """``penilai``: the rater's decision on the slice; ``usulan``: the rules' proposal."""


def periodic(ratings: dict[int, Ratings], decided: dict[int, str], proposal) -> list[Periodic]:
    """The year's periodic behaviour in slice order: the rater's decision on a slice where
    there is one, else the rules' proposal from that slice's ratings (``proposal(ratings)``
    gives its code)."""
    if not decided:  # most of a year: no slice decided yet
        return [_new(Periodic, (nomor, proposal(ratings[nomor]), "usulan"))
                for nomor in sorted(ratings)]  # fmt: skip
    return [
        _new(Periodic, (nomor, decided[nomor], "penilai"))
        if nomor in decided
        else _new(Periodic, (nomor, proposal(ratings[nomor]), "usulan"))
        for nomor in sorted(set(ratings) | set(decided))
    ]


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
    slices = [
        _new(Slice, row) for row in periode.bagian.order_by("nomor").values_list("id", "nomor")
    ]
    skp_qs = Skp.objects.filter(periode=periode, disetujui_pada__isnull=False)
    if skp_ids is not None:
        skp_qs = skp_qs.filter(pk__in=list(skp_ids))
    skps = [
        _new(SkpRow, row)
        for row in skp_qs.order_by("pk").values_list(
            "pk", "instansi_id", "jenis", "unit_id", "pegawai__jabatan__jenis"
        )
    ]
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


class _Prepared(NamedTuple):
    """One indicator's texts in ``masukan`` (:func:`gather`), made once per close for every
    slice and the year (:attr:`Source.prepared`)."""

    rhk_jenis: str
    rhk_id: int
    indikator_id: int
    aspek: str
    arah: str
    summed: bool
    """A summed aspect (the rule version's ``summed_aspects``)."""
    target: str
    target_atas: str | None
    target_slice: str | None
    """A summed aspect's slice target (:func:`slice_texts`), else None."""
    target_atas_slice: str | None
    bobot: str


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
    decided = read_decided_slices(periode, ids if narrowed else None) if annual else {}
    unit_results = read_unit_results(periode) if annual else {}
    scheme = periode.skema
    rules = registry.scheme(scheme, version)
    params = rules.parameters(periode.parameter) if scheme == PMP and annual else None

    def proposal(rated: Ratings) -> str:
        return slice_behaviour(rated.nilai, rated.catatan, params).value

    summed_aspects, prorated = rules.summed_aspects, rules.prorated_slice_target
    base = {
        "skema": scheme,
        "versi": version,
        "parameter": {k: str(v) for k, v in sorted((periode.parameter or {}).items())},
        "bagian": None if annual else bagian.nomor,
        "jumlah_bagian": jumlah,
    }
    texts = Texts(Decimal(jumlah))
    prepared = source.prepared
    if prepared is None:  # the indicators' texts, the same for every slice and the year
        prepared = source.prepared = {
            skp_id: [
                _new(_Prepared, (
                    rjenis, rhk_id, ind_id, aspek, arah, aspek in summed_aspects,
                    texts.target(t, False), None if ta is None else texts.target(ta, False),
                    *(slice_texts(texts, t, ta, prorated) if jumlah and aspek in summed_aspects
                      else (None, None)),
                    texts.target(w, False),
                ))
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
                total, n, pending = year_slots(slots)
                tertunda += pending
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
            masukan["hasil_unit"] = unit_result(jenis, unit_id, unit_results)
            masukan["perilaku_periodik"] = [
                item._asdict() for item in periodic(ratings, decided.get(skp_id, {}), proposal)
            ]
        else:
            only = ratings.get(bagian.nomor)
            masukan["perilaku"] = (
                {"nilai": list(only[0]), "catatan": list(only[1])} if only else None
            )
        result.append(Gathered(skp_id, instansi_id, masukan, tertunda))
    return result


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


def _arranged(per_skp: dict[int, list]) -> dict[int, list[IndicatorRow]]:
    """skp → its indicators in scoring order, as :class:`Source` holds them."""
    return {
        skp_id: [_new(IndicatorRow, (r[1], r[3], *r[5:11])) for r in sorted(found, key=_order)]
        for skp_id, found in per_skp.items()
    }


def _order(row):
    # RHK: main first, then additional; by their order and id; indicators likewise.
    return (row[1] != "utama", row[2], row[3], row[4], row[5])


def _behaviour(periode, bagian, skp_ids) -> dict[int, dict[int, Ratings]]:
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
    found: dict[int, dict[int, Ratings]] = defaultdict(dict)
    made: dict[tuple, Ratings] = {}
    rows = qs.order_by().values_list("skp_id", "bagian__nomor").annotate(r=ratings, **notes)
    for row in stream_rows(rows):
        key = row[2:]
        pair = made.get(key)
        if pair is None:
            values = tuple(row[2].split(_SEPARATOR))
            if len(values) != len(NILAI_INTI):  # a code holding the separator: not a code
                raise ValueError(f"Penilaian perilaku SKP {row[0]} memuat kode tak dikenal.")
            pair = made[key] = Ratings(
                values, tuple(bool(note and note.strip()) for note in row[3:10])
            )
        found[row[0]][row[1]] = pair
    return found


_SEPARATOR = "|"
"""Between the ratings read as one text (codes: never in one)."""


def read_decided_slices(
    periode, skp_ids, source: Source | None = None
) -> dict[int, dict[int, str]]:
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


def read_unit_results(periode) -> dict[int, str]:
    """unit → the result HR set for the unit (its own ``hasil_kerja_unit``), where set."""
    return dict(
        PredikatOrganisasi.objects.filter(periode=periode, unit__isnull=False)
        .exclude(hasil_kerja_unit="")
        .values_list("unit_id", "hasil_kerja_unit")
    )


def _pp46_scores(
    ratings: dict[int, Ratings], structural: bool, rules: pp46.Version
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
