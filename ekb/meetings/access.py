"""Reads of a case's meetings, for a case the caller has already opened through its door
(ekb.cases.access, which logs the read)."""

from __future__ import annotations

from django.utils import timezone

from ekb.meetings.choices import MeetingStatus
from ekb.meetings.models import Meeting


def latest_meetings(case, count: int = 10) -> list[Meeting]:
    """The case's meetings, the latest first (booked ones ahead, then held or missed)."""
    return list(Meeting.objects.filter(case=case).order_by("-starts_at")[:count])


def next_meeting(case) -> Meeting | None:
    return (
        case.meetings.filter(status=MeetingStatus.BOOKED, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .select_related("caseworker")
        .first()
    )
