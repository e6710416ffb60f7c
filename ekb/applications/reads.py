"""Reads of applications for the staff pages: a case's open applications and history (for a
case the caller has opened through ``cases.access``), and the unit's open applications by age
(the section manager's panel, counts only)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db.models import Count, Q
from django.utils import timezone

from ekb.applications.choices import ApplicationStatus, SupplementStatus
from ekb.applications.models import Application, Attachment, SupplementRequest

OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROGRESS)
RULES_FILE = Path(__file__).parent / "rules" / "waiting_age.yaml"


@dataclass(frozen=True)
class OpenApplication:
    application: Application
    days_waiting: int


def open_applications(case) -> list[OpenApplication]:
    """The case's applications still waiting for a decision, the oldest month first, each with
    the days since it came in."""
    today = timezone.localdate()
    rows = Application.objects.filter(case=case, status__in=OPEN_STATUSES).order_by("month", "id")
    return [
        OpenApplication(
            a, (today - timezone.localdate(a.submitted_at)).days if a.submitted_at else 0
        )
        for a in rows
    ]


def latest_applications(case, count: int = 18) -> list[Application]:
    return list(Application.objects.filter(case=case).order_by("-month")[:count])


def case_attachments(case, count: int = 30) -> list[Attachment]:
    return list(Attachment.objects.filter(case=case).order_by("-uploaded_at")[:count])


def case_supplement_requests(case, count: int = 10) -> list[SupplementRequest]:
    return list(SupplementRequest.objects.filter(case=case).order_by("-requested_at")[:count])


# --- the section manager's panels --------------------------------------------------------------


@functools.cache
def _versions() -> list[dict]:
    with RULES_FILE.open(encoding="utf-8") as fh:
        return sorted(yaml.safe_load(fh)["versions"], key=lambda v: v["valid_from"])


def age_bounds(on: dt.date) -> list[int]:
    """The upper bounds (days, included) of the age groups but the last (rules/waiting_age.yaml)."""
    in_force = [v for v in _versions() if v["valid_from"] <= on] or _versions()[:1]
    return list(in_force[-1]["upper_days"])


@dataclass(frozen=True)
class AgeGroup:
    from_days: int
    to_days: int | None  # None: and older
    count: int


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def open_by_age(units, on: dt.date | None = None) -> list[AgeGroup]:
    """The units' applications waiting for a decision, counted by days since they came in
    (0–7, 8–14, more than 14 with the bounds in force): one query, no case named."""
    on = on or timezone.localdate()
    bounds = age_bounds(on)
    counts = {}
    lower = 0
    for index, upper in enumerate([*bounds, None]):
        # Came in on a day from ``on - upper`` to ``on - lower`` (days counted as the inbox does).
        condition = Q()
        if upper is not None:
            condition &= Q(submitted_at__gte=_start_of(on - dt.timedelta(days=upper)))
        if lower:
            condition &= Q(submitted_at__lt=_start_of(on - dt.timedelta(days=lower - 1)))
        counts[f"g{index}"] = Count("id", filter=condition)
        lower = (upper or 0) + 1
    found = Application.objects.filter(case__unit_id__in=units, status__in=OPEN_STATUSES).aggregate(
        **counts
    )
    groups, lower = [], 0
    for index, upper in enumerate([*bounds, None]):
        groups.append(AgeGroup(lower, upper, found[f"g{index}"]))
        lower = (upper or 0) + 1
    return groups


@dataclass(frozen=True)
class OverdueSupplement:
    request: SupplementRequest
    days_overdue: int


def overdue_supplements(
    units, on: dt.date | None = None, count: int = 50
) -> list[OverdueSupplement]:
    """The units' supplement requests still unanswered after their last day, the most overdue
    first (the caller logs the cases it shows)."""
    on = on or timezone.localdate()
    rows = (
        SupplementRequest.objects.filter(
            case__unit_id__in=units, status=SupplementStatus.OPEN, due_date__lt=on
        )
        .select_related("case", "case__assigned_caseworker", "application")
        .order_by("due_date", "id")[:count]
    )
    return [OverdueSupplement(r, (on - r.due_date).days) for r in rows]
