"""The Swedish calendar of days when offices and banks are closed, used for pay days and for
legal deadlines alike.

Two rules give the same set of closed days:

* Lag (1930:173) om beräkning av lagstadgad tid, 2 §: a deadline that ends on a Sunday, another
  public holiday, a Saturday, midsommarafton, julafton or nyårsafton moves to the next weekday
  (vardag). [lagen.nu/1930:173; rkrattsbaser.gov.se, SFS 1930:173 i lydelse enligt 2022:931]
* Bank days (bankdagar): the banks and the Riksbank's settlement system are closed on the
  public holidays of lag (1989:253) om allmänna helgdagar, on weekends, and on midsommarafton,
  julafton and nyårsafton although those three are not public holidays.

A day that is not a closed day is a working day here: a bank day, and a vardag in the sense of
lag 1930:173. Pure functions of dates: no Django, no database.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

# The `holidays` package counts every Sunday as a holiday only when asked (include_sundays=True;
# older releases did so by default). Weekends are excluded here before the package is asked, so
# the answer does not depend on that default.
SATURDAY = 5
ONE_DAY = dt.timedelta(days=1)


def midsummer_eve(year: int) -> dt.date:
    """Midsommarafton: the Friday between 19 and 25 June (lag 1989:253: midsommardagen is the
    Saturday between 20 and 26 June)."""
    june_19 = dt.date(year, 6, 19)
    return june_19 + dt.timedelta(days=(4 - june_19.weekday()) % 7)


@lru_cache(maxsize=64)
def _closed_days(year: int) -> frozenset[dt.date]:
    """The public holidays (lag 1989:253) and the three eves named in lag 1930:173 2 §."""
    public = holidays.Sweden(years=year, include_sundays=False)
    eves = {midsummer_eve(year), dt.date(year, 12, 24), dt.date(year, 12, 31)}
    return frozenset(public) | eves


def is_working_day(day: dt.date) -> bool:
    """A weekday that is neither a public holiday nor midsommarafton, julafton or nyårsafton."""
    return day.weekday() < SATURDAY and day not in _closed_days(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day, else the first working day after it
    (lag 1930:173 2 §: the act may be done the next vardag)."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def previous_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day, else the nearest working day before it."""
    while not is_working_day(day):
        day -= ONE_DAY
    return day
