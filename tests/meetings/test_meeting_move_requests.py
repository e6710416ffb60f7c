"""The client asks to move a booked meeting: a task for the caseworker, "sent" for the client,
and one request however many times she presses the button."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from ekb.cases.choices import EventKind, TaskKind
from ekb.cases.tasks import do_close_task, open_tasks
from ekb.meetings.actions import do_book_meeting
from ekb.meetings.models import MeetingMoveRequest
from ekb.meetings.move_requests import (
    access_own_meeting,
    client_meetings,
    do_request_meeting_move,
    pending_request,
)
from tests import factories as f


def _meeting(case, user, day=27):
    return do_book_meeting(
        case,
        starts_at=dt.datetime(2026, 11, day, 10, 0, tzinfo=dt.UTC),
        kind="visit",
        place="Storgatan 1",
        acting_user=user,
    )


def test_karins_request_opens_one_move_task_for_anna_with_her_message(karin, org):
    meeting = _meeting(karin.case, org.anna)
    request = do_request_meeting_move(
        meeting, person=karin.applicant, message="Jag har en läkartid då. Går det på fredag?"
    )
    [task] = open_tasks(karin.case)
    assert task.kind == TaskKind.MEETING_MOVE_REQUESTED
    assert "läkartid" in task.text and "2026-11-27" in task.text
    assert request.task == task
    assert karin.case.events.filter(kind=EventKind.MEETING_MOVE_REQUESTED).count() == 1


def test_a_double_submit_makes_one_request_and_one_task(karin, org):
    meeting = _meeting(karin.case, org.anna)
    first = do_request_meeting_move(meeting, person=karin.applicant, message="Kan vi flytta?")
    second = do_request_meeting_move(meeting, person=karin.applicant, message="Kan vi flytta?")
    assert first.pk == second.pk
    assert MeetingMoveRequest.objects.filter(meeting=meeting).count() == 1
    assert len(open_tasks(karin.case)) == 1


def test_after_anna_closes_the_task_karin_may_ask_again(karin, org):
    meeting = _meeting(karin.case, org.anna)
    first = do_request_meeting_move(meeting, person=karin.applicant, message="Kan vi flytta?")
    do_close_task(first.task, outcome="Ringde Karin, tiden står kvar.", acting_user=org.anna)
    assert pending_request(meeting) is None
    again = do_request_meeting_move(meeting, person=karin.applicant, message="Ändå inte.")
    assert again.pk != first.pk and pending_request(meeting) == again


def test_an_empty_message_is_refused_and_nothing_is_sent(karin, org):
    meeting = _meeting(karin.case, org.anna)
    with pytest.raises(ValidationError) as refused:
        do_request_meeting_move(meeting, person=karin.applicant, message="   ")
    assert "message" in refused.value.message_dict
    assert open_tasks(karin.case) == []


def test_a_meeting_that_has_been_cannot_be_moved(karin, org, time_machine):
    meeting = _meeting(karin.case, org.anna)
    time_machine.move_to(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC), tick=False)
    with pytest.raises(ValidationError):
        do_request_meeting_move(meeting, person=karin.applicant, message="Kan vi flytta?")


def test_the_client_lists_only_meetings_to_come_with_the_pending_request(karin, org):
    later = _meeting(karin.case, org.anna, day=27)
    sooner = _meeting(karin.case, org.anna, day=24)
    do_request_meeting_move(later, person=karin.applicant, message="Kan vi flytta?")
    rows = client_meetings(karin.case)
    assert [r.meeting for r in rows] == [sooner, later]
    assert rows[0].pending is None and rows[1].pending is not None


def test_another_clients_meeting_is_a_404_for_karin(karin, org):
    other = f.case(org.norr, assigned=org.anna)
    meeting = _meeting(other, org.anna)
    with pytest.raises(Http404):
        access_own_meeting(karin.applicant.pk, meeting.pk)
    assert access_own_meeting(other.household.members.first().person_id, meeting.pk) == meeting
