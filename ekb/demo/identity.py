"""Test personnummer and samordningsnummer for demo persons, unique across the database.

Only birth numbers 980-999 are used: the range Skatteverket draws its published test numbers
from, so a demo person is never a real one. The third digit of the birth number tells the sex
(odd for men, even for women), so there are ten numbers per birth date and sex; when a date is
full, the birth date moves to the nearest date with a free number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ekb.people.identity_number import make_test_number

SERIALS = {"m": tuple(range(981, 1000, 2)), "f": tuple(range(980, 1000, 2))}
# How far a birth date may move when its numbers are used up. 980-999 gives 7,300 numbers per
# birth year; a national-scale demo wants more than that for small children, so some of them move
# by up to a few years there. The default demo moves a few persons by a day or two.
MAX_SHIFT_DAYS = 5 * 366


def _steps():
    yield 0
    for n in range(1, MAX_SHIFT_DAYS + 1):
        yield n
        yield -n


class IdentityNumbers:
    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken: set[str] = set(taken or ())
        self.next_serial: dict[tuple, int] = {}  # (date, sex, coordination) -> index in SERIALS

    def allocate(
        self,
        birth_date: dt.date,
        sex: str,
        *,
        coordination: bool,
        acceptable: Callable[[dt.date], bool] = lambda day: True,
    ) -> tuple[str, dt.date]:
        """A free number and the birth date it was made for (the wanted one, or one near it)."""
        serials = SERIALS[sex]
        for step in _steps():
            day = birth_date + dt.timedelta(days=step)
            key = (day, sex, coordination)
            index = self.next_serial.get(key, 0)
            if index >= len(serials) or not acceptable(day):
                continue
            while index < len(serials):
                number = make_test_number(day, serials[index], coordination=coordination)
                index += 1
                if number not in self.taken:
                    self.next_serial[key] = index
                    self.taken.add(number)
                    return number, day
            self.next_serial[key] = index
        raise RuntimeError("No free test number near the birth date; too many demo persons.")


def taken_test_numbers() -> set[str]:
    """Identity numbers in the 980-999 range already in the database (other municipalities)."""
    from ekb.people.models import Person

    return set(
        Person.objects.filter(identity_number__regex=r"^\d{8}9[89]\d\d$").values_list(
            "identity_number", flat=True
        )
    )
