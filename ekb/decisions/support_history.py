"""Which earlier months each adult had försörjningsstöd: what jobbstimulans counts.

"För den som har fått försörjningsstöd under sex månader i följd ska 25 procent av inkomsterna
av anställning inte beaktas" (4 kap. 1 b § SoL 2001:453, SFS 2013:421; carried into SoL 2025:400
12 kap., the paragraph number there not confirmed: the SFS text was not readable here). "Den
som": the months are the person's, so each earner's own months decide the disregard on that
earner's salary (ekb.norm.rules.jobbstimulans). A new sambo who joins a case that has had
support gets none of it from the applicant's months; an adult who had support in an earlier
household brings those months with her.

A month counts when försörjningsstöd was granted for it, whatever decision line it was paid on.
Försörjningsstöd is the riksnorm and the reasonable costs outside it (SoL 2025:400 12 kap. 1 §
and 7 § första stycket 1–2; earlier 4 kap. 1 och 3 §§ SoL 2001:453): boende, hushållsel,
arbetsresor, hemförsäkring, medlemskap i fackförening och arbetslöshetskassa (domain-facts.md
§1.1). Bistånd till livsföring i övrigt (health care, dental care, glasses, childcare fees as
"avgifter för kommunal service", one-off needs; SOSFS 2013:1) is not försörjningsstöd and does
not count.

For each adult who is counted in the calculation (the applicant, a co-applicant), the months
come from:
- decisions in any EKB case of a household where the person was an adult member (applicant
  or co-applicant) in that month: this case's household and earlier ones. The support of a
  month is granted to the household's adults together (the norm for sambor is one amount), so
  it was theirs, and only while they were members;
- months a caseworker recorded for that person with their source (an earlier municipality, a
  case before EKB), on any case: they are about the person wherever she lived;
- months recorded before months were per person and not given to anyone (``person`` null,
  migration 0010): as a month of the case's household, like a decision.

Our reading where the law leaves room (not confirmed against Socialstyrelsen's meddelandeblad
7/2013, which was not read here):
- A person who joined or left during a month: the month counts for her when she was an adult
  member on at least one day of it and the household had försörjningsstöd for that month. The
  law counts months ("sex månader i följd"), not days, and the engine counts her in that month's
  calculation for her days (ekb.norm.rules.personal), so the month's support was partly hers.
- A person who was a child in a supported household and now applies as an adult: those months
  do not count. The bistånd was the parents' (the right to bistånd is the applicant's, 4 kap.
  1 § SoL 2001:453; a child is in the parents' norm), and the rule does not apply to a child's
  earnings (4 kap. 1 b § tredje stycket, the incomes of 1 a §), so a child has not "fått
  försörjningsstöd" in the sense of 1 b §. Likewise an other adult in the home (a lodger, an
  adult child not in the norm) gets no months. Only the roles applicant and co-applicant count.
- The two years: the engine opens each person's window of 24 months after that person's own
  six months in a row and needs a new run of six after it ("Därefter måste kravet ... uppfyllas
  på nytt"), so the whole history is passed, not only the last two years.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.models import DecisionLine, EarlierSupportMonth
from ekb.lib.months import month_end
from ekb.people.models import HouseholdMember, MemberRole

# The decision lines that are försörjningsstöd (the module docstring gives the law). The
# livelihood line carries the norm and the union and a-kassa fees (ekb.decisions.proposal).
FORSORJNINGSSTOD_PURPOSES = frozenset(
    {
        Purpose.LIVELIHOOD,
        Purpose.RENT,
        Purpose.ELECTRICITY,
        Purpose.HOME_INSURANCE,
        Purpose.WORK_TRAVEL,
    }
)
# The adults whose months count and who carry a history: those in the norm (see above).
ADULT_ROLES = (MemberRole.APPLICANT, MemberRole.CO_APPLICANT)
SOURCE_MAX_LENGTH = 300


def counted_adults(case, month: dt.date):
    """The applicant and co-applicants of the case's household on some day of ``month``."""
    return (
        HouseholdMember.objects.filter(
            household=case.household, role__in=ADULT_ROLES, valid_from__lte=month_end(month)
        )
        .exclude(valid_to__lt=month)
        .select_related("person")
        .order_by("role", "valid_from", "pk")
    )


def _household_months(households: set[int], before: dt.date) -> dict[int, set[dt.date]]:
    """Per household, the months before ``before`` with försörjningsstöd: decided in any of
    its cases, or recorded on one of its cases without a person (before months were per
    person). Months as first days."""
    months: dict[int, set[dt.date]] = defaultdict(set)
    decided = DecisionLine.objects.filter(
        decision__case__household_id__in=households,
        decision__status=DecisionStatus.DECIDED,
        purpose__in=FORSORJNINGSSTOD_PURPOSES,
        outcome__in=[Outcome.GRANTED, Outcome.PARTLY_GRANTED],
        amount__gt=0,
        period_start__lt=before,
    ).values_list("decision__case__household_id", "period_start")
    unassigned = EarlierSupportMonth.objects.filter(
        case__household_id__in=households,
        person__isnull=True,
        removed_at__isnull=True,
        month__lt=before,
    ).values_list("case__household_id", "month")
    for household, month in [*decided, *unassigned]:
        months[household].add(month.replace(day=1))
    return months


def supported_months_by_person(case, month: dt.date) -> dict[int, list[str]]:
    """For each counted adult of the case in ``month`` (person id), the months before it in
    which that person had försörjningsstöd, as "YYYY-MM" (the module docstring has the law and
    our reading)."""
    persons = list(dict.fromkeys(counted_adults(case, month).values_list("person_id", flat=True)))
    return supported_months_of(persons, month)


def supported_months_of(persons: list[int], month: dt.date) -> dict[int, list[str]]:
    """The months before ``month`` in which each of ``persons`` (ids) had försörjningsstöd, as
    "YYYY-MM", wherever they lived (see supported_months_by_person)."""
    if not persons:
        return {}
    memberships = list(
        HouseholdMember.objects.filter(person_id__in=persons, role__in=ADULT_ROLES).values_list(
            "person_id", "household_id", "valid_from", "valid_to"
        )
    )
    by_household = _household_months({h for _, h, _, _ in memberships}, month)
    found: dict[int, set[dt.date]] = {p: set() for p in persons}
    for person, household, start, end in memberships:
        first = start.replace(day=1)  # a member on any day of the month: the month counts
        found[person].update(
            m for m in by_household.get(household, ()) if m >= first and (end is None or m <= end)
        )
    recorded = EarlierSupportMonth.objects.filter(
        person_id__in=persons, removed_at__isnull=True, month__lt=month
    ).values_list("person_id", "month")
    for person, m in recorded:
        found[person].add(m.replace(day=1))
    return {p: sorted(f"{m:%Y-%m}" for m in months) for p, months in found.items()}


def supported_months(case, month: dt.date) -> list[str]:
    """Months before ``month`` in which at least one of the case's counted adults had
    försörjningsstöd, as "YYYY-MM": the household's history in the calculation input, which
    the engine uses only for a member without months of their own (ekb.norm.rules.jobbstimulans;
    the case flow gives every counted adult their own, see ekb.decisions.calculation)."""
    by_person = supported_months_by_person(case, month)
    return sorted({m for months in by_person.values() for m in months})


def parse_month(text: str) -> dt.date | None:
    """ "2026-03" -> 2026-03-01; None for anything else (the caller names the field)."""
    try:
        year, month = (int(part) for part in (text or "").strip().split("-"))
        return dt.date(year, month, 1) if 1900 <= year <= 2999 else None
    except ValueError:
        return None


def earlier_support(case):
    """The recorded months of the case, removed ones too (they stay, struck through)."""
    return case.earlier_support.select_related("person", "recorded_by", "removed_by").order_by(
        "-month", "person__first_name", "-recorded_at"
    )


def adults_of_case(case) -> list:
    """The persons a month can be recorded for: everyone who is or was the applicant or a
    co-applicant of the case's household, the current applicant first."""
    members = (
        HouseholdMember.objects.filter(household=case.household, role__in=ADULT_ROLES)
        .select_related("person")
        .order_by("role", "-valid_from", "pk")
    )
    return list({m.person_id: m.person for m in members}.values())


@transaction.atomic
def do_record_earlier_support(
    case,
    *,
    month: dt.date | None,
    source: str,
    acting_user,
    person=None,
    channel=Channel.WEB,
) -> EarlierSupportMonth:
    """Record that ``person`` had försörjningsstöd in ``month``, with where that is from.

    The months are per person (the module docstring): ``person`` is the applicant or a
    co-applicant of the case's household; without one, the applicant (the reader of a month
    from an earlier municipality before months were per person)."""
    source = (source or "").strip()
    errors = {}
    adults = adults_of_case(case)
    if person is None and adults:
        person = adults[0]
    if person is None or person.pk not in {p.pk for p in adults}:
        errors["person"] = _("Välj sökande eller medsökande i hushållet.")
    if month is None:
        errors["month"] = _("Ange månaden (ÅÅÅÅ-MM).")
    else:
        month = month.replace(day=1)
        if month > timezone.localdate().replace(day=1):
            errors["month"] = _("Månaden kan inte ligga i framtiden.")
        elif (
            "person" not in errors
            and EarlierSupportMonth.objects.filter(
                case=case, person=person, month=month, removed_at__isnull=True
            ).exists()
        ):
            errors["month"] = _("Den månaden är redan registrerad för personen.")
    if not source:
        errors["source"] = _("Ange källan, till exempel ”Beslut från Lunds kommun 2026-03-12”.")
    elif len(source) > SOURCE_MAX_LENGTH:
        errors["source"] = _("Källan får vara högst 300 tecken.")
    if errors:
        raise ValidationError(errors)
    assert month is not None  # else errors["month"] above
    try:
        with transaction.atomic():
            fact = EarlierSupportMonth.objects.create(
                case=case, person=person, month=month, source=source, recorded_by=acting_user
            )
    except IntegrityError as exc:  # the same month recorded at the same moment by someone else
        raise ValidationError(
            {"month": _("Den månaden är redan registrerad för personen.")}
        ) from exc
    append_event(
        case,
        EventKind.EARLIER_SUPPORT_RECORDED,
        actor=acting_user,
        data={"earlier_support_id": fact.pk, "month": f"{month:%Y-%m}"},
        visible_to_client=False,
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)
    return fact


@transaction.atomic
def do_remove_earlier_support(
    fact: EarlierSupportMonth, *, reason: str, acting_user, channel=Channel.WEB
) -> EarlierSupportMonth:
    """Strike a recorded month (entered by mistake, the source did not hold); the row stays."""
    reason = (reason or "").strip()
    fact = EarlierSupportMonth.objects.select_for_update().get(pk=fact.pk)
    if fact.removed_at is not None:
        raise ValidationError({"__all__": _("Månaden är redan struken.")})
    if not reason:
        raise ValidationError({"reason": _("Ange varför månaden stryks.")})
    fact.removed_at = timezone.now()
    fact.removed_by = acting_user
    fact.removal_reason = reason
    fact.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    append_event(
        fact.case,
        EventKind.EARLIER_SUPPORT_REMOVED,
        actor=acting_user,
        data={"earlier_support_id": fact.pk, "month": f"{fact.month:%Y-%m}"},
        visible_to_client=False,
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=fact.case_id, channel=channel)
    return fact
