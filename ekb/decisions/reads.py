"""Read functions for the front doors: a decision opened through its door (``access.py``), its
lines, where it departs from the application, and a proposal sent back as a form's start."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import Outcome
from ekb.decisions.models import Decision, DecisionLine


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


def against_application(lines: list[DecisionLine]) -> list[LineAgainstApplication]:
    rows = []
    for line in lines:
        granted = line.amount if line.outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED) else 0
        applied = line.amount_applied
        rows.append(
            LineAgainstApplication(
                line=line,
                applied=applied,
                granted=Decimal(granted),
                departs=applied is not None and Decimal(granted) != applied,
            )
        )
    return rows


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
        }
        for line in decision.lines.order_by("id")
    ]
