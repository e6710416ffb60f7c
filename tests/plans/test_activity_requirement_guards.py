"""The activity requirement's guards: it is held against a person only while she is covered
and not exempt; the weekly target never rises above the rule's and keeps its own weeks; a
holiday week asks for less; sessions are given ahead, once, on working days; a corrected
absence closes its task; a week that is no week falls back to this one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ekb.cases.choices import TaskKind
from ekb.cases.models import Task
from ekb.decisions import prior_steps
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.models import Decision, DecisionLine
from ekb.people.models import MemberRole
from ekb.plans.activity import (
    decision_coverage_problems,
    parse_week,
    rule_target_changed,
    week_balance,
    week_from_query,
)
from ekb.plans.activity_actions import (
    do_add_session,
    do_record_attendance,
    do_record_declined,
    do_record_exemption,
    do_set_schedule,
)
from ekb.plans.activity_choices import ActivityKind, AttendanceStatus, ExemptionReason
from ekb.plans.models import ActivitySession, ActivityTarget
from tests import factories as f
from tests.personas import add_member, at_ten

pytestmark = pytest.mark.django_db


def grant(case, *months):
    for month in months:
        decision = Decision.objects.create(case=case, status=DecisionStatus.DECIDED)
        DecisionLine.objects.create(
            decision=decision,
            purpose=Purpose.LIVELIHOOD,
            outcome=Outcome.GRANTED,
            amount=Decimal("5000"),
            period_start=month,
            period_end=month.replace(day=28),
            legal_reference="12 kap. 1 § SoL",
        )


def m(year, month):
    return dt.date(year, month, 1)


def session(schedule, user, day, start=9, end=12):
    """A session (times in UTC; 9-12 UTC is 10-13 in Sweden in winter)."""
    return do_add_session(
        schedule,
        kind=ActivityKind.LANGUAGE,
        title="Svenska i arbetslivet",
        starts_at=dt.datetime(day.year, day.month, day.day, start, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(day.year, day.month, day.day, end, 0, tzinfo=dt.UTC),
        place="Arbetsmarknadsenheten",
        acting_user=user,
    )


@pytest.fixture
def olle(org, frozen):
    """A single adult with försörjningsstöd August to December 2026: covered from November."""
    case = f.case(org.norr, assigned=org.anna, applicant=f.person(dt.date(1980, 5, 5)))
    grant(case, m(2026, 8), m(2026, 9), m(2026, 10), m(2026, 11), m(2026, 12))
    return case


def applicant_of(case):
    return case.household.members.get(role=MemberRole.APPLICANT).person


@pytest.fixture
def karin_covered(karin):
    """Karin with September too (October and November are hers already): covered for December."""
    grant(karin.case, m(2026, 9))
    return karin


# --- 7: held against her only while she is covered and not exempt ------------------------------


def test_karin_sick_with_a_certificate_from_1_november_cannot_be_absent_without_reason(
    karin_covered, org, time_machine
):
    karin = karin_covered
    schedule = do_set_schedule(karin.case, person=karin.applicant, acting_user=org.anna)
    visit = session(schedule, org.anna, dt.date(2026, 11, 23))
    time_machine.move_to(at_ten(dt.date(2026, 11, 23)) + dt.timedelta(hours=4), tick=False)
    do_record_exemption(
        karin.case,
        person=karin.applicant,
        reason=ExemptionReason.SICK_WITH_CERTIFICATE,
        valid_from=dt.date(2026, 11, 1),
        review_on=dt.date(2027, 1, 15),
        acting_user=org.anna,
    )
    with pytest.raises(ValidationError) as refused:
        do_record_attendance(visit, status=AttendanceStatus.ABSENT_WITHOUT, acting_user=org.anna)
    assert "undantag" in refused.value.message_dict["status"][0]
    assert not Task.objects.filter(kind=TaskKind.ACTIVITY_ABSENCE).exists()
    do_record_attendance(visit, status=AttendanceStatus.PRESENT, acting_user=org.anna)
    with pytest.raises(ValidationError) as declined:
        do_record_declined(
            schedule, what="Ville inte.", declined_on=dt.date(2026, 11, 23), acting_user=org.anna
        )
    assert "undantag" in declined.value.message_dict["declined_on"][0]
    assert not Task.objects.filter(kind=TaskKind.ACTIVITY_DECLINED).exists()


def test_karin_with_two_months_gets_no_schedule_and_is_told_why(karin, org):
    with pytest.raises(ValidationError) as refused:
        do_set_schedule(karin.case, person=karin.applicant, acting_user=org.anna)
    message = refused.value.message_dict["person"][0]
    assert "omfattas inte" in message and "2 av 3" in message


def test_karin_exempt_this_month_and_the_next_gets_no_schedule(karin_covered, org):
    karin = karin_covered
    do_record_exemption(
        karin.case,
        person=karin.applicant,
        reason=ExemptionReason.SICK_WITH_CERTIFICATE,
        valid_from=dt.date(2026, 11, 1),
        review_on=dt.date(2027, 1, 15),
        acting_user=org.anna,
    )
    with pytest.raises(ValidationError) as refused:
        do_set_schedule(karin.case, person=karin.applicant, acting_user=org.anna)
    assert "undantag" in refused.value.message_dict["person"][0]


def test_an_absence_in_september_2026_is_not_held_against_olle_but_one_in_october_is(
    org, time_machine
):
    time_machine.move_to(at_ten(dt.date(2026, 9, 14)), tick=False)
    case = f.case(org.norr, assigned=org.anna, applicant=f.person(dt.date(1980, 5, 5)))
    grant(case, m(2026, 6), m(2026, 7), m(2026, 8), m(2026, 9))
    schedule = do_set_schedule(case, person=applicant_of(case), acting_user=org.anna)
    september = session(schedule, org.anna, dt.date(2026, 9, 21))
    october = session(schedule, org.anna, dt.date(2026, 10, 5))
    time_machine.move_to(at_ten(dt.date(2026, 10, 5)) + dt.timedelta(hours=4), tick=False)
    with pytest.raises(ValidationError) as refused:
        do_record_attendance(
            september, status=AttendanceStatus.ABSENT_WITHOUT, acting_user=org.anna
        )
    assert "2026-10" in refused.value.message_dict["status"][0]
    do_record_attendance(september, status=AttendanceStatus.PRESENT, acting_user=org.anna)
    do_record_attendance(october, status=AttendanceStatus.ABSENT_WITHOUT, acting_user=org.anna)
    assert Task.objects.filter(case=case, kind=TaskKind.ACTIVITY_ABSENCE).count() == 1


def test_after_a_gap_in_support_olles_absence_is_not_held_against_him(olle, org, time_machine):
    schedule = do_set_schedule(olle, person=applicant_of(olle), acting_user=org.anna)
    february = session(schedule, org.anna, dt.date(2027, 2, 1))  # nothing granted for January
    time_machine.move_to(at_ten(dt.date(2027, 2, 1)) + dt.timedelta(hours=4), tick=False)
    with pytest.raises(ValidationError) as refused:
        do_record_attendance(february, status=AttendanceStatus.ABSENT_WITHOUT, acting_user=org.anna)
    assert "omfattas inte" in refused.value.message_dict["status"][0]


def _line(case, key, on, application_id=None):
    return prior_steps.LineToCheck(
        case=case,
        application_id=application_id,
        purpose="livelihood",
        outcome="partly_granted",
        refuses_or_reduces=True,
        reasons="",
        phrase_key=key,
        phrase_values={},
        communication_id=None,
        not_activity_requirement=False,
        on=on,
    )


def test_a_reduction_for_karins_absence_needs_her_covered(karin):
    key = "livelihood.partly_granted.activity_absent"
    on = dt.date(2026, 11, 20)
    [problem] = decision_coverage_problems(_line(karin.case, key, on))
    assert "omfattas av aktivitetskravet" in str(problem)
    assert any(str(p) == str(problem) for p in prior_steps.problems(_line(karin.case, key, on)))
    calculation = _line(karin.case, "livelihood.partly_granted.calculation", on)
    assert decision_coverage_problems(calculation) == []
    grant(karin.case, m(2026, 9))  # now covered for December
    assert decision_coverage_problems(_line(karin.case, key, on)) == []


def test_the_reduction_is_checked_for_the_month_the_application_is_about(karin):
    from ekb.applications.models import Application

    grant(karin.case, m(2026, 9))  # September-November: covered for December, not November
    key = "livelihood.partly_granted.activity_absent"
    november = Application.objects.filter(case=karin.case, month=m(2026, 11)).first()
    if november is None:
        pytest.skip("Karin's story has no November application")
    [problem] = decision_coverage_problems(
        _line(karin.case, key, dt.date(2026, 11, 20), november.pk)
    )
    assert "2026-11" in str(problem)


# --- 8: the target: never above the rule, dated, and the household's changes shown -------------


def test_anna_cannot_raise_karins_target_above_the_rule(karin_covered, org):
    karin = karin_covered
    for hours in ("60", "40"):
        with pytest.raises(ValidationError) as refused:
            do_set_schedule(
                karin.case,
                person=karin.applicant,
                weekly_target_hours=hours,
                target_reason="heltid",
                acting_user=org.anna,
            )
        assert "30" in refused.value.message_dict["weekly_target_hours"][0]


def test_olles_lowered_target_applies_from_its_day_and_the_weeks_before_keep_theirs(
    olle, org, time_machine
):
    schedule = do_set_schedule(olle, person=applicant_of(olle), acting_user=org.anna)
    time_machine.move_to(at_ten(dt.date(2026, 12, 7)), tick=False)
    do_set_schedule(
        olle,
        person=applicant_of(olle),
        weekly_target_hours="20",
        target_reason="Nedsatt förmåga enligt läkarintyg.",
        acting_user=org.anna,
    )
    assert week_balance(schedule, dt.date(2026, 11, 23)).target == 40
    assert week_balance(schedule, dt.date(2026, 12, 7)).target == 20
    assert week_balance(schedule, dt.date(2026, 12, 14)).target == 20
    assert ActivityTarget.objects.filter(schedule=schedule).count() == 2


def test_a_child_born_to_olle_lowers_the_weeks_target_and_anna_is_told(olle, org, time_machine):
    schedule = do_set_schedule(olle, person=applicant_of(olle), acting_user=org.anna)
    baby = f.person(dt.date(2026, 12, 1))
    add_member(olle, baby, MemberRole.CHILD, valid_from=dt.date(2026, 12, 1))
    time_machine.move_to(at_ten(dt.date(2026, 12, 7)), tick=False)
    assert week_balance(schedule, dt.date(2026, 11, 23)).target == 40
    assert week_balance(schedule, dt.date(2026, 12, 7)).target == 30
    assert rule_target_changed(schedule, dt.date(2026, 12, 7)) == 30
    assert rule_target_changed(schedule, dt.date(2026, 11, 23)) is None


# --- 9: a holiday week asks for its working days' share ----------------------------------------


def test_the_christmas_week_asks_karin_for_three_fifths_and_shows_what_was_not_planned(
    karin_covered, org
):
    karin = karin_covered
    schedule = do_set_schedule(karin.case, person=karin.applicant, acting_user=org.anna)
    for day in (21, 22, 23):  # Monday to Wednesday; 24 and 25 December are closed
        session(schedule, org.anna, dt.date(2026, 12, day), 8, 12)
    week = week_balance(schedule, dt.date(2026, 12, 21))
    assert (week.working_days, week.weekly_target, week.target) == (3, 30, 18)
    assert week.planned == 12 and week.planned_short == 6
    new_year = week_balance(schedule, dt.date(2026, 12, 28))  # 31 Dec and 1 Jan closed
    assert new_year.working_days == 3 and new_year.target == 18


# --- 10: sessions ahead, once, on working days ---------------------------------------------------


def test_a_session_before_now_is_refused(olle, org):
    schedule = do_set_schedule(olle, person=applicant_of(olle), acting_user=org.anna)
    for day, start in ((dt.date(2026, 11, 2), 9), (dt.date(2026, 11, 20), 9)):  # now: 20 Nov 10:00
        with pytest.raises(ValidationError) as refused:
            session(schedule, org.anna, day, start, start + 2)
        assert "i efterhand" in refused.value.message_dict["starts_at"][0]
    session(schedule, org.anna, dt.date(2026, 11, 20), 11, 13)  # later today is fine
    assert ActivitySession.objects.count() == 1


def test_the_same_session_twice_is_one_session(olle, org):
    schedule = do_set_schedule(olle, person=applicant_of(olle), acting_user=org.anna)
    session(schedule, org.anna, dt.date(2026, 11, 23))
    with pytest.raises(ValidationError) as refused:
        session(schedule, org.anna, dt.date(2026, 11, 23))
    assert "finns redan" in refused.value.message_dict["starts_at"][0]
    session(schedule, org.anna, dt.date(2026, 11, 23), 12, 14)  # another time is another session
    assert schedule.sessions.count() == 2


def test_a_session_on_christmas_day_or_a_saturday_is_refused(olle, org):
    schedule = do_set_schedule(olle, person=applicant_of(olle), acting_user=org.anna)
    for day in (dt.date(2026, 12, 25), dt.date(2026, 11, 28), dt.date(2026, 12, 24)):
        with pytest.raises(ValidationError) as refused:
            session(schedule, org.anna, day)
        assert "inte en arbetsdag" in refused.value.message_dict["starts_at"][0]
    assert not ActivitySession.objects.exists()


# --- 11: a corrected absence closes its task -----------------------------------------------------


def test_correcting_olles_absence_to_present_closes_the_absence_task(olle, org, time_machine):
    schedule = do_set_schedule(olle, person=applicant_of(olle), acting_user=org.anna)
    visit = session(schedule, org.anna, dt.date(2026, 11, 23))
    time_machine.move_to(at_ten(dt.date(2026, 11, 23)) + dt.timedelta(hours=4), tick=False)
    do_record_attendance(visit, status=AttendanceStatus.ABSENT_WITHOUT, acting_user=org.anna)
    task = Task.objects.get(kind=TaskKind.ACTIVITY_ABSENCE)
    do_record_attendance(visit, status=AttendanceStatus.PRESENT, acting_user=org.anna)
    task.refresh_from_db()
    assert task.closed_at is not None and task.closed_by == org.anna
    assert task.outcome == "Närvaron rättades till: Närvarande."
    do_record_attendance(visit, status=AttendanceStatus.ABSENT_WITHOUT, acting_user=org.anna)
    assert Task.objects.filter(kind=TaskKind.ACTIVITY_ABSENCE, closed_at__isnull=True).count() == 1


# --- 19: a week that is no week ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["0001-W01", "9999-W52", "1999-W10", "2101-W01", "2026-W54"])
def test_a_week_out_of_range_falls_back_to_this_week(text):
    assert parse_week(text) is None
    assert week_from_query(text, dt.date(2026, 11, 20)) == (dt.date(2026, 11, 16), True)


def test_no_week_asked_is_this_week_without_a_message():
    assert week_from_query("", dt.date(2026, 11, 20)) == (dt.date(2026, 11, 16), False)
    assert week_from_query("2026-W50", dt.date(2026, 11, 20)) == (dt.date(2026, 12, 7), False)


def test_a_session_overlapping_another_in_olles_schedule_is_refused_and_hours_are_not_doubled(
    olle, org
):
    schedule = do_set_schedule(olle, person=applicant_of(olle), acting_user=org.anna)
    day = dt.date(2026, 11, 24)  # a Tuesday after the frozen today
    session(schedule, org.anna, day, start=8, end=14)
    with pytest.raises(ValidationError) as refused:
        session(schedule, org.anna, day, start=9, end=10)
    assert "krockar med Svenska i arbetslivet" in refused.value.message_dict["starts_at"][0]
    session(schedule, org.anna, day, start=14, end=15)  # right after: no overlap
    assert schedule.sessions.count() == 2
