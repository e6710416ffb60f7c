"""The standard calculation (schablonberäkning) before a meeting with the client.

Malmö's förstärkta arbetssätt (seed 003) prepares the money part before the monthly meeting, so
the meeting is spent on the client's situation and the money takes minutes: EKB calculates the
month to decide from what it already knows, the caseworker confirms each amount with the client,
adds what came up (medicine, a doctor's visit) and can decide orally (ekb.flow.meetings).

What EKB knows is:
- the incomes and fixed costs of the last decided month (or of the month whose proposal waits
  for a decider: it holds the newest facts): the lines that counted, at the amounts decided (a
  cost refused is not carried, a rent granted only up to the reasonable level is carried at that
  level; a cost granted inside the livelihood line counts in full, and a monthly cost the
  decision added on its own line is carried), without one-off costs (a dental bill is not paid
  every month, an unforeseen cost added in a meeting is for that month), without the register's
  benefits, and without the incomes of a member who is no longer in the household (shown as
  dropped);
- the register's benefits for the month to decide (barnbidrag, underhållsstöd, bostadsbidrag:
  `fetched_by_design`), which the register reports anew every month. Any other register income
  is NOT counted (it is the client's fact to confirm, ekb.decisions.register_proposals); it is
  listed beside the calculation for the caseworker to ask about.

The month is calculated by the same norm engine as the robot's calculation of an application
(the month's own norm: January with the new year's amounts), and stored as a CalculationSnapshot
without an application, with the rule versions it was made with."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from ekb.applications.choices import LineKind, Source
from ekb.applications.cost_types import COSTS
from ekb.applications.models import Application, ApplicationLine, RegisterProposal
from ekb.applications.register_benefits import fetched_by_design
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.decisions.calculation import (
    effective_lines,
    household_members,
    household_month_of,
    latest_calculation,
)
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.guidelines import guidelines_for
from ekb.decisions.models import CalculationSnapshot, Decision
from ekb.decisions.proposal import propose_lines
from ekb.norm import calculate

# How a row of the standard calculation came to be there.
CARRIED = "carried"  # the last decided month's line
REGISTER = "register"  # the register's benefit for the month


# A month counts as handled for the standard calculation when it is decided, or when its
# proposal waits for a decider (four eyes, the committee): that month holds the newest facts.
BASIS_STATUSES = (
    DecisionStatus.DECIDED,
    DecisionStatus.AWAITING_APPROVAL,
    DecisionStatus.AWAITING_COMMITTEE,
)
PAYING = (Outcome.GRANTED, Outcome.PARTLY_GRANTED)


def basis_decision(case, month: dt.date) -> Decision | None:
    """The decision (or proposal waiting for a decider) of the latest month before ``month``;
    within a month the latest one (an omprövning replaces the decision it reconsiders)."""
    return (
        Decision.objects.filter(case=case, status__in=BASIS_STATUSES, application__month__lt=month)
        .select_related("application", "calculation")
        .order_by("-application__month", "-id")
        .first()
    )


def last_decided_application(case, month: dt.date) -> Application | None:
    """The application the standard calculation of ``month`` starts from (see basis_decision)."""
    decision = basis_decision(case, month)
    return decision.application if decision else None


def decided_cuts(decision: Decision) -> dict[str, Decimal]:
    """Per purpose, how much less the decision granted than the calculation gave: what a
    person refused or capped on the purpose's own line (a home insurance refused, a rent
    granted up to the reasonable level). A purpose without a line of its own is not cut: the
    reasonable costs are part of försörjningsstöd (12 kap. 7 § SoL 2025:400) and a decision
    often grants them inside the livelihood line. Income that reduced a purpose is already in
    the calculation and cuts nothing here, so a cost the household's income covered is still
    carried in full; a cost the caseworker lowered on the application is carried at the
    lowered amount (its override line is the effective one)."""
    application = decision.application
    if application is None:
        return {}
    snapshot = decision.calculation or latest_calculation(application)
    if snapshot is None:
        return {}
    calculated = {line.purpose: line.amount for line in propose_lines(application, snapshot)}
    granted = _granted(decision)
    return {
        purpose: amount - granted[purpose]
        for purpose, amount in calculated.items()
        if purpose != Purpose.LIVELIHOOD and purpose in granted and amount > granted[purpose]
    }


def _granted(decision: Decision) -> dict[str, Decimal]:
    """Per purpose with a line of its own, what the decision granted (0 when refused)."""
    granted: dict[str, Decimal] = {}
    for line in decision.lines.all():
        amount = line.amount if line.outcome in PAYING else Decimal(0)
        granted[line.purpose] = granted.get(line.purpose, Decimal(0)) + amount
    return granted


def _carried_cost_of(purpose: str) -> str | None:
    """The one monthly cost type decided under ``purpose`` (rent -> rent), or None when there
    is none or more than one (medical: a doctor's visit or medicine cannot be told apart)."""
    codes = [
        code
        for code, cost in COSTS.items()
        if cost.purpose == purpose and not cost.one_off and purpose != Purpose.LIVELIHOOD
    ]
    return codes[0] if len(codes) == 1 else None


def added_by_decision_rows(decision: Decision | None, carried: list[dict]) -> list[dict]:
    """A monthly cost the decision granted on a line of its own that the application did not
    hold (a rent the decider added on a line 'hyra'): granted, so carried into the next month,
    at the amount granted."""
    if decision is None:
        return []
    held = {row["type"] for row in carried if row["kind"] == LineKind.COST}
    if decision.application is not None:
        held |= set(
            effective_lines(decision.application)
            .filter(kind=LineKind.COST)
            .values_list("type", flat=True)
        )
    rows = []
    for line in decision.lines.filter(outcome__in=PAYING, amount__gt=0).order_by("id"):
        code = _carried_cost_of(line.purpose)
        if code is None or code in held:
            continue
        held.add(code)
        rows.append(
            {
                "key": f"d{line.pk}",
                "kind": str(LineKind.COST),
                "type": code,
                "member": None,
                "amount": f"{line.amount:.2f}",
                "value": "",
                "source": CARRIED,
            }
        )
    return rows


def carried_rows(application: Application | None, decision: Decision | None = None) -> list[dict]:
    """The incomes and fixed costs that counted in the decided month, as rows to confirm, at
    the amounts ``decision`` granted (decided_cuts), with a monthly cost the decision added on
    its own line (added_by_decision_rows).

    As the client's renewal is pre-filled (ekb.applications.drafts.renewal_prefill): a register
    income the caseworker accepted counted as the household's fact and is carried; a benefit the
    register gives by design is not (it is fetched for the new month); a one-off cost is not
    (a cost of a one-off type, or a line marked one-off: an unforeseen cost of a meeting)."""
    if application is None:
        return []
    cuts = decided_cuts(decision) if decision is not None else {}
    accepted = set(
        application.register_proposals.filter(
            status=RegisterProposal.Status.ACCEPTED, accepted_by_rule=False, line__isnull=False
        ).values_list("line_id", flat=True)
    )
    by_design = fetched_by_design()
    rows = []
    for line in effective_lines(application).order_by("kind", "type", "id"):
        if line.kind not in (LineKind.INCOME, LineKind.COST) or line.amount is None:
            continue
        if line.source == Source.REGISTER and (
            line.pk not in accepted or line.type in by_design or line.kind != LineKind.INCOME
        ):
            continue
        cost = COSTS.get(line.type)
        if line.kind == LineKind.COST and (cost is None or cost.one_off or line.one_off):
            continue
        amount = line.amount
        if line.kind == LineKind.COST and cost is not None and cuts.get(cost.purpose):
            cut = min(cuts[cost.purpose], amount)
            cuts[cost.purpose] -= cut
            amount -= cut
            if amount <= 0:
                continue  # refused in the decision: not a cost the household is granted
        rows.append(
            {
                "key": f"c{line.pk}",
                "kind": str(line.kind),
                "type": line.type,
                "member": line.member_id,
                "amount": f"{amount:.2f}",
                "value": line.value,
                "source": CARRIED,
            }
        )
    return rows + added_by_decision_rows(decision, rows)


def _register_rows(case, month: dt.date, carried: list[dict], register_client) -> tuple:
    """(counted, not counted): the register's benefits by design for the month, and the other
    register incomes that differ from what was carried (shown, never counted)."""
    from ekb.cases.household import persons_to_ask_the_register
    from ekb.decisions.register_proposals import _register_totals, household_group
    from ekb.integrations.registers import get_register_client

    members = list(household_members(case, month))
    client = register_client or get_register_client()
    report = client.fetch(persons_to_ask_the_register(members), month)
    persons = {m.person.identity_number: m.person for m in members}
    children = frozenset(m.person.identity_number for m in members if m.role == "child")
    known = {(row["member"], row["type"]): Decimal(row["amount"]) for row in carried}
    # The robot's rule (ekb.decisions.register_proposals): a benefit paid for the household's
    # children is taken from the register only when the household has no line for it; when
    # the client declared it herself, hers counts and a different register total is shown.
    declared: dict[str, Decimal] = {}
    for row in carried:
        group = household_group(row["type"])
        if group is not None:
            declared[group] = declared.get(group, Decimal(0)) + Decimal(row["amount"])
    totals = _register_totals(report, persons, children)
    register_by_group: dict[str, Decimal] = {}
    for (_person, income_type), total in totals.items():
        group = household_group(income_type)
        if group is not None:
            register_by_group[group] = register_by_group.get(group, Decimal(0)) + total["amount"]
    counted, not_counted = [], []
    for (person, income_type), total in totals.items():
        amount = total["amount"].quantize(Decimal("0.01"))
        row = {
            "key": f"r{person.pk}-{income_type}",
            "kind": str(LineKind.INCOME),
            "type": income_type,
            "member": person.pk,
            "amount": f"{amount:.2f}",
            "value": "",
            "source": REGISTER,
        }
        group = household_group(income_type)
        if group is not None and group not in declared:
            counted.append(row)
        elif group is not None:
            if register_by_group[group].quantize(Decimal("0.01")) != declared[group]:
                not_counted.append(row)
        elif known.get((person.pk, income_type)) != amount:
            not_counted.append(row)
    unavailable = [
        str(source) for source, result in report.statuses.items() if result.status != "ok"
    ]
    return counted, not_counted, unavailable


def standard_rows(case, month: dt.date, *, register_client=None) -> dict:
    """What the standard calculation of ``month`` counts, and what it shows without counting."""
    decision = basis_decision(case, month)
    basis = decision.application if decision else None
    present = {m.person_id for m in household_members(case, month)}
    carried: list[dict] = []
    dropped: list[dict] = []
    for row in carried_rows(basis, decision):
        # A member who has left the household has no income in the new month's household.
        (carried if row["member"] is None or row["member"] in present else dropped).append(row)
    register, not_counted, unavailable = _register_rows(case, month, carried, register_client)
    return {
        "from_month": f"{basis.month:%Y-%m}" if basis else None,
        "from_application": basis.pk if basis else None,
        "from_decision": decision.pk if decision else None,
        "rows": carried + register,
        "dropped": dropped,
        "register_not_counted": not_counted,
        "register_unavailable": unavailable,
    }


def as_lines(rows: list[dict]) -> list[ApplicationLine]:
    """The rows as (unsaved) application lines, for the household-month contract."""
    return [
        ApplicationLine(
            kind=row["kind"],
            type=row["type"],
            member_id=row["member"],
            amount=Decimal(row["amount"]),
            value=row.get("value", ""),
        )
        for row in rows
    ]


@transaction.atomic
def do_prepare_standard_calculation(
    case, month: dt.date, *, acting_user=None, register_client=None, channel=Channel.SYSTEM
) -> CalculationSnapshot:
    """Calculate ``month`` from what EKB knows (see the module) and store it. Raises the norm
    engine's errors as the robot's calculation does (a year whose amounts are not loaded)."""
    standard = standard_rows(case, month, register_client=register_client)
    document = household_month_of(case, month, as_lines(standard["rows"]))
    result = calculate(document, guidelines=guidelines_for(case.municipality))
    payload = result.to_dict()
    payload["standard"] = standard
    snapshot = CalculationSnapshot.objects.create(
        case=case,
        application=None,
        month=month,
        is_preliminary=True,
        input=document,
        result=payload,
        rule_versions=payload.get("versions", {}),
        norm=result.norm,
        reasonable_costs=result.reasonable_costs,
        countable_income=result.countable_income,
        amount=result.amount,
        created_by=acting_user,
    )
    record(action=Action.CHANGE_CALCULATION, user=acting_user, case_id=case.pk, channel=channel)
    return snapshot


def latest_standard_calculation(case, month: dt.date) -> CalculationSnapshot | None:
    """The standard calculation of the month last made, or None: also None when it is stale,
    made from another month's decision than the one it would start from now (a newer month
    decided or proposed since), so it is prepared again."""
    snapshot = (
        CalculationSnapshot.objects.filter(
            case=case, month=month, application__isnull=True, result__has_key="standard"
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if snapshot is None:
        return None
    standard = (snapshot.result or {}).get("standard", {})
    decision = basis_decision(case, month)
    if "from_decision" in standard:
        made_from = standard["from_decision"]
        now = decision.pk if decision else None
    else:
        made_from = standard.get("from_application")
        now = decision.application_id if decision else None
    return snapshot if made_from == now else None
