"""Test personnummer and samordningsnummer for demo persons, unique across the database.

Only birth numbers 980-999 are used: the range Skatteverket draws its published test numbers
from, so a demo person is never a real one. The third digit of the birth number tells the sex
(odd for men, even for women), so there are ten numbers per birth date and sex; when a date is
full, the birth date moves by a day or two.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ekb.people.identity_number import make_test_number

SERIALS = {"m": tuple(range(981, 1000, 2)), "f": tuple(range(980, 1000, 2))}
_STEPS = (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7)


class IdentityNumbers:
    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken: set[str] = set(taken or ())

    def allocate(
        self,
        birth_date: dt.date,
        sex: str,
        *,
        coordination: bool,
        acceptable: Callable[[dt.date], bool] = lambda day: True,
    ) -> tuple[str, dt.date]:
        """A free number and the birth date it was made for (the wanted one, or a day near it)."""
        for step in _STEPS:
            day = birth_date + dt.timedelta(days=step)
            if not acceptable(day):
                continue
            for serial in SERIALS[sex]:
                number = make_test_number(day, serial, coordination=coordination)
                if number not in self.taken:
                    self.taken.add(number)
                    return number, day
        raise RuntimeError("No free test number near the birth date; too many demo persons.")


def taken_test_numbers() -> set[str]:
    """Identity numbers in the 980-999 range already in the database (other municipalities)."""
    from ekb.people.models import Person

    return set(
        Person.objects.filter(identity_number__regex=r"^\d{8}9[89]\d\d$").values_list(
            "identity_number", flat=True
        )
    )
