"""The directory of citizen-facing codes: which agency a code belongs to.

A citizen types or scans a service's public code, a receipt code or a tracking code before
anyone knows the agency. :func:`resolve` answers that one question, the only query by code
that crosses agencies; everything after it reads the agency's own rows. The directory's
unique key keeps the codes unique across agencies: :func:`claim` and :func:`claim_many`
write a code's row in the caller's transaction, before the row that carries the code, and
try another candidate when the code is taken (by any agency, any kind).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

from django.db import connection
from django.http import Http404

from kinerja.citizen.models import KodePublik
from kinerja.core.tenancy import national

Jenis = KodePublik.Jenis
ATTEMPTS = 20
"""Candidates tried before giving up: generated codes collide about once in a billion."""
ROWS_PER_INSERT = 500

_TABLE = KodePublik._meta.db_table


class NoFreeCode(RuntimeError):
    """Every candidate code was taken (a generator that keeps repeating itself)."""


@national(
    "the citizen-code directory: maps a code typed before the agency is known to its "
    "agency (on Citus one shard, the directory being distributed by kode)"
)
def resolve(kode: str, jenis: str) -> int | None:
    """The agency id of code ``kode`` of kind ``jenis``, or None: one lookup on the unique
    key."""
    found = KodePublik.objects.filter(kode=kode, jenis=jenis).values_list("instansi_id")[:1]
    return next((row[0] for row in found), None)


_REMEMBERED: dict[tuple[str, str], int] = {}
REMEMBER = 10_000
"""Codes this process remembers (a code never moves to another agency once entered)."""


def remembered(kode: str, jenis: str) -> int | None:
    """The agency this process last found for the code, without a query (the survey's hot
    path: a wrong memory shows as a missing row, and the caller asks :func:`resolve`)."""
    return _REMEMBERED.get((kode, jenis))


def remember(kode: str, jenis: str, instansi_id: int) -> None:
    if len(_REMEMBERED) >= REMEMBER:
        _REMEMBERED.clear()
    _REMEMBERED[kode, jenis] = instansi_id


def resolve_or_404(kode: str, jenis: str) -> int:
    """The agency id of the code, or 404: the answer an unknown code has always had."""
    instansi_id = resolve(kode, jenis)
    if instansi_id is None:
        raise Http404
    return instansi_id


def _insert_free(instansi_id: int, jenis: str, codes: list[str]) -> set[str]:
    """Insert the codes nobody holds yet, in one statement per batch; returns those
    inserted. A taken code is skipped (``ON CONFLICT DO NOTHING``), not an error, so the
    caller's transaction goes on and the caller tries another."""
    inserted: set[str] = set()
    for start in range(0, len(codes), ROWS_PER_INSERT):
        batch = codes[start : start + ROWS_PER_INSERT]
        values = ", ".join(["(%s, %s, %s)"] * len(batch))
        sql = (
            f"INSERT INTO {_TABLE} (kode, jenis, instansi_id) VALUES {values} "  # noqa: S608
            "ON CONFLICT (kode) DO NOTHING RETURNING kode"
        )
        params = [value for kode in batch for value in (kode, jenis, instansi_id)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            inserted.update(row[0] for row in cursor.fetchall())
    return inserted


def claim(instansi_id: int, jenis: str, candidates: Iterable[str]) -> str:
    """Enter the first free code of ``candidates`` for the agency and return it. Call it
    inside the transaction that stores the row carrying the code."""
    for kode in islice(candidates, ATTEMPTS):
        if _insert_free(instansi_id, jenis, [kode]):
            return kode
    raise NoFreeCode(f"tidak ada kode {jenis} yang bebas setelah {ATTEMPTS} percobaan")


def claim_many(instansi_id: int, jenis: str, count: int, generate: Callable[[], str]) -> list[str]:
    """Enter ``count`` new codes made by ``generate`` for the agency, making new ones for
    those already taken; returns them in the order entered."""
    claimed: list[str] = []
    for _attempt in range(ATTEMPTS):
        wanted = count - len(claimed)
        if wanted == 0:
            return claimed
        candidates = list(dict.fromkeys(generate() for _ in range(wanted)))
        inserted = _insert_free(instansi_id, jenis, candidates)
        claimed += [kode for kode in candidates if kode in inserted]
    if len(claimed) < count:
        raise NoFreeCode(f"tidak ada kode {jenis} yang bebas setelah {ATTEMPTS} percobaan")
    return claimed
