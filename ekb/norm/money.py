"""Money as integer öre while calculating, Decimal kronor in what a person reads; never float.

Rounding is half up (halvt öre / halv krona uppåt), the usual Swedish rounding, done in
integer öre by the rules (ekb.norm.rules.arrays).
"""

from __future__ import annotations

from decimal import Decimal

ORE_PER_KRONA = 100
ORE = Decimal("0.01")
ZERO = Decimal(0)


def from_ore(ore: int) -> Decimal:
    return (Decimal(int(ore)) / ORE_PER_KRONA).quantize(ORE)


def whole_kronor_of(ore: int) -> Decimal:
    """Whole kronor from öre that are whole kronor (a norm amount), as ``Decimal(kronor)``."""
    kronor, rest = divmod(int(ore), ORE_PER_KRONA)
    if rest:
        raise ValueError(f"{ore} öre is not whole kronor")
    return Decimal(kronor)


def fmt(value: Decimal) -> str:
    """Decimal string with two decimals, the JSON form of every total and row."""
    return str(value.quantize(ORE))


def fmt_sv(value: Decimal) -> str:
    """Swedish display: space as thousands separator, comma for öre, e.g. ``11 987,50``."""
    text = f"{value.quantize(ORE):,.2f}".replace(",", " ").replace(".", ",")
    return text[:-3] if text.endswith(",00") else text
