"""The months a client waits for, each with its own state, for the client's status page."""

from __future__ import annotations

from ekb.applications.choices import ApplicationStatus, SupplementStatus
from ekb.applications.due_dates import due_dates
from ekb.applications.models import DelayNotice
from ekb.cases.status import STATE_LABELS


def months_waiting(case) -> list[dict]:
    """Every month the client applied for that waits for a decision, oldest first, each with
    its own state: with December and January both waiting the client sees both, not only the
    latest event's month. ``due`` is the day we expect to decide by (rules/targets.yaml), or the
    new day a delay notice gave."""
    waiting = list(
        case.applications.filter(
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROGRESS]
        ).order_by("month")
    )
    asked = set(
        case.supplement_requests.filter(status=SupplementStatus.OPEN).values_list(
            "application_id", flat=True
        )
    )
    dates = due_dates(waiting)
    delayed = dict(
        DelayNotice.objects.filter(application__in=waiting).values_list(
            "application_id", "new_due_on"
        )
    )
    months = []
    for application in waiting:
        if application.pk in asked:
            state = "supplement_requested"
        elif application.status == ApplicationStatus.IN_PROGRESS:
            state = "being_handled"
        else:
            state = "received"
        months.append(
            {
                "month": application.month,
                "label": STATE_LABELS[state],
                "due": delayed.get(application.pk, dates[application.pk]),
                "delayed": application.pk in delayed,
            }
        )
    return months
