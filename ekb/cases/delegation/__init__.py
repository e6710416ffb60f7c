"""The delegation order: loading it from data and asking who may decide a decision line."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from ekb.accounts.roles import Role
from ekb.cases.models import DelegationRule

DEFAULT_ORDER = Path(__file__).parent / "default.yaml"


@transaction.atomic
def load_delegation_order(municipality, path: Path = DEFAULT_ORDER) -> int:
    """Replace the municipality's delegation order with the one in the file."""
    with Path(path).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    DelegationRule.objects.filter(municipality=municipality).delete()
    rules = [
        DelegationRule(
            municipality=municipality,
            point=str(rule["point"]),
            title=rule["title"],
            purpose=rule.get("purpose", ""),
            outcome=rule.get("outcome", ""),
            role=Role(rule["role"]),
            max_amount=Decimal(str(rule["max_amount"]))
            if rule.get("max_amount") is not None
            else None,
        )
        for rule in data["rules"]
    ]
    DelegationRule.objects.bulk_create(rules)
    return len(rules)


@dataclass(frozen=True)
class Delegation:
    allowed: bool
    rule: DelegationRule | None
    reason: str

    @property
    def reference(self) -> str:
        return f"Delegationsordning punkt {self.rule.point}: {self.rule.title}" if self.rule else ""


def _fits(rule: DelegationRule, purpose: str, outcome: str) -> bool:
    return (not rule.purpose or rule.purpose == purpose) and (
        not rule.outcome or rule.outcome == outcome
    )


def delegation_for(user, case, purpose: str, outcome: str, amount: Decimal) -> Delegation:
    """May this user decide this line in this case? Checks role in the case's unit, or assignment."""
    roles = {a.role for a in user.role_assignments.all() if a.unit_id == case.unit_id}
    if case.assigned_caseworker_id == user.pk and user.has_role(Role.CASEWORKER):
        roles.add(Role.CASEWORKER)
    rules = [
        r
        for r in DelegationRule.objects.filter(municipality_id=case.municipality_id)
        if _fits(r, purpose, outcome)
    ]
    if not rules:
        return Delegation(False, None, "Delegationsordningen saknar en punkt för det här beslutet.")
    for rule in sorted(rules, key=lambda r: (r.max_amount is None, r.max_amount or 0)):
        if rule.role in roles and (rule.max_amount is None or amount <= rule.max_amount):
            return Delegation(True, rule, "")
    return Delegation(
        False, None, "Beloppet är över din delegation. Beslutet går till sektionschefen."
    )
