"""An application a caseworker registers for the client: received orally, by phone, at a visit
or on paper. An oral request for ekonomiskt bistånd is an application and must be handled as
one (JO's practice, as issue 11 cites it; the exact JO decisions are not checked here), so it
gets the same date, due date and journey as a digital one, with the channel recorded
(SubmittedVia)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.applications.actions import LineData, do_receive_application
from ekb.applications.choices import REGISTERED_BY_STAFF, ApplicationKind
from ekb.applications.drafts import lines_from_answers, renewal_prefill
from ekb.applications.models import Application
from ekb.audit.models import Channel
from ekb.cases.models import Case
from ekb.lib.months import next_month_start
from ekb.people.models import HouseholdMember, MemberRole

# How far back a caseworker may date an application received earlier (a letter read late, a
# call noted the day after): the application counts from the day it reached the municipality.
LATEST_BACKDATING_DAYS = 31


def _applicant(case: Case):
    member = (
        HouseholdMember.objects.filter(
            household=case.household, valid_to__isnull=True, role=MemberRole.APPLICANT
        )
        .select_related("person")
        .first()
    )
    return member.person if member else None


def registration_months(today: dt.date) -> list[dt.date]:
    """The months a caseworker may register an application for: this month and next."""
    return [today.replace(day=1), next_month_start(today)]


@transaction.atomic
def do_register_application(
    case: Case,
    *,
    month: dt.date,
    submitted_via: str,
    received_on: dt.date,
    note: str = "",
    from_last_month: bool = False,
    lines: list[LineData] | None = None,
    acting_user,
    channel=Channel.WEB,
) -> Application:
    """Store the application the client made by phone, at a visit or on paper. With
    ``from_last_month`` it holds last month's incomes and costs (the client said nothing
    changed); with ``lines``, the facts the caseworker went through with the client (the
    amounts confirmed in a meeting, ekb.flow.meetings); otherwise no facts yet (the caseworker
    adds them or asks for a supplement).
    The robot's preparation runs after commit (ekb.flow.journey.register_application)."""
    today = timezone.localdate()
    errors = {}
    if submitted_via not in REGISTERED_BY_STAFF:
        errors["submitted_via"] = _(
            "Välj hur ansökan kom in: per telefon, vid besök eller på papper."
        )
    if month not in registration_months(today):
        errors["month"] = _("Välj den här månaden eller nästa månad.")
    if received_on is None or received_on > today:
        errors["received_on"] = _("Dagen ansökan kom in kan inte vara efter i dag.")
    elif (today - received_on).days > LATEST_BACKDATING_DAYS:
        errors["received_on"] = _("Dagen ansökan kom in kan vara högst 31 dagar tillbaka.")
    if len(note) > 2000:
        errors["note"] = _("Skriv högst 2 000 tecken.")
    if case.closed_on is not None:
        errors["__all__"] = _("Ärendet är avslutat.")
    if errors:
        raise ValidationError(errors)
    applicant = _applicant(case)
    lines = list(lines or [])
    if not lines and from_last_month and applicant is not None:
        lines = lines_from_answers(renewal_prefill(case, applicant))
    kind = ApplicationKind.RENEWAL if case.applications.exists() else ApplicationKind.NEW
    application = do_receive_application(
        case,
        month,
        kind,
        lines,
        acting_user=acting_user,
        submitted_via=submitted_via,
        document={
            "registered_by_staff": {
                "submitted_via": str(submitted_via),
                "received_on": received_on.isoformat(),
                "note": note.strip(),
                "from_last_month": bool(from_last_month and lines),
            }
        },
        channel=channel,
    )
    if received_on != today:
        # The application counts from the day it reached the municipality (its due date too).
        application.submitted_at = timezone.make_aware(
            dt.datetime.combine(received_on, dt.time(12, 0))
        )
        application.save(update_fields=["submitted_at"])
    return application
