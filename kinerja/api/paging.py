"""Lazy pagination of mapped rows for django-ninja's ``@paginate``."""

from __future__ import annotations

from collections.abc import Callable


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
