"""Read functions for the front doors: a case's warnings and decisions (for a case the caller
has opened through ``cases.access``), the decisions waiting for a section manager, and for a
decision opened through its door (``access.py``) its lines, where it departs from the
application, and a proposal sent back as a form's start."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils import timezone

from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus, Outcome, WarningStatus
from ekb.decisions.models import CaseWarning, Decision, DecisionLine

# --- a case's ----------------------------------------------------------------------------


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


# --- waiting for a decider -----------------------------------------------------------------


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


# --- one decision ------------------------------------------------------------------------


def decision_lines(decision: Decision) -> list[DecisionLine]:
    """The decision's lines in the order they were made, with their payments."""
    return list(decision.lines.order_by("id").prefetch_related("payments"))


@dataclass(frozen=True)
class LineAgainstApplication:
    """A decision line beside what was applied for: "16 000 kr beviljat mot 9 541 kr sökt"."""

    line: DecisionLine
    applied: Decimal | None
    granted: Decimal
    departs: bool  # granted differs from what was applied for (or the line refuses)
    # What the calculation gives the purpose, and whether the grant departs from it: försörjnings-
    # stöd is applied for without a sum, so the calculation is what it is measured against.
    calculated: Decimal | None = None
    departs_from_calculation: bool = False
    # An omprövning (FL 38–39 §§): what the decision it replaces granted the purpose ("10 400
    # kr mot 9 800 kr i det överklagade beslutet"); in_replaced is False for a purpose the
    # replaced decision had no line for.
    in_replaced: bool = False
    replaced: Decimal | None = None
    departs_from_replaced: bool = False


def against_application(
    lines: list[DecisionLine], calculated: dict[str, Decimal | None] | None = None
) -> list[LineAgainstApplication]:
    rows = []
    for line in lines:
        granted = _granted(line)
        applied = line.amount_applied
        reckoned = (calculated or {}).get(line.purpose)
        rows.append(
            LineAgainstApplication(
                line=line,
                applied=applied,
                granted=granted,
                departs=applied is not None and granted != applied,
                calculated=reckoned,
                departs_from_calculation=reckoned is not None and granted != reckoned,
            )
        )
    return rows


def _granted(line) -> Decimal:
    return Decimal(line.amount if line.outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED) else 0)


def against_replaced(
    rows: list[LineAgainstApplication], replaced: Decision | None
) -> list[LineAgainstApplication]:
    """The rows of an omprövning beside the decision it replaces (``Decision.reconsiders``),
    purpose by purpose; the rows as they are when nothing is replaced."""
    if replaced is None:
        return rows
    before = {line.purpose: line for line in replaced.lines.all()}
    out = []
    for row in rows:
        old = before.get(row.line.purpose)
        if old is None:
            out.append(replace(row, departs_from_replaced=True))
            continue
        granted_before = _granted(old)
        out.append(
            replace(
                row,
                in_replaced=True,
                replaced=granted_before,
                departs_from_replaced=(
                    row.granted != granted_before or row.line.outcome != old.outcome
                ),
            )
        )
    return out


def replaced_total(replaced: Decision | None) -> Decimal | None:
    """What the replaced decision granted in all; None when nothing is replaced."""
    if replaced is None:
        return None
    return sum((_granted(line) for line in replaced.lines.all()), Decimal(0))


def granted_total(rows: list[LineAgainstApplication]) -> Decimal:
    """What the decision grants in all (the lines granted in whole or in part)."""
    return sum((row.granted for row in rows), Decimal(0))


def calculated_by_purpose(decision: Decision) -> dict[str, Decimal | None]:
    """What the calculation the decision rests on gives each purpose (the robot's proposal of
    ``decisions.proposal``); empty for a decision without an application or a calculation."""
    from ekb.decisions.proposal import propose_lines

    application = decision.application
    snapshot = decision.calculation
    if application is None or snapshot is None:
        return {}
    return {line.purpose: line.calculated for line in propose_lines(application, snapshot)}


@dataclass(frozen=True)
class AgainOutcome:
    """What proposing a sent-back decision again does, as it stands: decided at once (within
    the caseworker's delegation, no four eyes) or back to a decider, and why."""

    decided_now: bool
    why: str
    four_eyes: bool  # every decision goes to a colleague, whatever the amount


def outcome_again(decision: Decision, user) -> AgainOutcome:
    from ekb.decisions.decide import status_if_decided
    from ekb.decisions.lines import LineInput
    from ekb.decisions.policy import policy_for

    lines = [
        LineInput(
            purpose=line.purpose,
            outcome=line.outcome,
            amount=line.amount,
            amount_applied=line.amount_applied,
        )
        for line in decision.lines.order_by("id")
    ]
    status, why = status_if_decided(decision.application, lines, user)
    return AgainOutcome(
        decided_now=status == DecisionStatus.DECIDED,
        why=str(why),
        four_eyes=policy_for(decision.case.municipality).four_eyes,
    )


def proposal_again(decision: Decision) -> list[dict]:
    """A proposal sent back, as the decision form's initial lines: what was proposed, beside
    what was applied for and what the calculation gives, for the caseworker to change."""
    from ekb.decisions.proposal import propose_lines

    application = decision.application
    snapshot = latest_calculation(application) if application is not None else None
    calculated = {}
    if application is not None and snapshot is not None:
        calculated = {
            line.purpose: line.calculated for line in propose_lines(application, snapshot)
        }
    return [
        {
            "purpose": line.purpose,
            "outcome": line.outcome,
            "amount": line.amount,
            "amount_applied": line.amount_applied,
            "calculated": calculated.get(line.purpose),
            "reasons": line.reasons,
            "communication": line.communication_id,
            "not_activity_requirement": line.not_activity_requirement,
        }
        for line in decision.lines.order_by("id")
    ]
