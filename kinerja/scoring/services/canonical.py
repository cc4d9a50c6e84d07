"""The canonical text of ``masukan``, written in one place: the JSON a result stores and
hashes (sorted keys, no spaces, UTF-8 as is) and the text of each number in it.

:func:`canonical_json` and :func:`input_hash` are what every path writes and hashes with;
:func:`json_text` and :func:`str_json` are the same encoder's pieces, which
:mod:`kinerja.scoring.services.bulk` assembles into the identical text without building the
dict (``tests/scoring/test_canonical_json.py`` and ``tests/scoring/test_app_bulk.py`` check
the identity).
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

UNITS = 10_000
"""Realisations have 4 decimal places; summing them as integers of 1/10,000 in SQL is exact on
SQLite (whose SUM is binary floating point) and on PostgreSQL alike."""


def text(value: Decimal) -> str:
    """Canonical text of a number in ``masukan``: plain digits, no exponent, no trailing 0."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


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
            parts.append(f"{str_json(key)}:{value}")
        return "{" + ",".join(parts) + "}"
    except (_NotCanonical, KeyError, TypeError):
        return json_text(masukan)


ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
"""What ``json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` builds
on every call, built once."""


def json_text(value) -> str:
    return ENCODER.encode(value)


class _NotCanonical(Exception):
    """A value outside the hand-written shape: the whole text is made by ``json``."""


_STRINGS: dict[str, str] = {}


def str_json(value: str) -> str:
    found = _STRINGS.get(value)
    if found is None:
        if type(value) is not str:
            raise _NotCanonical
        found = json_text(value)
        if len(_STRINGS) < 1_000_000:
            _STRINGS[value] = found
    return found


def _plain_json(value) -> str:
    kind = type(value)
    if kind is str:
        return str_json(value)
    if value is None:
        return "null"
    if kind is int:
        return str(value)
    return json_text(value)


def _rhk_json(rhk) -> str:
    if type(rhk) is not dict or len(rhk) != 3 or type(rhk["id"]) is not int:
        raise _NotCanonical
    indicators = rhk["indikator"]
    if type(indicators) is not list:
        raise _NotCanonical
    lines = ",".join(map(_indicator_json, indicators))
    return f'{{"id":{rhk["id"]},"indikator":[{lines}],"jenis":{str_json(rhk["jenis"])}}}'


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
    except KeyError:  # a string not seen yet (or not a string): through str_json
        return (
            f'{{"arah":{str_json(arah)},"aspek":{str_json(aspek)},"bobot":{str_json(bobot)},'
            f'"id":{ind_id},"jumlah_realisasi":{count},'
            f'"realisasi":{"null" if realisasi is None else str_json(realisasi)},'
            f'"target":{str_json(target)},'
            f'"target_atas":{"null" if atas is None else str_json(atas)}}}'
        )


def input_hash(masukan: dict) -> str:
    """SHA-256 of the canonical inputs (sorted keys, no spaces): equal inputs, equal hash."""
    return hash_of(canonical_json(masukan))


def hash_of(payload: str) -> str:
    return hashlib.sha256(payload.encode()).hexdigest()


def slice_texts(texts, t, ta, prorated: bool = True) -> tuple[str, str | None]:
    """A summed aspect's slice target and upper target: pro-rata (target / number of
    slices) when the rule version says so, else the full target."""
    return texts.target(t, prorated), None if ta is None else texts.target(ta, prorated)


class Texts:
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
