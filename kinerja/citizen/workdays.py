"""Working days for complaint deadlines (spec §5): weekends and the agency's holidays skip.

Pure functions on dates; the caller passes the holidays it read once.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

SATURDAY = 5


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < SATURDAY and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The date ``days`` working days after ``start`` (§5: "within N working days").

    A complaint received on Friday with 3 working days is due on Wednesday; one received
    on a holiday or a weekend counts from the next working day the same way.
    """
    if days < 0:
        raise ValueError("jumlah hari kerja tidak boleh negatif")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, holidays: Collection[date]) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when on the same day)."""
    if end <= start:
        return 0
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count
