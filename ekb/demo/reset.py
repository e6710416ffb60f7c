"""Remove the demo municipality and everything in it, except the access log.

The access log is append-only by law and by database trigger; its rows name cases and persons by
id only, and the demo never reuses an id, so old log rows never point at new demo data.
Deletes are plain SQL, children first, because the ORM's cascade would load millions of objects.
"""

# Table names in the SQL come from the models, values always go as parameters.
# ruff: noqa: S608

from __future__ import annotations

from django.db import connection

from ekb.accounts.models import ApiToken, Municipality, RoleAssignment, Unit, User
from ekb.applications import models as applications
from ekb.cases import models as cases
from ekb.decisions import models as decisions
from ekb.meetings import models as meetings
from ekb.payments import models as payments
from ekb.people import models as people
from ekb.plans import models as plans


def _table(model) -> str:
    return f'"{model._meta.db_table}"'


# The tables the demo fills, and how each reaches its municipality; rows of these are deleted
# with plain SQL below.
DEMO_TABLES = {
    # FAS (ekb/demo/fas.py): children before parents, the plan's rows before the meetings they
    # name, all before the case.
    plans.ActivityAttendance: "session__schedule__case__municipality",
    plans.ActivitySession: "schedule__case__municipality",
    plans.ActivityTarget: "schedule__case__municipality",
    plans.ActivitySchedule: "case__municipality",
    plans.ActivityExemption: "case__municipality",
    plans.Referral: "plan__case__municipality",
    plans.ProgressStep: "plan__case__municipality",
    plans.PlanFollowUp: "plan__case__municipality",
    plans.PlanSignature: "version__plan__case__municipality",
    plans.PlanObstacle: "version__plan__case__municipality",
    plans.PlanComment: "version__plan__case__municipality",
    plans.PlanCondition: "version__plan__case__municipality",
    plans.PlanActivity: "version__plan__case__municipality",
    plans.SubGoal: "version__plan__case__municipality",
    plans.PlanVersion: "plan__case__municipality",
    plans.Plan: "case__municipality",
    meetings.ContactLog: "case__municipality",
    meetings.MeetingFrequency: "case__municipality",
    meetings.Meeting: "case__municipality",
    cases.Task: "case__municipality",
    payments.Payment: "case__municipality",
    decisions.DecisionLine: "decision__case__municipality",
    decisions.Decision: "case__municipality",
    decisions.CalculationSnapshot: "case__municipality",
    applications.ApplicationLine: "application__case__municipality",
    applications.Application: "case__municipality",
    cases.JournalEntry: "case__municipality",
    cases.CaseEvent: "case__municipality",
    cases.ReasonForNeed: "case__municipality",
    cases.Case: "municipality",
    people.HouseholdMember: "household__municipality",
    people.Person: "memberships__household__municipality",
    people.Household: "municipality",
    RoleAssignment: "user__municipality",
    User: "municipality",
    Unit: "municipality",
    Municipality: "pk",
}


def _delete_other_rows(municipality: Municipality) -> None:
    """Rows that other parts of EKB made about demo data while the demo was used (warnings,
    supplement requests, letters, tokens ...): found through the models' reverse relations and
    deleted with the ORM, which applies their own on_delete rules."""
    for model, path in DEMO_TABLES.items():
        for relation in model._meta.related_objects:
            other = relation.related_model
            if other in DEMO_TABLES or not relation.field.concrete:
                continue
            lookup = relation.field.name if path == "pk" else f"{relation.field.name}__{path}"
            other._default_manager.filter(**{lookup: municipality}).delete()


def delete_demo(municipality: Municipality) -> None:
    if connection.vendor == "postgresql":
        # Check foreign keys per statement (the deletes go children first) instead of queueing
        # a check per deleted row until commit: millions of queued checks are slow and large.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _delete_other_rows(municipality)
    m = municipality.pk
    case_ids = f"SELECT id FROM {_table(cases.Case)} WHERE municipality_id = %s"
    decision_ids = f"SELECT id FROM {_table(decisions.Decision)} WHERE case_id IN ({case_ids})"
    application_ids = (
        f"SELECT id FROM {_table(applications.Application)} WHERE case_id IN ({case_ids})"
    )
    household_ids = f"SELECT id FROM {_table(people.Household)} WHERE municipality_id = %s"
    user_ids = f"SELECT id FROM {_table(User)} WHERE municipality_id = %s"
    session_ids = (
        f"SELECT id FROM {_table(plans.ActivitySession)} WHERE schedule_id IN "
        f"(SELECT id FROM {_table(plans.ActivitySchedule)} WHERE case_id IN ({case_ids}))"
    )
    plan_ids = f"SELECT id FROM {_table(plans.Plan)} WHERE case_id IN ({case_ids})"
    version_ids = f"SELECT id FROM {_table(plans.PlanVersion)} WHERE plan_id IN ({plan_ids})"
    schedule_ids = f"SELECT id FROM {_table(plans.ActivitySchedule)} WHERE case_id IN ({case_ids})"
    statements = [
        (plans.ActivityAttendance, f"session_id IN ({session_ids})"),
        (plans.ActivitySession, f"schedule_id IN ({schedule_ids})"),
        (plans.ActivityTarget, f"schedule_id IN ({schedule_ids})"),
        (plans.ActivitySchedule, f"case_id IN ({case_ids})"),
        (plans.ActivityExemption, f"case_id IN ({case_ids})"),
        (plans.Referral, f"plan_id IN ({plan_ids})"),
        (plans.ProgressStep, f"plan_id IN ({plan_ids})"),
        (plans.PlanFollowUp, f"plan_id IN ({plan_ids})"),
        (plans.PlanSignature, f"version_id IN ({version_ids})"),
        (plans.PlanObstacle, f"version_id IN ({version_ids})"),
        (plans.PlanComment, f"version_id IN ({version_ids})"),
        (plans.PlanCondition, f"version_id IN ({version_ids})"),
        (plans.PlanActivity, f"version_id IN ({version_ids})"),
        (plans.SubGoal, f"version_id IN ({version_ids})"),
        (plans.PlanVersion, f"plan_id IN ({plan_ids})"),
        (plans.Plan, f"case_id IN ({case_ids})"),
        (meetings.ContactLog, f"case_id IN ({case_ids})"),
        (meetings.MeetingFrequency, f"case_id IN ({case_ids})"),
        (meetings.Meeting, f"case_id IN ({case_ids})"),
        (cases.Task, f"case_id IN ({case_ids})"),
        (payments.Payment, f"case_id IN ({case_ids})"),
        (decisions.DecisionLine, f"decision_id IN ({decision_ids})"),
        (decisions.Decision, f"case_id IN ({case_ids})"),
        (decisions.CalculationSnapshot, f"case_id IN ({case_ids})"),
        (applications.ApplicationLine, f"application_id IN ({application_ids})"),
        (applications.Application, f"case_id IN ({case_ids})"),
        (cases.JournalEntry, f"case_id IN ({case_ids})"),
        (cases.CaseEvent, f"case_id IN ({case_ids})"),
        (cases.ReasonForNeed, f"case_id IN ({case_ids})"),
        (cases.Case, "municipality_id = %s"),
    ]
    with connection.cursor() as cursor:
        for model, condition in statements:
            cursor.execute(f"DELETE FROM {_table(model)} WHERE {condition}", [m])
        # Persons who belong only to demo households go with them.
        cursor.execute(
            f"SELECT DISTINCT person_id FROM {_table(people.HouseholdMember)} "
            f"WHERE household_id IN ({household_ids}) AND person_id NOT IN ("
            f"SELECT person_id FROM {_table(people.HouseholdMember)} WHERE household_id NOT IN ({household_ids}))",
            [m, m],
        )
        person_ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"DELETE FROM {_table(people.HouseholdMember)} WHERE household_id IN ({household_ids})",
            [m],
        )
        for start in range(0, len(person_ids), 500):
            batch = person_ids[start : start + 500]
            ApiToken.objects.filter(person_id__in=batch).delete()
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"DELETE FROM {_table(people.Person)} WHERE id IN ({marks})", batch)
        cursor.execute(f"DELETE FROM {_table(people.Household)} WHERE municipality_id = %s", [m])
        cursor.execute(f"DELETE FROM {_table(RoleAssignment)} WHERE user_id IN ({user_ids})", [m])
    # The few staff, units and the municipality go through the ORM, so that anything else that
    # points at a staff member (sessions aside) is handled by its own on_delete rule.
    User.objects.filter(municipality=municipality).delete()
    Unit.objects.filter(municipality=municipality).delete()
    municipality.delete()
