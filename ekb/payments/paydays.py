"""Swedish bank days and the municipal pay day.

A bank day (bankdag) is a weekday that is neither a public holiday (lag 1989:253 om allmänna
helgdagar) nor Midsommarafton, Julafton or Nyårsafton: the banks and the Riksbank's settlement
system are closed on those three eves although they are not public holidays. A pay day that falls
on a day that is not a bank day moves back to the bank day before it, so the money is there in time
(25 December becomes 23 December; a pay day on Good Friday becomes Maundy Thursday).

The closed days are kept in ekb.lib.swedish_calendar, shared with the appeal deadline.
Pure functions of dates: no Django, no database.
"""

from __future__ import annotations

import calendar
import datetime as dt

# One calendar for pay days and legal deadlines (ekb/lib/swedish_calendar.py): a bank day is a
# working day there.
from ekb.lib.swedish_calendar import is_working_day, next_working_day, previous_working_day


def is_bank_day(day: dt.date) -> bool:
    return is_working_day(day)


def next_bank_day(day: dt.date) -> dt.date:
    """The day itself when it is a bank day, else the first bank day after it."""
    return next_working_day(day)


def first_urgent_day(today: dt.date) -> dt.date:
    """The earliest day an urgent payment (utbetalning snarast) can be paid: the first bank day
    after today (a file made today reaches the bank for the next bank day's execution)."""
    return next_bank_day(today + dt.timedelta(days=1))


def previous_bank_day(day: dt.date) -> dt.date:
    """The day itself when it is a bank day, else the nearest bank day before it."""
    return previous_working_day(day)


def _check_pay_day(pay_day: int) -> None:
    if not 1 <= pay_day <= 31:
        raise ValueError(f"pay_day must be 1-31, not {pay_day!r}")


def pay_date_for(month_first_day: dt.date, pay_day: int) -> dt.date:
    """The pay date of a month: the municipal pay day (the month's last day when the month is
    shorter), moved back to the previous bank day. It may fall in the month before, e.g. pay day 1
    in January 2027 gives 30 December 2026."""
    _check_pay_day(pay_day)
    last = calendar.monthrange(month_first_day.year, month_first_day.month)[1]
    day = dt.date(month_first_day.year, month_first_day.month, min(pay_day, last))
    return previous_bank_day(day)


def _add_months(month_first_day: dt.date, months: int) -> dt.date:
    index = month_first_day.year * 12 + month_first_day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def next_pay_date(today: dt.date, pay_day: int) -> dt.date:
    """The first pay date on or after today."""
    _check_pay_day(pay_day)
    month = today.replace(day=1)
    # A pay date can move into the month before (see pay_date_for), so look a few months ahead
    # rather than assuming next month's date is later than this month's.
    for months in range(3):
        candidate = pay_date_for(_add_months(month, months), pay_day)
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable: every month has a pay date")
