"""Reading one period's inputs: the SKPs, their indicators, realisations and behaviour
ratings, read once set-based (:func:`read_source`), and how the year combines them
(:func:`year_slots`, :func:`periodic`, :func:`unit_result`: taken by
:func:`kinerja.scoring.services.masukan.gather` and by the close, :mod:`.bulk`).

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
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import BigIntegerField, Case, Count, F, Q, Sum, TextField, Value, When
from django.db.models.functions import Cast, Concat, NullIf, Round

from kinerja.core.dbstream import beside, statement_meanwhile, stream_rows
from kinerja.scoring.models import Hasil, PredikatOrganisasi
from kinerja.scoring.services.canonical import UNITS
from kinerja.skp.models import NILAI_INTI, Indikator, PenilaianPerilaku, Periode, Realisasi, Skp

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
    prepared: Any = None
    """The indicators' texts :func:`.masukan.gather` made once for this source."""
    bulk: Any = None
    """The close's pieces made once for this source (:class:`.layout.Prepared`)."""
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
