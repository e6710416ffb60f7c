"""The activity requirement: who is covered for a month (three months in a row of
försörjningsstöd, the law from October 2026), exemptions, the weekly target, sessions,
attendance and the week's balance. Absence without a reason opens one task and no money moves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ekb.cases.choices import TaskKind
from ekb.cases.models import Task
from ekb.cases.tasks import do_close_task
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.models import Decision, DecisionLine
from ekb.people.models import MemberRole
from ekb.plans.activity import (
    activity_requirement_status,
    parse_week,
    rule_target_hours,
    week_balance,
)
from ekb.plans.activity_actions import (
    do_add_session,
    do_end_exemption,
    do_flag_activity_requirement,
    do_record_attendance,
    do_record_exemption,
    do_set_schedule,
)
from ekb.plans.activity_choices import ActivityKind, AttendanceStatus, ExemptionReason
from tests import factories as f
from tests.personas import add_member, at_ten

pytestmark = pytest.mark.django_db


def grant(case, *months, purpose=Purpose.LIVELIHOOD, outcome=Outcome.GRANTED, amount="5000"):
    """A decided decision granting försörjningsstöd for each month (first days)."""
    for month in months:
        decision = Decision.objects.create(case=case, status=DecisionStatus.DECIDED)
        DecisionLine.objects.create(
            decision=decision,
            purpose=purpose,
            outcome=outcome,
            amount=Decimal(amount),
            period_start=month,
            period_end=month.replace(day=28),
            legal_reference="12 kap. 1 § SoL",
        )


def m(year, month):
    return dt.date(year, month, 1)


@pytest.fixture
def olle(org, frozen):
    """A single adult in Anna's caseload, no children (born 1980)."""
    return f.case(org.norr, assigned=org.anna, applicant=f.person(dt.date(1980, 5, 5)))


def applicant_of(case):
    return case.household.members.get(role=MemberRole.APPLICANT).person


@pytest.fixture
def olle_covered(olle):
    """Olle with försörjningsstöd from August to December 2026: covered from November on."""
    grant(olle, m(2026, 8), m(2026, 9), m(2026, 10), m(2026, 11), m(2026, 12))
    return olle


# --- who ---------------------------------------------------------------------------------------


def test_three_months_in_a_row_october_to_december_cover_the_client_for_january(olle):
    grant(olle, m(2026, 10), m(2026, 11), m(2026, 12))
    january = activity_requirement_status(olle, m(2027, 1))
    assert january.reached and [p.months_in_a_row for p in january.persons] == [3]
    assert not activity_requirement_status(olle, m(2026, 12)).reached  # only two before it


def test_a_gap_resets_the_count(olle):
    grant(olle, m(2026, 8), m(2026, 9), m(2026, 11), m(2026, 12))
    status = activity_requirement_status(olle, m(2027, 1))
    assert not status.reached and status.persons[0].months_in_a_row == 2
    grant(olle, m(2027, 1))
    assert activity_requirement_status(olle, m(2027, 2)).reached


def test_the_duty_applies_first_to_the_support_for_october_2026(olle):
    grant(olle, m(2026, 6), m(2026, 7), m(2026, 8), m(2026, 9))
    assert not activity_requirement_status(olle, m(2026, 9)).reached  # three before, but too early
    october = activity_requirement_status(olle, m(2026, 10))
    assert october.in_force and october.reached


def test_refused_or_other_help_than_forsorjningsstod_does_not_count(olle):
    grant(olle, m(2026, 9), m(2026, 10))
    grant(olle, m(2026, 11), outcome=Outcome.REFUSED, amount="0")
    grant(olle, m(2026, 11), purpose=Purpose.DENTAL)
    assert not activity_requirement_status(olle, m(2026, 12)).reached


def test_an_exemption_in_force_takes_the_client_out_and_its_end_brings_her_back(olle, org):
    grant(olle, m(2026, 9), m(2026, 10), m(2026, 11))
    person = applicant_of(olle)
    exemption = do_record_exemption(
        olle,
        person=person,
        reason=ExemptionReason.FULL_TIME_PROGRAMME,
        valid_from=dt.date(2026, 11, 1),
        review_on=dt.date(2027, 2, 1),
        acting_user=org.anna,
    )
    december = activity_requirement_status(olle, m(2026, 12))
    assert december.reached and december.covered == []
    assert do_flag_activity_requirement(olle, m(2026, 12)) == []
    do_end_exemption(exemption, ended_on=dt.date(2026, 11, 30), acting_user=org.anna)
    assert [p.person for p in activity_requirement_status(olle, m(2026, 12)).covered] == [person]


def test_an_exemption_needs_a_reason_and_a_review_date_that_is_not_past(olle, org):
    person = applicant_of(olle)
    with pytest.raises(ValidationError) as refused:
        do_record_exemption(
            olle,
            person=person,
            reason=ExemptionReason.AGE,
            valid_from=dt.date(2026, 11, 1),
            review_on=dt.date(2026, 11, 19),  # yesterday
            acting_user=org.anna,
        )
    assert "det förflutna" in refused.value.message_dict["review_on"][0]
    with pytest.raises(ValidationError) as no_reason:
        do_record_exemption(
            olle,
            person=person,
            reason="",
            valid_from=dt.date(2026, 11, 1),
            review_on=dt.date(2027, 1, 1),
            acting_user=org.anna,
        )
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError) as other:
        do_record_exemption(
            olle,
            person=person,
            reason=ExemptionReason.OTHER,
            valid_from=dt.date(2026, 11, 1),
            review_on=dt.date(2027, 1, 1),
            acting_user=org.anna,
        )
    assert "note" in other.value.message_dict


def test_an_exemption_for_someone_outside_the_household_is_refused(olle, org):
    stranger = f.person()
    with pytest.raises(ValidationError) as refused:
        do_record_exemption(
            olle,
            person=stranger,
            reason=ExemptionReason.SCHOOL,
            valid_from=dt.date(2026, 11, 1),
            review_on=dt.date(2027, 1, 1),
            acting_user=org.anna,
        )
    assert "person" in refused.value.message_dict


def test_reaching_the_requirement_opens_one_task_and_a_new_run_after_a_gap_another(olle):
    grant(olle, m(2026, 9), m(2026, 10), m(2026, 11))
    assert len(do_flag_activity_requirement(olle, m(2026, 12))) == 1
    assert do_flag_activity_requirement(olle, m(2026, 12)) == []  # the rule runs twice
    task = Task.objects.get(case=olle, kind=TaskKind.ACTIVITY_REQUIREMENT_REACHED)
    do_close_task(task, outcome="Schema upprättat.", acting_user=None)
    grant(olle, m(2026, 12))
    assert do_flag_activity_requirement(olle, m(2027, 1)) == []  # the same run: closed, not again
    grant(olle, m(2027, 3), m(2027, 4), m(2027, 5))  # February had none
    assert len(do_flag_activity_requirement(olle, m(2027, 6))) == 1


def test_each_adult_counts_her_own_months(org, frozen):
    case = f.case(org.norr, assigned=org.anna, applicant=f.person(dt.date(1980, 1, 1)))
    partner = f.person(dt.date(1982, 2, 2))
    add_member(case, partner, MemberRole.CO_APPLICANT, valid_from=dt.date(2026, 11, 1))
    grant(case, m(2026, 9), m(2026, 10), m(2026, 11))
    status = activity_requirement_status(case, m(2026, 12))
    by_person = {p.person.pk: p for p in status.persons}
    assert by_person[applicant_of(case).pk].reached
    assert not by_person[partner.pk].reached and by_person[partner.pk].months_in_a_row == 1


# --- the weekly target -----------------------------------------------------------------------


def test_the_weekly_target_is_forty_hours_less_ten_with_a_child_under_eight(olle, karin):
    today = dt.date(2026, 11, 20)
    assert rule_target_hours(olle, today) == Decimal(40)
    assert rule_target_hours(karin.case, today) == Decimal(30)  # Elias is 7
    eighth = karin.son.birth_date.replace(year=karin.son.birth_date.year + 8)
    assert rule_target_hours(karin.case, eighth - dt.timedelta(days=1)) == Decimal(30)
    assert rule_target_hours(karin.case, eighth) == Decimal(40)  # he turns 8


def test_part_time_work_hours_lower_the_target(olle):
    assert rule_target_hours(olle, dt.date(2026, 11, 20), part_time_work_hours=Decimal("15")) == 25
    assert rule_target_hours(olle, dt.date(2026, 11, 20), part_time_work_hours=Decimal(50)) == 0


def test_a_schedule_takes_the_rule_target_and_an_adjustment_needs_a_reason(olle_covered, org):
    olle = olle_covered
    person = applicant_of(olle)
    schedule = do_set_schedule(
        olle, person=person, part_time_work_hours="10", own_job_seeking_hours="4",
        acting_user=org.anna,
    )  # fmt: skip
    assert schedule.weekly_target_hours == 30 and schedule.own_job_seeking_hours == 4
    with pytest.raises(ValidationError) as refused:
        do_set_schedule(olle, person=person, weekly_target_hours="20", acting_user=org.anna)
    assert "40" in refused.value.message_dict["target_reason"][0]
    adjusted = do_set_schedule(
        olle,
        person=person,
        weekly_target_hours="20",
        target_reason="Nedsatt förmåga enligt läkarintyg.",
        acting_user=org.anna,
    )
    assert adjusted.pk == schedule.pk and adjusted.weekly_target_hours == 20
    assert adjusted.rule_target_hours == 40


def test_hours_that_are_not_a_number_are_refused(olle_covered, org):
    olle = olle_covered
    with pytest.raises(ValidationError) as refused:
        do_set_schedule(
            olle, person=applicant_of(olle), own_job_seeking_hours="fyra", acting_user=org.anna
        )
    assert "own_job_seeking_hours" in refused.value.message_dict


# --- sessions, attendance and the week ----------------------------------------------------------


@pytest.fixture
def schedule(olle_covered, org):
    return do_set_schedule(
        olle_covered,
        person=applicant_of(olle_covered),
        own_job_seeking_hours="5",
        acting_user=org.anna,
    )


def session(schedule, user, day, start=9, end=12, kind=ActivityKind.LANGUAGE):
    return do_add_session(
        schedule,
        kind=kind,
        title="Svenska i arbetslivet",
        starts_at=dt.datetime(day.year, day.month, day.day, start, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(day.year, day.month, day.day, end, 0, tzinfo=dt.UTC),
        place="Arbetsmarknadsenheten",
        acting_user=user,
    )


def test_sessions_are_of_the_four_kinds_and_end_after_they_start(schedule, org):
    for hour, kind in enumerate(ActivityKind.values, start=8):
        session(schedule, org.anna, dt.date(2026, 11, 23), start=hour, end=hour + 1, kind=kind)
    with pytest.raises(ValidationError) as bad_kind:
        session(schedule, org.anna, dt.date(2026, 11, 24), kind="coffee")
    assert "kind" in bad_kind.value.message_dict
    with pytest.raises(ValidationError) as backwards:
        session(schedule, org.anna, dt.date(2026, 11, 24), start=12, end=9)
    assert "ends_at" in backwards.value.message_dict


def test_the_week_balance_counts_attended_and_excused_hours_but_not_own_job_seeking(
    schedule, org, time_machine
):
    monday = dt.date(2026, 11, 23)
    present = session(schedule, org.anna, monday)  # 3 h
    sick = session(schedule, org.anna, monday + dt.timedelta(days=1), 9, 11)  # 2 h
    away = session(schedule, org.anna, monday + dt.timedelta(days=2), 13, 17)  # 4 h
    session(schedule, org.anna, monday + dt.timedelta(days=3), 9, 10)  # 1 h, not recorded
    session(schedule, org.anna, monday + dt.timedelta(days=7), 9, 12)  # next week
    time_machine.move_to(at_ten(monday + dt.timedelta(days=4)), tick=False)
    do_record_attendance(present, status=AttendanceStatus.PRESENT, acting_user=org.anna)
    do_record_attendance(sick, status=AttendanceStatus.SICK_WITH_CERTIFICATE, acting_user=org.anna)
    do_record_attendance(away, status=AttendanceStatus.ABSENT_WITHOUT, acting_user=org.anna)
    week = week_balance(schedule, monday + dt.timedelta(days=4))  # any day of the week
    assert (week.planned, week.attended, week.excused) == (10, 3, 2)
    assert (week.unexcused, week.not_recorded, week.counted) == (4, 1, 5)
    assert week.target == 40 and week.planned_short == 30 and week.own_job_seeking == 5
    assert len(week.sessions) == 4 and week.label == "2026-W48"


def test_the_week_runs_over_a_year_switch(schedule, org, time_machine):
    monday = parse_week("2026-W53")
    assert monday == dt.date(2026, 12, 28)
    session(schedule, org.anna, dt.date(2026, 12, 29))
    session(schedule, org.anna, dt.date(2026, 12, 30), 9, 11)
    session(schedule, org.anna, dt.date(2027, 1, 4))
    time_machine.move_to(at_ten(dt.date(2027, 1, 8)), tick=False)
    assert week_balance(schedule, monday).planned == 5


def test_absence_without_reason_opens_one_task_and_moves_no_money(schedule, org, time_machine):
    from ekb.decisions.models import Decision as Decisions
    from ekb.payments.models import Payment

    away = session(schedule, org.anna, dt.date(2026, 11, 23))
    time_machine.move_to(at_ten(dt.date(2026, 11, 23)), tick=False)
    before = (Decisions.objects.count(), Payment.objects.count())
    do_record_attendance(away, status=AttendanceStatus.ABSENT_WITHOUT, acting_user=org.anna)
    do_record_attendance(away, status=AttendanceStatus.ABSENT_WITHOUT, acting_user=org.anna)
    tasks = Task.objects.filter(kind=TaskKind.ACTIVITY_ABSENCE, case=schedule.case)
    assert tasks.count() == 1 and tasks.get().source == f"plans.activitysession:{away.pk}"
    assert (Decisions.objects.count(), Payment.objects.count()) == before


def test_attendance_with_a_valid_reason_needs_the_reason_and_opens_no_task(
    schedule, org, time_machine
):
    visit = session(schedule, org.anna, dt.date(2026, 11, 23))
    time_machine.move_to(at_ten(dt.date(2026, 11, 23)), tick=False)
    with pytest.raises(ValidationError) as refused:
        do_record_attendance(visit, status=AttendanceStatus.ABSENT_VALID, acting_user=org.anna)
    assert "note" in refused.value.message_dict
    do_record_attendance(
        visit, status=AttendanceStatus.ABSENT_VALID, note="Vabb.", acting_user=org.anna
    )
    assert not Task.objects.filter(kind=TaskKind.ACTIVITY_ABSENCE).exists()


def test_attendance_cannot_be_recorded_before_the_session_starts(schedule, org):
    later = session(schedule, org.anna, dt.date(2026, 11, 25))
    with pytest.raises(ValidationError) as refused:
        do_record_attendance(later, status=AttendanceStatus.PRESENT, acting_user=org.anna)
    assert "börjat" in refused.value.message_dict["status"][0]


# --- now: this month's support or next month's ------------------------------------------------


def test_now_shows_this_months_support_while_next_month_is_not_decided(olle, time_machine):
    from ekb.plans.activity import status_now

    grant(olle, m(2026, 9), m(2026, 10), m(2026, 11))
    time_machine.move_to(at_ten(dt.date(2026, 12, 7)), tick=False)
    now = status_now(olle, dt.date(2026, 12, 7))
    assert now.month == m(2026, 12) and now.reached
    grant(olle, m(2026, 12))
    assert status_now(olle, dt.date(2026, 12, 7)).month == m(2027, 1)


def test_the_daily_job_flags_each_run_once(olle, karin, time_machine):
    from ekb.flow.activity_requirement import flag_activity_requirement

    grant(olle, m(2026, 9), m(2026, 10), m(2026, 11))
    time_machine.move_to(at_ten(dt.date(2026, 12, 7)), tick=False)
    assert flag_activity_requirement() == 1  # Olle; Karin has two months
    grant(olle, m(2026, 12))
    assert flag_activity_requirement() == 0  # the same run of months
    tasks = Task.objects.filter(kind=TaskKind.ACTIVITY_REQUIREMENT_REACHED)
    assert [t.case_id for t in tasks] == [olle.pk]


# --- declining, and exemptions due for review -----------------------------------------------


def test_declining_an_activity_opens_a_task_with_the_facts_and_moves_no_money(schedule, org):
    from ekb.payments.models import Payment
    from ekb.plans.activity_actions import do_record_declined

    before = (Decision.objects.count(), Payment.objects.count())
    task = do_record_declined(
        schedule,
        what="Praktik på lagret; vill inte arbeta kvällar.",
        declined_on=dt.date(2026, 11, 19),
        acting_user=org.anna,
    )
    assert task.kind == TaskKind.ACTIVITY_DECLINED and "Praktik på lagret" in task.text
    assert (Decision.objects.count(), Payment.objects.count()) == before
    with pytest.raises(ValidationError) as refused:
        do_record_declined(
            schedule, what="", declined_on=dt.date(2026, 11, 21), acting_user=org.anna
        )
    assert set(refused.value.message_dict) == {"what", "declined_on"}  # empty, and tomorrow


def test_an_exemption_due_for_review_opens_one_task_on_its_review_date(olle, org, time_machine):
    from ekb.plans.activity_actions import flag_exemptions_due

    do_record_exemption(
        olle,
        person=applicant_of(olle),
        reason=ExemptionReason.SICK_WITH_CERTIFICATE,
        valid_from=dt.date(2026, 11, 1),
        review_on=dt.date(2026, 12, 15),
        acting_user=org.anna,
    )
    assert flag_exemptions_due(olle, dt.date(2026, 12, 14)) == []
    [task] = flag_exemptions_due(olle, dt.date(2026, 12, 15))
    assert task.kind == TaskKind.ACTIVITY_EXEMPTION_REVIEW and task.due_on == dt.date(2026, 12, 15)
    assert flag_exemptions_due(olle, dt.date(2026, 12, 16)) == []


def test_the_daily_job_tells_arbetsformedlingen_once_about_the_flagged_adult_only(
    olle, org, time_machine
):
    from ekb.flow.activity_requirement import flag_activity_requirement
    from ekb.integrations.arbetsformedlingen import (
        FakeArbetsformedlingen,
        override_arbetsformedlingen,
    )

    # Olle's partner moved in in November: she has one month of support, he has three.
    partner = f.person(dt.date(1985, 3, 3))
    add_member(olle, partner, MemberRole.CO_APPLICANT, valid_from=dt.date(2026, 11, 1))
    grant(olle, m(2026, 9), m(2026, 10), m(2026, 11))
    time_machine.move_to(at_ten(dt.date(2026, 12, 7)), tick=False)
    fake = FakeArbetsformedlingen(people={})
    with override_arbetsformedlingen(fake):
        assert flag_activity_requirement() == 1
        assert flag_activity_requirement() == 0
    assert [r.identity_number for r in fake.reports] == [applicant_of(olle).identity_number]
