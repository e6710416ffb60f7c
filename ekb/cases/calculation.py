"""The robot's preliminary calculation: as soon as an application arrives, EKB builds the
household-month, adds register data, asks the norm engine and raises warnings. No human step;
the caseworker then decides with the prepared calculation in front of them (Malmö's robot, seed 003).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.choices import LineKind, Outcome, Purpose, Source
from ekb.cases.guidelines import guidelines_for
from ekb.cases.models import Application, ApplicationLine, CalculationSnapshot, DecisionLine
from ekb.lib.months import month_end
from ekb.norm import calculate
from ekb.norm.vocabulary import COST_TYPES
from ekb.people.models import HouseholdMember, MemberRole


def member_key(person_id: int) -> str:
    return f"p{person_id}"


def effective_lines(application: Application):
    """The lines that count: every line no caseworker has replaced."""
    return application.lines.filter(overridden=False).select_related("member")


def household_members(case, month: dt.date):
    """The members who belong to the household at some time in the month."""
    last_day = month_end(month)
    return (
        HouseholdMember.objects.filter(household=case.household, valid_from__lte=last_day)
        .exclude(valid_to__lt=month)
        .select_related("person")
        .order_by("role", "person__birth_date")
    )


def support_history(case, month: dt.date) -> list[str]:
    """Months before this one in which the household was granted försörjningsstöd."""
    months = (
        DecisionLine.objects.filter(
            decision__case=case,
            decision__status="decided",
            purpose=Purpose.LIVELIHOOD,
            outcome__in=[Outcome.GRANTED, Outcome.PARTLY_GRANTED],
            amount__gt=0,
            period_start__lt=month,
        )
        .values_list("period_start", flat=True)
        .distinct()
    )
    return sorted({f"{m:%Y-%m}" for m in months})


def member_entry(m: HouseholdMember) -> dict:
    """One household member in the household-month contract (v1)."""
    entry = {
        "id": member_key(m.person_id),
        "role": m.role,
        "birth_date": m.person.birth_date.isoformat(),
    }
    if m.role == MemberRole.CHILD:
        entry["lunch_at_home"] = m.lunch_at_home
        entry["in_school"] = m.in_school
        if m.days_per_month is not None:
            entry["days_in_household"] = m.days_per_month
    return entry


def household_month(application: Application) -> dict:
    """The application as the norm engine's household-month contract (v1)."""
    case, month = application.case, application.month
    members = []
    cohabiting = False
    applicant_key = None
    for m in household_members(case, month):
        if m.role == MemberRole.APPLICANT:
            applicant_key = member_key(m.person_id)
        if m.role == MemberRole.CO_APPLICANT:
            cohabiting = True
        members.append(member_entry(m))
    costs, incomes = [], []
    for line in effective_lines(application):
        if line.amount is None:
            continue
        if line.kind == LineKind.COST and line.type not in COST_TYPES:
            continue  # a need beyond the norm (livsföring i övrigt) is decided on its own line
        if line.kind == LineKind.COST:
            costs.append({"type": line.type, "amount": str(line.amount)})
        elif line.kind == LineKind.INCOME:
            # An income the application does not tie to a person is the applicant's.
            member = member_key(line.member_id) if line.member_id else applicant_key
            incomes.append({"member": member, "type": line.type, "amount": str(line.amount)})
    document = {
        "month": f"{month:%Y-%m}",
        "cohabiting": cohabiting,
        "members": members,
        "costs": costs,
        "incomes": incomes,
        "support_history": support_history(case, month),
    }
    if case.household.other_residents:
        document["household_size"] = len(members) + case.household.other_residents
    return document


def _add_register_suggestions(application: Application, report) -> None:
    """Register incomes the application does not already have become lines with source "register".

    They are counted in the preliminary calculation (the robot's job is to catch them) and a
    warning asks the caseworker to confirm or override them. An income the application already
    holds for that person and kind, whatever its source, is confirmed, not added again."""
    members = list(household_members(application.case, application.month))
    persons = {m.person.identity_number: m.person for m in members}
    applicant_id = next((m.person_id for m in members if m.role == MemberRole.APPLICANT), None)
    # An income reported without naming a person is the applicant's (as in household_month).
    known = {
        (line.member_id or applicant_id, line.type)
        for line in application.lines.filter(kind=LineKind.INCOME)
    }
    for income in report.incomes:
        person = persons.get(income.identity_number)
        if person is None or (person.pk, income.income_type) in known:
            continue
        known.add((person.pk, income.income_type))
        ApplicationLine.objects.create(
            application=application,
            kind=LineKind.INCOME,
            type=income.income_type,
            member=person,
            amount=income.amount,
            value=str(income.source),
            source=Source.REGISTER,
        )


@transaction.atomic
def do_prepare_calculation(
    application: Application, *, acting_user=None, register_client=None, channel=Channel.SYSTEM
) -> CalculationSnapshot:
    """Fetch register data, calculate, store the snapshot and raise warnings."""
    from ekb.cases.warnings import raise_warnings

    adults = [
        m.person.identity_number
        for m in household_members(application.case, application.month)
        if m.role in (MemberRole.APPLICANT, MemberRole.CO_APPLICANT)
    ]
    from ekb.integrations.registers import get_register_client

    client = register_client or get_register_client()
    report = client.fetch(adults, application.month)
    _add_register_suggestions(application, report)

    document = household_month(application)
    result = calculate(document, guidelines=guidelines_for(application.case.municipality))
    payload = result.to_dict()
    payload["register_status"] = {
        str(source): {
            "status": str(result.status),
            "message": result.message,
            "label": result.label,
        }
        for source, result in report.statuses.items()
    }
    snapshot = CalculationSnapshot.objects.create(
        case=application.case,
        application=application,
        month=application.month,
        is_preliminary=acting_user is None,
        input=document,
        result=payload,
        rule_versions=payload.get("versions", {}),
        norm=result.norm,
        reasonable_costs=result.reasonable_costs,
        countable_income=result.countable_income,
        amount=result.amount,
        created_by=acting_user,
    )
    raise_warnings(application, snapshot, report)
    if acting_user is not None:
        record(
            action=Action.CHANGE_CALCULATION,
            user=acting_user,
            case_id=application.case_id,
            channel=channel,
        )
    return snapshot


def latest_calculation(application: Application) -> CalculationSnapshot | None:
    return application.calculations.order_by("-created_at", "-id").first()
