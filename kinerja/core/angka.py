"""Counts in messages built in Python: ``ribuan(92118)`` → "92.118".

Kept for its callers; the formatting layer is :mod:`kinerja.core.formatting`."""

from kinerja.core.formatting import ribuan

__all__ = ["ribuan"]
