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
    # What counts now (a caseworker's override included) and what the client applied for.
    counted: dict[str, Decimal] = {Purpose.LIVELIHOOD: Decimal(0)}
    applied: dict[str, Decimal] = {Purpose.LIVELIHOOD: Decimal(0)}
    by_id = {line.pk: line for line in application.lines.filter(kind=LineKind.COST)}
    for line in by_id.values():
        if line.overridden:
            continue
        purpose = COST_PURPOSE.get(line.type, Purpose.OTHER)
        counted[purpose] = counted.get(purpose, Decimal(0)) + (line.amount or 0)
        original = line
        while original.overrides_id in by_id:
            original = by_id[original.overrides_id]
        applied[purpose] = applied.get(purpose, Decimal(0)) + (original.amount or 0)
    allocated = dict(counted)
    allocated[Purpose.LIVELIHOOD] = snapshot.norm + counted[Purpose.LIVELIHOOD]
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
        # Försörjningsstöd is applied for as such, not as a sum: the calculation is the measure.
        # A cost is applied for with its amount; income that reduces it departs from the application.
        asked = None if purpose == Purpose.LIVELIHOOD else applied[purpose]
        if asked == 0 and amount == 0:
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
                reasons=_reason(purpose, outcome, amount, month),
            )
        )
    order = [Purpose.LIVELIHOOD, *reversed(REDUCTION_ORDER), Purpose.OTHER]
    return sorted(lines, key=lambda line: order.index(line.purpose))


def _reason(purpose, outcome, amount, month) -> str:
    """The default wording from the phrase library; the caseworker may change it."""
    from django.utils import timezone

    from ekb.cases.phrases import default_reason

    # The act in force on the decision date is cited; the month is what the decision is for.
    return default_reason(purpose, outcome, amount=amount, on=timezone.localdate(), month=month)
