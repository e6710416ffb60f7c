"""Calendar months: EKB calculates, decides and pays per month."""

from __future__ import annotations

import datetime as dt


def next_month_start(day: dt.date) -> dt.date:
    """The first day of the month after the one ``day`` is in."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of the month ``day`` is in."""
    return next_month_start(day) - dt.timedelta(days=1)


# The years a page may be asked to show (a month view, a week): far enough for any case, and a
# month or week either side still a date (year 1 or 9999 would overflow when the page links the
# previous or the next one). Anything else is a typing error: the page shows today's.
FIRST_SHOWN_YEAR, LAST_SHOWN_YEAR = 2000, 2100


def shown_year(year: int) -> bool:
    return FIRST_SHOWN_YEAR <= year <= LAST_SHOWN_YEAR
