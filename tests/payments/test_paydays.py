"""The pay day rule: the municipal pay day, moved back to the bank day before when it falls on a
weekend, a public holiday, Midsommarafton, Julafton or Nyårsafton."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from ekb.payments.paydays import is_bank_day, next_pay_date, pay_date_for, previous_bank_day

D = dt.date

# (month, pay day, expected pay date, why) for 2025-2027.
PAY_DATES = [
    # Pay day 25 through three years: only weekends and Christmas move it.
    (D(2025, 1, 1), 25, D(2025, 1, 24), "Saturday"),
    (D(2025, 2, 1), 25, D(2025, 2, 25), "Tuesday"),
    (D(2025, 3, 1), 25, D(2025, 3, 25), "Tuesday"),
    (D(2025, 4, 1), 25, D(2025, 4, 25), "Friday"),
    (D(2025, 5, 1), 25, D(2025, 5, 23), "Sunday"),
    (D(2025, 6, 1), 25, D(2025, 6, 25), "Wednesday"),
    (D(2025, 10, 1), 25, D(2025, 10, 24), "Saturday"),
    (D(2025, 12, 1), 25, D(2025, 12, 23), "Juldagen, then Julafton"),
    (D(2026, 1, 1), 25, D(2026, 1, 23), "Sunday"),
    (D(2026, 4, 1), 25, D(2026, 4, 24), "Saturday"),
    (D(2026, 6, 1), 25, D(2026, 6, 25), "Thursday after midsummer"),
    (D(2026, 12, 1), 25, D(2026, 12, 23), "Juldagen, then Julafton"),
    (D(2027, 3, 1), 25, D(2027, 3, 25), "Skärtorsdagen is a bank day"),
    (D(2027, 6, 1), 25, D(2027, 6, 24), "Midsommarafton 2027"),
    (D(2027, 12, 1), 25, D(2027, 12, 23), "Saturday, then Julafton"),
    # Easter.
    (D(2025, 4, 1), 18, D(2025, 4, 17), "Långfredagen"),
    (D(2025, 4, 1), 21, D(2025, 4, 17), "Annandag påsk back over Easter"),
    (D(2026, 4, 1), 6, D(2026, 4, 2), "Annandag påsk back over Långfredagen"),
    (D(2027, 3, 1), 29, D(2027, 3, 25), "Annandag påsk 2027"),
    # Midsummer.
    (D(2025, 6, 1), 20, D(2025, 6, 19), "Midsommarafton"),
    (D(2025, 6, 1), 21, D(2025, 6, 19), "Midsommardagen, then Midsommarafton"),
    (D(2026, 6, 1), 19, D(2026, 6, 18), "Midsommarafton"),
    # Other public holidays.
    (D(2025, 5, 1), 29, D(2025, 5, 28), "Kristi himmelsfärdsdag"),
    (D(2025, 6, 1), 6, D(2025, 6, 5), "Nationaldagen"),
    (D(2026, 1, 1), 6, D(2026, 1, 5), "Trettondedag jul"),
    (D(2026, 5, 1), 1, D(2026, 4, 30), "Första maj; Valborgsmässoafton is a bank day"),
    (D(2027, 5, 1), 6, D(2027, 5, 5), "Kristi himmelsfärdsdag 2027"),
    # Nyårsafton, Nyårsdagen and short months.
    (D(2025, 12, 1), 31, D(2025, 12, 30), "Nyårsafton"),
    (D(2027, 1, 1), 1, D(2026, 12, 30), "Nyårsdagen, then Nyårsafton: into the month before"),
    (D(2025, 2, 1), 31, D(2025, 2, 28), "February is short"),
    (D(2027, 2, 1), 30, D(2027, 2, 26), "February 28th 2027 is a Sunday"),
    (D(2028, 2, 1), 31, D(2028, 2, 29), "leap year"),
]


@pytest.mark.parametrize(("month", "pay_day", "expected", "why"), PAY_DATES)
def test_the_pay_date_moves_back_to_the_previous_bank_day(month, pay_day, expected, why):
    assert pay_date_for(month, pay_day) == expected, why
    assert is_bank_day(expected)


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_no_pay_day_of_the_year_lands_on_a_day_the_banks_are_closed(year):
    closed = set(holidays.Sweden(years=year)) | {D(year, 12, 24), D(year, 12, 31)}
    for pay_day in range(1, 32):
        for month in range(1, 13):
            day = pay_date_for(D(year, month, 1), pay_day)
            assert day.weekday() < 5 and day not in closed


@pytest.mark.parametrize(
    ("day", "bank_day"),
    [
        (D(2025, 6, 20), False),  # Midsommarafton
        (D(2026, 12, 24), False),  # Julafton
        (D(2027, 12, 31), False),  # Nyårsafton
        (D(2025, 12, 26), False),  # Annandag jul
        (D(2025, 4, 18), False),  # Långfredagen
        (D(2025, 4, 17), True),  # Skärtorsdagen
        (D(2025, 4, 30), True),  # Valborgsmässoafton
        (D(2025, 5, 4), False),  # an ordinary Sunday
        (D(2025, 5, 3), False),  # an ordinary Saturday
        (D(2025, 5, 5), True),  # an ordinary Monday
    ],
)
def test_bank_days_are_weekdays_that_are_neither_holidays_nor_the_three_eves(day, bank_day):
    assert is_bank_day(day) is bank_day


def test_the_three_eves_agree_with_the_holidays_packages_de_facto_days():
    for year in (2025, 2026, 2027):
        de_facto = holidays.country_holidays("SE", years=year, categories=("de_facto",))
        assert len(de_facto) == 3
        assert not any(is_bank_day(day) for day in de_facto)


def test_the_previous_bank_day_of_a_bank_day_is_the_day_itself():
    assert previous_bank_day(D(2025, 5, 5)) == D(2025, 5, 5)
    assert previous_bank_day(D(2025, 12, 26)) == D(2025, 12, 23)


@pytest.mark.parametrize(
    ("today", "pay_day", "expected"),
    [
        (D(2025, 5, 10), 25, D(2025, 5, 23)),
        (D(2025, 5, 23), 25, D(2025, 5, 23)),  # the pay date itself counts
        (D(2025, 5, 24), 25, D(2025, 6, 25)),
        (D(2025, 12, 24), 25, D(2026, 1, 23)),
        (D(2026, 12, 31), 1, D(2027, 2, 1)),  # January 2027's pay date was 30 December
    ],
)
def test_the_next_pay_date_is_the_first_on_or_after_today(today, pay_day, expected):
    assert next_pay_date(today, pay_day) == expected


@pytest.mark.parametrize("pay_day", [0, 32])
def test_a_pay_day_outside_the_month_is_refused(pay_day):
    with pytest.raises(ValueError):
        pay_date_for(D(2025, 1, 1), pay_day)
