"""A caseworker's meetings as an iCalendar feed (RFC 5545), for the calendar on her phone.

The feed leaves the system: a calendar app fetches it without a login, and the events land in
another company's calendar. So it says as little as a meeting needs: the case number and the
meeting's kind, never the client's name, personnummer, address or the interpreter's language;
a case with protected identity is only "Möte". The address holds a secret token per user; only
its SHA-256 is stored, a new token ends the old one, and a wrong token is a 404 like any other
missing page."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.meetings.choices import MeetingStatus
from ekb.meetings.models import CalendarFeed, Meeting

DAYS_BACK = 31  # last month's meetings stay in the calendar
DAYS_AHEAD = 366
DEFAULT_MINUTES = 60  # a booking without a length fills an hour in the calendar
TOKEN_BYTES = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def do_make_calendar_token(user) -> str:
    """A new secret address for the user's feed; the previous one stops working at once.
    The token is returned once, to be shown once."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"key_hash": _hash(token), "created_at": timezone.now()}
    )
    record(action=Action.CREATE_CALENDAR_FEED, user=user, detail={"calendar_feed": True})
    return token


def feed_made_at(user) -> dt.datetime | None:
    """When the user's current feed address was made, or None when she has none."""
    return CalendarFeed.objects.filter(user=user).values_list("created_at", flat=True).first()


def feed_owner(token: str):
    """The active staff member whose feed the token opens, or None."""
    if not token:
        return None
    feed = CalendarFeed.objects.filter(key_hash=_hash(token)).select_related("user").first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def feed_meetings(user, now: dt.datetime) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            caseworker=user,
            starts_at__gte=now - dt.timedelta(days=DAYS_BACK),
            starts_at__lte=now + dt.timedelta(days=DAYS_AHEAD),
        )
        .select_related("case")
        .order_by("starts_at", "pk")
    )


def calendar_feed(user) -> str:
    """The user's meetings as an iCalendar document; the read is logged with the case ids."""
    now = timezone.now()
    meetings = feed_meetings(user, now)
    record(
        action=Action.LIST_CASES,
        user=user,
        channel=Channel.API,
        detail={"calendar_feed": True, "case_ids": sorted({m.case_id for m in meetings})},
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//EKB//Moten//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + _escape(_("EKB möten")),
    ]
    for meeting in meetings:
        lines.extend(_event(meeting, now))
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _event(meeting: Meeting, now: dt.datetime) -> list[str]:
    starts = meeting.starts_at
    # Bookings made before meetings had a length have none: they fill an hour.
    ends = meeting.ends_at or starts + dt.timedelta(minutes=DEFAULT_MINUTES)
    kind = meeting.get_kind_display()
    if meeting.case.is_protected:
        summary = _("Möte")
    else:
        summary = f"{meeting.case.number} – {kind}"
    status = "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED"
    return [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@ekb",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(starts)}",
        f"DTEND:{_utc(ends)}",
        "SUMMARY:" + _escape(str(summary)),
        f"STATUS:{status}",
        "CLASS:PRIVATE",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets continue on the next line after a space."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)
