"""A booked meeting is cancelled with a reason (and the client sees it so); a booking on top of
the caseworker's phone hours is refused; a section manager cannot move a past month's target;
a plan's follow-up falls on a working day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ekb.cases.choices import EventKind, TaskKind
from ekb.cases.tasks import open_tasks
from ekb.meetings.actions import do_book_meeting, do_cancel_meeting
from ekb.meetings.choices import MeetingStatus
from ekb.meetings.contact import do_set_phone_hours
from ekb.meetings.move_requests import client_meetings, do_request_meeting_move
from ekb.meetings.rules import do_set_meeting_target
from ekb.plans.dates import check_follow_up_date
from tests.meetings.helpers import local, past_meeting

FRIDAY = dt.date(2026, 11, 27)


def _meeting(case, user, hour=10):
    return do_book_meeting(
        case, starts_at=local(FRIDAY, hour), kind="visit", place="Storgatan 1", acting_user=user
    )


def test_anna_cancels_karins_meeting_with_a_reason_and_karin_sees_it_cancelled(karin, org):
    meeting = _meeting(karin.case, org.anna)
    do_cancel_meeting(meeting, reason="Handläggaren är sjuk.", acting_user=org.anna)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.cancel_reason == "Handläggaren är sjuk."
    event = karin.case.events.get(kind=EventKind.MEETING_CANCELLED)
    assert event.visible_to_client and event.data["date"] == "2026-11-27"
    [row] = client_meetings(karin.case)
    assert row.meeting.status == MeetingStatus.CANCELLED and row.pending is None


def test_cancelling_closes_karins_move_request_with_the_reason(karin, org):
    meeting = _meeting(karin.case, org.anna)
    request = do_request_meeting_move(meeting, person=karin.applicant, message="Kan vi flytta?")
    do_cancel_meeting(meeting, reason="Ny tid bokas per telefon.", acting_user=org.anna)
    request.task.refresh_from_db()
    assert request.task.closed_at is not None
    assert "Ny tid bokas per telefon." in request.task.outcome
    assert not [t for t in open_tasks(karin.case) if t.kind == TaskKind.MEETING_MOVE_REQUESTED]


def test_a_cancel_without_a_reason_is_refused_and_the_meeting_stands(karin, org):
    meeting = _meeting(karin.case, org.anna)
    with pytest.raises(ValidationError) as refused:
        do_cancel_meeting(meeting, reason="  ", acting_user=org.anna)
    assert "reason" in refused.value.message_dict
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.BOOKED


def test_a_held_meeting_cannot_be_cancelled(karin, org):
    meeting = past_meeting(karin.case, dt.date(2026, 11, 2))
    with pytest.raises(ValidationError) as refused:
        do_cancel_meeting(meeting, reason="Fel", acting_user=org.anna)
    assert "__all__" in refused.value.message_dict


def test_after_a_cancel_the_time_is_free_to_book_again(karin, org):
    meeting = _meeting(karin.case, org.anna)
    do_cancel_meeting(meeting, reason="Flyttas.", acting_user=org.anna)
    again = _meeting(karin.case, org.anna)
    assert again.status == MeetingStatus.BOOKED


def test_a_meeting_inside_annas_phone_hours_is_refused_naming_them(karin, org):
    do_set_phone_hours(org.anna, {4: (dt.time(9, 30), dt.time(10, 30))})
    with pytest.raises(ValidationError) as refused:
        _meeting(karin.case, org.anna, hour=10)
    message = refused.value.message_dict["starts_at"][0]
    assert "telefontid" in message and "09:30–10:30" in message
    assert _meeting(karin.case, org.anna, hour=11).status == MeetingStatus.BOOKED


def test_phone_hours_on_another_weekday_do_not_stop_the_booking(karin, org):
    do_set_phone_hours(org.anna, {0: (dt.time(9, 0), dt.time(11, 0))})
    assert _meeting(karin.case, org.anna, hour=10).status == MeetingStatus.BOOKED


def test_cecilia_cannot_set_a_target_from_a_month_already_begun_or_gone(org, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 30, 10, 0, tzinfo=dt.UTC), tick=False)
    with pytest.raises(ValidationError) as refused:
        do_set_meeting_target(
            unit=org.norr,
            meetings_per_month=30,
            valid_from=dt.date(2026, 11, 1),
            acting_user=org.cecilia,
        )
    assert "2026-12-01" in refused.value.message_dict["valid_from"][0]
    target = do_set_meeting_target(
        unit=org.norr,
        meetings_per_month=30,
        valid_from=dt.date(2026, 12, 1),
        acting_user=org.cecilia,
    )
    assert target.valid_from == dt.date(2026, 12, 1)


@pytest.mark.parametrize("day", [dt.date(2026, 11, 28), dt.date(2026, 12, 25)])
def test_a_plan_follow_up_on_a_weekend_or_holiday_is_refused(day):
    with pytest.raises(ValidationError) as refused:
        check_follow_up_date(day, dt.date(2026, 11, 20))
    assert refused.value.message_dict["follow_up_on"] == [
        f"Välj en arbetsdag: {day.isoformat()} är helgdag."
    ]


def test_a_plan_follow_up_on_a_weekday_is_accepted():
    check_follow_up_date(dt.date(2026, 12, 28), dt.date(2026, 11, 20))
