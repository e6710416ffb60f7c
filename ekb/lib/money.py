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
NEGATIVE = gettext_noop("Beloppet kan inte vara negativt.")

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


def parse_amount(raw, *, negative: bool = True) -> Decimal:
    """The amount in `raw` (text, an int, a float or a Decimal), or AmountError.

    The sign is kept; with ``negative=False`` a negative amount is refused (NEGATIVE)."""
    value = _parsed(raw)
    if not negative and value < 0:
        raise AmountError(NEGATIVE)
    return value


def amount_or_none(raw, *, negative: bool = True) -> Decimal | None:
    """The amount in `raw`, or None where there is none: blank, or anything parse_amount refuses.
    For reading what is already stored or shown (an estimate, a comparison), not for telling a
    person what to correct: that is parse_amount's error."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        return parse_amount(raw, negative=negative)
    except AmountError:
        return None


def _parsed(raw) -> Decimal:
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
        return _parsed(format(Decimal(repr(raw)) if isinstance(raw, float) else raw, "f"))
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


def format_amount(value, *, ore: bool = False, whole: bool = False, space: str = "\u00a0") -> str:
    """An amount the Swedish way: 9800.5 -> "9 800,50", 7200 -> "7 200" ("7 200,00" with `ore`,
    "9 800" with `whole`). The one money formatter of the front doors and the domain (the norm
    engine has its own, ekb.norm.money.fmt_sv).

    Öre are shown whenever there are any: money is never rounded on a page. Only `whole` rounds
    to kronor, for a warning or a message that names an amount in passing (kr). `space`
    separates the thousands: a no-break space on a page (an amount never wraps), a plain space
    in a form field that the person edits."""
    amount = Decimal(value)
    with_ore = not whole and (ore or amount != amount.to_integral_value())
    text = f"{amount:,.2f}" if with_ore else f"{amount:,.0f}"
    return text.replace(",", space).replace(".", ",")


def kr(amount) -> str:
    """Whole kronor and the unit, as warnings and messages name an amount: "8 269 kr" (format_amount
    with `whole`). In ekb.lib because a warning rule and the register proposals it names both
    write amounts, and neither may import the other for it."""
    return f"{format_amount(amount, whole=True)} kr"
