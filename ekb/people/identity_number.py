"""Swedish personnummer and samordningsnummer: parsing and validation with clear messages.

Accepted forms: YYMMDD-NNNN, YYMMDD+NNNN (100 years or older), YYYYMMDDNNNN, YYYYMMDD-NNNN and
YYMMDDNNNN. Stored as 12 digits. A samordningsnummer has 60 added to the day of birth
(folkbokföringslagen 1991:481, 18 a §). The check digit is the Luhn digit over the last ten digits.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError

_SHAPE = re.compile(r"^(?P<century>\d{2})?(?P<yymmdd>\d{6})(?P<sep>[-+]?)(?P<serial>\d{4})$")


class InvalidIdentityNumber(ValueError):
    def __init__(self, code: str, message):
        super().__init__(code)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class IdentityNumber:
    number: str  # 12 digits, YYYYMMDDNNNN
    birth_date: dt.date
    is_coordination_number: bool

    @property
    def formatted(self) -> str:
        return f"{self.number[:8]}-{self.number[8:]}"


def parse_identity_number(raw: str, *, today: dt.date | None = None) -> IdentityNumber:
    today = today or dt.date.today()  # noqa: DTZ011 - a calendar date, Stockholm is the server zone
    text = (raw or "").strip().replace(" ", "")
    if not text:
        raise InvalidIdentityNumber("empty", _("Skriv personnumret."))
    match = _SHAPE.match(text)
    if not match:
        raise InvalidIdentityNumber(
            "format",
            _("Skriv personnumret med 10 eller 12 siffror, till exempel ÅÅÅÅMMDD-NNNN."),
        )
    yymmdd, serial = match["yymmdd"], match["serial"]
    year2, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    coordination = day > 60
    birth_day = day - 60 if coordination else day
    if match["century"]:
        if match["sep"] == "+":
            raise InvalidIdentityNumber(
                "format", _("Plustecken används bara med tio siffror. Skriv ÅÅÅÅMMDD-NNNN.")
            )
        year = int(match["century"]) * 100 + year2
    else:
        # Ten digits: the latest century that does not put the birth date in the future;
        # "+" means the person has turned 100, so one century further back.
        year = (today.year // 100) * 100 + year2
        if year > today.year:
            year -= 100
        if match["sep"] == "+":
            year -= 100
    try:
        birth_date = dt.date(year, month, birth_day)
    except ValueError:
        raise InvalidIdentityNumber(
            "date", _("Personnumret innehåller inget giltigt födelsedatum.")
        ) from None
    if birth_date > today:
        raise InvalidIdentityNumber(
            "future", _("Födelsedatumet i personnumret ligger i framtiden.")
        )
    try:
        luhn.validate(yymmdd + serial)
    except StdnumError:
        raise InvalidIdentityNumber(
            "checksum",
            _("Kontrollsiffran stämmer inte. Kontrollera att personnumret är rätt skrivet."),
        ) from None
    return IdentityNumber(
        number=f"{year:04d}{month:02d}{day:02d}{serial}",
        birth_date=birth_date,
        is_coordination_number=coordination,
    )


def make_test_number(birth_date: dt.date, serial3: int, *, coordination: bool = False) -> str:
    """A 12-digit number with a valid check digit, for demo data and tests.

    Callers use birth numbers 980-999, the range Skatteverket's published test personnummer are
    drawn from (e.g. 19811218-9876), so that a demo person is never a real one."""
    day = birth_date.day + (60 if coordination else 0)
    body = f"{birth_date:%y%m}{day:02d}{serial3:03d}"
    check = luhn.calc_check_digit(body)
    return f"{birth_date.year:04d}{birth_date.month:02d}{day:02d}{serial3:03d}{check}"
