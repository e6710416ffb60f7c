"""The robot's proposal for a decision: one line per purpose, amounts from the calculation.

The calculation gives one amount (need − countable income). A decision states it per purpose, so
the amount is allocated: each reasonable cost to its purpose, the norm to försörjningsstöd, and
countable income first against the norm, then against the costs in the order below (rent last,
because a home is what a household can least do without).

Each line's reasons are built from the calculation they refer to (förvaltningslagen 32 §): the
household's income, the norm and the costs, what the calculation gives, and why this line is
what it is; a phrase is only proposed when the facts it states are true (``decision_facts``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ekb.applications.choices import LineKind
from ekb.applications.cost_types import COSTS
from ekb.applications.models import Application
from ekb.decisions.choices import Outcome, Purpose
from ekb.decisions.lines import LineInput
from ekb.decisions.models import CalculationSnapshot

# Income left after the norm reduces these purposes first, rent last.
REDUCTION_ORDER = [
    Purpose.GLASSES,
    Purpose.DENTAL,
    Purpose.MEDICAL,
    Purpose.WORK_TRAVEL,
    Purpose.CHILDCARE,
    Purpose.HOME_INSURANCE,
    Purpose.ELECTRICITY,
    Purpose.RENT,
]


def applied_purposes(application: Application) -> set[str]:
    """The purposes the client applied for (försörjningsstöd always): a line for any other
    purpose is added on the caseworker's own initiative."""
    purposes: set[str] = {Purpose.LIVELIHOOD}
    for line in application.lines.filter(kind=LineKind.COST):
        cost = COSTS.get(line.type)
        purposes.add(Purpose(cost.purpose) if cost else Purpose.OTHER)
    return purposes


def propose_lines(application: Application, snapshot: CalculationSnapshot) -> list[LineInput]:
    # What counts now (a caseworker's override included) and what the client applied for.
    counted: dict[str, Decimal] = {Purpose.LIVELIHOOD: Decimal(0)}
    applied: dict[str, Decimal] = {Purpose.LIVELIHOOD: Decimal(0)}
    override_reasons: dict[str, list[str]] = {}
    by_id = {line.pk: line for line in application.lines.filter(kind=LineKind.COST)}
    for line in by_id.values():
        if line.overridden:
            continue
        cost = COSTS.get(line.type)
        purpose: str = Purpose(cost.purpose) if cost else Purpose.OTHER
        counted[purpose] = counted.get(purpose, Decimal(0)) + (line.amount or 0)
        original = line
        while original.overrides_id in by_id:
            original = by_id[original.overrides_id]
        applied[purpose] = applied.get(purpose, Decimal(0)) + (original.amount or 0)
        if line.override_reason.strip():
            override_reasons.setdefault(purpose, []).append(line.override_reason.strip())
    allocated = dict(counted)
    allocated[Purpose.LIVELIHOOD] = snapshot.norm + counted[Purpose.LIVELIHOOD]
    # A need beyond the norm (livsföring i övrigt, 12 kap. 1 § SoL 2025:400) is outside the
    # calculation and needs the caseworker's individual assessment: the robot proposes nothing
    # for it, and the line's empty reasons keep it from being decided until a person has
    # either granted an amount or written why not (the warning `need_beyond_norm` says so).
    if Purpose.OTHER in allocated:
        allocated[Purpose.OTHER] = Decimal(0)
    income = snapshot.countable_income
    taken_by: dict[str, Decimal] = {}
    for purpose in [Purpose.LIVELIHOOD, *REDUCTION_ORDER]:
        if purpose not in allocated or income <= 0:
            continue
        taken = min(income, allocated[purpose])
        allocated[purpose] -= taken
        income -= taken
        taken_by[purpose] = taken
    month = application.month
    kept = [
        purpose
        for purpose, amount in allocated.items()
        if not (purpose != Purpose.LIVELIHOOD and applied[purpose] == 0 and amount == 0)
    ]
    facts = decision_facts(snapshot, costs_on_own_lines=any(p != Purpose.LIVELIHOOD for p in kept))
    values = calculation_values(snapshot)
    couple = is_couple(snapshot)
    lines = []
    for purpose, amount in allocated.items():
        # Försörjningsstöd is applied for as such, not as a sum: the calculation is the measure.
        # A cost is applied for with its amount; income that reduces it departs from the application.
        asked = None if purpose == Purpose.LIVELIHOOD else applied[purpose]
        if asked == 0 and amount == 0:
            continue
        if purpose == Purpose.OTHER:
            lines.append(
                LineInput(
                    purpose=purpose,
                    outcome=Outcome.REFUSED,
                    amount=Decimal("0.00"),
                    amount_applied=asked,
                    calculated=None,
                    reasons="",
                )
            )
            continue
        if amount == 0:
            outcome = Outcome.REFUSED
        elif asked is None or amount == asked:
            outcome = Outcome.GRANTED
        else:
            outcome = Outcome.PARTLY_GRANTED
        lines.append(
            LineInput(
                purpose=purpose,
                outcome=outcome,
                amount=amount.quantize(Decimal("0.01")),
                amount_applied=asked,
                calculated=amount.quantize(Decimal("0.01")),
                reasons=_reason(
                    purpose,
                    outcome,
                    amount,
                    month,
                    facts={
                        **facts,
                        "reduced_by_income": taken_by.get(purpose, Decimal(0)) > 0,
                        "reduced_by_caseworker": asked is not None
                        and counted[purpose] < applied[purpose],
                    },
                    couple=couple,
                    amount_applied=asked,
                    details=" ".join(override_reasons.get(purpose, [])),
                    **values,
                ),
            )
        )
    order: list[str] = [Purpose.LIVELIHOOD, *reversed(REDUCTION_ORDER), Purpose.OTHER]
    return sorted(lines, key=lambda line: order.index(line.purpose))


def decision_facts(snapshot: CalculationSnapshot, *, costs_on_own_lines: bool) -> dict[str, bool]:
    """The facts about the calculation that the phrases may state (decisions.yaml conditions)."""
    need = snapshot.norm + snapshot.reasonable_costs
    return {
        "income_covers_need": snapshot.countable_income >= need,
        "income_covers_norm": snapshot.countable_income >= snapshot.norm,
        "costs_on_own_lines": costs_on_own_lines,
    }


def calculation_values(snapshot: CalculationSnapshot) -> dict[str, Decimal]:
    """The amounts of the calculation a reason refers to, for the phrases' placeholders."""
    need = snapshot.norm + snapshot.reasonable_costs
    return {
        "income": snapshot.countable_income,
        "need": need,
        "norm_amount": snapshot.norm,
        "total_amount": max(need - snapshot.countable_income, Decimal(0)),
    }


def is_couple(snapshot: CalculationSnapshot | None) -> bool:
    """Two applicants (sökande and medsökande) are addressed as "ni"; one as "du"."""
    members = (snapshot.input or {}).get("members", []) if snapshot else []
    return sum(1 for m in members if m.get("role") in ("applicant", "co_applicant")) > 1


def _reason(purpose, outcome, amount, month, *, facts, couple, **values: Any) -> str:
    """The default wording from the phrase library; the caseworker may change it."""
    from ekb.decisions.phrases import default_reason

    # The act in force on the decision date is cited; the month is what the decision is for.
    values = {k: v for k, v in values.items() if v is not None and v != ""}
    return default_reason(
        purpose,
        outcome,
        amount=amount,
        on=_today(),
        month=month,
        facts=facts,
        couple=couple,
        **values,
    )


def _today() -> dt.date:
    return timezone.localdate()
