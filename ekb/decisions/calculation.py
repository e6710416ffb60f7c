"""The robot's preliminary calculation: as soon as an application arrives, EKB builds the
household-month, adds register data, asks the norm engine and raises warnings. No human step;
the caseworker then decides with the prepared calculation in front of them (Malmö's robot, seed 003).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from ekb.applications.choices import LineKind
from ekb.applications.models import Application
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.decisions.guidelines import guidelines_for
from ekb.decisions.household_month import assemble
from ekb.decisions.models import CalculationSnapshot
from ekb.lib.months import month_end
from ekb.norm import calculate
from ekb.norm.vocabulary import CHILD_EARNINGS
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
    """Months before this one in which one of the household's adults had försörjningsstöd, on
    any line that is försörjningsstöd (the norm or a reasonable cost), in this case, an earlier
    case, or recorded with its source (ekb.decisions.support_history has the law)."""
    from ekb.decisions.support_history import supported_months

    return supported_months(case, month)


def support_history_by_person(case, month: dt.date) -> dict[int, list[str]]:
    """Each counted adult's own months (person id -> "YYYY-MM"): jobbstimulans is per person
    ("för den som har fått försörjningsstöd", 4 kap. 1 b § SoL 2001:453)."""
    from ekb.decisions.support_history import supported_months_by_person

    return supported_months_by_person(case, month)


def member_entry(m: HouseholdMember, month: dt.date | None = None) -> dict:
    """One household member in the household-month contract (v1).

    With ``month``: a member whose membership (``valid_from`` / ``valid_to``) starts or ends
    inside the month carries those dates (``in_household_from`` / ``in_household_to``), and
    the engine counts their personal costs for those days only (ekb.norm.rules.personal).
    A child's ``days_per_month`` (shared custody) is passed beside them; the engine takes the
    days in this home as that monthly average over the days of membership."""
    entry: dict[str, object] = {
        "id": member_key(m.person_id),
        "role": m.role,
        "birth_date": m.person.birth_date.isoformat(),
    }
    if m.role == MemberRole.CHILD:
        entry["lunch_at_home"] = m.lunch_at_home
        entry["in_school"] = m.in_school
        if m.days_per_month is not None:
            entry["days_in_household"] = m.days_per_month
    if month is not None:
        first, last = month.replace(day=1), month_end(month)
        if first < m.valid_from <= last:
            entry["in_household_from"] = m.valid_from.isoformat()
        if m.valid_to is not None and first <= m.valid_to < last:
            entry["in_household_to"] = m.valid_to.isoformat()
    return entry


def household_month(application: Application) -> dict:
    """The application as the norm engine's household-month contract (v1)."""
    return household_month_of(
        application.case, application.month, effective_lines(application), application=application
    )


def household_month_of(case, month: dt.date, lines, *, application=None) -> dict:
    """The household of ``case`` in ``month`` with these lines (application lines, saved or not)
    as the household-month contract (v1): the robot's calculation of an application, and the
    standard calculation before a meeting (ekb.decisions.standard_calculation), which has no
    application yet. ``application`` is only asked what the month and case are (a child's
    earlier earnings this year), so without one the case and month stand in for it."""
    from types import SimpleNamespace

    from ekb.decisions.child_earnings import earned_this_year_before
    from ekb.integrations.registers import get_register_client

    asked_for: Any = application or SimpleNamespace(case=case, month=month)
    members = []
    own_months = support_history_by_person(case, month)
    for m in household_members(case, month):
        entry = member_entry(m, month)
        if m.role in (MemberRole.APPLICANT, MemberRole.CO_APPLICANT):
            # The earner's own months decide the disregard on their salary; a new sambo has
            # none of the applicant's (ekb.decisions.support_history).
            entry["support_history"] = own_months.get(m.person_id, [])
        members.append(entry)
    costs, incomes = [], []
    earned_before: dict[int, Decimal] = {}  # per child (person id), see below
    for line in lines:
        if line.amount is None:
            continue
        if line.kind == LineKind.COST:
            costs.append({"type": line.type, "amount": str(line.amount)})
        elif line.kind == LineKind.INCOME:
            # An income the application does not tie to a person is the applicant's (assemble).
            member = member_key(line.member_id) if line.member_id else None
            income = {"member": member, "type": line.type, "amount": str(line.amount)}
            if line.type == CHILD_EARNINGS and line.member_id:
                # The yearly cap on a child's exempt earnings needs what the child earned
                # earlier this year (ekb.decisions.child_earnings); a second earnings line of the
                # same month counts the first as earlier, so the cap is not given twice.
                if line.member_id not in earned_before:
                    earned_before[line.member_id] = earned_this_year_before(
                        asked_for, line.member, register_client=get_register_client()
                    )
                income["earned_this_year_before"] = f"{earned_before[line.member_id]:.2f}"
                earned_before[line.member_id] += line.amount
            incomes.append(income)
    # A need beyond the norm (livsföring i övrigt) is decided on its own line, not calculated.
    document, _needs = assemble(
        f"{month:%Y-%m}",
        members,
        costs,
        incomes,
        support_history=(m for months in own_months.values() for m in months),
        other_residents=case.household.other_residents,
    )
    return document


def _add_register_suggestions(application: Application, report, *, by_rule: bool) -> None:
    """Register incomes become proposals for the caseworker, never counted lines by themselves
    (ekb.decisions.register_proposals). With `by_rule` (the robot's first calculation), the benefits
    the client is not asked about are accepted by rule; see do_prepare_calculation."""
    from ekb.decisions.register_proposals import record_register_facts

    members = list(household_members(application.case, application.month))
    record_register_facts(application, report, members=members, by_rule=by_rule)


def _if_proposals_accepted(application: Application, document: dict, guidelines) -> dict | None:
    """What the calculation would be if every pending register proposal were accepted: shown in
    a warning beside the amount that counts, never counted itself."""
    from ekb.decisions.register_proposals import document_with_proposals, pending_proposals

    pending = list(pending_proposals(application))
    if not pending:
        return None
    applicant = next(
        (m["id"] for m in document.get("members", []) if m.get("role") == MemberRole.APPLICANT),
        None,
    )
    result = calculate(document_with_proposals(document, pending, applicant), guidelines=guidelines)
    return {
        "proposal_ids": [p.pk for p in pending],
        "amount": str(result.amount),
        "countable_income": str(result.countable_income),
    }


@transaction.atomic
def do_prepare_calculation(
    application: Application, *, acting_user=None, register_client=None, channel=Channel.SYSTEM
) -> CalculationSnapshot:
    """Fetch register data, calculate, store the snapshot and raise warnings.

    What the calculation counts: the facts of the application (what the client said, and what
    a caseworker changed or added) and the register facts a caseworker has accepted. A register
    value that the application lacks, or that differs from what the client said, becomes a
    proposal with its source (ekb.decisions.register_proposals) and is NOT counted, whoever makes the
    calculation: counting an unconfirmed register value can cut the support wrongly (a salary
    for another month, another person's payment), and before issue 9 a recalculation after one
    changed cost silently took in a register salary and cut the support by 8 269 kr.

    The robot's job is to catch undeclared income without paying wrongly in either direction,
    so on its calculation a pending proposal (1) raises a warning that shows the amount if the
    proposals were accepted beside the amount that counts, which the caseworker must look at,
    and (2) keeps the application from being decided automatically (an open warning stops
    ekb.decisions.decide.maybe_decide_automatically). The amount that counts is therefore never
    lowered by an unchecked register value, and never paid out by itself while the register
    says there is more income.

    One exception, on the robot's first calculation only (no calculation of the application
    exists yet): benefits Försäkringskassan reports by design and the application does not ask
    about (barnbidrag, underhållsstöd, bostadsbidrag: `fetched_by_design` in
    rules/register_proposals.yaml) are accepted by rule when the application has no line for
    them, since leaving them out would overpay every family that has them. They are shown as
    register facts and can be changed like any line. A later calculation never accepts anything
    by itself. "No line for them" is asked of the household, not of each person: they are paid
    for the household's children, and a parent's share the register reports must not be taken
    beside the household's total the other parent wrote (ekb.decisions.register_proposals,
    household proposals)."""
    from ekb.cases.household import persons_to_ask_the_register
    from ekb.decisions.warnings import raise_warnings
    from ekb.integrations.registers import get_register_client

    # The adults and the children: barnbidrag is reported because of a child (the rule's why
    # is at persons_to_ask_the_register).
    asked = persons_to_ask_the_register(household_members(application.case, application.month))
    client = register_client or get_register_client()
    report = client.fetch(asked, application.month)
    robot_first = acting_user is None and not application.calculations.exists()
    _add_register_suggestions(application, report, by_rule=robot_first)

    document = household_month(application)
    guidelines = guidelines_for(application.case.municipality)
    result = calculate(document, guidelines=guidelines)
    payload = result.to_dict()
    payload["register_status"] = {
        str(source): {
            "status": str(result.status),
            "message": result.message,
            "label": result.label,
        }
        for source, result in report.statuses.items()
    }
    preview = _if_proposals_accepted(application, document, guidelines)
    if preview is not None:
        payload["if_proposals_accepted"] = preview
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
