"""The words a client reads: plain Swedish labels for the application's types, and the domain's
Swedish messages marked for translation (the domain returns Swedish text; the e-service
translates it at render time, so English and later languages need only a .po file)."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from ekb.applications.drafts import OTHER_NEEDS

HOUSING_COSTS = ("rent", "electricity", "home_insurance")
OTHER_COSTS = (
    "work_travel",
    "union_fee",
    "unemployment_fund_fee",
    "childcare_fee",
    "medical_care",
    "medicine",
)
# Needs beyond the norm: decided one by one (livsföring i övrigt, tandvård, glasögon).
NEEDS = ("dental_care", "glasses", *OTHER_NEEDS)

COST_LABELS = {
    "rent": _("Hyra"),
    "electricity": _("Hushållsel"),
    "home_insurance": _("Hemförsäkring"),
    "work_travel": _("Resor till och från arbete eller praktik"),
    "union_fee": _("Avgift till facket"),
    "unemployment_fund_fee": _("Avgift till a-kassan"),
    "childcare_fee": _("Avgift för förskola eller fritids"),
    "medical_care": _("Läkarbesök och vård"),
    "medicine": _("Medicin"),
    "dental_care": _("Tandvård"),
    "glasses": _("Glasögon"),
    "winter_clothing": _("Vinterkläder till barn"),
    "moving": _("Flytt"),
    "furniture": _("Möbler och husgeråd"),
    "other_need": _("Något annat"),
}
COST_HINTS = {
    "rent": _("Det du betalar i hyra eller avgift för bostaden varje månad."),
    "electricity": _("Elräkningen för hushållet, per månad."),
    "home_insurance": _("Det du betalar för hemförsäkringen per månad."),
    "work_travel": _("Till exempel busskort för att ta dig till arbetet."),
    "dental_care": _("Skriv vad kostnadsförslaget från tandläkaren säger."),
    "glasses": _("Skriv vad glasögonen kostar enligt optikern."),
    "winter_clothing": _("Till exempel vinterjacka, vinterskor eller overall."),
    "moving": _("Till exempel flyttbil eller flyttfirma."),
    "furniture": _("Till exempel säng, bord eller kastruller."),
    "other_need": _("Något annat som du inte kan betala med pengarna för vardagen."),
}
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
    gettext_noop("Beloppet kan inte vara negativt."),
    gettext_noop("Beloppet är orimligt stort. Kontrollera att det är rätt."),
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
