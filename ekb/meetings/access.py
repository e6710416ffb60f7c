"""Reads of a case's meetings, for a case the caller has already opened through its door
(ekb.cases.access, which logs the read)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from ekb.lib.months import month_end
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


@dataclass(frozen=True)
class MonthMeetings:
    caseworker: str
    booked: int
    held: int
    missed: int


def month_view(units, month: dt.date) -> list[MonthMeetings]:
    """This month's meetings in the units per caseworker: booked, held and missed (the FAS month
    view of issue 12 grows from here). Counts only, in one query."""
    first = timezone.make_aware(dt.datetime.combine(month.replace(day=1), dt.time.min))
    last = timezone.make_aware(dt.datetime.combine(month_end(month), dt.time.max))
    rows = (
        Meeting.objects.filter(case__unit_id__in=units, starts_at__range=(first, last))
        .values(
            "caseworker_id",
            "caseworker__first_name",
            "caseworker__last_name",
            "caseworker__username",
        )
        .annotate(
            booked=Count("id", filter=Q(status=MeetingStatus.BOOKED)),
            held=Count("id", filter=Q(status=MeetingStatus.HELD)),
            missed=Count("id", filter=Q(status=MeetingStatus.MISSED)),
        )
        .order_by("caseworker__first_name", "caseworker__last_name", "caseworker_id")
    )
    return [
        MonthMeetings(
            f"{r['caseworker__first_name']} {r['caseworker__last_name']}".strip()
            or r["caseworker__username"],
            r["booked"],
            r["held"],
            r["missed"],
        )
        for r in rows
    ]
