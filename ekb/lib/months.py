"""Calendar months: EKB calculates, decides and pays per month."""

from __future__ import annotations

import datetime as dt


def next_month_start(day: dt.date) -> dt.date:
    """The first day of the month after the one ``day`` is in."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of the month ``day`` is in."""
    return next_month_start(day) - dt.timedelta(days=1)
