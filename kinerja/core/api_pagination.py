"""Page-number pagination for the API routers, with the page number bounded.

ninja's PageNumberPagination takes any page from 1 up; a page whose offset does not fit the
database's integers (page=288230376151711743) answered 500 ("datatype mismatch" on SQLite,
"bigint out of range" on PostgreSQL). Past MAX_PAGE the request is refused with 422, as any
invalid parameter is.
"""

from collections.abc import Callable

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000


class Halaman(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)


class Mapped:
    """A queryset whose sliced rows come out through ``fn`` (so ``@paginate`` counts and
    slices in the database, and only one page of rows is turned into output)."""

    def __init__(self, queryset, fn: Callable) -> None:
        self.queryset = queryset
        self.fn = fn

    def all(self):
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        return [self.fn(row) for row in self.queryset[item]]
