"""A digest of the demo data by natural keys (case numbers, identity numbers, usernames), never by
database ids, so two builds with the same seed and as-of date can be compared after a reset."""

from __future__ import annotations

import hashlib
import json

from ekb.accounts.models import Municipality, RoleAssignment, Unit, User
from ekb.applications import models as applications
from ekb.cases import models as cases
from ekb.decisions import models as decisions
from ekb.payments import models as payments
from ekb.people import models as people


def _without_ids(data):
    if isinstance(data, dict):
        return {k: _without_ids(v) for k, v in data.items() if not k.endswith("_id")}
    return data


def _digest(rows) -> str:
    lines = sorted(json.dumps(row, default=str, ensure_ascii=False, sort_keys=True) for row in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def fingerprint(municipality: Municipality) -> dict[str, str]:
    """One digest per kind of row, so that a difference names the table it is in."""
    case_q = {"case__municipality": municipality}
    app = "application__case__number"
    tables = {
        "municipality": [(municipality.name, municipality.code, municipality.is_demo)],
        "units": Unit.objects.filter(municipality=municipality).values_list("code", "name"),
        "staff": User.objects.filter(municipality=municipality).values_list(
            "username", "first_name", "last_name", "email", "phone", "password", "date_joined"
        ),
        "roles": RoleAssignment.objects.filter(user__municipality=municipality).values_list(
            "user__username", "role", "unit__code"
        ),
        "persons": people.Person.objects.filter(
            memberships__household__municipality=municipality
        ).values_list(
            "identity_number",
            "is_coordination_number",
            "first_name",
            "last_name",
            "birth_date",
            "protected_identity",
            "phone",
            "email",
        ),
        "members": people.HouseholdMember.objects.filter(
            household__municipality=municipality
        ).values_list(
            "household__cases__number",
            "person__identity_number",
            "role",
            "relationship",
            "days_per_month",
            "lunch_at_home",
            "in_school",
            "valid_from",
            "valid_to",
            "household__other_residents",
        ),
        "cases": cases.Case.objects.filter(municipality=municipality).values_list(
            "number",
            "unit__code",
            "assigned_caseworker__username",
            "opened_on",
            "closed_on",
            "closure_reason",
            "is_protected",
            "weight",
        ),
        "reasons": cases.ReasonForNeed.objects.filter(**case_q).values_list(
            "case__number", "person__identity_number", "category", "valid_from", "valid_to"
        ),
        "applications": applications.Application.objects.filter(**case_q).values_list(
            "case__number", "month", "kind", "status", "channel", "submitted_at", "document"
        ),
        "application_lines": applications.ApplicationLine.objects.filter(
            application__case__municipality=municipality
        ).values_list(
            app,
            "application__month",
            "kind",
            "type",
            "member__identity_number",
            "amount",
            "value",
            "source",
            "overrides__type",
            "overridden",
            "override_reason",
            "created_by__username",
            "created_at",
        ),
        "calculations": decisions.CalculationSnapshot.objects.filter(**case_q).values_list(
            "case__number",
            "month",
            "is_preliminary",
            "input",
            "result",
            "rule_versions",
            "norm",
            "reasonable_costs",
            "countable_income",
            "amount",
            "created_at",
            "created_by__username",
        ),
        "decisions": decisions.Decision.objects.filter(**case_q).values_list(
            "case__number",
            "application__month",
            "calculation__month",
            "status",
            "decided_at",
            "decided_by__username",
            "delegation_reference",
            "made_orally",
            "automated",
            "created_at",
        ),
        "decision_lines": decisions.DecisionLine.objects.filter(
            decision__case__municipality=municipality
        ).values_list(
            "decision__case__number",
            "period_start",
            "purpose",
            "outcome",
            "amount_applied",
            "amount",
            "period_end",
            "reasons",
            "legal_reference",
        ),
        "payments": payments.Payment.objects.filter(**case_q).values_list(
            "end_to_end_id",
            "case__number",
            "decision_line__purpose",
            "amount",
            "pay_date",
            "status",
            "payment_run",
            "paid_at",
        ),
        "journal": cases.JournalEntry.objects.filter(**case_q).values_list(
            "case__number", "author__username", "entry_date", "text", "signed_at", "created_at"
        ),
        "events": [
            (number, kind, at, actor, _without_ids(data), visible)
            for number, kind, at, actor, data, visible in cases.CaseEvent.objects.filter(
                **case_q
            ).values_list(
                "case__number",
                "kind",
                "occurred_at",
                "actor__username",
                "data",
                "visible_to_client",
            )
        ],
    }
    return {name: _digest(rows) for name, rows in tables.items()}
