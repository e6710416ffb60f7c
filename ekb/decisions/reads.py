"""Reads of decisions and warnings for the staff pages: a case's (for a case the caller has
opened through ``cases.access``) and the decisions waiting for a section manager."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from ekb.decisions.choices import DecisionStatus, WarningStatus
from ekb.decisions.models import CaseWarning, Decision


def open_case_warnings(case) -> list[CaseWarning]:
    """The case's warnings still open, with their application, the oldest first."""
    return list(
        CaseWarning.objects.filter(case=case, status=WarningStatus.OPEN)
        .select_related("application")
        .order_by("created_at", "id")
    )


def latest_decisions(case, count: int = 12) -> list[Decision]:
    return list(
        Decision.objects.filter(case=case)
        .prefetch_related("lines")
        .select_related("decided_by")
        .order_by("-decided_at")[:count]
    )


@dataclass(frozen=True)
class WaitingDecision:
    decision: Decision
    days_waiting: int


def awaiting_approval(units, user, count: int = 50) -> list[WaitingDecision]:
    """Proposals in the units waiting for a decider (four eyes, or above the caseworker's
    delegation), oldest first, with the days each has waited; not the user's own proposals.
    The caller logs the cases it shows."""
    today = timezone.localdate()
    rows = (
        Decision.objects.filter(case__unit_id__in=units, status=DecisionStatus.AWAITING_APPROVAL)
        .exclude(created_by=user)
        .select_related("case", "created_by", "application")
        .order_by("created_at", "id")[:count]
    )
    return [WaitingDecision(d, (today - timezone.localdate(d.created_at)).days) for d in rows]
