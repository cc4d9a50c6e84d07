"""The agency's calendar of days off: national holidays and joint-leave days (cuti bersama)
entered once per year, then HR's to edit (spec §5: complaint deadlines in working days).

National holidays come from the ``holidays`` library (``holidays.Indonesia``, category
"public"); joint leave from ``data/cuti_bersama.toml`` for the years it lists (the official
SKB/Keppres list, reviewed by us), else from the library's "government" category. A year is
filled once (``TahunLibur`` remembers it), so a day HR removed stays removed; HR may fill a
year again, which adds back only the days missing.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays
from django.db import IntegrityError, transaction
from django.utils import timezone

from kinerja.citizen.errors import Refused
from kinerja.citizen.models import HariLibur, TahunLibur
from kinerja.core import audit
from kinerja.core.permissions import Peran, has_role

JOINT_LEAVE_FILE = Path(__file__).with_name("data") / "cuti_bersama.toml"
FIRST_YEAR, LAST_YEAR = 2000, 2100
S = HariLibur.Sumber


class Hari(NamedTuple):
    tanggal: date
    nama: str
    sumber: str


@cache
def joint_leave_file() -> dict[int, dict]:
    """The reviewed joint-leave lists by year: ``{"sumber", "catatan", "hari": [...]}``."""
    with JOINT_LEAVE_FILE.open("rb") as handle:
        return {int(year): entry for year, entry in tomllib.load(handle).items()}


def official_days(year: int) -> list[Hari]:
    """The national holidays and joint-leave days of ``year``, by date (a date that is both
    keeps the national holiday)."""
    found: dict[date, Hari] = {}
    national = holidays.Indonesia(years=year, categories=("public",), language="id")
    for day, name in national.items():
        found[day] = Hari(day, name[:120], S.NASIONAL)
    reviewed = joint_leave_file().get(year)
    if reviewed is not None:
        joint = [(entry["tanggal"], entry["nama"]) for entry in reviewed["hari"]]
    else:
        joint = holidays.Indonesia(years=year, categories=("government",), language="id").items()
    for day, name in joint:
        found.setdefault(day, Hari(day, name[:120], S.CUTI_BERSAMA))
    return sorted(found.values())


def year_note(year: int) -> dict:
    """Where the year's joint leave comes from, for the HR page."""
    reviewed = joint_leave_file().get(year)
    if reviewed is None:
        return {"sumber": "pustaka holidays (kategori pemerintah)", "catatan": ""}
    return {"sumber": reviewed["sumber"], "catatan": reviewed.get("catatan", "")}


def fill_year(instansi, year: int, *, by) -> int:
    """Enter ``year``'s national holidays and joint-leave days the agency does not have yet
    and remember the year as filled; returns how many days were added. ``by`` None is the
    system (on the first complaint of a year); otherwise the agency's HR only."""
    if by is not None and (not has_role(by, Peran.ADMIN) or by.instansi_id != instansi.pk):
        raise Refused(
            "bukan_admin", "Hanya admin kepegawaian instansi ini yang dapat melakukannya.",
            status=403,
        )  # fmt: skip
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Refused(
            "tahun_di_luar_rentang",
            f"Tahun harus antara {FIRST_YEAR} dan {LAST_YEAR}; tertulis {year}.",
            kolom="tahun",
        )
    days = official_days(year)
    with transaction.atomic():
        present = set(
            HariLibur.objects.filter(instansi_id=instansi.pk, tanggal__year=year).values_list(
                "tanggal", flat=True
            )
        )
        new = [
            HariLibur(instansi=instansi, tanggal=d.tanggal, nama=d.nama, sumber=d.sumber)
            for d in days
            if d.tanggal not in present
        ]
        HariLibur.objects.bulk_create(new, ignore_conflicts=True)
        marker, created = TahunLibur.objects.get_or_create(instansi=instansi, tahun=year)
        if not created:
            marker.diisi_pada = timezone.now()
            marker.save(update_fields=["diisi_pada"])
        audit.record(
            instansi, actor=by, action="citizen.libur.isi_tahun", obj=marker,
            after={"tahun": year, "ditambah": [d.tanggal.isoformat() for d in new]},
        )  # fmt: skip
    return len(new)


def ensure_years(instansi, years) -> None:
    """Fill each of ``years`` not filled yet (idempotent; a concurrent filler wins)."""
    done = set(
        TahunLibur.objects.filter(instansi_id=instansi.pk, tahun__in=set(years)).values_list(
            "tahun", flat=True
        )
    )
    for year in sorted(set(years) - done):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            continue
        try:
            with transaction.atomic():
                fill_year(instansi, year, by=None)
        except IntegrityError:
            continue  # another request filled it in between


def holidays_of(instansi_id: int) -> set[date]:
    return set(HariLibur.objects.filter(instansi_id=instansi_id).values_list("tanggal", flat=True))


def agency_zone(instansi) -> ZoneInfo:
    return ZoneInfo(instansi.zona_waktu or "Asia/Jakarta")


def agency_today(instansi, now=None) -> date:
    """The date at the agency (WIB, WITA or WIT), which is the day a complaint counts from."""
    return timezone.localdate(now or timezone.now(), agency_zone(instansi))
