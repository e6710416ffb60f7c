"""Swedish labels for the norm engine's type codes, for templates."""

from django import template

from ekb.decisions.choices import Purpose
from ekb.norm.vocabulary import COST_LABELS_SV, INCOME_LABELS_SV

register = template.Library()


@register.filter
def type_label(code: str) -> str:
    return COST_LABELS_SV.get(code) or INCOME_LABELS_SV.get(code) or code


@register.filter
def purpose_label(code: str) -> str:
    try:
        return Purpose(code).label
    except ValueError:
        return code
