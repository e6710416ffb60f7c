"""The meeting rule: as a rule once a month (rules/meetings.yaml), a case's own interval with its
reason, the monthly target per municipality and unit, and the date a client is next due."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ekb.meetings.choices import MeetingStatus
from ekb.meetings.rules import (
    add_months,
    do_set_meeting_frequency,
    do_set_meeting_target,
    interval_months,
    meeting_rule,
    monthly_target,
    next_meeting_due,
)
from tests.meetings.helpers import past_meeting

pytestmark = pytest.mark.django_db
NOVEMBER = dt.date(2026, 11, 1)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2027, 1, 31), 1, dt.date(2027, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 10, 31), 2, dt.date(2026, 12, 31)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
    ],
)
def test_a_month_later_is_the_same_day_or_the_last_day_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def test_as_a_rule_a_client_is_met_once_a_month_and_a_caseworker_has_forty_meetings():
    rule = meeting_rule(NOVEMBER)
    assert (rule["interval_months"], rule["meetings_per_month"]) == (1, 40)
    assert "seed 003" in rule["source"]


def test_a_client_last_met_on_31_october_is_due_on_30_november(cases):
    past_meeting(cases.norr_annas, dt.date(2026, 10, 31))
    assert next_meeting_due(cases.norr_annas, dt.date(2026, 11, 20)) == dt.date(2026, 11, 30)


def test_a_missed_meeting_does_not_move_the_due_date(cases):
    past_meeting(cases.norr_annas, dt.date(2026, 10, 5))
    past_meeting(cases.norr_annas, dt.date(2026, 11, 3), status=MeetingStatus.MISSED)
    assert next_meeting_due(cases.norr_annas, dt.date(2026, 11, 20)) == dt.date(2026, 11, 5)


def test_a_client_never_met_is_due_a_month_after_the_case_opened(cases):
    case = cases.norr_annas  # opened 2025-03-01
    assert next_meeting_due(case, dt.date(2026, 11, 20)) == dt.date(2025, 4, 1)


def test_a_case_with_its_own_interval_and_reason_is_due_later(cases, org):
    case = cases.norr_annas
    past_meeting(case, dt.date(2026, 10, 31))
    do_set_meeting_frequency(
        case,
        interval_months=3,
        reason="Långvarigt sjukskriven, stabil situation; planen följs upp kvartalsvis.",
        valid_from=dt.date(2026, 11, 1),
        acting_user=org.anna,
    )
    assert interval_months(case, dt.date(2026, 11, 20)) == 3
    assert interval_months(case, dt.date(2026, 10, 20)) == 1  # not before it is in force
    assert next_meeting_due(case, dt.date(2026, 11, 20)) == dt.date(2027, 1, 31)


def test_an_exception_without_a_reason_is_refused(cases, org):
    with pytest.raises(ValidationError) as refused:
        do_set_meeting_frequency(
            cases.norr_annas,
            interval_months=2,
            reason="  ",
            valid_from=dt.date(2026, 11, 1),
            acting_user=org.anna,
        )
    assert "skälet" in refused.value.message_dict["reason"][0]
    assert not cases.norr_annas.meeting_frequencies.exists()


def test_a_unit_target_wins_over_the_municipality_and_the_rule(org):
    assert monthly_target(org.norr, NOVEMBER) == 40
    do_set_meeting_target(
        municipality=org.muni, meetings_per_month=35, valid_from=NOVEMBER, acting_user=org.gustav
    )
    assert monthly_target(org.norr, NOVEMBER) == 35
    do_set_meeting_target(
        unit=org.norr, meetings_per_month=30, valid_from=NOVEMBER, acting_user=org.cecilia
    )
    assert (monthly_target(org.norr, NOVEMBER), monthly_target(org.soder, NOVEMBER)) == (30, 35)
    assert monthly_target(org.norr, dt.date(2026, 10, 1)) == 40  # not yet in force in October


def test_a_target_for_both_or_neither_a_unit_and_a_municipality_is_refused(org):
    with pytest.raises(ValidationError):
        do_set_meeting_target(meetings_per_month=30, valid_from=NOVEMBER, acting_user=org.cecilia)
