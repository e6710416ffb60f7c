"""Months as ordinals, pay days and timestamps. Every date of the demo derives from the as-of date.

A month is ``year * 12 + (month - 1)`` so that month arithmetic is integer arithmetic.
"""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def month_of(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def first_day(month: int) -> dt.date:
    return dt.date(month // 12, month % 12 + 1, 1)


def last_day(month: int) -> dt.date:
    year, number = month // 12, month % 12 + 1
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def days_in(month: int) -> int:
    return last_day(month).day


def label(month: int) -> str:
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def day_in(month: int, day: int) -> dt.date:
    """The given day of the month, or the month's last day when it is shorter."""
    return first_day(month).replace(day=min(day, days_in(month)))


def weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A Stockholm wall-clock time as an aware datetime (stored in UTC)."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)


def end_of(day: dt.date) -> dt.datetime:
    """The last moment of a day: the demo's "now" when it is built for a day that has passed."""
    return dt.datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=STOCKHOLM)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
