"""The client's booked meetings in the e-service, and her request to move one.

A request is a message to the caseworker, not a new time: it opens a task
(TaskKind.MEETING_MOVE_REQUESTED) and the caseworker books anew. While that task is open the
request is pending and the client sees it was sent; a second click (a double submit, the back
button) finds the pending request and makes no second one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ekb.audit.log import record
from ekb.audit.models import Action, Channel, Outcome
from ekb.cases.access import client_cases
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind, TaskKind
from ekb.cases.tasks import do_open_task
from ekb.lib.ids import parse_id
from ekb.meetings.choices import MeetingStatus
from ekb.meetings.models import Meeting, MeetingMoveRequest

MAX_MESSAGE = 2000


@dataclass(frozen=True)
class ClientMeeting:
    meeting: Meeting
    pending: MeetingMoveRequest | None


def client_meetings(case) -> list[ClientMeeting]:
    """The case's meetings still to come, the next first, each with its pending move request
    (for the client's own case, opened through ``access_own_case``, which logs it). A cancelled
    one stays in the list, marked so, so she does not come to a meeting that is not held; it
    has no pending request (cancelling answers it)."""
    if case is None:
        return []
    meetings = list(
        Meeting.objects.filter(
            case=case,
            status__in=[MeetingStatus.BOOKED, MeetingStatus.CANCELLED],
            starts_at__gte=timezone.now(),
        )
        .select_related("caseworker")
        .order_by("starts_at", "pk")
    )
    pending = _pending_by_meeting([m.pk for m in meetings if m.status == MeetingStatus.BOOKED])
    return [ClientMeeting(m, pending.get(m.pk)) for m in meetings]


def _pending_by_meeting(meeting_ids) -> dict[int, MeetingMoveRequest]:
    rows = MeetingMoveRequest.objects.filter(
        meeting_id__in=meeting_ids, task__closed_at__isnull=True, task__isnull=False
    ).order_by("sent_at", "pk")
    return {row.meeting_id: row for row in rows}


def pending_request(meeting: Meeting) -> MeetingMoveRequest | None:
    return _pending_by_meeting([meeting.pk]).get(meeting.pk)


def access_own_meeting(person_id: int, meeting_id, *, channel=Channel.WEB) -> Meeting:
    """A booked meeting in one of the client's own cases; 404 alike for missing and not hers,
    logged either way."""
    pk = parse_id(meeting_id)
    meeting = (
        Meeting.objects.filter(pk=pk, case__in=client_cases(person_id))
        .select_related("case", "caseworker")
        .first()
        if pk
        else None
    )
    record(
        action=Action.CLIENT_OPEN_OWN_CASE,
        outcome=Outcome.PERMITTED if meeting else Outcome.DENIED,
        client_person_id=person_id,
        case_id=meeting.case_id if meeting else None,
        channel=channel,
        detail={"meeting": pk} if pk else {},
    )
    if meeting is None:
        raise Http404("Mötet finns inte.")
    return meeting


@transaction.atomic
def do_request_meeting_move(
    meeting: Meeting, *, person, message: str, channel=Channel.WEB
) -> MeetingMoveRequest:
    """The client asks to move the meeting. Returns the pending request when there is one."""
    # One at a time per meeting: the second of two simultaneous clicks waits here and then
    # finds the first one's request.
    meeting = Meeting.objects.select_for_update().select_related("case").get(pk=meeting.pk)
    existing = pending_request(meeting)
    if existing is not None:
        return existing
    text = message.strip()
    errors = {}
    if meeting.status != MeetingStatus.BOOKED or meeting.starts_at < timezone.now():
        errors["__all__"] = gettext_lazy(
            "Mötet går inte att flytta här: det har redan varit eller är inställt. "
            "Skriv till din handläggare i stället."
        )
    if not text:
        errors["message"] = gettext_lazy("Skriv när det passar dig bättre, eller varför.")
    elif len(text) > MAX_MESSAGE:
        errors["message"] = gettext_lazy("Meddelandet får vara högst 2000 tecken.")
    if errors:
        raise ValidationError(errors)
    request = MeetingMoveRequest.objects.create(meeting=meeting, person=person, message=text)
    when = timezone.localtime(meeting.starts_at)
    task = do_open_task(
        meeting.case,
        kind=TaskKind.MEETING_MOVE_REQUESTED,
        text=_("Klienten ber att få flytta mötet %(when)s (%(kind)s): %(message)s")
        % {
            "when": when.strftime("%Y-%m-%d %H:%M"),
            "kind": meeting.get_kind_display(),
            "message": text,
        },
        source=f"meetings.meetingmoverequest:{request.pk}",
        due_on=_answer_by(when.date()),
        channel=channel,
    )
    request.task = task
    request.save(update_fields=["task"])
    append_event(
        meeting.case,
        EventKind.MEETING_MOVE_REQUESTED,
        data={"meeting_id": meeting.pk, "date": when.date().isoformat()},
    )
    record(
        action=Action.CHANGE_CASE,
        client_person_id=person.pk,
        case_id=meeting.case_id,
        channel=channel,
    )
    return request


def _answer_by(meeting_day: dt.date) -> dt.date:
    """The caseworker should answer before the meeting: the day before it, or today."""
    return max(timezone.localdate(), meeting_day - dt.timedelta(days=1))
