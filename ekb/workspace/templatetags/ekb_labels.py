"""Labels for the type codes (ekb.applications.cost_types, the norm's incomes), and the words of
warnings and delegation points in the reader's language, for templates."""

from django import template

from ekb.applications.cost_types import COSTS, staff_label
from ekb.decisions.choices import Outcome, Purpose
from ekb.decisions.delegation import reference_in_language
from ekb.decisions.warning_words import warning_text
from ekb.norm.vocabulary import INCOME_LABELS_SV

register = template.Library()


@register.filter
def type_label(code: str) -> str:
    return staff_label(code) if code in COSTS else INCOME_LABELS_SV.get(code, code)


@register.filter
def purpose_label(code: str) -> str:
    try:
        return Purpose(code).label
    except ValueError:
        return code


@register.filter
def outcome_label(code: str) -> str:
    try:
        return Outcome(code).label
    except ValueError:
        return code


@register.filter(name="warning_text")
def warning_in_language(warning) -> str:
    """The warning as the reader reads it: the stored Swedish message, or English."""
    return warning_text(warning)


@register.filter
def delegation_reference(decision) -> str:
    """The decision's delegation points in the reader's language (the letter cites them in
    Swedish)."""
    return reference_in_language(decision.delegation_reference, decision.case.municipality_id)
