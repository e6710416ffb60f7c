"""A digest of the demo data by natural keys (case numbers, identity numbers, usernames), never by
database ids, so two builds with the same seed and as-of date can be compared after a reset."""

from __future__ import annotations

import hashlib
import json

from ekb.accounts.models import Municipality, RoleAssignment, Unit, User
from ekb.applications import models as applications
from ekb.cases import models as cases
from ekb.decisions import models as decisions
from ekb.meetings import models as meetings
from ekb.payments import models as payments
from ekb.people import models as people
from ekb.plans import models as plans


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
            "labour_market_officer__username",
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
    tables.update(_fas(municipality))
    return {name: _digest(rows) for name, rows in tables.items()}


def _fas(municipality: Municipality) -> dict:
    """Meetings, plans and the activity requirement (ekb/demo/fas.py)."""
    case_q = {"case__municipality": municipality}
    plan_q = {"plan__case__municipality": municipality}
    version_q = {"version__plan__case__municipality": municipality}
    version = ("version__plan__case__number", "version__number")
    return {
        "meetings": meetings.Meeting.objects.filter(**case_q).values_list(
            "case__number",
            "caseworker__username",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "kind",
            "place",
            "interpreter_language",
            "status",
            "created_at",
            "participants",
            "notes_planning",
            "notes_health",
            "notes_children",
            "agreed",
            "children_considered",
            "no_show_follow_up",
            "recorded_at",
        ),
        "contacts": meetings.ContactLog.objects.filter(**case_q).values_list(
            "case__number", "kind", "direction", "at", "duration_minutes", "note", "by__username"
        ),
        "meeting_frequencies": meetings.MeetingFrequency.objects.filter(**case_q).values_list(
            "case__number", "interval_months", "reason", "valid_from", "set_at"
        ),
        "phone_hours": meetings.PhoneHours.objects.filter(
            user__municipality=municipality
        ).values_list("user__username", "weekday", "starts", "ends"),
        "plans": plans.Plan.objects.filter(**case_q).values_list("case__number", "created_at"),
        "plan_versions": plans.PlanVersion.objects.filter(**plan_q).values_list(
            "plan__case__number",
            "number",
            "status",
            "goal",
            "created_at",
            "shared_at",
            "established_at",
            "meeting__starts_at",
        ),
        "plan_obstacles": plans.PlanObstacle.objects.filter(**version_q).values_list(
            *version, "life_area", "person__identity_number", "text"
        ),
        "sub_goals": plans.SubGoal.objects.filter(**version_q).values_list(
            *version, "position", "text", "status"
        ),
        "plan_activities": plans.PlanActivity.objects.filter(**version_q).values_list(
            *version, "what", "responsible", "by_date"
        ),
        "conditions": plans.PlanCondition.objects.filter(**version_q).values_list(
            *version, "key", "legal_basis", "status", "status_set_at"
        ),
        "plan_comments": plans.PlanComment.objects.filter(**version_q).values_list(
            *version, "person__identity_number", "topic", "text", "disagrees", "created_at"
        ),
        "signatures": plans.PlanSignature.objects.filter(**version_q).values_list(
            *version, "role", "person__identity_number", "user__username", "signed_at"
        ),
        "follow_ups": plans.PlanFollowUp.objects.filter(**plan_q).values_list(
            "plan__case__number", "due_on", "held_on", "notes", "meeting__starts_at"
        ),
        "progress": plans.ProgressStep.objects.filter(**plan_q).values_list(
            "plan__case__number", "life_area", "from_step", "to_step", "on"
        ),
        "referrals": plans.Referral.objects.filter(**plan_q).values_list(
            "plan__case__number", "to", "sent_on", "answer", "answered_on"
        ),
        "exemptions": plans.ActivityExemption.objects.filter(**case_q).values_list(
            "case__number", "person__identity_number", "reason", "valid_from", "review_on"
        ),
        "schedules": plans.ActivitySchedule.objects.filter(**case_q).values_list(
            "case__number",
            "person__identity_number",
            "weekly_target_hours",
            "rule_target_hours",
            "part_time_work_hours",
            "own_job_seeking_hours",
            "set_at",
        ),
        "sessions": plans.ActivitySession.objects.filter(
            schedule__case__municipality=municipality
        ).values_list(
            "schedule__case__number",
            "schedule__person__identity_number",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "attendance__status",
            "attendance__recorded_at",
        ),
        "tasks": [
            (number, kind, text, due_on, source.split(":")[0], opened_at, closed_at, outcome)
            for number, kind, text, due_on, source, opened_at, closed_at, outcome in (
                cases.Task.objects.filter(**case_q).values_list(
                    "case__number",
                    "kind",
                    "text",
                    "due_on",
                    "source",
                    "opened_at",
                    "closed_at",
                    "outcome",
                )
            )
        ],
    }
