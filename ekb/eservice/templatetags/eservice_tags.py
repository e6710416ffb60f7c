"""Template filters for the e-service: amounts in kronor and the client's words for types."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from ekb.eservice.vocabulary import (
    OUTCOME_LABELS,
    ROLE_LABELS,
    cost_label,
    income_label,
)
from ekb.lib.money import TOO_MANY_DECIMALS, AmountError, format_amount, parse_amount

register = template.Library()


@register.filter
def kronor(value) -> str:
    """7200.00 -> "7 200 kr" (no-break spaces, so an amount never wraps); text stays as typed."""
    if value in (None, ""):
        return ""
    try:
        amount = parse_amount(value)
    except AmountError as error:
        if error.message != TOO_MANY_DECIMALS:
            return str(value)  # "NaN" or "1e5" is not an amount: shown as typed
        try:
            amount = Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
        except InvalidOperation:  # "1,234 kr": shown as typed
            return str(value)
    return f"{format_amount(amount)}\u00a0kr"


register.filter("cost_label", cost_label)
register.filter("income_label", income_label)


@register.filter
def role_label(code: str) -> str:
    return str(ROLE_LABELS.get(code, code))


@register.filter
def outcome_label(code: str) -> str:
    return str(OUTCOME_LABELS.get(code, code))


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
