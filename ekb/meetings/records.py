"""The meeting record: held (kind, length, who took part, notes on planning, health, the
children's situation and school, what was agreed, the children's needs considered, whether a
report of concern is needed) or missed (with the follow-up done, and a task to follow it up).

Then the journal draft: the record written out as a journal entry for the caseworker to correct
and sign, so a fact is written once (seed 002: "85 % is writing down the 15 % we do")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind, TaskKind
from ekb.cases.journal import do_write_journal_entry
from ekb.cases.reads import household_of_month
from ekb.cases.tasks import do_open_task
from ekb.lib.swedish_calendar import next_working_day
from ekb.meetings.choices import MeetingKind, MeetingStatus
from ekb.meetings.models import Meeting
from ekb.meetings.rules import meeting_rule
from ekb.people.models import MemberRole

NOTES = ("notes_planning", "notes_health", "notes_children", "notes_school")


def household_has_children(meeting: Meeting) -> bool:
    """Whether a child lives in the household on the meeting's day: then the record must say how
    the children's needs were considered (barnrättsperspektivet)."""
    day = timezone.localdate(meeting.starts_at)
    return any(m.role == MemberRole.CHILD for m in household_of_month(meeting.case, day))


def concern_report(on: dt.date) -> dict:
    """Where the page points when a report of concern is needed, and its legal basis."""
    return meeting_rule(on)["concern_report"]


def _text(value) -> str:
    return (value or "").strip()


@transaction.atomic
def do_record_meeting(
    meeting: Meeting,
    *,
    held: bool | None,
    kind: str = "",
    duration_minutes: int | None = None,
    participants: str = "",
    notes_planning: str = "",
    notes_health: str = "",
    notes_children: str = "",
    notes_school: str = "",
    agreed: str = "",
    children_considered: str = "",
    concern_report_needed: bool = False,
    no_show_follow_up: str = "",
    acting_user,
    channel=Channel.WEB,
) -> Meeting:
    """Mark a booked meeting held or missed, with its record. A missed meeting opens a task
    (TaskKind.MEETING_MISSED): the follow-up is the caseworker's, never a change of money."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one record at a time
    meeting.refresh_from_db()
    if meeting.status != MeetingStatus.BOOKED or meeting.is_recorded:
        raise ValidationError({"__all__": _("Mötet är redan dokumenterat.")})
    if meeting.starts_at > timezone.now():
        raise ValidationError({"__all__": _("Mötet har inte börjat än. Dokumentera det efteråt.")})
    day = timezone.localdate(meeting.starts_at)
    errors: dict[str, Any] = {}
    if held is None:
        errors["held"] = _("Ange om mötet blev av eller om klienten uteblev.")
    elif held:
        longest = meeting_rule(day)["longest_meeting_minutes"]
        if kind not in MeetingKind.values:
            errors["kind"] = _("Välj vilken sorts möte det blev.")
        if not duration_minutes or not 1 <= duration_minutes <= longest:
            errors["duration_minutes"] = _(
                "Ange hur länge mötet varade i minuter (1–%(most)s)."
            ) % {"most": longest}
        if not _text(participants):
            errors["participants"] = _("Skriv vilka som deltog i mötet.")
        if household_has_children(meeting) and not _text(children_considered):
            errors["children_considered"] = _(
                "Det finns barn i hushållet. Skriv hur barnens behov har beaktats "
                "(barnrättsperspektivet)."
            )
    elif not _text(no_show_follow_up):
        errors["no_show_follow_up"] = _(
            "Skriv vad du har gjort för att följa upp att klienten uteblev."
        )
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    meeting.recorded_at, meeting.recorded_by = now, acting_user
    fields = ["status", "recorded_at", "recorded_by"]
    if held:
        assert duration_minutes is not None  # checked above
        meeting.status = MeetingStatus.HELD
        meeting.kind = kind
        meeting.duration_minutes = duration_minutes
        meeting.ends_at = meeting.starts_at + dt.timedelta(minutes=duration_minutes)
        meeting.participants = _text(participants)
        for name, value in zip(
            NOTES, (notes_planning, notes_health, notes_children, notes_school), strict=True
        ):
            setattr(meeting, name, _text(value))
        meeting.agreed = _text(agreed)
        meeting.children_considered = _text(children_considered)
        meeting.concern_report_needed = bool(concern_report_needed)
        fields += [
            "kind", "duration_minutes", "ends_at", "participants", *NOTES, "agreed",
            "children_considered", "concern_report_needed",
        ]  # fmt: skip
    else:
        meeting.status = MeetingStatus.MISSED
        meeting.no_show_follow_up = _text(no_show_follow_up)
        fields.append("no_show_follow_up")
    meeting.save(update_fields=fields)

    append_event(
        meeting.case,
        EventKind.MEETING_HELD if held else EventKind.MEETING_MISSED,
        actor=acting_user,
        data={"meeting_id": meeting.pk, "date": day.isoformat()},
        visible_to_client=False,  # the staff's record; the client is not told of it
    )
    if not held:
        follow_up_days = meeting_rule(day)["missed_follow_up_working_days"]
        due_on = timezone.localdate(now)
        for _step in range(follow_up_days):
            due_on = next_working_day(due_on + dt.timedelta(days=1))
        do_open_task(
            meeting.case,
            kind=TaskKind.MEETING_MISSED,
            text=_g("Klienten uteblev från mötet %(day)s. Uppföljning hittills: %(done)s")
            % {"day": day.isoformat(), "done": meeting.no_show_follow_up},
            source=f"meetings.meeting:{meeting.pk}",
            due_on=due_on,
            acting_user=acting_user,
            channel=channel,
        )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=meeting.case_id, channel=channel)
    return meeting


# --- the journal draft -----------------------------------------------------------------------------

NOTE_HEADINGS = {
    "notes_planning": _("Planering"),
    "notes_health": _("Hälsa"),
    "notes_children": _("Barnens situation"),
    "notes_school": _("Skola"),
}


def journal_draft(meeting: Meeting, *, decided: Iterable[str] = ()) -> str:
    """The journal entry the record gives: who took part, what kind, how long, what was said
    and agreed, and the oral decision's lines (``decided``, from ekb.flow.meetings). The
    caseworker corrects it before she signs; nothing here is signed by itself. The journal is
    the case's Swedish record, so the draft is Swedish whatever language the page is in."""
    with translation.override("sv"):
        return _draft(meeting, decided)


def _draft(meeting: Meeting, decided: Iterable[str]) -> str:
    day = timezone.localtime(meeting.starts_at)
    if meeting.status == MeetingStatus.MISSED:
        return "\n".join(
            [
                _g("%(kind)s %(day)s kl. %(time)s: klienten uteblev.")
                % {
                    "kind": meeting.get_kind_display(),
                    "day": day.date().isoformat(),
                    "time": day.strftime("%H:%M"),
                },
                _g("Uppföljning: %(done)s") % {"done": meeting.no_show_follow_up},
            ]
        )
    lines = [
        _g("%(kind)s %(day)s kl. %(time)s, %(minutes)s minuter.")
        % {
            "kind": meeting.get_kind_display(),
            "day": day.date().isoformat(),
            "time": day.strftime("%H:%M"),
            "minutes": meeting.duration_minutes,
        },
        _g("Deltagare: %(who)s") % {"who": meeting.participants},
    ]
    if meeting.interpreter_language:
        lines.append(_g("Tolk: %(language)s") % {"language": meeting.interpreter_language})
    for name, heading in NOTE_HEADINGS.items():
        if getattr(meeting, name):
            lines.append(f"{heading}: {getattr(meeting, name)}")  # heading is lazy: Swedish
    if meeting.children_considered:
        lines.append(_g("Barnens behov: %(text)s") % {"text": meeting.children_considered})
    if meeting.concern_report_needed:
        lines.append(_g("Orosanmälan behöver göras."))
    if meeting.agreed:
        lines.append(_g("Överenskommet: %(text)s") % {"text": meeting.agreed})
    decided = [line.strip() for line in decided if line and line.strip()]
    if decided:
        lines.append(_g("Muntligt beslut i mötet:"))
        lines.extend(f"- {line}" for line in decided)
    return "\n".join(lines)


@transaction.atomic
def do_sign_meeting_journal(meeting: Meeting, *, text: str, acting_user, channel=Channel.WEB):
    """Sign the corrected draft as the case's journal entry; the meeting keeps the entry."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    meeting.refresh_from_db()
    if not meeting.is_recorded:
        raise ValidationError({"__all__": _("Dokumentera mötet innan du signerar anteckningen.")})
    if meeting.journal_entry_id is not None:
        raise ValidationError(
            {
                "__all__": _(
                    "Anteckningen från mötet är redan signerad. Rätta genom att skriva en ny."
                )
            }
        )
    entry = do_write_journal_entry(
        meeting.case, text=text, acting_user=acting_user, channel=channel
    )
    meeting.journal_entry = entry
    meeting.save(update_fields=["journal_entry"])
    return entry
