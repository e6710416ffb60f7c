"""The demo's FAS: meetings, plans and the activity requirement are alive on first start, in
Malmö-like proportions, without overlapping bookings and with nothing after the as-of moment."""

import datetime as dt
from collections import defaultdict

import time_machine
from django.utils import timezone

from ekb.accounts.roles import Role
from ekb.cases.choices import TaskKind
from ekb.cases.models import Case, Task
from ekb.demo import dates, parameters
from ekb.demo.build import DEFAULT_SEED, build_demo
from ekb.demo.reset import delete_demo
from ekb.meetings.models import ContactLog, Meeting, MeetingFrequency, PhoneHours
from ekb.plans import models as plans
from ekb.plans.activity_actions import flag_case_now
from tests.demo.conftest import AS_OF

NOW = dates.end_of(AS_OF)
FAS = parameters.load()["fas"]


def _meetings(demo):
    return Meeting.objects.filter(case__municipality=demo)


def test_open_cases_are_met_about_monthly_and_about_one_in_ten_meetings_is_missed(demo):
    months = FAS["meeting_months"]
    window_start = dates.first_day(dates.month_of(AS_OF) - months + 1)
    long_open = Case.objects.filter(municipality=demo, closed_on=None, opened_on__lt=window_start)
    past = _meetings(demo).filter(case__in=long_open, starts_at__lte=NOW)
    per_case_month = past.count() / (long_open.count() * (months - 0.5))
    assert 0.5 <= per_case_month <= 1.2, per_case_month
    recorded = _meetings(demo).exclude(status="booked")
    missed = recorded.filter(status="missed").count() / recorded.count()
    assert 0.03 <= missed <= 0.2, missed
    kinds = defaultdict(int)
    for kind in recorded.values_list("kind", flat=True):
        kinds[kind] += 1
    assert max(kinds, key=kinds.get) == "visit"
    assert len(kinds) >= 5, kinds  # home visits, phone, SIP, network, joint meetings too


def test_held_meetings_have_a_record_and_missed_ones_a_follow_up_task(demo):
    held = _meetings(demo).filter(status="held")
    assert held.exists()
    assert not held.filter(participants="").exists()
    assert not held.filter(recorded_at=None).exists()
    with_children = held.filter(case__household__members__role="child").distinct()
    assert not with_children.filter(children_considered="").exists()
    missed = _meetings(demo).filter(status="missed")
    sources = set(
        Task.objects.filter(kind=TaskKind.MEETING_MISSED, case__municipality=demo).values_list(
            "source", flat=True
        )
    )
    assert {f"meetings.meeting:{m.pk}" for m in missed} == sources


def test_no_caseworker_has_two_meetings_at_once_and_all_are_in_working_hours(demo):
    by_worker = defaultdict(list)
    for m in _meetings(demo).order_by("starts_at"):
        by_worker[m.caseworker_id].append(m)
    phone = {(p.user_id, p.weekday): (p.starts, p.ends) for p in PhoneHours.objects.all()}
    start_hour, end_hour = FAS["working_hours"]
    for worker, meetings in by_worker.items():
        for earlier, later in zip(meetings, meetings[1:], strict=False):
            assert earlier.ends_at <= later.starts_at, (earlier.pk, later.pk)
        for m in meetings:
            starts, ends = timezone.localtime(m.starts_at), timezone.localtime(m.ends_at)
            assert starts.weekday() < 5
            assert starts.hour >= start_hour
            assert (ends.hour, ends.minute) <= (end_hour, 0)
            hours = phone.get((worker, starts.weekday()))
            if hours:
                assert ends.time() <= hours[0] or starts.time() >= hours[1]


def test_open_cases_have_a_meeting_booked_in_the_coming_weeks_and_closed_cases_none(demo):
    booked = _meetings(demo).filter(status="booked")
    assert not booked.filter(starts_at__lte=NOW).exists()
    assert not booked.filter(case__closed_on__isnull=False).exists()
    horizon = NOW + dt.timedelta(weeks=FAS["booked_weeks"], days=4)
    assert not booked.filter(starts_at__gt=horizon).exists()
    open_cases = Case.objects.filter(municipality=demo, closed_on=None).count()
    assert booked.values("case").distinct().count() >= open_cases * 0.4


def test_nothing_recorded_in_the_demo_is_dated_after_the_as_of_moment(demo):
    recorded = _meetings(demo).exclude(status="booked")
    assert not recorded.filter(starts_at__gt=NOW).exists()
    assert not recorded.filter(recorded_at__gt=NOW).exists()
    assert not _meetings(demo).filter(created_at__gt=NOW).exists()
    assert not ContactLog.objects.filter(at__gt=NOW).exists()
    assert not Task.objects.filter(opened_at__gt=NOW).exists()
    assert not Task.objects.filter(closed_at__gt=NOW).exists()
    assert not plans.PlanSignature.objects.filter(signed_at__gt=NOW).exists()
    assert not plans.PlanVersion.objects.filter(established_at__gt=NOW).exists()
    assert not plans.PlanFollowUp.objects.filter(held_on__gt=AS_OF).exists()
    assert not plans.ProgressStep.objects.filter(on__gt=AS_OF).exists()
    assert not plans.ActivityAttendance.objects.filter(recorded_at__gt=NOW).exists()
    assert not plans.ActivityAttendance.objects.filter(session__ends_at__gt=NOW).exists()


def test_every_caseworker_has_phone_hours(demo):
    caseworkers = demo.staff.filter(role_assignments__role=Role.CASEWORKER).distinct()
    for user in caseworkers:
        assert PhoneHours.objects.filter(user=user).count() == len(FAS["phone_hours"]["weekdays"])


def test_cases_met_every_third_month_have_that_interval_recorded_with_a_reason(demo):
    frequencies = MeetingFrequency.objects.filter(case__municipality=demo)
    assert not frequencies.filter(reason="").exists()
    assert set(frequencies.values_list("interval_months", flat=True)) <= {3}


def test_most_long_open_cases_have_an_established_plan_signed_at_a_held_meeting(demo):
    three_months_ago = AS_OF - dt.timedelta(days=92)
    long_open = Case.objects.filter(
        municipality=demo, closed_on=None, opened_on__lte=three_months_ago
    )
    established = plans.PlanVersion.objects.filter(plan__case__in=long_open, status="established")
    share = established.values("plan__case").distinct().count() / long_open.count()
    assert 0.6 <= share < 1.0 or long_open.count() < 10, share
    for version in established:
        assert version.meeting.status == "held"
        assert version.meeting.case_id == version.plan.case_id
        roles = set(version.signatures.values_list("role", flat=True))
        assert {"applicant", "caseworker"} <= roles
        assert version.conditions.exists() and version.sub_goals.exists()


def test_established_plans_are_followed_up_at_least_every_third_month(demo):
    for plan in plans.Plan.objects.filter(case__municipality=demo):
        current = plan.versions.filter(status="established").first()
        if current is None:
            continue
        last = timezone.localdate(current.established_at)
        for follow_up in plan.follow_ups.order_by("due_on"):
            assert follow_up.due_on <= last + dt.timedelta(days=92), plan.pk
            if follow_up.held_on is None:
                break
            last = follow_up.held_on


def test_some_clients_comment_on_their_plan_and_a_disagreement_is_kept(demo):
    # A larger demo, so the few comments are there to look at.
    build_demo(households=240, seed=DEFAULT_SEED, as_of=AS_OF, reset=True)
    comments = plans.PlanComment.objects.all()
    assert comments.exists()
    assert plans.Referral.objects.exists()
    assert plans.ProgressStep.objects.exists()


def test_the_activity_requirement_is_flagged_exempted_or_scheduled_as_the_live_rule_would(demo):
    reached = Task.objects.filter(
        case__municipality=demo, kind=TaskKind.ACTIVITY_REQUIREMENT_REACHED
    )
    assert reached.exists()
    schedules = plans.ActivitySchedule.objects.filter(case__municipality=demo)
    assert schedules.exists()
    assert plans.ActivityExemption.objects.filter(case__municipality=demo).exists()
    # A schedule closes its task; an open task has no schedule.
    for task in reached:
        person_id = int(task.source.split("person=")[1].split(":")[0])
        has_schedule = schedules.filter(case=task.case, person_id=person_id).exists()
        assert (task.closed_at is not None) == has_schedule
    # The live flag on the as-of day finds nothing more to open: the demo used its sources.
    with time_machine.travel(dates.at(AS_OF, 12), tick=False):
        for case in Case.objects.filter(pk__in=reached.values("case")):
            assert flag_case_now(case, AS_OF) == [] or all(
                t.kind == TaskKind.ACTIVITY_EXEMPTION_REVIEW for t in flag_case_now(case, AS_OF)
            )


def test_sessions_of_the_four_kinds_with_attendance_and_an_open_task_per_absence(demo):
    sessions = plans.ActivitySession.objects.filter(schedule__case__municipality=demo)
    assert set(sessions.values_list("kind", flat=True)) == {
        "ability",
        "language",
        "job_seeking",
        "workplace",
    }
    attendance = plans.ActivityAttendance.objects.filter(session__in=sessions)
    present = attendance.filter(status="present").count() / attendance.count()
    assert present >= 0.7
    absent = attendance.filter(status="absent_without")
    sources = set(
        Task.objects.filter(kind=TaskKind.ACTIVITY_ABSENCE, closed_at=None).values_list(
            "source", flat=True
        )
    )
    assert {f"plans.activitysession:{a.session_id}" for a in absent} == sources
    assert not attendance.filter(status="absent_valid", note="").exists()


def test_a_labour_market_officer_shares_only_open_unprotected_cases_of_her_unit(demo):
    shared = Case.objects.filter(municipality=demo, labour_market_officer__isnull=False)
    for case in shared:
        assert case.closed_on is None and not case.is_protected
        assert case.labour_market_officer.role_assignments.filter(
            role=Role.LABOUR_MARKET_OFFICER, unit=case.unit
        ).exists()


def test_resetting_the_demo_removes_its_meetings_plans_and_activity_rows(demo):
    assert Meeting.objects.exists() and plans.Plan.objects.exists()
    delete_demo(demo)
    for model in (
        Meeting,
        ContactLog,
        MeetingFrequency,
        PhoneHours,
        Task,
        plans.Plan,
        plans.PlanVersion,
        plans.SubGoal,
        plans.PlanSignature,
        plans.PlanFollowUp,
        plans.ActivityExemption,
        plans.ActivitySchedule,
        plans.ActivitySession,
        plans.ActivityAttendance,
    ):
        assert not model.objects.exists(), model.__name__


def test_no_demo_meeting_or_activity_session_falls_on_a_day_that_is_not_a_working_day(db):
    """Built a week before Christmas: bookings reach past julafton and the holidays, and the
    booking rule refuses those days, so the demo must never have a meeting on them."""
    from ekb.lib.swedish_calendar import is_working_day

    build_demo(households=30, seed=DEFAULT_SEED, as_of=dt.date(2026, 12, 18))
    days = {timezone.localdate(m.starts_at) for m in Meeting.objects.all()}
    days |= {timezone.localdate(s.starts_at) for s in plans.ActivitySession.objects.all()}
    assert dt.date(2026, 12, 28) <= max(days)  # the bookings reach past the holidays
    assert [day for day in sorted(days) if not is_working_day(day)] == []
