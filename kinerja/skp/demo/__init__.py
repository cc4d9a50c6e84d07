"""The demo agency's performance year in progress (year.py), built set-based: the words of its
plans (wording.py), its slices' realisations, behaviour and dialogue (slices.py), and the
bulk writing underneath (bulk.py)."""

from kinerja.skp.demo.wording import topics_for
from kinerja.skp.demo.year import SkpYear, build_skp_year, delete_skp_year

__all__ = ["SkpYear", "build_skp_year", "delete_skp_year", "topics_for"]
