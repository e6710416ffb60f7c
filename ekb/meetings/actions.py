"""Booking a client meeting, with the guards a calendar needs: inside working hours on a working
day (rules/meetings.yaml, the Swedish calendar), and not on top of the caseworker's other booked
meeting. A refused booking says why; the form keeps what was typed (the workspace re-renders it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.cases.tasks import do_close_task
from ekb.lib.swedish_calendar import is_working_day
from ekb.meetings.choices import MeetingKind, MeetingStatus
from ekb.meetings.models import Meeting, MeetingMoveRequest, PhoneHours
from ekb.meetings.rules import meeting_rule, working_hours


def _time(value: dt.datetime) -> str:
    return formats.time_format(timezone.localtime(value), "H:i")


def booking_errors(
    caseworker, starts_at: dt.datetime | None, duration_minutes: int | None, *, exclude=None
) -> dict:
    """Why a meeting cannot be booked at the time, per field; empty when it can."""
    if starts_at is None:
        return {"starts_at": _("Ange datum och tid för mötet.")}
    if starts_at < timezone.now():
        return {"starts_at": _("Mötet kan inte bokas bakåt i tiden.")}
    local = timezone.localtime(starts_at)
    rule = meeting_rule(local.date())
    if not duration_minutes or not 1 <= duration_minutes <= rule["longest_meeting_minutes"]:
        return {
            "duration_minutes": _("Ange mötets längd i minuter (1–%(most)s).")
            % {"most": rule["longest_meeting_minutes"]}
        }
    ends_at = starts_at + dt.timedelta(minutes=duration_minutes)
    opens, closes = working_hours(local.date())
    if not is_working_day(local.date()):
        return {
            "starts_at": _(
                "%(day)s är inte en arbetsdag (helg eller helgdag). Boka mötet en vardag."
            )
            % {"day": local.date().isoformat()}
        }
    local_end = timezone.localtime(ends_at)
    if local.time() < opens or local_end.date() != local.date() or local_end.time() > closes:
        return {
            "starts_at": _(
                "Mötet ligger utanför arbetstiden. Boka det mellan %(opens)s och %(closes)s."
            )
            % {"opens": opens.strftime("%H:%M"), "closes": closes.strftime("%H:%M")}
        }
    # Her published phone hours are promised to the clients (seed 003: the phone is answered
    # then); a meeting on top of them would leave the phone unanswered.
    phone = (
        PhoneHours.objects.filter(
            user=caseworker,
            weekday=local.weekday(),
            starts__lt=local_end.time(),
            ends__gt=local.time(),
        )
        .order_by("starts")
        .first()
    )
    if phone is not None:
        return {
            "starts_at": _(
                "Mötet krockar med handläggarens telefontid %(day)s %(starts)s–%(ends)s. "
                "Välj en tid utanför telefontiden."
            )
            % {
                "day": phone.get_weekday_display(),
                "starts": phone.starts.strftime("%H:%M"),
                "ends": phone.ends.strftime("%H:%M"),
            }
        }
    others = Meeting.objects.filter(
        caseworker=caseworker,
        status=MeetingStatus.BOOKED,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    clash = others.order_by("starts_at").first()
    if clash is not None:
        return {
            "starts_at": _(
                "Handläggaren har redan ett möte %(starts)s–%(ends)s den dagen. Välj en annan tid."
            )
            % {"starts": _time(clash.starts_at), "ends": _time(clash.ends_at or clash.starts_at)}
        }
    return {}


@transaction.atomic
def do_book_meeting(
    case,
    *,
    starts_at,
    kind,
    place="",
    interpreter_language="",
    duration_minutes=None,
    caseworker=None,
    acting_user,
    channel=Channel.WEB,
):
    # Split roles (seed 004 §2.5): the case's labour-market officer books her own meetings, which
    # then stand in her calendar; otherwise the meeting is the case's caseworker's.
    if caseworker is None and acting_user is not None:
        if acting_user.pk == getattr(case, "labour_market_officer_id", None):
            caseworker = acting_user
    caseworker = caseworker or case.assigned_caseworker or acting_user
    if starts_at is not None and duration_minutes is None:
        duration_minutes = meeting_rule(timezone.localdate(starts_at))["default_duration_minutes"]
    errors = {}
    if kind not in MeetingKind.values:
        errors["kind"] = _("Välj mötesform.")
    if case.closed_on is not None:
        errors["__all__"] = _("Ärendet är avslutat.")
    # The time is checked under a lock on the caseworker, so two bookings at once cannot both
    # pass the overlap check.
    type(caseworker).objects.select_for_update().filter(pk=caseworker.pk).first()
    errors = booking_errors(caseworker, starts_at, duration_minutes) | errors
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        case=case,
        caseworker=caseworker,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=duration_minutes),
        duration_minutes=duration_minutes,
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


@transaction.atomic
def do_cancel_meeting(meeting, *, reason, acting_user, channel=Channel.WEB):
    """The caseworker cancels a booked meeting, saying why. The client sees it cancelled in her
    e-service; a pending request to move it is answered (its task closed with the reason). A new
    time is a new booking (do_book_meeting)."""
    # Locked so a cancel and a record of the same meeting cannot both pass the status check.
    meeting = Meeting.objects.select_for_update().select_related("case").get(pk=meeting.pk)
    text = (reason or "").strip()
    errors: dict[str, Any] = {}
    if meeting.status != MeetingStatus.BOOKED:
        errors["__all__"] = _("Bara ett bokat möte kan ställas in. Mötet är %(status)s.") % {
            "status": str(meeting.get_status_display()).lower()
        }
    if not text:
        errors["reason"] = _("Skriv varför mötet ställs in.")
    if errors:
        raise ValidationError(errors)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = text
    meeting.save(update_fields=["status", "cancel_reason"])
    for move in MeetingMoveRequest.objects.filter(
        meeting=meeting, task__isnull=False, task__closed_at__isnull=True
    ).select_related("task"):
        assert move.task is not None  # filtered above
        do_close_task(
            move.task,
            outcome=str(_("Mötet är inställt: %(reason)s") % {"reason": text}),
            acting_user=acting_user,
            channel=channel,
        )
    append_event(
        meeting.case,
        EventKind.MEETING_CANCELLED,
        actor=acting_user,
        data={
            "meeting_id": meeting.pk,
            "date": timezone.localtime(meeting.starts_at).date().isoformat(),
        },
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=meeting.case_id, channel=channel)
    return meeting
