"""The delegation order: loading it from data and asking who may decide a decision line.

Which point covers a decision: the most specific point that fits it. A point for the decision's
outcome (an avslag, an avvisning) is a decision of its own kind and comes first; then a point
for the decision's purpose; a point for any purpose and outcome last. Among points equally
specific, the one with the lowest amount the user may decide comes first. So a refusal of
försörjningsstöd is decided under "Avslag på ansökan om ekonomiskt bistånd", not under
"livsföring i övrigt"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from ekb.accounts.roles import Role
from ekb.decisions.models import DelegationRule, MunicipalityPolicy

DEFAULT_ORDER = Path(__file__).parent / "default.yaml"
# The delegates' order in a unit: a role may also decide what the roles below it may.
COVERS = {
    Role.SECTION_MANAGER: (Role.SENIOR_CASEWORKER, Role.CASEWORKER),
    Role.SENIOR_CASEWORKER: (Role.CASEWORKER,),
}


def _rule_purposes(rule: dict) -> list[str]:
    """A point may name one purpose, several (`purposes:`), or none (any purpose)."""
    if rule.get("purposes"):
        return [str(p) for p in rule["purposes"]]
    return [rule.get("purpose", "")]


@transaction.atomic
def load_delegation_order(municipality, path: Path = DEFAULT_ORDER) -> int:
    """Replace the municipality's delegation order with the one in the file, and record the
    committee's decision to automate (förvaltningslagen 28 §) when the file has one."""
    with Path(path).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    DelegationRule.objects.filter(municipality=municipality).delete()
    rules = [
        DelegationRule(
            municipality=municipality,
            point=str(rule["point"]),
            title=rule["title"],
            title_en=rule.get("title_en", ""),
            purpose=purpose,
            outcome=rule.get("outcome", ""),
            role=Role(rule["role"]),
            max_amount=Decimal(str(rule["max_amount"]))
            if rule.get("max_amount") is not None
            else None,
        )
        for rule in data["rules"]
        for purpose in _rule_purposes(rule)
    ]
    DelegationRule.objects.bulk_create(rules)
    automation = str((data.get("automation") or {}).get("decision", "")).strip()
    # The policy row is the municipality's own; an order loaded before it exists records the
    # decision to automate when the municipality sets its policy (MunicipalityPolicy).
    MunicipalityPolicy.objects.filter(municipality=municipality).update(
        automation_decision=automation
    )
    return len(rules)


def reference_text(rule: DelegationRule) -> str:
    """How a point reads after "delegationsordningen, ": "punkt 3.1 (Bistånd till ...)"."""
    return f"punkt {rule.point} ({rule.title})"


# A stored point as an older or newer decision wrote it: "punkt 3.1 (Bistånd till ...)".
_POINT = re.compile(
    r"^(?:delegationsordning(?:en)?[,:]?\s*)?(?:punkt\s+)?(?P<point>\S+) \((?P<title>.+)\)$",
    re.IGNORECASE,
)


def reference_in_language(reference: str, municipality_id: int) -> str:
    """A decision's stored delegation reference (Swedish, as the letter cites it) for the
    reader: unchanged in Swedish; in English, each point whose rule has an English title reads
    "point 3.1 (...)". A point the order no longer has, or a committee's decision to automate,
    stays as stored."""
    if not reference or (get_language() or "sv").startswith("sv"):
        return reference
    english = {
        (rule.point, rule.title): rule.title_en
        for rule in DelegationRule.objects.filter(municipality_id=municipality_id).exclude(
            title_en=""
        )
    }
    parts = []
    for part in reference.split(";"):
        match = _POINT.match(part.strip())
        title = english.get((match["point"], match["title"])) if match else None
        parts.append(
            gettext("punkt %(point)s (%(title)s)") % {"point": match["point"], "title": title}
            if match and title
            else part.strip()
        )
    return "; ".join(parts)


@dataclass(frozen=True)
class Delegation:
    allowed: bool
    rule: DelegationRule | None
    reason: str

    @property
    def reference(self) -> str:
        return reference_text(self.rule) if self.rule else ""


def _fits(rule: DelegationRule, purpose: str, outcome: str) -> bool:
    return (not rule.purpose or rule.purpose == purpose) and (
        not rule.outcome or rule.outcome == outcome
    )


def _order(rule: DelegationRule) -> tuple:
    # Most specific first: an outcome's own point, then the purpose's, then any; then amount.
    return (
        not rule.outcome,
        not rule.purpose,
        rule.max_amount is None,
        rule.max_amount or 0,
    )


def delegation_for(user, case, purpose: str, outcome: str, amount: Decimal) -> Delegation:
    """May this user decide this line in this case? Checks role in the case's unit, or assignment."""
    roles = {a.role for a in user.role_assignments.all() if a.unit_id == case.unit_id}
    if case.assigned_caseworker_id == user.pk and user.has_role(Role.CASEWORKER):
        roles.add(Role.CASEWORKER)
    # Whoever is above a delegate in the unit may decide what the delegate may decide, under the
    # same point (a section manager approving a refusal decides it under "Avslag", not under
    # "över handläggarens belopp").
    for role in list(roles):
        roles.update(COVERS.get(role, ()))
    rules = [
        r
        for r in DelegationRule.objects.filter(municipality_id=case.municipality_id)
        if _fits(r, purpose, outcome)
    ]
    if not rules:
        return Delegation(
            False, None, str(_("Delegationsordningen saknar en punkt för det här beslutet."))
        )
    for rule in sorted(rules, key=_order):
        if rule.role in roles and (rule.max_amount is None or amount <= rule.max_amount):
            return Delegation(True, rule, "")
    return Delegation(
        False,
        None,
        str(_("Beloppet är över din delegation. Beslutet går till sektionschefen.")),
    )
