"""An amount a person typed, read one way everywhere: the e-service, the workspace and the API;
and an amount as a warning or a message writes it.

Kronor with at most two decimals (öre). Spaces as thousands separators and a decimal comma are
fine ("7 200", "7200,50"), and so is the unit a person naturally types after it ("4 151 kr",
"4 151 kr.", "4 151:-"); "NaN", "Infinity", exponents ("1e5") and a third decimal are not.
The messages are Swedish, marked for the catalogue; each front door translates them when it
shows them (the e-service with `translated`, the workspace with gettext, the API speaks Swedish).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_noop

NOT_A_NUMBER = gettext_noop("Skriv beloppet som en siffra, till exempel 7200.")
TOO_MANY_DECIMALS = gettext_noop("Skriv beloppet med högst två decimaler (öre).")
TOO_LARGE = gettext_noop("Beloppet är orimligt stort. Kontrollera att det är rätt.")

# The database keeps amounts as numeric(12, 2): ten digits of kronor.
LIMIT = Decimal(10) ** 10
_SEPARATORS = str.maketrans({" ": None, "\u00a0": None, "\u202f": None, "\u2009": None})
_AMOUNT = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
# "kr", "kr." or ":-" after the number (separators are already gone): the unit, not part of it.
_UNIT = re.compile(r"(?:kr\.?|:-)\Z", re.IGNORECASE)


class AmountError(ValueError):
    """A typed amount that is not an amount; `message` is the Swedish sentence to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_amount(raw) -> Decimal:
    """The amount in `raw` (text, an int, a float or a Decimal), or AmountError.

    The sign is kept: whether a negative amount is allowed is for the caller to say."""
    if isinstance(raw, bool):
        raise AmountError(NOT_A_NUMBER)
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, (float, Decimal)):
        try:
            finite = raw == raw and abs(raw) != float("inf")
        except InvalidOperation:  # a signalling NaN
            finite = False
        if not finite:
            raise AmountError(NOT_A_NUMBER)
        return parse_amount(format(Decimal(repr(raw)) if isinstance(raw, float) else raw, "f"))
    else:
        text = str(raw if raw is not None else "").strip().translate(_SEPARATORS)
        text = text.replace("\u2212", "-")  # a typographic minus
        text = _UNIT.sub("", text, count=1)
        if len(text) > 40 or not _AMOUNT.fullmatch(text):
            raise AmountError(NOT_A_NUMBER)
        value = Decimal(text.replace(",", "."))
        exponent = value.as_tuple().exponent  # an int: the pattern admits only finite numbers
        if not isinstance(exponent, int) or exponent < -2:
            raise AmountError(TOO_MANY_DECIMALS)
    if abs(value) >= LIMIT:
        raise AmountError(TOO_LARGE)
    return value


def kr(amount) -> str:
    """Whole kronor with a no-break space between thousands ("8 269 kr"), as warnings and messages
    write an amount. In ekb.lib because a warning rule and the register proposals it names both
    write amounts, and neither may import the other for it."""
    return f"{Decimal(amount):,.0f}".replace(",", "\u00a0") + " kr"


def format_amount(value, *, ore: bool = False, space: str = "\u00a0") -> str:
    """An amount the Swedish way: 9800.5 -> "9 800,50", 7200 -> "7 200" ("7 200,00" with `ore`).

    Öre are shown whenever there are any: money is never rounded on a page. `space` separates the
    thousands: a no-break space on a page (an amount never wraps), a plain space in a form field
    that the person edits."""
    amount = Decimal(value)
    with_ore = ore or amount != amount.to_integral_value()
    text = f"{amount:,.2f}" if with_ore else f"{amount:,.0f}"
    return text.replace(",", space).replace(".", ",")
