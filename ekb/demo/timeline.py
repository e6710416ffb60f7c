"""When a household's case opened, which months it applied for, when each application came in and
was decided, and when (and why) the case closed.

The window is the 18 months up to and including the as-of month, plus the next month's renewals
already sent in. Nothing is dated after ``now`` (the moment of the build on the as-of date, or
the end of that day) except planned pay dates: an application is never received in the future.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ekb.demo import dates
from ekb.demo.households import between, pick

# What happens on the as-of day happened at least this long before the build, so the few minutes
# the rows add after an event (a calculation, a payment planned) are still in the past.
LEAD_MINUTES = 20


@dataclass
class MonthPlan:
    month: int  # ordinal (dates.month_of)
    kind: str  # new, renewal
    channel: str
    submitted_at: dt.datetime
    decided_at: dt.datetime | None  # None: not decided by the as-of date
    pay_date: dt.date | None
    supplement: tuple[dt.datetime, dt.datetime | None] | None = None
    broken_plan: bool = False
    # (cost type, applied, approved): one-off costs beyond the norm applied for this month
    occasional: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass
class OlderCase:
    opened_on: dt.date
    closed_on: dt.date
    closure_reason: str


@dataclass
class CasePlan:
    opened_on: dt.date
    closed_on: dt.date | None
    closure_reason: str
    months: list[MonthPlan]
    support_before: list[int]  # months before the window in which the household had support
    older: OlderCase | None = None


class Timeline:
    def __init__(self, params: dict, *, as_of: dt.date, now: dt.datetime | None = None):
        self.p = params["history"]
        self.costs = params["costs"]
        self.as_of = as_of
        self.now = min(now, dates.end_of(as_of)) if now else dates.end_of(as_of)
        self.current = dates.month_of(as_of)
        self.first = self.current - self.p["months"] + 1
        self.last = self.current + 1  # renewals for next month already sent in

    def _time(self, rng, day: dt.date, hours=(8, 17)) -> dt.datetime:
        return dates.at(day, rng.randint(*hours), rng.randint(0, 59))

    def pay_day(self, month: int) -> dt.date:
        """Renewals for a month are paid on the pay day of the month before."""
        return dates.weekday_on_or_before(dates.day_in(month - 1, self.p["pay_day"]))

    def plan(
        self,
        rng: random.Random,
        *,
        earliest_open: int,
        long_term: bool | None = None,
        keep_open: bool = False,
    ) -> CasePlan:
        """earliest_open: the first month the applicant was an adult."""
        p = self.p
        if long_term is None:
            long_term = rng.random() < p["long_term_share"]
        if long_term:
            start = max(
                self.first - between(rng, p["long_term_opened_months_before"]), earliest_open
            )
            end = self.last
            if rng.random() < p["long_term_close_share"] and not keep_open:
                end = rng.randint(self.first + 1, self.current)
        else:
            spell = {int(k): v for k, v in p["spell_months"].items()}
            while True:
                start = rng.randint(
                    self.first - p["spell_start_months_before_window"], self.current
                )
                start = max(start, earliest_open)
                end = start + pick(rng, spell) - 1
                if end >= self.first and start <= self.current:
                    break
            end = min(end, self.last)

        # The first application: new when it falls inside the window.
        if start >= self.first:
            day = between(rng, p["new_submitted_days"])
            if start == self.current:
                day = min(day, self.as_of.day)
            opened_on = dates.day_in(start, day)
        else:
            opened_on = dates.day_in(start, rng.randint(1, 28))

        months = []
        for month in range(max(start, self.first), end + 1):
            plan = self._month(
                rng, month, new=month == start and start >= self.first, opened_on=opened_on
            )
            if plan is None:
                break
            months.append(plan)

        closed_on, reason = None, ""
        if end < self.last:  # the spell ended: the case closes early in the month after
            candidate = dates.first_day(end + 1) + dt.timedelta(days=rng.randint(0, 20))
            if candidate <= self.as_of:
                closed_on, reason = candidate, pick(rng, p["closure_reasons"])

        before = list(
            range(max(start, self.first - p["support_history_months_before"]), self.first)
        )
        plan = CasePlan(opened_on, closed_on, reason, months, before)
        if rng.random() < p["older_closed_case_share"]:
            years = between(rng, p["older_closed_case_years_back"])
            closed_month = dates.month_of(opened_on) - rng.randint(3, 12 * years)
            opened_month = closed_month - rng.randint(1, 14)
            if opened_month >= earliest_open:
                plan.older = OlderCase(
                    dates.day_in(opened_month, rng.randint(1, 28)),
                    dates.day_in(closed_month, rng.randint(1, 28)),
                    pick(rng, p["closure_reasons"]),
                )
        return plan

    def _month(self, rng, month: int, *, new: bool, opened_on: dt.date) -> MonthPlan | None:
        p = self.p
        if new:
            submitted = self._time(rng, opened_on, (7, 22))
            decided_day = dates.weekday_on_or_after(
                opened_on + dt.timedelta(days=between(rng, p["new_decision_days"]))
            )
            pay_date = dates.weekday_on_or_after(decided_day + dt.timedelta(days=1))
        else:
            submit_day = dates.day_in(month - 1, between(rng, p["renewal_submitted_days"]))
            submitted = self._time(rng, submit_day, (7, 22))
            pay_date = self.pay_day(month)
            decided_day = dates.weekday_on_or_after(
                submit_day + dt.timedelta(days=between(rng, p["renewal_decision_days"]))
            )
            decided_day = min(decided_day, pay_date - dt.timedelta(days=1))
        if submitted.date() > self.as_of:
            return None
        if submitted > self.now - dt.timedelta(minutes=LEAD_MINUTES):
            # Sent in today, but at an hour still to come: it came in a little before now.
            submitted = self.now - dt.timedelta(minutes=rng.randint(LEAD_MINUTES, 3 * LEAD_MINUTES))
        decided_at = self._time(rng, decided_day, (9, 16))
        supplement = None
        requested = submitted + dt.timedelta(days=1, hours=2)
        if rng.random() < p["supplement_request_share"] and requested <= self.now:
            # A document was missing: the decision waits for the answer.
            answered = requested + dt.timedelta(days=rng.randint(1, 6))
            decided_at = max(decided_at, answered + dt.timedelta(days=1))
            pay_date = max(
                pay_date, dates.weekday_on_or_after(decided_at.date() + dt.timedelta(days=1))
            )
            supplement = (requested, answered if answered <= self.now else None)
        if decided_at > self.now - dt.timedelta(minutes=LEAD_MINUTES):
            decided_at, pay_date = None, None
        plan = MonthPlan(
            month=month,
            kind="new" if new else "renewal",
            channel=pick(rng, p["channels"]),
            submitted_at=submitted,
            decided_at=decided_at,
            pay_date=pay_date,
            supplement=supplement,
            broken_plan=not new and rng.random() < p["broken_plan_share"],
        )
        for cost_type, spec in self.costs["occasional"].items():
            if rng.random() < spec["share"]:
                applied = between(rng, spec["range"])
                outcome = pick(rng, self.costs["occasional_outcomes"])
                approved = applied
                if outcome == "partly_granted":
                    approved = round(applied * rng.uniform(*self.costs["partly_granted_share"]))
                elif outcome == "refused":
                    approved = 0
                plan.occasional.append((cost_type, applied, approved))
        return plan
