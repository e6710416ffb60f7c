"""Reads of a case's meetings, for a case the caller has already opened through its door
(ekb.cases.access, which logs the read); the meeting by id through the same door; the month view."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ekb.accounts.roles import CASE_HANDLING_ROLES
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.access import access_via_case, visible_cases
from ekb.meetings import month as month_module
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


def access_meeting_by_id(user, meeting_id, *, action=Action.OPEN_CASE, channel=Channel.WEB):
    """A meeting is visible exactly when its case is; 404 (logged as denied) otherwise."""
    return access_via_case(
        user,
        Meeting,
        meeting_id,
        action=action,
        channel=channel,
        related=("caseworker", "case__unit", "journal_entry"),
    )


def month_view(units, month: dt.date) -> month_module.MonthView:
    """The section manager's view of the units' month: counts per caseworker, no client named."""
    return month_module.month_view(units, month)


def my_month(user, month: dt.date) -> month_module.MonthView:
    """A caseworker's own month with her clients listed (case numbers): the list is logged."""
    units = user.units_with_roles(CASE_HANDLING_ROLES)
    view = month_module.month_view(
        units, month, caseworker=user, visible=visible_cases(user).values("pk")
    )
    shown = [c.case_id for c in view.cases]
    if shown:
        record(action=Action.LIST_CASES, user=user, detail={"case_ids": shown, "list": "meetings"})
    return view


def managed_units(user) -> list:
    """The units the user is section manager of (the only ones whose targets she sets)."""
    from ekb.accounts.models import Unit
    from ekb.cases.access import MANAGER_ROLES

    if not (user and user.is_authenticated and user.is_active):
        return []
    return list(Unit.objects.filter(pk__in=user.units_with_roles(MANAGER_ROLES)).order_by("name"))


def meeting_targets_of(user, month: dt.date) -> list:
    """The section manager's page of her units' monthly targets. Http404 for anyone who manages
    no unit (as the payment list: a manager's page looks missing to others). The page names
    no client, so nothing is logged as read."""
    from django.http import Http404

    from ekb.meetings.rules import unit_targets

    units = managed_units(user)
    if not units:
        raise Http404
    return unit_targets(units, month)
