"""The staff pages' amounts: one filter, the Swedish way, so "7432.00" reads "7 432,00".

`{{ line.amount|belopp }}` in a column headed "(kr)"; the e-service's `kronor` filter formats with
the same function and adds the unit."""

from __future__ import annotations

from django import template

from ekb.lib.money import AmountError, format_amount, parse_amount

register = template.Library()


@register.filter
def belopp(value) -> str:
    """7432 -> "7 432,00" with öre always (columns of amounts line up); no-break spaces, so an
    amount never wraps. None and "" give ""; anything else that is not an amount is shown as is."""
    if value in (None, ""):
        return ""
    try:
        return format_amount(parse_amount(value), ore=True)
    except AmountError:
        return str(value)


@register.filter
def kronor(value) -> str:
    """7432 -> "7 432 kr" (öre only when there are any; no-break spaces): an amount in a
    sentence, such as "16 000 kr beviljat mot 9 541 kr sökt"."""
    if value in (None, ""):
        return ""
    try:
        return f"{format_amount(parse_amount(value))}\u00a0kr"
    except AmountError:
        return str(value)
