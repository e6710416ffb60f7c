"""The FAS morning job: the standard calculation before the day's meetings, and the plans'
follow-ups that are due, each once."""

from __future__ import annotations

import datetime as dt

from ekb.cases.choices import TaskKind
from ekb.cases.models import Task
from ekb.flow.fas_morning import fas_morning
from ekb.flow.meetings import meeting_money
from ekb.meetings.choices import MeetingKind
from ekb.meetings.models import Meeting


def _meeting(case, user, day: dt.date) -> Meeting:
    return Meeting.objects.create(
        case=case,
        caseworker=user,
        starts_at=dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.UTC),
        kind=MeetingKind.VISIT,
        created_by=user,
    )


def test_on_friday_morning_the_calculation_is_ready_for_mondays_meeting_and_made_once(karin, org):
    # Friday 20 November 2026; the next working day is Monday 23 November.
    monday = _meeting(karin.case, org.anna, dt.date(2026, 11, 23))
    run = fas_morning(dt.date(2026, 11, 20))
    assert run.calculations == 1
    assert meeting_money(monday).snapshot is not None
    assert fas_morning(dt.date(2026, 11, 20)).calculations == 0


def test_a_meeting_a_week_away_is_not_prepared_yet(karin, org):
    _meeting(karin.case, org.anna, dt.date(2026, 11, 27))
    assert fas_morning(dt.date(2026, 11, 20)).calculations == 0


def test_the_morning_job_opens_no_follow_up_task_without_a_plan(karin):
    assert fas_morning(dt.date(2026, 11, 20)).follow_ups == 0
    assert not Task.objects.filter(kind=TaskKind.PLAN_FOLLOW_UP_DUE).exists()


def test_one_case_that_fails_leaves_karins_calculation_and_the_follow_ups_to_run(
    karin, org, monkeypatch
):
    from ekb.flow import meetings
    from tests import factories as f

    other = f.case(org.norr, assigned=org.anna)
    _meeting(other, org.anna, dt.date(2026, 11, 20))
    mine = _meeting(karin.case, org.anna, dt.date(2026, 11, 20))
    real = meetings.prepare_for_meeting

    def breaks_on_the_other_case(meeting, **options):
        if meeting.case_id == other.pk:
            raise RuntimeError("unexpected")
        return real(meeting, **options)

    monkeypatch.setattr(meetings, "prepare_for_meeting", breaks_on_the_other_case)
    run = fas_morning(dt.date(2026, 11, 20))
    assert run.calculations == 1
    assert meeting_money(mine).snapshot is not None


def test_the_follow_ups_are_opened_even_when_the_calculations_fail(karin, monkeypatch):
    from ekb.flow import fas_morning as job

    def fails(day):
        raise RuntimeError("unexpected")

    opened = []
    monkeypatch.setattr(job, "prepare_for_meetings_on", fails)
    monkeypatch.setattr(job, "open_follow_up_tasks", lambda today: opened.append(today) or 2)
    run = fas_morning(dt.date(2026, 11, 20))
    assert (run.calculations, run.follow_ups) == (0, 2) and opened == [dt.date(2026, 11, 20)]
