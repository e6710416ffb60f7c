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
from typing import TYPE_CHECKING

import yaml
from django.utils import timezone
from django.utils.translation import gettext as _

from ekb.cases.reads import household_of_month
from ekb.decisions.support_history import counted_adults, supported_months_of
from ekb.lib.months import month_end, next_month_start, shown_year
from ekb.lib.swedish_calendar import is_working_day
from ekb.people.household import age_on
from ekb.people.models import MemberRole, Person
from ekb.plans.activity_choices import COUNTED, EXCUSED, AttendanceStatus
from ekb.plans.models import ActivityExemption, ActivitySchedule, ActivitySession, ActivityTarget

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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
    for _step in range(count):
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


# --- may the requirement be applied to this person? -----------------------------------------
#
# Activities in a month serve the support of that month and of the next (the next month's is
# decided during this one, see status_now), so a person is within the requirement on a day
# when she is covered for either. Before the first month the law names, never.


def _person_in(status: RequirementStatus, person_id: int) -> PersonStatus | None:
    return next((p for p in status.persons if p.person.pk == person_id), None)


def _before_the_law(month: dt.date) -> str | None:
    version = rule(month)
    first = version["first_month"] if version else _versions()[0]["first_month"]
    if version is None or month < first:
        return _("Aktivitetskravet gäller försörjningsstöd från och med %(month)s.") % {
            "month": f"{first:%Y-%m}"
        }
    return None


def _not_covered(case, person, month: dt.date) -> str:
    """She is not covered in ``month`` or the next: say how many months in a row she has."""
    rows = [
        _person_in(activity_requirement_status(case, m), person.pk)
        for m in (month, next_month_start(month))
    ]
    return _(
        "%(name)s omfattas inte av aktivitetskravet i %(month)s eller månaden efter "
        "(%(count)s av %(needed)s månader i följd med försörjningsstöd)."
    ) % {
        "name": person.full_name,
        "month": f"{month:%Y-%m}",
        "count": max((row.months_in_a_row for row in rows if row is not None), default=0),
        "needed": (rule(month) or _versions()[0])["months_in_a_row"],
    }


def schedule_problem(case, person, today: dt.date) -> str | None:
    """Why the person cannot be given a schedule today (not covered, or exempt, for this
    month's support and the next); None when she can."""
    month = today.replace(day=1)
    following = next_month_start(month)
    if (early := _before_the_law(following)) is not None:
        return early
    rows = [_person_in(activity_requirement_status(case, m), person.pk) for m in (month, following)]
    if any(row is not None and row.covered for row in rows):
        return None
    exempt = next((row.exemption for row in rows if row is not None and row.exemption), None)
    if exempt is not None and any(row is not None and row.reached for row in rows):
        return _exempt_message(person, exempt)
    return _not_covered(case, person, month)


def exemption_on(case, person_id: int, day: dt.date) -> ActivityExemption | None:
    """The person's exemption in force on ``day`` (the latest recorded)."""
    found = [
        e
        for e in case.activity_exemptions.filter(person_id=person_id, valid_from__lte=day)
        if e.ended_on is None or e.ended_on >= day
    ]
    return max(found, key=lambda e: (e.recorded_at, e.pk)) if found else None


def _exempt_message(person, exemption: ActivityExemption) -> str:
    return _(
        "%(name)s har undantag från aktivitetskravet (%(reason)s) från %(day)s och ska inte "
        "registreras som frånvarande utan skäl eller ha avböjt en anvisad aktivitet."
    ) % {
        "name": person.full_name,
        "reason": exemption.get_reason_display(),
        "day": f"{exemption.valid_from:%Y-%m-%d}",
    }


def requirement_problem(case, person, day: dt.date) -> str | None:
    """Why an absence without reason or a declined activity on ``day`` cannot be held against
    the person: the law does not apply yet, she has an exemption that day, or she is not
    covered for that month's support or the next. None when it can."""
    month = day.replace(day=1)
    if (early := _before_the_law(month)) is not None:
        return early
    exemption = exemption_on(case, person.pk, day)
    if exemption is not None:
        return _exempt_message(person, exemption)
    for m in (month, next_month_start(month)):
        row = _person_in(activity_requirement_status(case, m), person.pk)
        if row is not None and row.reached:
            return None
    return _not_covered(case, person, month)


def decision_coverage_problems(line) -> list[StrOrPromise]:
    """The check registered with ekb.decisions.prior_steps (PlansConfig.ready): a decision line
    whose reason is the activity requirement (its phrase cites sol_activity_requirement) rests
    on someone in the household being covered, and not exempt, for the month of support the
    decision is about (the application's month; without an application, the decision date's
    month or the next)."""
    from ekb.applications.models import Application
    from ekb.decisions.phrases import PhraseError, phrase_reference_keys

    if line.phrase_key is None:
        return []
    try:
        references = phrase_reference_keys(line.phrase_key)
    except (PhraseError, KeyError):
        return []
    if "sol_activity_requirement" not in references:
        return []
    month = (
        Application.objects.filter(pk=line.application_id).values_list("month", flat=True).first()
        if line.application_id
        else None
    )
    months = [month] if month else [line.on.replace(day=1), next_month_start(line.on)]
    for m in months:
        if activity_requirement_status(line.case, m).covered:
            return []
    return [
        _(
            "Ingen i hushållet omfattas av aktivitetskravet (utan undantag) för stödet i "
            "%(month)s. Ett beslut med aktivitetskravet som skäl kan inte fattas."
        )
        % {"month": ", ".join(f"{m:%Y-%m}" for m in months)}
    ]


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
    """ "2026-W48" -> that week's Monday; None for anything else, and for a year outside
    the years a page may show (ekb.lib.months.shown_year; the page then shows the current week
    and says so)."""
    try:
        year, week = (text or "").strip().upper().split("-W")
        if not shown_year(int(year)):
            return None
        return dt.date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return None


def week_from_query(text: str | None, today: dt.date) -> tuple[dt.date, bool]:
    """The Monday of the week asked for in ``?vecka=``, or of ``today``'s week; the flag is True
    when something was asked for that is not a week (the page says it shows this week)."""
    monday = parse_week(text)
    if monday is None:
        return week_start(today), bool((text or "").strip())
    return monday, False


def working_days(monday: dt.date) -> int:
    """The week's working days (Monday to Friday less public holidays and the eves closed by
    lag 1930:173): the days the municipality can schedule activities."""
    return sum(is_working_day(monday + dt.timedelta(days=i)) for i in range(7))


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


def target_in_force(schedule: ActivitySchedule, day: dt.date) -> ActivityTarget | None:
    """The target in force on ``day``: the latest set from that day or before; for a day before
    the first, the first (the schedule had no sessions then either)."""
    targets = sorted(schedule.targets.all(), key=lambda t: (t.valid_from, t.set_at, t.pk))
    in_force = [t for t in targets if t.valid_from <= day]
    if in_force:
        return in_force[-1]
    return targets[0] if targets else None


def weekly_target(schedule: ActivitySchedule, monday: dt.date) -> Decimal:
    """The full week's target: the one in force that week, never above the rule's ceiling for
    the household of that week (a child born lowers the ceiling at once)."""
    target = target_in_force(schedule, monday + dt.timedelta(days=6))
    stored = target.hours if target else schedule.weekly_target_hours
    part_time = target.part_time_work_hours if target else schedule.part_time_work_hours
    ceiling = rule_target_hours(schedule.case, monday, part_time_work_hours=part_time)
    return min(stored, ceiling)


def rule_target_changed(schedule: ActivitySchedule, today: dt.date) -> Decimal | None:
    """The rule's target today when it differs from the one the schedule's target was set
    against (a child turned 8, a child was born): the caseworker should look at the target."""
    target = target_in_force(schedule, today)
    if target is None:
        return None
    now = rule_target_hours(schedule.case, today, part_time_work_hours=target.part_time_work_hours)
    return now if now != target.rule_hours else None


def _attendance(session):
    try:
        return session.attendance
    except ActivitySession.attendance.RelatedObjectDoesNotExist:
        return None


@dataclass
class WeekBalance:
    monday: dt.date
    target: Decimal  # the week's share: the weekly target times working days / 5
    weekly_target: Decimal  # the full week's
    working_days: int
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
    def planned_short(self) -> Decimal:
        """Hours the schedule lacks to reach the week's target: the committee's duty to provide
        activities, not the client's shortfall (staff only; the client sees what was planned)."""
        return max(self.target - self.planned, Decimal(0))

    @property
    def closed_days(self) -> int:
        return 5 - self.working_days

    @property
    def label(self) -> str:
        return week_label(self.monday)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)


def week_balance(schedule: ActivitySchedule, monday: dt.date) -> WeekBalance:
    """The week's hours against the target: attended (present) and excused (valid reason, sick
    with certificate) count; absent without a reason and not yet recorded do not. The client's
    own job seeking is shown as planned time and never counted. The target is prorated for the
    week's closed days (a public holiday is no day the client could take part)."""
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
    full = weekly_target(schedule, monday)
    days = working_days(monday)
    return WeekBalance(
        monday=monday,
        target=(full * days / 5).quantize(Decimal("0.1")),
        weekly_target=full,
        working_days=days,
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
