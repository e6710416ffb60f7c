"""Meetings as the tests need them: a past meeting written straight into its table (a booking in
the past is refused by design), and a Stockholm time."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from ekb.meetings.choices import MeetingStatus
from ekb.meetings.models import Meeting

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)


def past_meeting(case, day, *, status=MeetingStatus.HELD, kind="visit", minutes=45, worker=None):
    starts = local(day, 10)
    worker = worker or case.assigned_caseworker
    return Meeting.objects.create(
        case=case,
        caseworker=worker,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=minutes),
        duration_minutes=minutes,
        kind=kind,
        status=status,
        created_by=worker,
    )
