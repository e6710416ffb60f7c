"""A household's 18 months: the household-month inputs, their calculation and the decisions.

Months are calculated in calendar order for a whole chunk of households at once with the norm
engine's calculate_many, because a month's input names the earlier months with support
(jobbstimulans depends on them), and those depend on the earlier decisions.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from ekb.decisions.household_month import assemble
from ekb.decisions.support_history import FORSORJNINGSSTOD_PURPOSES
from ekb.demo import amounts, dates
from ekb.demo.households import Household, HouseholdFactory, Member, pick
from ekb.demo.organisation import Organisation
from ekb.demo.timeline import CasePlan, MonthPlan, Timeline
from ekb.norm.errors import MissingParametersError

ZERO = Decimal(0)


@dataclass
class Line:
    """A decision line before it has ids."""

    purpose: str
    outcome: str
    amount_applied: Decimal
    amount: Decimal
    reasons: str
    delegation: str


@dataclass
class MonthResult:
    input: dict
    totals: amounts.Totals
    explained: dict | None  # the engine's full result with rows, for the latest months
    lines: list[Line]
    versions: dict  # rule versions shared by the month's calculations


@dataclass
class HouseholdPlan:
    household: Household
    unit: str
    caseworker: str
    case: CasePlan
    number: str
    older_number: str = ""
    results: dict[int, MonthResult] = field(default_factory=dict)
    supported: list[str] = field(default_factory=list)  # month labels with support granted
    supported_months: list[int] = field(default_factory=list)  # the same as month ordinals
    support_before_labels: list[str] = field(default_factory=list)

    @property
    def is_protected(self) -> bool:
        return self.household.is_protected

    @property
    def weight(self) -> int:
        return 1 + (len(self.household.children) >= 3) + self.is_protected


class Planner:
    def __init__(
        self,
        params: dict,
        org: Organisation,
        factory: HouseholdFactory,
        *,
        seed: int,
        as_of: dt.date,
        households: int,
        now: dt.datetime | None = None,
    ):
        self.p = params
        self.org = org
        self.factory = factory
        self.seed = seed
        self.as_of = as_of
        self.timeline = Timeline(params, as_of=as_of, now=now)
        self.units = {u["code"]: u["share"] for u in params["municipality"]["units"]}
        self.serials: dict[int, int] = {}
        self.versions: dict[int, dict] = {}
        self.turns: dict[str, int] = {}
        hh = params["households"]
        count = max(hh["protected_min"], round(households * hh["protected_share"]))
        others = random.Random(f"{seed}:protected").sample(
            range(2, households), max(0, min(count - 2, households - 2))
        )
        self.protected = {0, 1, *others}

    def _number(self, opened_on: dt.date) -> str:
        year = opened_on.year
        self.serials[year] = self.serials.get(year, 0) + 1
        return f"EKB-{self.org.municipality.code}-{year}-{self.serials[year]:06d}"

    def plan(self, index: int) -> HouseholdPlan:
        rng = random.Random(f"{self.seed}:case:{index}")
        unit = pick(rng, self.units)
        kind = long_term = caseworker = None
        norr = self.org.caseworkers["norr"]
        if index in (0, 1):
            # Both sides of the protected-identity gate in unit Norr: one case of
            # handlaggare.norr, one of a colleague, both open and long-running.
            unit, long_term = "norr", True
            kind = "single_mother" if index == 0 else "single_man"
            caseworker = norr[index % len(norr)]
        household = self.factory.make(index, kind=kind, protected=index in self.protected)
        if caseworker is None:
            # In turn within the unit, so that caseloads come out even.
            workers = self.org.caseworkers[unit]
            turn = self.turns.get(unit, 0)
            self.turns[unit] = turn + 1
            caseworker = workers[turn % len(workers)]
        applicant = household.members[0]
        adult_from = dates.month_of(applicant.birth_date) + 18 * 12 + 1
        case = self.timeline.plan(
            rng, earliest_open=adult_from, long_term=long_term, keep_open=index in (0, 1)
        )
        older_number = self._number(case.older.opened_on) if case.older else ""
        return HouseholdPlan(
            support_before_labels=[dates.label(m) for m in case.support_before],
            household=household,
            unit=unit,
            caseworker=caseworker,
            case=case,
            number=self._number(case.opened_on),
            older_number=older_number,
        )

    # -- the household-month ---------------------------------------------------------------

    def _rent(self, household: Household, month: int) -> int:
        years_back = self.as_of.year - month // 12
        return round(household.rent / (1 + self.p["rent"]["yearly_increase"]) ** years_back)

    def month_input(self, plan: HouseholdPlan, month_plan: MonthPlan, rng: random.Random) -> dict:
        household, month = plan.household, month_plan.month
        first = dates.first_day(month)
        members, incomes = [], []
        present: set[str] = set()
        for m in household.members:
            if m.role == "child" and m.birth_date >= first:
                continue  # born during the window: in the household from the month after
            present.add(m.key)
            members.append(self._member(m, month))
            for income_type, amount in m.incomes:
                if income_type == "salary":
                    spread = self.p["reasons"]["salary_monthly_variation"]
                    amount = round(amount * rng.uniform(1 - spread, 1 + spread))
                incomes.append({"member": m.key, "type": income_type, "amount": amount})
            if m.child_salary and month % 12 + 1 in self.p["child_benefits"]["summer_months"]:
                earlier = sum(
                    1 for s in self.p["child_benefits"]["summer_months"] if s < month % 12 + 1
                )
                incomes.append(
                    {
                        "member": m.key,
                        "type": "child_salary",
                        "amount": m.child_salary,
                        "earned_this_year_before": m.child_salary * earlier,
                    }
                )
        for key, income_type, amount in household.household_incomes:
            incomes.append({"member": key, "type": income_type, "amount": amount})
        costs = [{"type": "rent", "amount": self._rent(household, month)}]
        if household.electricity:
            costs.append({"type": "electricity", "amount": household.electricity})
        if household.home_insurance:
            costs.append({"type": "home_insurance", "amount": household.home_insurance})
        costs += [{"type": t, "amount": a} for t, a in household.costs]
        costs += [
            {"type": t, "amount": approved} for t, _, approved in month_plan.occasional if approved
        ]
        result, _needs = assemble(
            dates.label(month),
            members,
            costs,
            incomes,
            support_history=plan.support_before_labels + plan.supported,
            other_residents=household.other_residents,
        )
        return result

    @staticmethod
    def _member(m: Member, month: int) -> dict:
        item = {"id": m.key, "role": m.role, "birth_date": m.birth_date.isoformat()}
        if m.role == "child":
            item["lunch_at_home"] = m.lunch_at_home
            item["in_school"] = m.in_school
            if m.days_per_month is not None:
                item["days_in_household"] = min(m.days_per_month, dates.days_in(month))
        return item

    # -- calculating and deciding ------------------------------------------------------------

    def calculate(self, plans: list[HouseholdPlan]) -> None:
        by_month: dict[int, list[tuple[HouseholdPlan, MonthPlan]]] = {}
        for plan in plans:
            for month_plan in plan.case.months:
                by_month.setdefault(month_plan.month, []).append((plan, month_plan))
        full_from = self.timeline.last - self.p["history"]["full_snapshot_months"] + 1
        rngs = {
            id(plan): random.Random(f"{self.seed}:month:{plan.household.index}") for plan in plans
        }
        for month in sorted(by_month):
            batch = by_month[month]
            inputs = [self.month_input(plan, mp, rngs[id(plan)]) for plan, mp in batch]
            support = [plan.case.support_before + plan.supported_months for plan, _ in batch]
            try:
                if month not in self.versions:
                    self.versions[month] = amounts.month_versions(inputs[0])
                month_totals = amounts.totals_many(inputs, support)
            except MissingParametersError:
                if month <= dates.month_of(self.as_of):
                    raise  # history the demo cannot calculate: the builder says which --as-of
                # Next month's renewals before its norm is decided (December): the demo leaves
                # them out (a municipality cannot decide them either) rather than stop; real
                # ones wait for the amounts in the flow.
                for plan, month_plan in batch:
                    plan.case.months.remove(month_plan)
                continue
            for (plan, month_plan), household_month, totals in zip(
                batch, inputs, month_totals, strict=True
            ):
                explained = amounts.explain(household_month) if month >= full_from else None
                lines = self.decide(month_plan, totals)
                plan.results[month] = MonthResult(
                    household_month, totals, explained, lines, self.versions[month]
                )
                # A month counts for jobbstimulans when a line that is försörjningsstöd was
                # granted, as in the case flow (ekb.decisions.support_history).
                if month_plan.decided_at and any(
                    line.amount > 0 and line.purpose in FORSORJNINGSSTOD_PURPOSES for line in lines
                ):
                    plan.supported.append(dates.label(month))
                    plan.supported_months.append(month)

    def decide(self, month_plan: MonthPlan, totals: amounts.Totals) -> list[Line]:
        d = self.p["decisions"]
        reasons = d["reasons"]
        occasional = self.p["costs"]["occasional"]
        remaining = totals.amount
        lines = []
        for cost_type, applied, approved in month_plan.occasional:
            granted = min(Decimal(approved), remaining)
            remaining -= granted
            if month_plan.broken_plan:
                granted = ZERO
            if granted == applied:
                outcome, why = "granted", ""
            elif granted > 0:
                outcome = "partly_granted"
                why = (
                    reasons["occasional_partly"]
                    if approved < applied
                    else reasons["occasional_covered"]
                )
            else:
                outcome = "refused"
                why = (
                    reasons["occasional_refused"]
                    if approved == 0
                    else reasons["income_covers_need"]
                )
            if month_plan.broken_plan:
                why = reasons["broken_plan"]
            lines.append(
                Line(
                    occasional[cost_type]["purpose"],
                    outcome,
                    Decimal(applied),
                    granted,
                    why,
                    d["delegation_other"],
                )
            )
        if month_plan.broken_plan:
            livelihood = Line(
                "livelihood",
                "refused",
                remaining,
                ZERO,
                reasons["broken_plan"],
                d["delegation_refused"],
            )
        elif remaining > 0:
            livelihood = Line(
                "livelihood", "granted", remaining, remaining, "", d["delegation_granted"]
            )
        else:
            livelihood = Line(
                "livelihood",
                "refused",
                ZERO,
                ZERO,
                reasons["income_covers_need"],
                d["delegation_refused"],
            )
        return [livelihood, *lines]
