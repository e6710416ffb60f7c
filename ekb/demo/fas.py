"""FAS in the demo: meetings, logged calls, plans and the activity requirement, as table rows.

Written by the bulk writer beside each household's case (rows.RowMaker calls ``FasMaker.add``),
so that they scale with the households and repeat from the seed and the as-of date. Proportions
are data in parameters.yaml (``fas``), after Malmö's FAS (seed 003 §2.4, §4.1; seed 004 §4.1).

- Meetings: each case is met every one, two or three months, a new client more often at first;
  about one in ten is missed (with its follow-up task, closed unless recent). Every caseworker's
  calendar is kept as taken 15-minute slots, so no two of her meetings overlap and none falls in
  her phone hour; meetings are on weekdays inside working hours. Past meetings are recorded,
  those after the build's moment are booked (open cases, the coming weeks).
- Plans: established at a held meeting with the client's and the caseworker's signatures (for a
  new client at about the fifth meeting, in most cases within three months), followed up at
  least every third month, with sub-goals, conditions (ekb/plans/rules/conditions.yaml), progress
  steps, a few referrals and client comments, one in three of them a disagreement.
- The activity requirement: an adult with försörjningsstöd granted in the three months before
  this month or the next is flagged (the same task source as ekb.plans.activity_actions, so the
  live flag does not open it again), exempted for a reason that fits, or given a schedule with
  sessions of the four kinds and attendance recorded for the weeks that have passed.

Nothing is dated after the build's moment except what is booked for later (meetings, sessions,
follow-ups due, exemption review dates).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from ekb.cases import models as cases
from ekb.demo import dates
from ekb.demo.households import between, pick
from ekb.lib import swedish_calendar
from ekb.meetings import models as meetings
from ekb.plans import models as plans
from ekb.plans.activity import rule as activity_rule
from ekb.plans.choices import SENSITIVE_AREAS
from ekb.plans.rules import conditions_in_force

SPECS = [
    (
        meetings.Meeting,
        (
            "id",
            "case_id",
            "caseworker_id",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "kind",
            "place",
            "interpreter_language",
            "status",
            "created_by_id",
            "created_at",
            "participants",
            "notes_planning",
            "notes_health",
            "notes_children",
            "agreed",
            "children_considered",
            "no_show_follow_up",
            "recorded_at",
            "recorded_by_id",
            "notes_school",
        ),
    ),
    (
        meetings.MeetingFrequency,
        ("id", "case_id", "interval_months", "reason", "valid_from", "set_by_id", "set_at"),
    ),
    (
        meetings.ContactLog,
        (
            "id",
            "case_id",
            "kind",
            "direction",
            "at",
            "duration_minutes",
            "note",
            "by_id",
            "created_at",
        ),
    ),
    (plans.Plan, ("id", "case_id", "created_by_id", "created_at")),
    (
        plans.PlanVersion,
        (
            "id",
            "plan_id",
            "number",
            "status",
            "intervention",
            "situation",
            "interpreter_language",
            "goal",
            "strengths",
            "created_by_id",
            "created_at",
            "shared_at",
            "established_at",
            "established_by_id",
            "meeting_id",
            "work_capacity_client",
            "work_capacity_af",
            "work_capacity_caseworker",
            "help_from_social_services",
            "help_from_other_agencies",
            "cooperation_wishes",
        ),
    ),
    (plans.PlanObstacle, ("id", "version_id", "life_area", "person_id", "text")),
    (plans.SubGoal, ("id", "version_id", "position", "text", "status")),
    (
        plans.PlanActivity,
        ("id", "version_id", "what", "responsible", "by_date", "responsible_text"),
    ),
    (
        plans.PlanCondition,
        (
            "id",
            "version_id",
            "key",
            "text",
            "legal_basis",
            "consequence",
            "individual_reason",
            "status",
            "status_set_at",
            "status_set_by_id",
            "status_note",
        ),
    ),
    (
        plans.PlanComment,
        ("id", "version_id", "person_id", "topic", "text", "disagrees", "created_at"),
    ),
    (plans.PlanSignature, ("id", "version_id", "role", "person_id", "user_id", "signed_at")),
    (
        plans.PlanFollowUp,
        (
            "id",
            "plan_id",
            "due_on",
            "held_on",
            "notes",
            "meeting_id",
            "booked_by_id",
            "booked_at",
            "held_by_id",
        ),
    ),
    (
        plans.ProgressStep,
        (
            "id",
            "plan_id",
            "life_area",
            "from_step",
            "to_step",
            "note",
            "on",
            "recorded_by_id",
            "recorded_at",
        ),
    ),
    (
        plans.Referral,
        ("id", "plan_id", "to", "question", "sent_on", "answer", "answered_on", "sent_by_id"),
    ),
    (
        plans.ActivityExemption,
        (
            "id",
            "case_id",
            "person_id",
            "reason",
            "note",
            "valid_from",
            "review_on",
            "recorded_by_id",
            "recorded_at",
        ),
    ),
    (
        plans.ActivitySchedule,
        (
            "id",
            "case_id",
            "person_id",
            "weekly_target_hours",
            "rule_target_hours",
            "part_time_work_hours",
            "target_reason",
            "own_job_seeking_hours",
            "set_by_id",
            "set_at",
        ),
    ),
    (
        plans.ActivityTarget,
        (
            "id",
            "schedule_id",
            "hours",
            "rule_hours",
            "part_time_work_hours",
            "reason",
            "valid_from",
            "set_by_id",
            "set_at",
        ),
    ),
    (
        plans.ActivitySession,
        (
            "id",
            "schedule_id",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "provider",
            "created_by_id",
            "created_at",
        ),
    ),
    (
        plans.ActivityAttendance,
        ("id", "session_id", "status", "note", "recorded_by_id", "recorded_at"),
    ),
    (
        cases.Task,
        (
            "id",
            "case_id",
            "kind",
            "text",
            "due_on",
            "source",
            "opened_at",
            "opened_by_id",
            "closed_at",
            "closed_by_id",
            "outcome",
        ),
    ),
]

ADULT_ROLES = ("applicant", "co_applicant")
VERSION_TEXTS = (
    "work_capacity_client",
    "work_capacity_af",
    "work_capacity_caseworker",
    "help_from_social_services",
    "help_from_other_agencies",
    "cooperation_wishes",
)
AGENCY = {"other_agency": "Arbetsförmedlingen"}


def add_months(day: dt.date, months: int) -> dt.date:
    month = dates.month_of(day) + months
    return dates.day_in(month, day.day)


def next_working_day(day: dt.date, days: int = 1) -> dt.date:
    for _ in range(days):
        day = swedish_calendar.next_working_day(day + dt.timedelta(days=1))
    return day


class Calendar:
    """A caseworker's taken 15-minute slots, so that her meetings never overlap."""

    def __init__(self, fas: dict):
        self.start_hour, self.end_hour = fas["working_hours"]
        self.slot = fas["slot_minutes"]
        self.per_day = (self.end_hour - self.start_hour) * 60 // self.slot
        ph = fas["phone_hours"]
        self.phone_weekdays = set(ph["weekdays"])
        self.phone_slots = set(range(self._slot_of(ph["starts"]), self._slot_of(ph["ends"])))
        self.taken: dict[int, set[tuple[dt.date, int]]] = {}

    def _slot_of(self, text: str) -> int:
        hour, minute = (int(x) for x in text.split(":"))
        return ((hour - self.start_hour) * 60 + minute) // self.slot

    def book(self, rng, user_id: int, near: dt.date, minutes: int, *, earliest=None, latest=None):
        """A free start time on a weekday near ``near`` (a few working days either way), between
        ``earliest`` and ``latest`` (aware datetimes) when given; None when the week is full."""
        taken = self.taken.setdefault(user_id, set())
        length = -(-minutes // self.slot)
        for attempt in range(30):
            day = near + dt.timedelta(days=rng.randint(-3, 3) if attempt else 0)
            # A working day (no julafton, no public holiday): the booking rule refuses others.
            day = swedish_calendar.next_working_day(day)
            first = rng.randint(0, self.per_day - length)
            slots = range(first, first + length)
            if day.weekday() in self.phone_weekdays and self.phone_slots.intersection(slots):
                continue
            if any((day, s) in taken for s in slots):
                continue
            starts = dates.at(day, self.start_hour) + dt.timedelta(minutes=first * self.slot)
            if (earliest and starts < earliest) or (latest and starts > latest):
                continue
            taken.update((day, s) for s in slots)
            return starts
        return None


class FasMaker:
    def __init__(self, params: dict, org, writer, *, seed: int, as_of: dt.date, now: dt.datetime):
        self.p = params["fas"]
        self.org = org
        self.w = writer
        self.seed = seed
        self.as_of = as_of
        self.now = now
        self.t = {model: writer[model] for model, _ in SPECS}
        self.calendar = Calendar(self.p)
        self.window_start = dates.first_day(dates.month_of(as_of) - self.p["meeting_months"] + 1)
        self.unit_names = {code: unit.name for code, unit in org.units.items()}
        # The labour-market officers of each unit (fixed logins with that role).
        self.officers: dict[str, list[int]] = {}
        for person in params["staff"]["fixed"]:
            if person["role"] == "labour_market_officer" and person["unit"]:
                user = org.users.get(person["username"])
                if user:
                    self.officers.setdefault(person["unit"], []).append(user.pk)
        self.counts = {"fas_plans": 0, "fas_covered": 0}

    def rng(self, plan, purpose: str) -> random.Random:
        return random.Random(f"{self.seed}:fas:{purpose}:{plan.household.index}")

    def labour_market_officer(self, plan) -> int | None:
        """The unit's labour-market officer shares some open cases with the caseworker."""
        officers = self.officers.get(plan.unit)
        if not officers or plan.case.closed_on is not None or plan.is_protected:
            return None
        rng = self.rng(plan, "officer")
        if rng.random() >= self.p["labour_market_share"]:
            return None
        return rng.choice(officers)

    # -- rows -------------------------------------------------------------------------------

    def add(self, plan, case_id: int, person_ids: dict[str, int], caseworker: int, officer, event):
        """``event(case_id, kind, at, actor, data, visible)`` writes a case event."""
        self.event = event
        case = plan.case
        if case.closed_on is not None and case.closed_on < self.window_start:
            return
        held = self._meetings(plan, case_id, caseworker, event)
        self._contacts(plan, case_id, caseworker)
        self._plan(plan, case_id, person_ids, caseworker, officer, held)
        if case.closed_on is None:
            self._activity(plan, case_id, person_ids, caseworker)

    def _task(
        self,
        case_id,
        kind,
        text,
        source,
        opened_at,
        opened_by,
        *,
        due_on=None,
        closed=None,
        outcome="",
    ):
        t = self.t[cases.Task]
        closed_at = closed[0] if closed else None
        t.add(
            (
                t.new_id(),
                case_id,
                kind,
                text,
                due_on,
                source,
                self.w.ts(opened_at),
                opened_by,
                self.w.ts(closed_at),
                closed[1] if closed else None,
                outcome if closed else "",
            )
        )

    def _meetings(self, plan, case_id, caseworker, event) -> list[tuple[int, dt.datetime]]:
        """Writes the case's meetings; returns the held ones as (id, starts_at), in order."""
        p, rng, case = self.p, self.rng(plan, "meetings"), plan.case
        household = plan.household
        new_case = case.opened_on >= self.window_start
        interval = pick(rng, p["interval_months"])
        if interval >= p["own_interval_from_months"]:
            # A need-based interval, recorded with its reason so the month view expects it.
            t = self.t[meetings.MeetingFrequency]
            valid_from = max(case.opened_on, self.window_start)
            t.add(
                (
                    t.new_id(),
                    case_id,
                    interval,
                    p["own_interval_reason"],
                    valid_from,
                    caseworker,
                    self.w.ts(min(dates.at(valid_from, 11), self.now)),
                )
            )
        early = between(rng, p["early_meetings"]) if new_case else 0
        open_case = case.closed_on is None
        horizon = (
            self.as_of + dt.timedelta(weeks=p["booked_weeks"]) if open_case else case.closed_on
        )
        if new_case:
            day = case.opened_on + dt.timedelta(days=between(rng, p["first_meeting_days"]))
        else:
            day = self.window_start + dt.timedelta(days=rng.randint(0, interval * 30 - 1))
        applicant = household.adults[0]
        interpreter = ""
        if applicant.foreign_born and rng.random() < p["interpreter_share"]:
            interpreter = rng.choice(p["interpreter_languages"])
        has_children = bool(household.children)
        notes = p["notes"]
        t = self.t[meetings.Meeting]
        held: list[tuple[int, dt.datetime]] = []
        count, booked_ahead = 0, 0
        while day <= horizon:
            count += 1
            kind = pick(rng, p["kinds"])
            minutes = pick(rng, p["durations_by_kind"].get(kind, p["durations"]))
            starts = self.calendar.book(
                rng,
                caseworker,
                day,
                minutes,
                earliest=dates.at(case.opened_on, 0),
                latest=dates.at(case.closed_on, 8) if case.closed_on else None,
            )
            gap = (
                between(rng, p["early_gap_days"])
                if count < early
                else interval * 30
                + rng.randint(-p["interval_jitter_days"], p["interval_jitter_days"])
            )
            day += dt.timedelta(days=gap)
            if starts is None:
                continue
            ends = starts + dt.timedelta(minutes=minutes)
            future = ends > self.now
            if future and (not open_case or booked_ahead):
                continue  # only one meeting booked ahead, and none for a closed case
            meeting_id = t.new_id()
            created = max(
                starts - dt.timedelta(days=rng.randint(5, 25)), dates.at(case.opened_on, 9)
            )
            created = min(created, starts, self.now - dt.timedelta(minutes=rng.randint(30, 600)))
            place = p["places"][kind].format(unit=self.unit_names[plan.unit])
            row = [
                meeting_id,
                case_id,
                caseworker,
                self.w.ts(starts),
                self.w.ts(ends),
                minutes,
                kind,
                place,
                interpreter,
            ]
            if future:
                booked_ahead += 1
                t.add((*row, "booked", caseworker, self.w.ts(created), *[""] * 7, None, None, ""))
                event(
                    case_id,
                    "meeting_booked",
                    created,
                    caseworker,
                    {"meeting_id": meeting_id, "date": starts.date().isoformat()},
                    True,
                )
                continue
            recorded = min(ends + dt.timedelta(minutes=rng.randint(10, 240)), self.now)
            if rng.random() < p["missed_share"]:
                t.add(
                    (
                        *row,
                        "missed",
                        caseworker,
                        self.w.ts(created),
                        *[""] * 6,
                        notes["no_show"],
                        self.w.ts(recorded),
                        caseworker,
                        "",
                    )
                )
                event(
                    case_id,
                    "meeting_missed",
                    recorded,
                    caseworker,
                    {"meeting_id": meeting_id, "date": starts.date().isoformat()},
                    False,
                )
                due_on = next_working_day(recorded.date(), 5)
                recent = (self.as_of - starts.date()).days <= p["missed_task_open_days"]
                closed_at = min(recorded + dt.timedelta(days=rng.randint(1, 5)), self.now)
                self._task(
                    case_id,
                    "meeting_missed",
                    f"Klienten uteblev från mötet {starts.date().isoformat()}. "
                    f"Uppföljning hittills: {notes['no_show']}",
                    f"meetings.meeting:{meeting_id}",
                    recorded,
                    caseworker,
                    due_on=due_on,
                    closed=None if recent else (closed_at, caseworker),
                    outcome=p["missed_task_outcome"],
                )
                continue
            health = rng.choice(notes["health"]) if rng.random() < 0.25 else ""
            t.add(
                (
                    *row,
                    "held",
                    caseworker,
                    self.w.ts(created),
                    p["participants"][kind],
                    rng.choice(notes["planning"]),
                    health,
                    notes["children"] if has_children else "",
                    rng.choice(notes["agreed"]),
                    notes["children_considered"] if has_children else "",
                    "",
                    self.w.ts(recorded),
                    caseworker,
                    "",
                )
            )
            event(
                case_id,
                "meeting_held",
                recorded,
                caseworker,
                {"meeting_id": meeting_id, "date": starts.date().isoformat()},
                False,
            )
            held.append((meeting_id, starts))
        return held

    def _contacts(self, plan, case_id, caseworker) -> None:
        p, rng, case = self.p, self.rng(plan, "contacts"), plan.case
        first = max(case.opened_on, self.window_start)
        last = min(case.closed_on or self.as_of, self.as_of)
        span = (last - first).days
        if span < 1:
            return
        t = self.t[meetings.ContactLog]
        ph = p["phone_hours"]
        hour = int(ph["starts"].split(":")[0])
        for _ in range(between(rng, p["contacts_per_case"])):
            day = dates.weekday_on_or_before(first + dt.timedelta(days=rng.randint(0, span)))
            if day < first:
                continue
            at = dates.at(day, hour, rng.randint(0, 55))
            if at > self.now:
                continue
            kind = pick(rng, p["contact_kinds"])
            t.add(
                (
                    t.new_id(),
                    case_id,
                    kind,
                    "in" if rng.random() < 0.7 else "out",
                    self.w.ts(at),
                    rng.randint(3, 20) if kind == "call" else None,
                    rng.choice(p["contact_notes"]),
                    caseworker,
                    self.w.ts(min(at + dt.timedelta(minutes=rng.randint(1, 30)), self.now)),
                )
            )

    # -- the plan ---------------------------------------------------------------------------

    def _plan(self, plan, case_id, person_ids, caseworker, officer, held) -> None:
        p, rng, case = self.p, self.rng(plan, "plan"), plan.case
        if not held:
            return
        new_case = case.opened_on >= self.window_start
        adults = [m for m in plan.household.adults if m.role in ADULT_ROLES]
        t_plan = self.t[plans.Plan]
        versions: list[tuple[str, dt.datetime, int | None]] = []  # (status, at, meeting id)
        if new_case:
            early = between(rng, p["early_meetings"])
            if len(held) >= early and rng.random() < p["plan_within_three_months_share"]:
                meeting_id, at = held[early - 1]
                versions.append(("established", at, meeting_id))
            elif len(held) >= 3:
                if rng.random() >= p["plan_shared_share"]:
                    return  # no plan yet: the "not all" of seed 004 §4.1
                versions.append(("shared", held[-1][1], None))
            else:
                return
        elif rng.random() < p["long_term_without_plan_share"]:
            return  # a long-term client whose plan was never drawn up: it happens
        else:
            # A long-term client: the first version was established before the window (its
            # meeting is not in the demo) and revised at the first meeting held in it.
            first_at = min(
                dates.at(add_months(case.opened_on, 2), 10), held[0][1] - dt.timedelta(days=30)
            )
            versions.append(("superseded", first_at, None))
            versions.append(("established", held[0][1], held[0][0]))
        if versions[-1][0] == "established" and rng.random() < p["revision_shared_share"]:
            later = [h for h in held if h[1] > versions[-1][1]]
            if later:
                versions.append(("shared", later[-1][1], None))

        plan_id = t_plan.new_id()
        created = min(versions[0][1] - dt.timedelta(days=7), self.now)
        t_plan.add((plan_id, case_id, caseworker, self.w.ts(created)))
        self.counts["fas_plans"] += 1
        goal = rng.choice(p["goals"])
        areas = rng.sample(sorted(p["obstacles"]), rng.randint(1, 2))
        obstacles = {a: p["obstacles"][a] for a in sorted(areas)}
        established_at = None
        for number, (status, at, meeting_id) in enumerate(versions, start=1):
            version_id = self._version(
                plan, plan_id, number, status, at, meeting_id, caseworker, goal, obstacles, rng
            )
            t = self.t[plans.PlanObstacle]
            for area, text in obstacles.items():
                # A sensitive area (health, addiction, violence, crime) is one adult's own: the
                # applicant's here (ekb.plans.models.PlanObstacle).
                person = person_ids[adults[0].key] if area in SENSITIVE_AREAS else None
                t.add((t.new_id(), version_id, area, person, text))
            self._contents(version_id, at, caseworker, rng, status)
            if status in ("established", "superseded"):
                signed = at + dt.timedelta(minutes=40)
                t = self.t[plans.PlanSignature]
                for adult in adults:
                    t.add(
                        (
                            t.new_id(),
                            version_id,
                            adult.role,
                            person_ids[adult.key],
                            None,
                            self.w.ts(signed),
                        )
                    )
                t.add((t.new_id(), version_id, "caseworker", None, caseworker, self.w.ts(signed)))
                if officer and status == "established":
                    t.add(
                        (
                            t.new_id(),
                            version_id,
                            "labour_market_officer",
                            None,
                            officer,
                            self.w.ts(signed),
                        )
                    )
            if status == "established":
                established_at = at
                self.event(
                    case_id,
                    "plan_established",
                    at + dt.timedelta(minutes=45),
                    caseworker,
                    {"version_id": version_id},
                    True,
                )
            if status == "shared" and rng.random() < p["comment_share"]:
                disagrees = rng.random() < p["disagreement_share"]
                t = self.t[plans.PlanComment]
                at_comment = min(at + dt.timedelta(days=rng.randint(1, 6), hours=3), self.now)
                t.add(
                    (
                        t.new_id(),
                        version_id,
                        person_ids[adults[0].key],
                        "goals" if disagrees else "whole",
                        p["comments"]["disagree" if disagrees else "agree"],
                        disagrees,
                        self.w.ts(at_comment),
                    )
                )
        if established_at is not None:
            self._follow_up(plan_id, established_at, held, caseworker, rng)

    def _version(
        self, plan, plan_id, number, status, at, meeting_id, caseworker, goal, obstacles, rng
    ) -> int:
        p = self.p
        t = self.t[plans.PlanVersion]
        version_id = t.new_id()
        drafted = at - dt.timedelta(days=rng.randint(3, 10))
        shared = (
            at - dt.timedelta(days=rng.randint(1, 2)) if status != "shared" else min(at, self.now)
        )
        done = status in ("established", "superseded")
        t.add(
            (
                version_id,
                plan_id,
                number,
                status,
                p["intervention"],
                p["situation"],
                "",
                goal,
                p["strengths"],
                caseworker,
                self.w.ts(drafted),
                self.w.ts(shared),
                self.w.ts(at + dt.timedelta(minutes=45)) if done else None,
                caseworker if done else None,
                meeting_id,
                *(p["version_texts"][key] for key in VERSION_TEXTS),
            )
        )
        return version_id

    def _contents(self, version_id, at, caseworker, rng, status) -> None:
        p = self.p
        t = self.t[plans.SubGoal]
        for position, text in enumerate(rng.sample(p["sub_goals"], rng.randint(2, 3))):
            done = status == "superseded" and rng.random() < 0.5
            t.add((t.new_id(), version_id, position, text, "achieved" if done else "open"))
        t = self.t[plans.PlanActivity]
        for responsible, what in rng.sample(p["activities"], 2):
            by_date = (at + dt.timedelta(days=rng.randint(20, 80))).date()
            t.add((t.new_id(), version_id, what, responsible, by_date, AGENCY.get(responsible, "")))
        rules = conditions_in_force(max(at.date(), dt.date(2025, 7, 1)))
        t = self.t[plans.PlanCondition]
        for key in sorted(rng.sample(sorted(rules), rng.randint(1, 2))):
            rule = rules[key]
            assessed = status == "superseded"
            t.add(
                (
                    t.new_id(),
                    version_id,
                    key,
                    rule.text,
                    rule.legal_basis,
                    rule.consequence,
                    p["condition_reason"],
                    "met" if assessed else "not_assessed",
                    self.w.ts(at) if assessed else None,
                    caseworker if assessed else None,
                    "",
                )
            )

    def _follow_up(self, plan_id, established_at, held, caseworker, rng) -> None:
        """Follow-ups at least every third month from the plan's establishment: held at a meeting
        near the date (a few late, still open), and the next one booked."""
        p = self.p
        t = self.t[plans.PlanFollowUp]
        last = established_at.date()
        while True:
            due = add_months(last, 3) - dt.timedelta(days=rng.randint(0, 20))
            booked_at = self.w.ts(dates.at(last, 15))
            candidates = [h for h in held if last < h[1].date() <= due]
            if due > self.as_of or not candidates or rng.random() < p["follow_up_late_share"]:
                t.add((t.new_id(), plan_id, due, None, "", None, caseworker, booked_at, None))
                break
            meeting_id, at = candidates[-1]
            t.add(
                (
                    t.new_id(),
                    plan_id,
                    due,
                    at.date(),
                    p["follow_up_notes"],
                    meeting_id,
                    caseworker,
                    booked_at,
                    caseworker,
                )
            )
            steps = self.t[plans.ProgressStep]
            if rng.random() < 0.6:
                area = rng.choice(p["progress_areas"])
                start = rng.randint(1, 4)
                steps.add(
                    (
                        steps.new_id(),
                        plan_id,
                        area,
                        start,
                        start + 1,
                        p["progress_note"],
                        at.date(),
                        caseworker,
                        self.w.ts(min(at + dt.timedelta(hours=1), self.now)),
                    )
                )
            last = at.date()
        if rng.random() < p["referral_share"]:
            r = self.t[plans.Referral]
            to = rng.choice(sorted(p["referral_questions"]))
            sent = established_at.date() + dt.timedelta(days=rng.randint(1, 10))
            if sent <= self.as_of:
                answered = sent + dt.timedelta(days=rng.randint(10, 30))
                answer = answered <= self.as_of and rng.random() < p["referral_answered_share"]
                r.add(
                    (
                        r.new_id(),
                        plan_id,
                        to,
                        p["referral_questions"][to],
                        sent,
                        p["referral_answer"] if answer else "",
                        answered if answer else None,
                        caseworker,
                    )
                )

    # -- the activity requirement -----------------------------------------------------------

    def _in_a_row(self, supported: set[int], month: int) -> int:
        count = 0
        while month - 1 - count in supported:
            count += 1
        return count

    def _activity(self, plan, case_id, person_ids, caseworker) -> None:
        p, rng = self.p, self.rng(plan, "activity")
        supported = set(plan.supported_months)
        current = dates.month_of(self.as_of)
        for month in (current, current + 1):
            version = activity_rule(dates.first_day(month))
            if version and dates.first_day(month) >= version["first_month"]:
                needed = version["months_in_a_row"]
                in_a_row = self._in_a_row(supported, month)
                if in_a_row >= needed:
                    break
        else:
            return
        run_from = dates.first_day(month - in_a_row)
        reached_at = min(dates.at(dates.first_day(month) - dt.timedelta(days=5), 8), self.now)
        for adult in plan.household.adults:
            if adult.role not in ADULT_ROLES:
                continue
            person_id = person_ids[adult.key]
            exemption = p["exemptions"].get(adult.reason)
            reason = None
            if exemption and rng.random() < exemption[1]:
                reason = exemption[0]
            elif rng.random() < p["other_exemption_share"]:
                reason = "other"
            elif dates.age_on(adult.birth_date, self.as_of) >= 65:
                reason = "age"
            if reason:
                t = self.t[plans.ActivityExemption]
                valid_from = dates.first_day(month)
                review = add_months(self.as_of, between(rng, p["exemption_review_months"]))
                t.add(
                    (
                        t.new_id(),
                        case_id,
                        person_id,
                        reason,
                        p["exemption_notes"].get(reason, ""),
                        valid_from,
                        review,
                        caseworker,
                        self.w.ts(reached_at),
                    )
                )
                continue
            self.counts["fas_covered"] += 1
            source = f"plans.activity_requirement:person={person_id}:from={run_from:%Y-%m}"
            text = (
                f"{adult.first_name} {adult.last_name} har haft försörjningsstöd {in_a_row} månader "
                f"i följd och omfattas av aktivitetskravet från {dates.label(month)}. Ge ett "
                "aktivitetsschema eller registrera undantag."
            )
            self.event(
                case_id,
                "activity_requirement_reached",
                reached_at,
                None,
                {"person_id": person_id, "month": dates.label(month)},
                False,
            )
            if rng.random() >= p["schedule_share"]:
                self._task(case_id, "activity_requirement_reached", text, source, reached_at, None)
                continue
            set_at = min(reached_at + dt.timedelta(days=rng.randint(1, 5)), self.now)
            self._task(
                case_id,
                "activity_requirement_reached",
                text,
                source,
                reached_at,
                None,
                closed=(set_at, caseworker),
                outcome=p["requirement_task_outcome"],
            )
            self._schedule(plan, adult, case_id, person_id, caseworker, set_at, rng)

    def _schedule(self, plan, adult, case_id, person_id, caseworker, set_at, rng) -> None:
        p = self.p
        version = activity_rule(self.as_of) or activity_rule(
            dates.first_day(dates.month_of(self.as_of) + 1)
        )
        hours = Decimal(version["full_time_hours"])
        young = [
            c
            for c in plan.household.children
            if dates.age_on(c.birth_date, self.as_of) < version["child_age_limit"]
        ]
        if young:
            hours -= Decimal(version["child_reduction_hours"])
        part_time = Decimal(0)
        if adult.reason == "works_part_time_insufficient":
            part_time = Decimal(between(rng, p["part_time_work_hours"]))
        rule_hours = max(hours - part_time, Decimal(0))
        target, reason = rule_hours, ""
        if rng.random() < p["adjusted_target_share"]:
            target = min(rule_hours, Decimal(between(rng, p["adjusted_target_hours"])))
            reason = p["adjusted_target_reason"]
        t = self.t[plans.ActivitySchedule]
        schedule_id = t.new_id()
        t.add(
            (
                schedule_id,
                case_id,
                person_id,
                target,
                rule_hours,
                part_time,
                reason,
                Decimal(between(rng, p["own_job_seeking_hours"])),
                caseworker,
                self.w.ts(set_at),
            )
        )
        t = self.t[plans.ActivityTarget]
        t.add(
            (
                t.new_id(),
                schedule_id,
                target,
                rule_hours,
                part_time,
                reason,
                set_at.date(),
                caseworker,
                self.w.ts(set_at),
            )
        )
        self.event(
            case_id, "activity_schedule_set", set_at, caseworker, {"person_id": person_id}, False
        )
        # A weekly pattern: sessions of the four kinds on different weekdays.
        kinds = sorted(p["session_kinds"])
        pattern = []
        for weekday in sorted(rng.sample(range(5), between(rng, p["sessions_per_week"]))):
            kind = (
                kinds[len(pattern) % len(kinds)] if len(pattern) < len(kinds) else rng.choice(kinds)
            )
            pattern.append(
                (weekday, kind, rng.choice([8, 9, 13]), between(rng, p["session_hours"]))
            )
        monday = self.as_of - dt.timedelta(days=self.as_of.weekday())
        first_week = monday - dt.timedelta(weeks=p["session_weeks_back"])
        sessions = self.t[plans.ActivitySession]
        attendance = self.t[plans.ActivityAttendance]
        for week in range(p["session_weeks_back"] + p["session_weeks_ahead"]):
            for weekday, kind, hour, length in pattern:
                day = first_week + dt.timedelta(weeks=week, days=weekday)
                if day < set_at.date() or not swedish_calendar.is_working_day(day):
                    continue
                hour = min(hour, 17 - length)
                starts = dates.at(day, hour)
                ends = starts + dt.timedelta(hours=length)
                title, place, provider = p["session_kinds"][kind]
                session_id = sessions.new_id()
                sessions.add(
                    (
                        session_id,
                        schedule_id,
                        kind,
                        title,
                        self.w.ts(starts),
                        self.w.ts(ends),
                        place,
                        provider,
                        caseworker,
                        self.w.ts(set_at),
                    )
                )
                if ends > self.now:
                    continue
                status = pick(rng, p["attendance"])
                recorded = min(ends + dt.timedelta(hours=rng.randint(1, 20)), self.now)
                note = p["absent_valid_note"] if status == "absent_valid" else ""
                attendance.add(
                    (attendance.new_id(), session_id, status, note, caseworker, self.w.ts(recorded))
                )
                if status == "absent_without":
                    self._task(
                        case_id,
                        "activity_absence",
                        f"Frånvaro utan giltigt skäl från {title} den {starts:%Y-%m-%d %H:%M}. Utred "
                        "skälet; en nedsättning eller ett avslag är ett beslut med skäl efter "
                        "kommunicering.",
                        f"plans.activitysession:{session_id}",
                        recorded,
                        caseworker,
                    )


def add_phone_hours(org, params: dict) -> int:
    """Every caseworker's open phone hours (the hour the calendar keeps free of meetings)."""
    from ekb.accounts.roles import Role

    ph = params["fas"]["phone_hours"]
    starts = dt.time.fromisoformat(ph["starts"])
    ends = dt.time.fromisoformat(ph["ends"])
    users = [
        u
        for u in org.users.values()
        if u.username in {n for names in org.caseworkers.values() for n in names}
        or u.username
        in {
            s["username"]
            for s in params["staff"]["fixed"]
            if s["role"] == Role.LABOUR_MARKET_OFFICER
        }
    ]
    rows = [
        meetings.PhoneHours(user=u, weekday=day, starts=starts, ends=ends)
        for u in sorted(users, key=lambda u: u.username)
        for day in ph["weekdays"]
    ]
    meetings.PhoneHours.objects.bulk_create(rows)
    return len(rows)
