"""The months a client waits for, each with its own state, for the client's status page."""

from __future__ import annotations

from ekb.applications.choices import ApplicationStatus, SupplementStatus
from ekb.cases.status import STATE_LABELS


def months_waiting(case) -> list[dict]:
    """Every month the client applied for that waits for a decision, oldest first, each with
    its own state: with December and January both waiting the client sees both, not only the
    latest event's month."""
    waiting = case.applications.filter(
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROGRESS]
    ).order_by("month")
    asked = set(
        case.supplement_requests.filter(status=SupplementStatus.OPEN).values_list(
            "application_id", flat=True
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
        months.append({"month": application.month, "label": STATE_LABELS[state]})
    return months
