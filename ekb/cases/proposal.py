"""The robot's proposal for a decision: one line per purpose, amounts from the calculation.

The calculation gives one amount (need − countable income). A decision states it per purpose, so
the amount is allocated: each reasonable cost to its purpose, the norm to försörjningsstöd, and
countable income first against the norm, then against the costs in the order below (rent last,
because a home is what a household can least do without)."""

from __future__ import annotations

from decimal import Decimal

from ekb.cases.choices import LineKind, Outcome, Purpose
from ekb.cases.decisions import LineInput
from ekb.cases.models import Application, CalculationSnapshot

COST_PURPOSE = {
    "rent": Purpose.RENT,
    "electricity": Purpose.ELECTRICITY,
    "home_insurance": Purpose.HOME_INSURANCE,
    "work_travel": Purpose.WORK_TRAVEL,
    "childcare_fee": Purpose.CHILDCARE,
    "medical_care": Purpose.MEDICAL,
    "medicine": Purpose.MEDICAL,
    "dental_care": Purpose.DENTAL,
    "glasses": Purpose.GLASSES,
    # Union and unemployment-fund fees are part of the monthly livelihood.
    "union_fee": Purpose.LIVELIHOOD,
    "unemployment_fund_fee": Purpose.LIVELIHOOD,
}
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


def propose_lines(application: Application, snapshot: CalculationSnapshot) -> list[LineInput]:
    applied: dict[str, Decimal] = {Purpose.LIVELIHOOD: Decimal(0)}
    for line in application.lines.filter(kind=LineKind.COST, overridden=False):
        purpose = COST_PURPOSE.get(line.type, Purpose.OTHER)
        applied[purpose] = applied.get(purpose, Decimal(0)) + (line.amount or 0)
    allocated = dict(applied)
    allocated[Purpose.LIVELIHOOD] = snapshot.norm + applied[Purpose.LIVELIHOOD]
    income = snapshot.countable_income
    for purpose in [Purpose.LIVELIHOOD, *REDUCTION_ORDER, Purpose.OTHER]:
        if purpose not in allocated or income <= 0:
            continue
        taken = min(income, allocated[purpose])
        allocated[purpose] -= taken
        income -= taken
    month = application.month
    lines = []
    for purpose, amount in allocated.items():
        asked = (
            applied[purpose] if purpose != Purpose.LIVELIHOOD else snapshot.norm + applied[purpose]
        )
        if asked == 0 and amount == 0 and purpose != Purpose.LIVELIHOOD:
            continue
        outcome = (
            Outcome.GRANTED
            if amount == asked
            else (Outcome.PARTLY_GRANTED if amount > 0 else Outcome.REFUSED)
        )
        lines.append(
            LineInput(
                purpose=purpose,
                outcome=outcome,
                amount=amount.quantize(Decimal("0.01")),
                amount_applied=asked,
                calculated=amount.quantize(Decimal("0.01")),
                reasons=_reason(purpose, outcome, amount, month),
            )
        )
    order = [Purpose.LIVELIHOOD, *reversed(REDUCTION_ORDER), Purpose.OTHER]
    return sorted(lines, key=lambda line: order.index(line.purpose))


def _reason(purpose, outcome, amount, month) -> str:
    """The default wording from the phrase library; the caseworker may change it."""
    from ekb.cases.phrases import default_reason

    return default_reason(purpose, outcome, amount=amount, on=month)
