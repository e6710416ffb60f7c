"""What a calculation returns: explained rows, totals, guideline warnings, and a snapshot.

Totals are Decimal kronor. ``to_dict()`` is the JSON-ready form a decision stores: totals as
decimal strings, every row with its rule and legal source, and the versions of the rules and
parameters used, so the decision can be re-explained after the norm has changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ekb.norm.money import fmt

# Row kinds. The totals are sums of rows by kind (see Calculation.from_rows).
NORM = "norm"
COST = "cost"
INCOME = "income"
EXEMPTION = "exemption"  # a negative row: the part of an income that is not counted
INFO = "info"  # amount 0: a fact the caseworker should see (e.g. a member not counted)

ROW_KINDS = (NORM, COST, INCOME, EXEMPTION, INFO)


@dataclass(frozen=True)
class Row:
    kind: str
    member: str | None
    label: str
    amount: Decimal
    rule_id: str
    legal_reference: str
    parameter_version: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "member": self.member,
            "label": self.label,
            "amount": fmt(self.amount),
            "rule_id": self.rule_id,
            "legal_reference": self.legal_reference,
            "parameter_version": self.parameter_version,
        }


@dataclass(frozen=True)
class GuidelineWarning:
    """A cost above the municipality's guideline. A warning only: the cost is still counted."""

    code: str
    message: str  # Swedish, for the caseworker
    reason: str  # the guideline's own reason text
    cost_type: str
    guideline_value: Decimal
    applied_amount: Decimal
    guideline_id: str
    guideline_version: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "reason": self.reason,
            "cost_type": self.cost_type,
            "guideline_value": fmt(self.guideline_value),
            "applied_amount": fmt(self.applied_amount),
            "guideline_id": self.guideline_id,
            "guideline_version": self.guideline_version,
        }


@dataclass(frozen=True)
class Calculation:
    month: str
    norm: Decimal
    reasonable_costs: Decimal
    need: Decimal
    countable_income: Decimal
    amount: Decimal
    rows: tuple[Row, ...]
    warnings: tuple[GuidelineWarning, ...] = ()
    versions: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_rows(
        cls,
        month: str,
        rows: list[Row],
        warnings: list[GuidelineWarning],
        versions: dict[str, Any],
    ) -> Calculation:
        def total(kind: str) -> Decimal:
            return sum((r.amount for r in rows if r.kind == kind), Decimal(0))

        norm = total(NORM)
        costs = total(COST)
        need = norm + costs
        countable = total(INCOME) + total(EXEMPTION)
        amount = max(Decimal(0), need - countable)
        return cls(
            month, norm, costs, need, countable, amount, tuple(rows), tuple(warnings), versions
        )

    def totals(self) -> dict[str, Decimal]:
        return {
            "norm": self.norm,
            "reasonable_costs": self.reasonable_costs,
            "need": self.need,
            "countable_income": self.countable_income,
            "amount": self.amount,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            **{key: fmt(value) for key, value in self.totals().items()},
            "rows": [r.to_dict() for r in self.rows],
            "warnings": [w.to_dict() for w in self.warnings],
            "versions": self.versions,
        }
