"""When something happens in a case that the client should read (a decision, a supplement request,
a payment made, a message from the caseworker, a delay notice), the applicant and co-applicant
are told by e-mail or SMS (ekb.integrations.notify): after the event's transaction commits, at
most once per event and person, only "something new", and nothing for a person without contact
details. A failure to send is logged with ids only and loses nothing in the case."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction

from ekb.cases.choices import EventKind
from ekb.cases.models import CaseEvent, ClientNotification
from ekb.integrations.notify import EMAIL, SMS, get_notifier, notice_text
from ekb.people.models import HouseholdMember, MemberRole

logger = logging.getLogger(__name__)

NOTIFY_KINDS = frozenset(
    {
        EventKind.DECISION_MADE,
        EventKind.SUPPLEMENT_REQUESTED,
        EventKind.PAYMENT_PAID,
        EventKind.MESSAGE_FROM_CASEWORKER,
        EventKind.APPLICATION_DELAYED,
        EventKind.APPEAL_RECONSIDERED,
        EventKind.APPEAL_FORWARDED,
        EventKind.COMMUNICATION_SENT,
        EventKind.PLAN_SHARED,
    }
)


class _NotifyAfterCommit:
    """Send the notices of one event after its transaction commits (marked like the journey's
    steps, so tests run it where production would: see tests/conftest.py)."""

    ekb_flow = True

    def __init__(self, event_id: int) -> None:
        self.event_id = event_id

    def __call__(self) -> None:
        try:
            notify_event(self.event_id)
        except Exception:  # noqa: BLE001 - a notice never undoes or blocks the case's work
            logger.exception("notifying event %s failed", self.event_id)


def notify_after_commit(event: CaseEvent) -> None:
    if event.visible_to_client and event.kind in NOTIFY_KINDS:
        transaction.on_commit(_NotifyAfterCommit(event.pk), robust=True)


def _key(event: CaseEvent, person_id: int) -> str:
    if event.kind == EventKind.PAYMENT_PAID:
        # A pay day pays several lines: the household hears of it once.
        return f"paid:{event.case_id}:{event.occurred_at:%Y-%m-%d}:p{person_id}"
    return f"event:{event.pk}:p{person_id}"


def recipients(case_id: int):
    """The adults who applied (applicant, co-applicant) now in the case's household."""
    members = HouseholdMember.objects.filter(
        household__cases__pk=case_id,
        valid_to__isnull=True,
        role__in=[MemberRole.APPLICANT, MemberRole.CO_APPLICANT],
    ).select_related("person")
    return [m.person for m in members.order_by("id")]


def notify_event(event_id: int) -> int:
    """Tell each adult of the case with contact details, once; returns how many were sent."""
    event = CaseEvent.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    notifier = get_notifier()
    sent = 0
    for person in recipients(event.case_id):
        medium, to = (EMAIL, person.email) if person.email else (SMS, person.phone)
        if not to:
            continue  # no contact details: the client reads it when logging in
        try:
            with transaction.atomic():
                ClientNotification.objects.create(
                    key=_key(event, person.pk),
                    case_id=event.case_id,
                    person=person,
                    event_kind=event.kind,
                    medium=medium,
                )
                if not notifier.send(medium=medium, to=to, text=notice_text()):
                    raise _NotSent
        except IntegrityError:
            continue  # already told of this event
        except _NotSent:
            continue
        sent += 1
    return sent


class _NotSent(Exception):
    """The sender sent nothing (switched off): no row says it was sent."""
