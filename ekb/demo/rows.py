"""Turn planned and calculated households into table rows for the bulk writer.

Snapshots: the latest months (history.full_snapshot_months) store the engine's full result with
its explained rows; older months store the input, the totals and the rule versions only, which
keeps a national-scale demo database at a sensible size while every month still shows how its
amount came about (the input can be recalculated).
"""

from __future__ import annotations

import datetime as dt
import random

from ekb.applications import models as applications
from ekb.applications.choices import SubmittedVia
from ekb.cases import models as cases
from ekb.decisions import models as decisions
from ekb.demo import dates, fas
from ekb.demo.bulk import BulkWriter
from ekb.demo.history import HouseholdPlan, MonthResult
from ekb.demo.households import between
from ekb.demo.organisation import Organisation
from ekb.payments import models as payments
from ekb.people import models as people

SPECS = [
    (
        people.Person,
        (
            "id",
            "identity_number",
            "is_coordination_number",
            "first_name",
            "last_name",
            "birth_date",
            "protected_identity",
            "phone",
            "email",
        ),
    ),
    (people.Household, ("id", "municipality_id", "other_residents")),
    (
        people.HouseholdMember,
        (
            "id",
            "household_id",
            "person_id",
            "role",
            "relationship",
            "days_per_month",
            "lunch_at_home",
            "in_school",
            "valid_from",
            "valid_to",
        ),
    ),
    (
        cases.Case,
        (
            "id",
            "municipality_id",
            "unit_id",
            "number",
            "household_id",
            "assigned_caseworker_id",
            "opened_on",
            "closed_on",
            "closure_reason",
            "is_protected",
            "weight",
            "labour_market_officer_id",
        ),
    ),
    (cases.ReasonForNeed, ("id", "case_id", "person_id", "category", "valid_from", "valid_to")),
    (
        applications.Application,
        (
            "id",
            "case_id",
            "month",
            "kind",
            "status",
            "channel",
            "submitted_at",
            "contract_version",
            "document",
        ),
    ),
    (
        applications.ApplicationLine,
        (
            "id",
            "application_id",
            "kind",
            "type",
            "member_id",
            "amount",
            "value",
            "source",
            "overrides_id",
            "overridden",
            "override_reason",
            "created_by_id",
            "created_at",
        ),
    ),
    (
        decisions.CalculationSnapshot,
        (
            "id",
            "case_id",
            "application_id",
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
            "created_by_id",
        ),
    ),
    (
        decisions.Decision,
        (
            "id",
            "case_id",
            "application_id",
            "calculation_id",
            "status",
            "decided_at",
            "decided_by_id",
            "delegation_reference",
            "made_orally",
            "automated",
            "approved_by_id",
            "approved_at",
            "reviewed_by_id",
            "reviewed_at",
            "version",
            "created_at",
            "created_by_id",
        ),
    ),
    (
        decisions.DecisionLine,
        (
            "id",
            "decision_id",
            "purpose",
            "outcome",
            "amount_applied",
            "amount",
            "period_start",
            "period_end",
            "reasons",
            "legal_reference",
        ),
    ),
    (
        payments.Payment,
        (
            "id",
            "case_id",
            "decision_line_id",
            "amount",
            "pay_date",
            "status",
            "end_to_end_id",
            "payment_run",
            "transfer_id",
            "urgent",
            "paid_at",
        ),
    ),
    (
        cases.JournalEntry,
        (
            "id",
            "case_id",
            "author_id",
            "entry_date",
            "text",
            "signed_at",
            "corrects_id",
            "created_at",
        ),
    ),
    (
        cases.CaseEvent,
        ("id", "case_id", "kind", "occurred_at", "actor_id", "data", "visible_to_client"),
    ),
]

SPECS += fas.SPECS  # meetings, plans and the activity requirement (ekb/demo/fas.py)

# Incomes the register (SSBTEK-like) reports; the rest the client states in the application.
REGISTER_INCOMES = frozenset(
    {
        "unemployment_benefit",
        "activity_support",
        "sickness_benefit",
        "parental_benefit",
        "housing_allowance",
        "maintenance_support",
        "child_allowance",
        "pension",
        "student_grant",
    }
)
EMPTY_EMAIL = ""


def new_writer() -> BulkWriter:
    return BulkWriter(SPECS)


class RowMaker:
    def __init__(
        self,
        params: dict,
        org: Organisation,
        writer: BulkWriter,
        *,
        seed: int,
        as_of: dt.date,
        now: dt.datetime | None = None,
    ):
        self.p = params
        self.org = org
        self.w = writer
        self.seed = seed
        self.as_of = as_of
        # Nothing is dated after the demo's present (see timeline.py).
        self.now = min(now, dates.end_of(as_of)) if now else dates.end_of(as_of)
        self.municipality_id = org.municipality.pk
        self.new_law_from = params["decisions"]["new_law_from"]
        self.t = {model: writer[model] for model, _ in SPECS}
        self.counts = {
            "households": 0,
            "persons": 0,
            "protected_persons": 0,
            "cases": 0,
            "open_cases": 0,
        }
        self.fas = fas.FasMaker(params, org, writer, seed=seed, as_of=as_of, now=self.now)

    def _user(self, username: str) -> int:
        return self.org.users[username].pk

    def _legal_reference(self, month: int) -> str:
        d = self.p["decisions"]
        return (
            d["legal_reference_new"]
            if dates.first_day(month) >= self.new_law_from
            else d["legal_reference_old"]
        )

    def _event(
        self,
        case_id: int,
        kind: str,
        at: dt.datetime,
        actor: int | None,
        data: dict | None = None,
        visible: bool = True,
    ) -> None:
        t = self.t[cases.CaseEvent]
        at = min(at, self.now)
        t.add((t.new_id(), case_id, kind, self.w.ts(at), actor, self.w.js(data or {}), visible))

    # -- household, persons, cases ------------------------------------------------------------

    def add(self, plan: HouseholdPlan) -> None:
        rng = random.Random(f"{self.seed}:rows:{plan.household.index}")
        household = plan.household
        person_ids = self._persons(plan)
        t = self.t[people.Household]
        household_id = t.new_id()
        t.add((household_id, self.municipality_id, household.other_residents))
        since = plan.case.older.opened_on if plan.case.older else plan.case.opened_on
        t = self.t[people.HouseholdMember]
        for m in household.members:
            valid_from = max(since, m.birth_date)
            t.add(
                (
                    t.new_id(),
                    household_id,
                    person_ids[m.key],
                    m.role,
                    m.relationship,
                    m.days_per_month,
                    m.lunch_at_home,
                    m.in_school,
                    valid_from,
                    None,
                )
            )
        unit_id = self.org.units[plan.unit].pk
        caseworker = self._user(plan.caseworker)
        manager = self._user(self.org.managers[plan.unit])
        self.counts["households"] += 1
        if plan.case.older:
            older = plan.case.older
            older_worker = self._user(rng.choice(self.org.caseworkers[plan.unit]))
            case_id = self._case(
                plan,
                household_id,
                unit_id,
                plan.older_number,
                older_worker,
                older.opened_on,
                older.closed_on,
                older.closure_reason,
                None,
            )
            self._reasons(plan, case_id, person_ids, older.opened_on, older.closed_on)
            self._event(case_id, "case_opened", dates.at(older.opened_on, 9, 5), None)
            self._event(
                case_id,
                "assigned",
                dates.at(older.opened_on, 9, 6),
                manager,
                {"caseworker_id": older_worker},
            )
            self._event(
                case_id,
                "case_closed",
                dates.at(older.closed_on, 15, 30),
                older_worker,
                {"reason": older.closure_reason},
            )
        case = plan.case
        officer = self.fas.labour_market_officer(plan)
        case_id = self._case(
            plan,
            household_id,
            unit_id,
            plan.number,
            caseworker,
            case.opened_on,
            case.closed_on,
            case.closure_reason,
            officer,
        )
        if case.closed_on is None:
            self.counts["open_cases"] += 1
        self._reasons(plan, case_id, person_ids, case.opened_on, case.closed_on)
        opened_at = (
            case.months[0].submitted_at
            if case.months and case.months[0].kind == "new"
            else dates.at(case.opened_on, 10, 0)
        )
        self._event(case_id, "case_opened", opened_at, None)
        assigned_at = opened_at + dt.timedelta(minutes=rng.randint(5, 90))
        if assigned_at > self.now:
            assigned_at = opened_at + dt.timedelta(minutes=1)
        self._event(case_id, "assigned", assigned_at, manager, {"caseworker_id": caseworker})
        for month_plan in case.months:
            self._month(
                plan,
                case_id,
                caseworker,
                person_ids,
                month_plan,
                plan.results[month_plan.month],
                rng,
            )
        self._journal(plan, case_id, caseworker, rng)
        self.fas.add(plan, case_id, person_ids, caseworker, officer, self._event)
        if case.closed_on:
            self._event(
                case_id,
                "case_closed",
                dates.at(case.closed_on, 15, rng.randint(0, 59)),
                caseworker,
                {"reason": case.closure_reason},
            )

    def _persons(self, plan: HouseholdPlan) -> dict[str, int]:
        ids = {}
        t = self.t[people.Person]
        for m in plan.household.members:
            ids[m.key] = t.new_id()
            t.add(
                (
                    ids[m.key],
                    m.identity_number,
                    m.coordination,
                    m.first_name,
                    m.last_name,
                    m.birth_date,
                    m.protected,
                    m.phone,
                    EMPTY_EMAIL,
                )
            )
            self.counts["persons"] += 1
            self.counts["protected_persons"] += m.protected
        return ids

    def _case(
        self, plan, household_id, unit_id, number, caseworker, opened_on, closed_on, reason, officer
    ) -> int:
        t = self.t[cases.Case]
        case_id = t.new_id()
        t.add(
            (
                case_id,
                self.municipality_id,
                unit_id,
                number,
                household_id,
                caseworker,
                opened_on,
                closed_on,
                reason,
                plan.is_protected,
                plan.weight,
                officer,
            )
        )
        self.counts["cases"] += 1
        return case_id

    def _reasons(self, plan, case_id, person_ids, valid_from, valid_to) -> None:
        t = self.t[cases.ReasonForNeed]
        for adult in plan.household.adults:
            t.add((t.new_id(), case_id, person_ids[adult.key], adult.reason, valid_from, valid_to))

    # -- one month: application, calculation, decision, payments, events ----------------------

    def _month(self, plan, case_id, caseworker, person_ids, mp, result: MonthResult, rng) -> None:
        w = self.w
        first, last = dates.first_day(mp.month), dates.last_day(mp.month)
        decided = mp.decided_at is not None
        if decided:
            status = "decided"
        elif mp.supplement or mp.submitted_at.date() < self.as_of:
            status = "in_progress"
        else:
            status = "submitted"
        t = self.t[applications.Application]
        application_id = t.new_id()
        t.add(
            (
                application_id,
                case_id,
                first,
                mp.kind,
                status,
                mp.channel,
                w.ts(mp.submitted_at),
                "v1",
                "{}",
            )
        )
        self._event(
            case_id,
            "application_received",
            mp.submitted_at,
            None,
            {"application_id": application_id, "month": f"{first:%Y-%m}"},
        )
        self._application_lines(application_id, caseworker, person_ids, mp, result)
        if mp.supplement:
            requested, answered = mp.supplement
            self._event(
                case_id,
                "supplement_requested",
                requested,
                caseworker,
                {"application_id": application_id},
            )
            if answered:
                self._event(
                    case_id,
                    "supplement_answered",
                    answered,
                    None,
                    {"application_id": application_id},
                )

        totals = result.totals
        t = self.t[decisions.CalculationSnapshot]
        calculation_id = t.new_id()
        if result.explained is not None:
            stored = result.explained
        else:
            stored = {
                "totals": {k: str(v) for k, v in totals._asdict().items()},
                "rows_omitted": True,
            }
        rule_versions = result.explained["versions"] if result.explained else result.versions
        created_at = (
            mp.decided_at - dt.timedelta(minutes=6)
            if decided
            else mp.submitted_at + dt.timedelta(minutes=2)
        )
        t.add(
            (
                calculation_id,
                case_id,
                application_id,
                first,
                not decided,
                w.js(result.input),
                w.js(stored),
                w.js(rule_versions),
                totals.norm,
                totals.reasonable_costs,
                totals.countable_income,
                totals.amount,
                w.ts(created_at),
                caseworker if decided else None,
            )
        )
        if not decided:
            return

        t = self.t[decisions.Decision]
        decision_id = t.new_id()
        delegation = result.lines[0].delegation
        t.add(
            (
                decision_id,
                case_id,
                application_id,
                calculation_id,
                "decided",
                w.ts(mp.decided_at),
                caseworker,
                delegation,
                mp.channel == SubmittedVia.MEETING,
                False,
                None,
                None,
                None,
                None,
                1,
                w.ts(mp.decided_at - dt.timedelta(minutes=3)),
                caseworker,
            )
        )
        self._event(
            case_id, "decision_made", mp.decided_at, caseworker, {"decision_id": decision_id}
        )
        legal = self._legal_reference(mp.month)
        lines_t, payments_t = self.t[decisions.DecisionLine], self.t[payments.Payment]
        for n, line in enumerate(result.lines, start=1):
            line_id = lines_t.new_id()
            lines_t.add(
                (
                    line_id,
                    decision_id,
                    line.purpose,
                    line.outcome,
                    line.amount_applied,
                    line.amount,
                    first,
                    last,
                    line.reasons,
                    legal,
                )
            )
            if line.amount <= 0:
                continue
            payment_id = payments_t.new_id()
            paid = mp.pay_date < self.as_of
            paid_at = dates.at(mp.pay_date, 6, 0) if paid else None
            serial = plan.number.rsplit("-", 1)[1]
            end_to_end = f"DEMO{plan.number[9:13]}{serial}{first:%y%m}{n:02d}"
            payments_t.add(
                (
                    payment_id,
                    case_id,
                    line_id,
                    line.amount,
                    mp.pay_date,
                    "paid" if paid else "planned",
                    end_to_end,
                    "",  # no payment file (PaymentRun) exists for demo payments
                    "",  # so no transfer either
                    False,
                    w.ts(paid_at),
                )
            )
            planned_at = mp.decided_at + dt.timedelta(minutes=1)
            self._event(
                case_id,
                "payment_planned",
                planned_at,
                caseworker,
                {
                    "payment_id": payment_id,
                    "amount": str(line.amount),
                    "pay_date": mp.pay_date.isoformat(),
                },
            )
            if paid:
                self._event(
                    case_id,
                    "payment_paid",
                    paid_at,
                    None,
                    {"payment_id": payment_id, "amount": str(line.amount)},
                )

    def _application_lines(
        self, application_id, caseworker, person_ids, mp, result: MonthResult
    ) -> None:
        w, t = self.w, self.t[applications.ApplicationLine]
        submitted = w.ts(mp.submitted_at)
        applied = {cost_type: amount for cost_type, amount, _ in mp.occasional}
        for cost in result.input["costs"]:
            if cost["type"] in applied:
                continue  # occasional costs are written below with the amount applied for
            t.add(
                (
                    t.new_id(),
                    application_id,
                    "cost",
                    cost["type"],
                    None,
                    cost["amount"],
                    "",
                    "client",
                    None,
                    False,
                    "",
                    None,
                    submitted,
                )
            )
        for cost_type, amount, approved in mp.occasional:
            line_id = t.new_id()
            overridden = 0 < approved < amount
            t.add(
                (
                    line_id,
                    application_id,
                    "cost",
                    cost_type,
                    None,
                    amount,
                    "",
                    "client",
                    None,
                    overridden,
                    "",
                    None,
                    submitted,
                )
            )
            if overridden:
                at = w.ts(mp.decided_at - dt.timedelta(minutes=9)) if mp.decided_at else submitted
                t.add(
                    (
                        t.new_id(),
                        application_id,
                        "cost",
                        cost_type,
                        None,
                        approved,
                        "",
                        "caseworker",
                        line_id,
                        False,
                        self.p["decisions"]["override_reason"],
                        caseworker,
                        at,
                    )
                )
        for income in result.input["incomes"]:
            source = "register" if income["type"] in REGISTER_INCOMES else "client"
            t.add(
                (
                    t.new_id(),
                    application_id,
                    "income",
                    income["type"],
                    person_ids[income["member"]],
                    income["amount"],
                    "",
                    source,
                    None,
                    False,
                    "",
                    None,
                    submitted,
                )
            )
        if "household_size" in result.input:
            t.add(
                (
                    t.new_id(),
                    application_id,
                    "household_fact",
                    "household_size",
                    None,
                    None,
                    str(result.input["household_size"]),
                    "client",
                    None,
                    False,
                    "",
                    None,
                    submitted,
                )
            )

    def _journal(self, plan: HouseholdPlan, case_id: int, caseworker: int, rng) -> None:
        j = self.p["journal"]
        t = self.t[cases.JournalEntry]
        entries = []
        months = plan.case.months
        if months and months[0].kind == "new":
            day = months[0].submitted_at.date() + dt.timedelta(days=rng.randint(0, 3))
            entries.append((day, rng.choice(j["opening"])))
        wanted = between(rng, self.p["history"]["journal_entries_per_case"]) - len(entries)
        decided = [m for m in months if m.decided_at]
        for month_plan in sorted(
            rng.sample(decided, min(max(wanted, 0), len(decided))), key=lambda m: m.month
        ):
            text = rng.choice(j["monthly"]).format(month=dates.label(month_plan.month))
            entries.append((month_plan.decided_at.date(), text))
        if plan.case.closed_on:
            entries.append((plan.case.closed_on, j["closing"][plan.case.closure_reason]))
        for day, text in entries:
            day = min(day, self.as_of)
            signed = min(dates.at(day, rng.randint(13, 16), rng.randint(0, 59)), self.now)
            t.add(
                (
                    t.new_id(),
                    case_id,
                    caseworker,
                    day,
                    text,
                    self.w.ts(signed),
                    None,
                    self.w.ts(signed - dt.timedelta(minutes=rng.randint(5, 40))),
                )
            )
