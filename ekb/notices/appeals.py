"""Appeals: the client's appeal and its deadline, and the caseworker's side: reconsider (ompröva)
the decision or forward it to the court.

Förvaltningslagen 45–46 §§: the municipality checks the appeal came in time, may change the
decision itself, and otherwise sends the appeal to the förvaltningsrätt without delay.

Whether the appeal came in time (`Appeal.in_time`) is decided once, on the day it arrives, by
ekb.notices.appeals.appeal_in_time: three weeks from the day the appellant themself was notified
(FL 44 §: "från den dag då den som överklagar fick del av beslutet"; a co-applicant's time runs
from their own day, not the applicant's), moved to the next weekday (lag 1930:173 2 §), and
always in time before the appellant was notified.
Nothing here recomputes it: a fact learnt later (a posting day recorded afterwards) can only move
the notification earlier, and must not turn an appeal that was in time when it came into a late
one."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.decisions.choices import DecisionStatus
from ekb.decisions.models import Decision
from ekb.lib.months import next_month_start
from ekb.lib.swedish_calendar import next_working_day
from ekb.notices.choices import AppealStatus
from ekb.notices.models import Appeal, DecisionNotification
from ekb.people.models import HouseholdMember, MemberRole


def _handle(appeal: Appeal, status: str, event: EventKind, *, acting_user, channel) -> Appeal:
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != AppealStatus.RECEIVED:
        raise ValidationError({"__all__": _("Överklagandet är redan hanterat.")})
    appeal.status = status
    appeal.handled_by = acting_user
    appeal.handled_at = timezone.now()
    appeal.save(update_fields=["status", "handled_by", "handled_at"])
    append_event(appeal.case, event, actor=acting_user, data={"appeal_id": appeal.pk})
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=appeal.case_id, channel=channel)
    return appeal


@transaction.atomic
def do_forward_appeal(appeal: Appeal, *, acting_user, channel=Channel.WEB) -> Appeal:
    return _handle(
        appeal,
        AppealStatus.FORWARDED,
        EventKind.APPEAL_FORWARDED,
        acting_user=acting_user,
        channel=channel,
    )


def reconsidering_decision(appeal: Appeal) -> Decision | None:
    """The decision that changed the appealed one (on the same application, made after the
    appeal arrived), or None. A changed decision is a new decision with its own letter (FL 38–39 §§): recording
    "reconsidered and changed" without one would tell the client the decision changed while the
    money and the letter stayed the same (a fresh-eye tester did exactly that)."""
    application_id = appeal.decision.application_id
    if application_id is None:
        return None
    return (
        Decision.objects.filter(
            case_id=appeal.case_id,
            application_id=application_id,
            status=DecisionStatus.DECIDED,
            decided_at__gt=appeal.received_at,
        )
        .exclude(pk=appeal.decision_id)
        .order_by("decided_at")
        .first()
    )


@transaction.atomic
def do_record_reconsideration(appeal: Appeal, *, acting_user, channel=Channel.WEB) -> Appeal:
    """The decision was changed as the client asked: only once the new decision is made."""
    if reconsidering_decision(appeal) is None:
        raise ValidationError(
            {
                "__all__": _(
                    "Fatta först det nya beslutet som ändrar det överklagade. Annars skickas "
                    "överklagandet till förvaltningsrätten."
                )
            }
        )
    return _handle(
        appeal,
        AppealStatus.RECONSIDERED,
        EventKind.APPEAL_RECONSIDERED,
        acting_user=acting_user,
        channel=channel,
    )


APPEAL_RULES_FILE = Path(__file__).parent / "rules" / "appeal.yaml"


@functools.cache
def _appeal_versions() -> list[dict]:
    with APPEAL_RULES_FILE.open(encoding="utf-8") as fh:
        versions = yaml.safe_load(fh)["versions"]
    return sorted(versions, key=lambda v: v["valid_from"])


def appeal_rules(on: dt.date) -> dict:
    """The appeal rules in force on a day (rules/appeal.yaml: FL 44 §, lag 1930:173,
    delgivningslagen 22–26 §§)."""
    in_force = [v for v in _appeal_versions() if v["valid_from"] <= on]
    return in_force[-1] if in_force else _appeal_versions()[0]


def presumed_notification_day(posted_on: dt.date) -> dt.date:
    """The day a letter posted with förenklad delgivning counts as received: two weeks after it
    was sent (delgivningslagen (2010:1932) 22–26 §§; the number of days and why the range is cited
    are in rules/appeal.yaml). An ordinary letter has no presumed day: FL 44 § counts from the
    day the party got the decision."""
    days = appeal_rules(posted_on)["posted_letter_presumed_days"]
    return posted_on + dt.timedelta(days=days)


def decision_parties(decision: Decision) -> list:
    """The parties the decision concerns, each notified on their own: the applicant and a
    co-applicant of the household in the decision's month (a couple applies together and both
    are parties; the appeal time runs for each from their own day, FL 44 §). Falls back to the
    latest applicant when no adult is recorded for the month."""
    application = decision.application  # None (without a query) when the decision has none
    month = application.month if application is not None else None
    if month is None:
        month = timezone.localdate(decision.decided_at or timezone.now()).replace(day=1)
    members = (
        HouseholdMember.objects.filter(
            household_id=decision.case.household_id,
            role__in=[MemberRole.APPLICANT, MemberRole.CO_APPLICANT],
            valid_from__lt=next_month_start(month),
        )
        .exclude(valid_to__lt=month)
        .select_related("person")
        .order_by("role", "id")
    )
    persons = list(dict.fromkeys(m.person for m in members))
    if not persons:
        latest = (
            HouseholdMember.objects.filter(
                household_id=decision.case.household_id, role=MemberRole.APPLICANT
            )
            .select_related("person")
            .order_by("-valid_from")
            .first()
        )
        persons = [latest.person] if latest else []
    return persons


def notified_on(decision: Decision, person) -> dt.date | None:
    """The day this party was notified of the decision (fick del av beslutet, FL 44 §): the
    earliest of the day they opened it in the e-service, the presumed day of a letter posted to
    them and the day they were told it orally. None while none has happened: no time runs for
    them yet, whatever the other party has done."""
    days = [n.notified_on for n in _notifications(decision) if n.person_id == _pk(person)]
    return min(days) if days else None


def _pk(person) -> int:
    return person if isinstance(person, int) else person.pk


def _notifications(decision: Decision) -> list[DecisionNotification]:
    cached = getattr(decision, "_prefetched_objects_cache", {}).get("notifications")
    if cached is not None:
        return list(cached)
    return list(decision.notifications.all())


def appeal_deadline(decision: Decision, person) -> dt.date | None:
    """The last day this party's appeal is in time, or None before they have been notified.

    Three weeks from the day of notification (FL 44 §): by lag 1930:173 1 § the deadline is the
    day with the same weekday name three weeks later; by its 2 § a deadline on a Saturday,
    Sunday, public holiday, midsommarafton, julafton or nyårsafton moves to the next weekday."""
    on = notified_on(decision, person)
    if on is None:
        return None
    weeks = appeal_rules(on)["appeal_weeks"]
    return next_working_day(on + dt.timedelta(weeks=weeks))


def appeal_in_time(decision: Decision, person, received_on: dt.date) -> bool:
    """An appeal is in time when it arrives on or before the appellant's own deadline; before the
    appellant has been notified no time has started to run, so it is in time (FL 44–45 §§)."""
    deadline = appeal_deadline(decision, person)
    return deadline is None or received_on <= deadline


def party_notifications(decision: Decision) -> list[dict]:
    """Each party, how they were notified and their deadline: for the caseworker's page and API."""
    rows = _notifications(decision)
    result = []
    for person in decision_parties(decision):
        own = sorted((n for n in rows if n.person_id == person.pk), key=lambda n: n.notified_on)
        result.append(
            {
                "person": person,
                "notifications": own,
                "notified_on": notified_on(decision, person),
                "deadline": appeal_deadline(decision, person),
            }
        )
    return result


@transaction.atomic
def do_submit_appeal(decision: Decision, text: str, *, person, channel=Channel.WEB) -> Appeal:
    if decision.status != DecisionStatus.DECIDED:
        raise ValidationError({"__all__": "Beslutet är inte fattat ännu."})
    if not text.strip():
        raise ValidationError({"text": "Skriv vad du vill ändra i beslutet och varför."})
    existing = Appeal.objects.filter(decision=decision, person=person, text=text.strip()).first()
    if existing:
        return existing  # a double click sends one appeal
    appeal = Appeal.objects.create(
        decision=decision,
        case=decision.case,
        person=person,
        text=text.strip(),
        in_time=appeal_in_time(decision, person, timezone.localdate()),
    )
    append_event(
        decision.case,
        EventKind.APPEAL_RECEIVED,
        data={"appeal_id": appeal.pk, "decision_id": decision.pk},
    )
    record(
        action=Action.CHANGE_CASE,
        client_person_id=person.pk,
        case_id=decision.case_id,
        channel=channel,
    )
    return appeal
