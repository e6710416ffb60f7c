"""The activity requirement (aktivitetskrav, SoL 2025:400 as amended from 1 July 2026): who is
covered in a month, the weekly target, and the week's balance. Reads only; the changes are in
ekb.plans.activity_actions. The law and the numbers are data: rules/activity_requirement.yaml,
which also says plainly what of it was checked against the primary sources and what was not.

Who: a person (the applicant or a co-applicant) is covered for the support of a month when she
had försörjningsstöd in each of the three months just before it (read through
ekb.decisions.support_history: granted decision lines of försörjningsstöd and recorded earlier
months) and no exemption is in force in that month; never for a month before the first the
transitional provision names (October 2026). A gap resets the count: it is months in a row.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.utils import timezone

from ekb.cases.reads import household_of_month
from ekb.decisions.support_history import counted_adults, supported_months_of
from ekb.lib.months import month_end, next_month_start
from ekb.people.household import age_on
from ekb.people.models import MemberRole, Person
from ekb.plans.activity_choices import COUNTED, EXCUSED, AttendanceStatus
from ekb.plans.models import ActivityExemption, ActivitySchedule, ActivitySession

RULES_FILE = Path(__file__).parent / "rules" / "activity_requirement.yaml"


@functools.cache
def _versions() -> list[dict]:
    with RULES_FILE.open(encoding="utf-8") as fh:
        return sorted(yaml.safe_load(fh)["versions"], key=lambda v: v["valid_from"])


def rule(on: dt.date) -> dict | None:
    """The version of the rule in force on ``on``; None before the law."""
    in_force = [v for v in _versions() if v["valid_from"] <= on]
    return in_force[-1] if in_force else None


def _months_back(month: dt.date, count: int) -> list[dt.date]:
    """The ``count`` months just before ``month`` (first days), the nearest first."""
    result, current = [], month.replace(day=1)
    for _ in range(count):
        current = (current - dt.timedelta(days=1)).replace(day=1)
        result.append(current)
    return result


def months_in_a_row(supported: set[str], month: dt.date) -> int:
    """How many months just before ``month`` had försörjningsstöd without a gap."""
    count, current = 0, month.replace(day=1)
    while True:
        current = (current - dt.timedelta(days=1)).replace(day=1)
        if f"{current:%Y-%m}" not in supported:
            return count
        count += 1


@dataclass
class PersonStatus:
    person: Person
    months_in_a_row: int
    reached: bool  # three months in a row and the law applies to the month
    exemption: ActivityExemption | None
    schedule: ActivitySchedule | None

    @property
    def covered(self) -> bool:
        """Reached and not exempt: the person must be given activities."""
        return self.reached and self.exemption is None


@dataclass
class RequirementStatus:
    month: dt.date
    in_force: bool  # the law applies to the support of this month
    persons: list[PersonStatus] = field(default_factory=list)

    @property
    def covered(self) -> list[PersonStatus]:
        return [p for p in self.persons if p.covered]

    @property
    def reached(self) -> bool:
        return any(p.reached for p in self.persons)


def exemption_in_force(exemptions, person_id: int, month: dt.date) -> ActivityExemption | None:
    """The exemption of the person in force on some day of ``month`` (the latest recorded)."""
    found = [
        e
        for e in exemptions
        if e.person_id == person_id
        and e.valid_from <= month_end(month)
        and (e.ended_on is None or e.ended_on >= month.replace(day=1))
    ]
    return max(found, key=lambda e: (e.recorded_at, e.pk)) if found else None


def activity_requirement_status(case, month: dt.date) -> RequirementStatus:
    """Who of the case's adults is covered by the requirement for the support of ``month``."""
    month = month.replace(day=1)
    version = rule(month)
    in_force = version is not None and month >= version["first_month"]
    needed = version["months_in_a_row"] if version else 3
    adults = list(counted_adults(case, month))
    persons = list(dict.fromkeys(m.person for m in adults))
    supported = supported_months_of([p.pk for p in persons], month)
    exemptions = list(case.activity_exemptions.all())
    schedules = {s.person_id: s for s in case.activity_schedules.all()}
    status = RequirementStatus(month=month, in_force=in_force)
    for person in persons:
        in_a_row = months_in_a_row(set(supported.get(person.pk, ())), month)
        status.persons.append(
            PersonStatus(
                person=person,
                months_in_a_row=in_a_row,
                reached=in_force and in_a_row >= needed,
                exemption=exemption_in_force(exemptions, person.pk, month),
                schedule=schedules.get(person.pk),
            )
        )
    return status


def run_start(month: dt.date, in_a_row: int) -> dt.date:
    """The first month of the run of ``in_a_row`` months just before ``month``."""
    return _months_back(month, in_a_row)[-1] if in_a_row else month.replace(day=1)


# --- the weekly target ---------------------------------------------------------------------


def child_under_limit(case, on: dt.date) -> bool:
    """Whether a child under the rule's age (8) lives in the household on ``on``'s month."""
    version = rule(on) or _versions()[0]
    limit = version["child_age_limit"]
    return any(
        m.role == MemberRole.CHILD and age_on(m.person.birth_date, on) < limit
        for m in household_of_month(case, on)
    )


def rule_target_hours(case, on: dt.date, *, part_time_work_hours: Decimal = Decimal(0)) -> Decimal:
    """The rule's weekly target: full time, less with a child under 8 in the household, less the
    hours of part-time work; never below zero."""
    version = rule(on) or _versions()[0]
    hours = Decimal(version["full_time_hours"])
    if child_under_limit(case, on):
        hours -= Decimal(version["child_reduction_hours"])
    if version["part_time_work_reduces"]:
        hours -= part_time_work_hours
    return max(hours, Decimal(0))


# --- the week ------------------------------------------------------------------------------


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def parse_week(text: str | None) -> dt.date | None:
    """ "2026-W48" -> that week's Monday; None for anything else."""
    try:
        year, week = (text or "").strip().upper().split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return None


def week_label(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _local_day_range(monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=zone)
    return start, start + dt.timedelta(days=7)


def sessions_in_week(schedule: ActivitySchedule, monday: dt.date) -> list[ActivitySession]:
    start, end = _local_day_range(monday)
    return list(
        schedule.sessions.filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("attendance")
        .order_by("starts_at", "pk")
    )


def _attendance(session):
    try:
        return session.attendance
    except ActivitySession.attendance.RelatedObjectDoesNotExist:
        return None


@dataclass
class WeekBalance:
    monday: dt.date
    target: Decimal
    planned: Decimal
    attended: Decimal
    excused: Decimal
    unexcused: Decimal
    not_recorded: Decimal
    own_job_seeking: Decimal  # planned, never counted
    sessions: list

    @property
    def counted(self) -> Decimal:
        return self.attended + self.excused

    @property
    def remaining(self) -> Decimal:
        return max(self.target - self.counted, Decimal(0))

    @property
    def planned_short(self) -> Decimal:
        """Hours the schedule lacks to reach the target (the caseworker plans more)."""
        return max(self.target - self.planned, Decimal(0))

    @property
    def label(self) -> str:
        return week_label(self.monday)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)


def week_balance(schedule: ActivitySchedule, monday: dt.date) -> WeekBalance:
    """The week's hours against the target: attended (present) and excused (valid reason, sick
    with certificate) count; absent without a reason and not yet recorded do not. The client's
    own job seeking is shown as planned time and never counted."""
    monday = week_start(monday)
    rows, totals = (
        [],
        dict.fromkeys(("planned", "attended", "excused", "unexcused", "none"), Decimal(0)),
    )
    for session in sessions_in_week(schedule, monday):
        attendance = _attendance(session)
        hours = session.hours
        totals["planned"] += hours
        status = attendance.status if attendance else None
        if status in COUNTED:
            totals["attended"] += hours
        elif status in EXCUSED:
            totals["excused"] += hours
        elif status == AttendanceStatus.ABSENT_WITHOUT:
            totals["unexcused"] += hours
        else:
            totals["none"] += hours
        rows.append({"session": session, "attendance": attendance, "hours": hours})
    return WeekBalance(
        monday=monday,
        target=schedule.weekly_target_hours,
        planned=totals["planned"],
        attended=totals["attended"],
        excused=totals["excused"],
        unexcused=totals["unexcused"],
        not_recorded=totals["none"],
        own_job_seeking=schedule.own_job_seeking_hours,
        sessions=rows,
    )


# --- reads for the pages -------------------------------------------------------------------


def schedules_of(case) -> list[ActivitySchedule]:
    return list(case.activity_schedules.select_related("person").order_by("pk"))


def exemptions_of(case) -> list[ActivityExemption]:
    return list(
        case.activity_exemptions.select_related("person", "recorded_by").order_by("-recorded_at")
    )


def own_schedule(case, person_id: int) -> ActivitySchedule | None:
    """The client's own schedule in her case (for a case she opened through her door)."""
    return case.activity_schedules.filter(person_id=person_id).first()


def session_of(case, session_id) -> ActivitySession | None:
    return (
        ActivitySession.objects.filter(pk=session_id, schedule__case=case)
        .select_related("schedule")
        .first()
    )


def exemption_of(case, exemption_id) -> ActivityExemption | None:
    return case.activity_exemptions.filter(pk=exemption_id).first()


def reached_list(cases, today: dt.date) -> list[tuple]:
    """(case, status) for each of ``cases`` where someone reached the requirement now
    (status_now); the caller logs the ids it shows."""
    result = []
    for case in cases.select_related("household").order_by("number"):
        status = status_now(case, today)
        if status.reached:
            result.append((case, status))
    return result


def review_due(exemption: ActivityExemption, today: dt.date) -> bool:
    return exemption.ended_on is None and exemption.review_on <= today


def own_caseload(user):
    """The open cases assigned to ``user`` that she may see (cases.access decides)."""
    from ekb.cases.access import visible_cases

    return visible_cases(user).filter(assigned_caseworker_id=user.pk, closed_on__isnull=True)


def status_now(case, today: dt.date) -> RequirementStatus:
    """The status a caseworker needs today: for next month's support when someone reached it
    there (the third month in a row is decided), else for this month's when someone reached it
    (next month not decided yet must not hide it), else this month's count."""
    following = activity_requirement_status(case, next_month_start(today))
    if following.reached:
        return following
    current = activity_requirement_status(case, today)
    if current.reached:
        return current
    return following if _best(following) >= _best(current) else current


def _best(status: RequirementStatus) -> int:
    return max((p.months_in_a_row for p in status.persons), default=0)
