"""The caseworker's inbox: what needs doing, per kind, scoped to what the user may see.

The inbox names clients and shows warning texts (some health-related): it is a list a person
sees, so showing it is a read of every case on it and is logged with their ids."""

from __future__ import annotations

from django.db.models import Q

from ekb.accounts.roles import Role
from ekb.applications.choices import ApplicationKind, ApplicationStatus, SupplementStatus
from ekb.applications.models import Application, SupplementRequest
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.access import visible_cases
from ekb.cases.models import Message
from ekb.decisions.choices import DecisionStatus, WarningStatus
from ekb.decisions.models import CaseWarning, Decision
from ekb.notices.choices import AppealStatus
from ekb.notices.models import Appeal

OPEN_APPLICATION = [ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROGRESS]


def inbox_for(user, *, channel=Channel.WEB) -> dict:
    cases = visible_cases(user)
    mine = cases.filter(assigned_caseworker=user)
    manager_units = user.units_with_roles({Role.SECTION_MANAGER})
    applications = (
        Application.objects.filter(status__in=OPEN_APPLICATION)
        .select_related("case")
        .order_by("submitted_at")
    )
    waiting = Decision.objects.filter(
        case__in=cases,
        status__in=[DecisionStatus.AWAITING_APPROVAL, DecisionStatus.AWAITING_COMMITTEE],
    ).exclude(created_by=user)
    if not manager_units:
        # Without a manager role only four-eyes proposals from colleagues in the unit reach you.
        waiting = waiting.filter(status=DecisionStatus.AWAITING_APPROVAL)
    # Your own cases, and the cases you may see that nobody has: a case decided from the intake
    # list without an assigned caseworker must not lose its client's answers, appeals and
    # messages (a fresh-eye tester found them in nobody's inbox).
    ours = Q(case__in=mine) | Q(case__in=cases, case__assigned_caseworker__isnull=True)
    box = {
        "new_applications": applications.filter(ours, kind=ApplicationKind.NEW)[:100],
        "renewals": applications.filter(ours).exclude(kind=ApplicationKind.NEW)[:100],
        "answered_supplements": SupplementRequest.objects.filter(
            ours, status=SupplementStatus.ANSWERED
        )
        .filter(application__status__in=OPEN_APPLICATION)
        .select_related("case")[:100],
        # Intake sees the warnings of new applications that have no caseworker yet, such as a
        # calculation that waits for next year's amounts.
        "warnings": CaseWarning.objects.filter(ours, status=WarningStatus.OPEN)
        .select_related("case", "application")
        .order_by("created_at")[:100],
        "appeals": Appeal.objects.filter(ours, status=AppealStatus.RECEIVED).select_related("case")[
            :100
        ],
        "client_messages": Message.objects.filter(
            ours, from_person__isnull=False, read_at__isnull=True
        )
        .select_related("case")
        .order_by("sent_at")[:100],
        "waiting_decisions": waiting.select_related("case", "created_by", "application").order_by(
            "created_at"
        )[:100],
    }
    box = {kind: list(rows) for kind, rows in box.items()}
    case_ids = sorted({row.case_id for rows in box.values() for row in rows})
    if case_ids:
        record(
            action=Action.LIST_CASES,
            user=user,
            channel=channel,
            detail={"case_ids": case_ids, "list": "inbox"},
        )
    return box
