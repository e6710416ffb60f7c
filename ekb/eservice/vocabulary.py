"""The words a client reads: plain Swedish labels for the application's types, and the domain's
Swedish messages marked for translation (the domain returns Swedish text; the e-service
translates it at render time, so English and later languages need only a .po file)."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from ekb.applications.cost_types import COSTS, Group, in_group

# The costs, their steps, words and hints: one row each in ekb.applications.cost_types.
HOUSING_COSTS = in_group(Group.HOUSING)
OTHER_COSTS = in_group(Group.MONTHLY)
# Needs beyond the norm: decided one by one (livsföring i övrigt, tandvård, glasögon).
NEEDS = in_group(Group.NEED)
COST_LABELS = {code: cost.label for code, cost in COSTS.items()}
COST_HINTS = {code: cost.hint for code, cost in COSTS.items() if cost.hint}

INCOME_LABELS = {
    "salary": _("Lön"),
    "unemployment_benefit": _("Ersättning från a-kassan"),
    "activity_support": _("Aktivitetsstöd"),
    "development_benefit": _("Utvecklingsersättning"),
    "establishment_benefit": _("Etableringsersättning"),
    "sickness_benefit": _("Sjukpenning"),
    "parental_benefit": _("Föräldrapenning"),
    "housing_allowance": _("Bostadsbidrag"),
    "maintenance_support": _("Underhållsstöd"),
    "child_allowance": _("Barnbidrag"),
    "large_family_supplement": _("Flerbarnstillägg"),
    "pension": _("Pension"),
    "student_grant": _("Studiebidrag"),
    "student_loan": _("Studielån"),
    "other": _("Annan inkomst"),
    "child_salary": _("Lön till ett barn i hushållet"),
    "rent_contribution": _("Hyra som någon annan i bostaden betalar till dig"),
}
# Plain words for a decision's outcome; the legal term follows in the letter.
OUTCOME_LABELS = {
    "granted": _("Beviljat"),
    "partly_granted": _("Delvis beviljat"),
    "refused": _("Inte beviljat (avslag)"),
    "dismissed": _("Inte prövat (avvisat)"),
}
ROLE_LABELS = {
    "applicant": _("Sökande"),
    "co_applicant": _("Medsökande"),
    "child": _("Barn"),
    "other_adult": _("Annan vuxen i hemmet"),
}

# The domain's messages (ekb.applications.drafts, ekb.cases.messages, ekb.applications.supplements), for the translation catalogue.
# The amount messages are in ekb.lib.money.
DOMAIN_MESSAGES = (
    gettext_noop("Välj vad det gäller."),
    gettext_noop("Välj vem i hushållet inkomsten gäller."),
    gettext_noop("Välj vem i hushållet kostnaden gäller."),
    gettext_noop("Ansökan finns inte."),
    gettext_noop("Beskriv vad du behöver pengar till."),
    gettext_noop("Ansökan är redan inskickad."),
    gettext_noop("Din medsökande behöver logga in och bekräfta ansökan innan den skickas."),
    gettext_noop("Du har redan skickat in en ansökan för den här månaden."),
    gettext_noop("Bara medsökande kan bekräfta ansökan."),
    gettext_noop("Begäran är redan besvarad eller återkallad."),
    gettext_noop("Skriv ett svar eller bifoga en fil."),
    gettext_noop("Skriv vad du vill ändra i beslutet och varför."),
    gettext_noop("Beslutet är inte fattat ännu."),
    gettext_noop("Skriv ett meddelande."),
    gettext_noop("Meddelandet är för långt. Skriv högst 5 000 tecken."),
)


def translated(message: str) -> str:
    """A domain message in the active language (unchanged when the catalogue lacks it)."""
    return gettext(message)


def cost_label(code: str) -> str:
    return str(COST_LABELS.get(code, code))


def income_label(code: str) -> str:
    return str(INCOME_LABELS.get(code, code))
