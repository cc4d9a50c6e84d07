"""Pagination for the API routers: page numbers with links, and a keyset cursor for sync.

Every list is bounded: ``page_size`` is at most MAX_PAGE_SIZE (asking for more is refused
with 422, not silently cut) and the answer echoes the page, the page size used, the cap and
absolute ``next``/``previous`` links (null at the ends). ``page`` runs to MAX_PAGE: a page
whose offset does not fit the database's integers (page=288230376151711743) answered 500.

``Sinkron`` is for incremental sync (``updated_since``): rows ordered by (changed time, id)
and read by a keyset cursor, so a row changed while a client pages through moves to the end
and is read again, never skipped (offset pages would shift under the client and skip one).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.http import QueryDict
from ninja import Field, Query, Schema
from ninja.pagination import PageNumberPagination

from kinerja.core.api_errors import ApiError

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 200


def page_link(request, **params) -> str:
    """This request's absolute URL with ``params`` set in its query (``None`` removes one):
    the next and previous links of a paginated answer."""
    query: QueryDict = request.GET.copy()
    for name, value in params.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = str(value)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


class Halaman(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Nomor halaman, mulai 1")
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE,
            description=f"Baris per halaman, paling banyak {MAX_PAGE_SIZE}",
        )  # fmt: skip

    class Output(Schema):
        items: list[Any]
        count: int = Field(..., description="Jumlah semua baris yang cocok")
        page: int
        page_size: int = Field(..., description="Baris per halaman yang dipakai")
        batas_page_size: int = Field(..., description="page_size terbesar yang diterima")
        next: str | None = Field(..., description="Alamat halaman berikutnya; null di akhir")
        previous: str | None = Field(..., description="Alamat halaman sebelumnya; null di awal")

    def __init__(self, page_size: int = 100, **kwargs: Any) -> None:
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)

    def paginate_queryset(self, queryset, pagination: Input, request, **params):
        page_size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * page_size
        count = self._items_count(queryset)
        page = pagination.page
        return {
            "items": queryset[offset : offset + page_size],
            "count": count,
            "page": page,
            "page_size": page_size,
            "batas_page_size": MAX_PAGE_SIZE,
            "next": page_link(request, page=page + 1) if offset + page_size < count else None,
            "previous": page_link(request, page=min(page - 1, max(1, -(-count // page_size))))
            if page > 1
            else None,
        }


def _encode(changed: datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{changed.isoformat()}|{pk}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        changed, pk = raw.rsplit("|", 1)
        return datetime.fromisoformat(changed), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError(
            422, "kursor_tidak_sah",
            "kursor tidak sah; pakai alamat `next` dari jawaban sebelumnya.",
            "kursor",
        ) from None  # fmt: skip


class Sinkron(Halaman):
    """A list that can be read by a keyset cursor when ``updated_since`` is given (see module
    doc). The view returns a ``Keyset``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Nomor halaman (tanpa updated_since)")
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE,
            description=f"Baris per halaman, paling banyak {MAX_PAGE_SIZE}",
        )  # fmt: skip
        kursor: str | None = Field(
            None, max_length=200, pattern=r"^[A-Za-z0-9_-]+$",
            description="Dengan updated_since: penanda dari `next`; jangan disusun sendiri",
        )  # fmt: skip

    def paginate_queryset(self, queryset, pagination: Input, request, **params):
        if not isinstance(queryset, Keyset) or queryset.since is None:
            rows = queryset.ordered() if isinstance(queryset, Keyset) else queryset
            return super().paginate_queryset(rows, pagination, request, **params)
        page_size = self._get_page_size(pagination.page_size)
        rows = queryset.queryset
        count = rows.count()
        if pagination.kursor:
            changed, pk = _decode(pagination.kursor)
            field = queryset.field
            rows = rows.filter(Q(**{f"{field}__gt": changed}) | Q(**{field: changed, "pk__gt": pk}))
        found = list(rows.order_by(queryset.field, "pk")[: page_size + 1])
        more = len(found) > page_size
        found = found[:page_size]
        if queryset.prepare:
            queryset.prepare(found)
        next_link = None
        if more:
            last = found[-1]
            next_link = page_link(request, kursor=_encode(getattr(last, queryset.field), last.pk))
        return {
            "items": [queryset.fn(row) for row in found] if queryset.fn else found,
            "count": count,
            "page": 1,
            "page_size": page_size,
            "batas_page_size": MAX_PAGE_SIZE,
            "next": next_link,
            "previous": None,
        }


class Keyset:
    """Rows changed at or after ``since`` (``field`` is the changed-time column), for
    ``Sinkron``; without ``since`` the usual ``ordering`` and page numbers apply."""

    def __init__(self, queryset, *, field: str = "diubah", since: datetime | None,
                 ordering: tuple, fn: Callable | None = None,
                 prepare: Callable[[list], Any] | None = None) -> None:  # fmt: skip
        self.queryset = queryset if since is None else queryset.filter(**{f"{field}__gte": since})
        self.field = field
        self.since = since
        self.ordering = ordering
        self.fn = fn
        self.prepare = prepare

    def ordered(self):
        rows = self.queryset.order_by(*self.ordering)
        return Mapped(rows, self.fn, self.prepare) if self.fn or self.prepare else rows


class Mapped:
    """A queryset whose sliced rows come out through ``fn`` (so ``@paginate`` counts and
    slices in the database, and only one page of rows is turned into output). ``prepare``, if
    given, sees each page's rows first (one query for the whole page, e.g. later decisions)."""

    def __init__(self, queryset, fn: Callable | None = None,
                 prepare: Callable[[list], Any] | None = None) -> None:  # fmt: skip
        self.queryset = queryset
        self.fn = fn
        self.prepare = prepare

    def all(self):
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        rows = list(self.queryset[item])
        if self.prepare:
            self.prepare(rows)
        return [self.fn(row) for row in rows] if self.fn else rows


SINKRON_DOC = (
    "Sinkron bertahap: dengan `updated_since` (waktu ISO 8601 dengan zona, mis. "
    "`2026-12-01T00:00:00+07:00`) hanya baris yang berubah sejak waktu itu, urut menurut "
    "(`diubah`, id) dan dibaca dengan kursor: ikuti `next` sampai null, lalu simpan `diubah` "
    "terbesar untuk sinkron berikutnya. Baris yang berubah selama dibaca muncul lagi di akhir, "
    "tidak terlewat; `urut` tidak berlaku bersama `updated_since`."
)


# The ``updated_since`` query parameter, documented once for every syncable list.
UPDATED_SINCE = Query(
    None,
    description="Hanya yang berubah sejak waktu ini (ISO 8601 dengan zona); lihat deskripsi",
    example="2026-12-01T00:00:00+07:00",  # a parameter's examples would be a map (OpenAPI 3.1)
)
