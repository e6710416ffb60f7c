"""Booking a client meeting. The FAS capability (ROADMAP 1) builds meeting rules, records and
targets on this; for now a booking is what the client sees on the status page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.meetings.choices import MeetingKind
from ekb.meetings.models import Meeting


@transaction.atomic
def do_book_meeting(
    case, *, starts_at, kind, place="", interpreter_language="", acting_user, channel=Channel.WEB
):
    errors = {}
    if starts_at is None:
        errors["starts_at"] = _("Ange datum och tid för mötet.")
    elif starts_at < timezone.now():
        errors["starts_at"] = _("Mötet kan inte bokas bakåt i tiden.")
    if kind not in MeetingKind.values:
        errors["kind"] = _("Välj mötesform.")
    if case.closed_on is not None:
        errors["__all__"] = _("Ärendet är avslutat.")
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        case=case,
        caseworker=case.assigned_caseworker or acting_user,
        starts_at=starts_at,
        kind=kind,
        place=place.strip(),
        interpreter_language=interpreter_language.strip(),
        created_by=acting_user,
    )
    append_event(
        case,
        EventKind.MEETING_BOOKED,
        actor=acting_user,
        data={"meeting_id": meeting.pk, "date": timezone.localtime(starts_at).date().isoformat()},
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)
    return meeting
