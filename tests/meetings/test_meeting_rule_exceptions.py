"""The meeting rule's exceptions and targets, with who may set them: a case's interval in weeks
(a client in a crisis) or months (a client in stable work training), the way back to the rule,
a unit's target set only by its section manager; and the month view that counts by both."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ekb.audit.models import AccessLogEntry, Outcome
from ekb.meetings.access import my_month
from ekb.meetings.month import month_view
from ekb.meetings.rules import (
    case_meeting_rule,
    do_return_to_meeting_rule,
    do_set_meeting_frequency,
    do_set_meeting_target,
    interval_months,
    monthly_target,
    next_meeting_due,
)
from tests.meetings.helpers import past_meeting

pytestmark = pytest.mark.django_db
OCTOBER, NOVEMBER, DECEMBER = dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)
STABLE = "Stabil i arbetsträning sedan augusti; planen följs upp varannan månad."
CRISIS = "Akut bostadslöshet; tätare kontakt tills boendet är ordnat."


def every_other_month(case, user, valid_from=OCTOBER):
    return do_set_meeting_frequency(
        case, interval_months=2, reason=STABLE, valid_from=valid_from, acting_user=user
    )


def test_a_client_in_a_crisis_met_every_other_week_is_due_two_weeks_after_the_meeting(cases, org):
    case = cases.norr_annas
    past_meeting(case, dt.date(2026, 11, 2))
    do_set_meeting_frequency(
        case, interval_weeks=2, reason=CRISIS, valid_from=NOVEMBER, acting_user=org.anna
    )
    assert next_meeting_due(case, dt.date(2026, 11, 20)) == dt.date(2026, 11, 16)
    assert interval_months(case, dt.date(2026, 11, 20)) == 0  # counted in weeks


def test_an_interval_in_both_weeks_and_months_is_refused(cases, org):
    with pytest.raises(ValidationError) as refused:
        do_set_meeting_frequency(
            cases.norr_annas,
            interval_months=2,
            interval_weeks=2,
            reason=CRISIS,
            valid_from=NOVEMBER,
            acting_user=org.anna,
        )
    assert "interval_months" in refused.value.message_dict
    assert not cases.norr_annas.meeting_frequencies.exists()


def test_more_than_four_weeks_between_meetings_is_refused_as_weeks(cases, org):
    with pytest.raises(ValidationError) as refused:
        do_set_meeting_frequency(
            cases.norr_annas,
            interval_weeks=5,
            reason=CRISIS,
            valid_from=NOVEMBER,
            acting_user=org.anna,
        )
    assert "1–4" in refused.value.message_dict["interval_weeks"][0]


def test_returning_to_the_rule_ends_the_exception_and_keeps_its_history(cases, org):
    case = cases.norr_annas
    past_meeting(case, dt.date(2026, 10, 15))
    every_other_month(case, org.anna)
    assert next_meeting_due(case, dt.date(2026, 11, 20)) == dt.date(2026, 12, 15)
    do_return_to_meeting_rule(
        case, valid_from=dt.date(2026, 11, 20), note="Arbetsträningen avbröts.", acting_user=org.ida
    )
    assert next_meeting_due(case, dt.date(2026, 11, 20)) == dt.date(2026, 11, 15)
    assert case_meeting_rule(case, dt.date(2026, 11, 20)).own is None
    assert case_meeting_rule(case, dt.date(2026, 11, 19)).own.reason == STABLE
    assert case.meeting_frequencies.count() == 2


def test_a_case_that_follows_the_rule_cannot_return_to_it(cases, org):
    with pytest.raises(ValidationError) as refused:
        do_return_to_meeting_rule(cases.norr_annas, valid_from=NOVEMBER, acting_user=org.anna)
    assert "redan" in refused.value.message_dict["__all__"][0]


def test_the_case_page_read_shows_who_set_the_exception_and_one_set_for_later(cases, org):
    case = cases.norr_annas
    every_other_month(case, org.anna)
    do_set_meeting_frequency(
        case, interval_weeks=1, reason=CRISIS, valid_from=DECEMBER, acting_user=org.ida
    )
    shown = case_meeting_rule(case, dt.date(2026, 11, 20))
    assert (shown.rule_months, shown.own.interval_months, shown.own.set_by) == (1, 2, org.anna)
    assert (shown.coming.interval_weeks, shown.coming.set_by) == (1, org.ida)


@pytest.mark.parametrize("who", ["ida", "david", "erik", "cecilia"])
def test_staff_who_work_the_unit_s_cases_may_set_a_case_s_interval(cases, org, who):
    made = every_other_month(cases.norr_annas, getattr(org, who))
    assert made.set_by == getattr(org, who)


def test_staff_of_another_unit_may_not_set_a_case_s_interval_and_the_refusal_is_logged(cases, org):
    with pytest.raises(PermissionDenied):
        every_other_month(cases.norr_annas, org.bertil)
    assert not cases.norr_annas.meeting_frequencies.exists()
    assert AccessLogEntry.objects.filter(
        actor_user_id=org.bertil.pk, case_id=cases.norr_annas.pk, outcome=Outcome.DENIED
    ).exists()


def test_a_closed_case_s_interval_is_not_changed(cases, org):
    case = cases.norr_annas
    case.closed_on, case.closure_reason = dt.date(2026, 11, 10), "work"
    case.save(update_fields=["closed_on", "closure_reason"])
    with pytest.raises(PermissionDenied):
        every_other_month(case, org.anna)


def test_only_a_section_manager_of_the_unit_sets_the_unit_s_target(org):
    for who, unit in ((org.anna, org.norr), (org.david, org.norr), (org.cecilia, org.soder)):
        with pytest.raises(PermissionDenied):
            do_set_meeting_target(
                unit=unit, meetings_per_month=30, valid_from=NOVEMBER, acting_user=who
            )
    assert monthly_target(org.norr, NOVEMBER) == monthly_target(org.soder, NOVEMBER) == 40
    do_set_meeting_target(
        unit=org.norr, meetings_per_month=32, valid_from=NOVEMBER, acting_user=org.cecilia
    )
    assert monthly_target(org.norr, NOVEMBER) == 32


def test_a_section_manager_does_not_set_the_municipality_s_target(org):
    with pytest.raises(PermissionDenied):
        do_set_meeting_target(
            municipality=org.muni,
            meetings_per_month=30,
            valid_from=NOVEMBER,
            acting_user=org.cecilia,
        )


# --- the month view counts by both ---------------------------------------------------------------


def _client_row(view, case):
    return next(c for c in view.cases if c.case_id == case.pk)


def test_a_client_met_in_october_is_due_in_november_by_the_rule(cases, org):
    past_meeting(cases.norr_annas, dt.date(2026, 10, 15))
    assert _client_row(my_month(org.anna, NOVEMBER), cases.norr_annas).due


def test_a_case_on_every_other_month_is_not_due_in_the_month_after_a_held_meeting(cases, org):
    case = cases.norr_annas
    past_meeting(case, dt.date(2026, 10, 15))
    every_other_month(case, org.anna)
    november = my_month(org.anna, NOVEMBER)
    assert not _client_row(november, case).due
    assert _client_row(november, case).due_on == dt.date(2026, 12, 15)
    assert _client_row(my_month(org.anna, DECEMBER), case).due


def test_a_case_returned_to_the_rule_is_due_again_in_the_month_view(cases, org):
    case = cases.norr_annas
    past_meeting(case, dt.date(2026, 10, 15))
    every_other_month(case, org.anna)
    do_return_to_meeting_rule(case, valid_from=NOVEMBER, acting_user=org.anna)
    assert _client_row(my_month(org.anna, NOVEMBER), case).due


def test_the_unit_s_month_view_counts_against_the_target_in_force_in_the_month(cases, org):
    do_set_meeting_target(
        unit=org.norr, meetings_per_month=25, valid_from=DECEMBER, acting_user=org.cecilia
    )
    november, december = month_view([org.norr.pk], NOVEMBER), month_view([org.norr.pk], DECEMBER)
    assert {row.target for row in november.rows} == {40}
    assert {row.target for row in december.rows} == {25}
