"""Which earlier months the household had försörjningsstöd: what jobbstimulans counts.

"För den som har fått försörjningsstöd under sex månader i följd ska 25 procent av inkomsterna
av anställning inte beaktas" (4 kap. 1 b § SoL 2001:453, SFS 2013:421; carried into SoL 2025:400
12 kap.). A month counts when the household had försörjningsstöd that month, whatever decision
line it was paid on. Försörjningsstöd is the riksnorm and the reasonable costs outside it
(SoL 2025:400 12 kap. 1 § and 7 § första stycket 1–2; earlier 4 kap. 1 och 3 §§ SoL 2001:453):
boende, hushållsel, arbetsresor, hemförsäkring, medlemskap i fackförening och
arbetslöshetskassa (domain-facts.md §1.1). Bistånd till livsföring i övrigt (health care,
dental care, glasses, childcare fees as "avgifter för kommunal service", one-off needs;
SOSFS 2013:1) is not försörjningsstöd and does not count.

A month counts from three places: decisions in this case, decisions in earlier EKB cases of the
same household or of a household where today's applicant or co-applicant was an adult member,
and months a caseworker recorded with their source (an earlier municipality, a case before EKB).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import DecisionStatus, EventKind, Outcome, Purpose
from ekb.cases.models import DecisionLine, EarlierSupportMonth
from ekb.lib.months import month_end
from ekb.people.models import HouseholdMember, MemberRole

# The decision lines that are försörjningsstöd (the module docstring gives the law). The
# livelihood line carries the norm and the union and a-kassa fees (ekb.cases.proposal).
FORSORJNINGSSTOD_PURPOSES = frozenset(
    {
        Purpose.LIVELIHOOD,
        Purpose.RENT,
        Purpose.ELECTRICITY,
        Purpose.HOME_INSURANCE,
        Purpose.WORK_TRAVEL,
    }
)
_ADULT_ROLES = (MemberRole.APPLICANT, MemberRole.CO_APPLICANT)
SOURCE_MAX_LENGTH = 300


def _periods(case, month: dt.date) -> list[tuple[int, dt.date | None, dt.date | None]]:
    """(household, from, to) whose support counts: the case's own household in full (the
    household is the unit, as in the engine's v1 reading), and each other household where one
    of today's adults (the applicant, a co-applicant) was an adult member, for the months they
    were: support follows the person who had it, and only while they had it."""
    adults = HouseholdMember.objects.filter(
        household=case.household, role__in=_ADULT_ROLES, valid_from__lte=month_end(month)
    ).exclude(valid_to__lt=month)
    persons = adults.values_list("person_id", flat=True)
    periods: list[tuple[int, dt.date | None, dt.date | None]] = [(case.household_id, None, None)]
    earlier = (
        HouseholdMember.objects.filter(person_id__in=persons, role__in=_ADULT_ROLES)
        .exclude(household_id=case.household_id)
        .values_list("household_id", "valid_from", "valid_to")
    )
    for household, start, end in earlier:
        # Whole months: the month the person joined and the month they left both count.
        periods.append((household, start.replace(day=1), end))
    return periods


def _in_periods(periods, household_field: str, month_field: str) -> Q:
    condition = Q(pk__in=[])
    for household, start, end in periods:
        part = Q(**{household_field: household})
        if start is not None:
            part &= Q(**{f"{month_field}__gte": start})
        if end is not None:
            part &= Q(**{f"{month_field}__lte": end})
        condition |= part
    return condition


def supported_months(case, month: dt.date) -> list[str]:
    """Months before ``month`` in which the household had försörjningsstöd, as "YYYY-MM"."""
    periods = _periods(case, month)
    decided = DecisionLine.objects.filter(
        _in_periods(periods, "decision__case__household_id", "period_start"),
        decision__status=DecisionStatus.DECIDED,
        purpose__in=FORSORJNINGSSTOD_PURPOSES,
        outcome__in=[Outcome.GRANTED, Outcome.PARTLY_GRANTED],
        amount__gt=0,
        period_start__lt=month,
    ).values_list("period_start", flat=True)
    recorded = EarlierSupportMonth.objects.filter(
        _in_periods(periods, "case__household_id", "month"),
        removed_at__isnull=True,
        month__lt=month,
    ).values_list("month", flat=True)
    return sorted({f"{m:%Y-%m}" for m in [*decided, *recorded]})


def parse_month(text: str) -> dt.date | None:
    """ "2026-03" -> 2026-03-01; None for anything else (the caller names the field)."""
    try:
        year, month = (int(part) for part in (text or "").strip().split("-"))
        return dt.date(year, month, 1) if 1900 <= year <= 2999 else None
    except ValueError:
        return None


def earlier_support(case):
    """The recorded months of the case, removed ones too (they stay, struck through)."""
    return case.earlier_support.select_related("recorded_by", "removed_by").order_by(
        "-month", "-recorded_at"
    )


@transaction.atomic
def do_record_earlier_support(
    case, *, month: dt.date | None, source: str, acting_user, channel=Channel.WEB
) -> EarlierSupportMonth:
    """Record that the household had försörjningsstöd in ``month``, with where that is from."""
    source = (source or "").strip()
    errors = {}
    if month is None:
        errors["month"] = _("Ange månaden (ÅÅÅÅ-MM).")
    else:
        month = month.replace(day=1)
        if month > timezone.localdate().replace(day=1):
            errors["month"] = _("Månaden kan inte ligga i framtiden.")
        elif EarlierSupportMonth.objects.filter(
            case=case, month=month, removed_at__isnull=True
        ).exists():
            errors["month"] = _("Den månaden är redan registrerad.")
    if not source:
        errors["source"] = _("Ange källan, till exempel ”Beslut från Lunds kommun 2026-03-12”.")
    elif len(source) > SOURCE_MAX_LENGTH:
        errors["source"] = _("Källan får vara högst 300 tecken.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            fact = EarlierSupportMonth.objects.create(
                case=case, month=month, source=source, recorded_by=acting_user
            )
    except IntegrityError as exc:  # the same month recorded at the same moment by someone else
        raise ValidationError({"month": _("Den månaden är redan registrerad.")}) from exc
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
