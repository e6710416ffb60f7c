"""Calendar helpers: months as integers, month lengths and age on the first of a month.

A month is handled as an ordinal, ``year * 12 + (month - 1)``, so that "the six months just
before" is plain integer arithmetic and the same arithmetic works on NumPy arrays.
"""

from __future__ import annotations

import calendar
from datetime import date


def month_ordinal(year: int, month: int) -> int:
    return year * 12 + (month - 1)


def ordinal_to_year_month(ordinal: int) -> tuple[int, int]:
    return ordinal // 12, ordinal % 12 + 1


def ordinal_label(ordinal: int) -> str:
    year, month = ordinal_to_year_month(ordinal)
    return f"{year:04d}-{month:02d}"


def first_day(ordinal: int) -> date:
    year, month = ordinal_to_year_month(ordinal)
    return date(year, month, 1)


def days_in_month(ordinal: int) -> int:
    year, month = ordinal_to_year_month(ordinal)
    return calendar.monthrange(year, month)[1]


def age_on_first_of_month(birth: date, ordinal: int) -> int:
    """Completed years on the first day of the month (the v1 rule for every age band).

    Someone born on the 1st has their birthday counted in that month already.
    """
    year, month = ordinal_to_year_month(ordinal)
    had_birthday = (birth.month, birth.day) <= (month, 1)
    return year - birth.year - (0 if had_birthday else 1)
