"""A plan counts as established only at a held meeting with the client, with a follow-up date
within three months (rules/plan.yaml); follow-ups are recorded and the next one booked; the
daily run opens a task when a follow-up is due."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ekb.cases.choices import EventKind, TaskKind
from ekb.cases.status import status_for_case
from ekb.cases.tasks import open_tasks
from ekb.meetings.choices import MeetingStatus
from ekb.plans.actions import (
    do_book_follow_up,
    do_establish_plan,
    do_record_follow_up,
    do_revise_plan,
    do_share_plan,
    do_sign_plan_as_staff,
)
from ekb.plans.choices import VersionStatus
from ekb.plans.dates import add_months
from ekb.plans.follow_up import open_follow_up_tasks
from ekb.plans.models import PlanFollowUp
from tests.plans.helpers import FOLLOW_UP, held_meeting, shared_plan

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def signed(karin, org):
    version = shared_plan(karin.case, org.anna)
    do_sign_plan_as_staff(version, acting_user=org.anna)
    return version


def test_a_plan_is_established_at_a_held_meeting_and_the_client_is_told(karin, org):
    version = signed(karin, org)
    meeting = held_meeting(karin.case, org.anna)
    do_establish_plan(version, meeting=meeting, follow_up_on=FOLLOW_UP, acting_user=org.anna)
    version.refresh_from_db()
    assert version.status == VersionStatus.ESTABLISHED and version.meeting_id == meeting.pk
    assert PlanFollowUp.objects.get(plan=version.plan).due_on == FOLLOW_UP
    texts = [entry.text for entry in status_for_case(karin.case).timeline]
    assert any("15 februari 2027" in str(text) for text in texts), texts
    assert karin.case.events.filter(kind=EventKind.PLAN_ESTABLISHED).exists()


@pytest.mark.parametrize("status", [MeetingStatus.BOOKED, MeetingStatus.MISSED])
def test_a_plan_is_not_established_at_a_meeting_that_was_not_held(karin, org, status):
    version = signed(karin, org)
    meeting = held_meeting(karin.case, org.anna, status=status)
    with pytest.raises(ValidationError) as refused:
        do_establish_plan(version, meeting=meeting, follow_up_on=FOLLOW_UP, acting_user=org.anna)
    assert "genomfört möte" in refused.value.message_dict["meeting"][0]
    version.refresh_from_db()
    assert version.status == VersionStatus.SHARED


def test_a_plan_is_not_established_without_a_meeting(karin, org):
    version = signed(karin, org)
    with pytest.raises(ValidationError) as refused:
        do_establish_plan(version, meeting=None, follow_up_on=FOLLOW_UP, acting_user=org.anna)
    assert "meeting" in refused.value.message_dict


def test_another_cases_meeting_does_not_establish_the_plan(karin, org, cases):
    version = signed(karin, org)
    elsewhere = held_meeting(cases.norr_annas, org.anna)
    with pytest.raises(ValidationError):
        do_establish_plan(version, meeting=elsewhere, follow_up_on=FOLLOW_UP, acting_user=org.anna)


def test_a_plan_not_signed_by_the_caseworker_is_not_established(karin, org):
    version = shared_plan(karin.case, org.anna)
    with pytest.raises(ValidationError) as refused:
        do_establish_plan(
            version,
            meeting=held_meeting(karin.case, org.anna),
            follow_up_on=FOLLOW_UP,
            acting_user=org.anna,
        )
    assert "skriver under" in " ".join(refused.value.messages)


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (dt.date(2026, 11, 19), "redan passerat"),
        (dt.date(2027, 2, 21), "senast 2027-02-20"),
        (None, "Ange ett datum"),
    ],
)
def test_a_follow_up_date_in_the_past_or_beyond_three_months_is_refused(karin, org, day, words):
    version = signed(karin, org)
    with pytest.raises(ValidationError) as refused:
        do_establish_plan(
            version,
            meeting=held_meeting(karin.case, org.anna),
            follow_up_on=day,
            acting_user=org.anna,
        )
    assert words in refused.value.message_dict["follow_up_on"][0]


def test_the_last_allowed_day_is_three_months_ahead_also_over_a_short_month():
    assert add_months(TODAY, 3) == dt.date(2027, 2, 20)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)


def established(karin, org):
    version = signed(karin, org)
    do_establish_plan(
        version,
        meeting=held_meeting(karin.case, org.anna),
        follow_up_on=FOLLOW_UP,
        acting_user=org.anna,
    )
    return version


def test_a_new_established_version_supersedes_the_old_one(karin, org):
    first = established(karin, org)
    second = do_revise_plan(first.plan, acting_user=org.anna)
    do_share_plan(second, acting_user=org.anna)
    first.refresh_from_db()
    assert first.status == VersionStatus.ESTABLISHED  # in force until the new one is established
    do_sign_plan_as_staff(second, acting_user=org.anna)
    do_establish_plan(
        second,
        meeting=held_meeting(karin.case, org.anna),
        follow_up_on=dt.date(2027, 1, 20),
        acting_user=org.anna,
    )
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    # One booked follow-up at a time: the first one was done at the meeting that established
    # the new version, and is kept as held.
    assert list(
        PlanFollowUp.objects.filter(held_on__isnull=True).values_list("due_on", flat=True)
    ) == [dt.date(2027, 1, 20)]
    assert PlanFollowUp.objects.get(held_on__isnull=False).due_on == FOLLOW_UP


def test_the_daily_run_opens_a_task_a_week_before_the_follow_up_once(karin, org):
    version = established(karin, org)
    assert open_follow_up_tasks(dt.date(2027, 2, 7)) == 0
    assert open_follow_up_tasks(dt.date(2027, 2, 8)) == 1
    open_follow_up_tasks(dt.date(2027, 2, 9))
    tasks = [t for t in open_tasks(karin.case) if t.kind == TaskKind.PLAN_FOLLOW_UP_DUE]
    assert len(tasks) == 1 and tasks[0].due_on == FOLLOW_UP
    assert version.plan.follow_ups.get().due_on == FOLLOW_UP


def test_no_task_for_a_closed_case(karin, org):
    established(karin, org)
    karin.case.closed_on = dt.date(2026, 11, 20)
    karin.case.closure_reason = "work"
    karin.case.save(update_fields=["closed_on", "closure_reason"])
    assert open_follow_up_tasks(FOLLOW_UP) == 0


def test_recording_the_follow_up_books_the_next_and_closes_the_reminder(karin, org, time_machine):
    version = established(karin, org)
    time_machine.move_to(dt.datetime(2027, 2, 10, 10, tzinfo=dt.UTC), tick=False)
    open_follow_up_tasks(dt.date(2027, 2, 10))
    follow_up = version.plan.follow_ups.get()
    do_record_follow_up(
        follow_up,
        notes="Karin har börjat på SFI.",
        next_due_on=dt.date(2027, 5, 10),
        acting_user=org.anna,
    )
    follow_up.refresh_from_db()
    assert follow_up.held_on == dt.date(2027, 2, 10)
    assert not [t for t in open_tasks(karin.case) if t.kind == TaskKind.PLAN_FOLLOW_UP_DUE]
    assert version.plan.follow_ups.filter(held_on__isnull=True).get().due_on == dt.date(2027, 5, 10)


def test_a_follow_up_without_a_next_date_within_the_rule_is_refused(karin, org):
    version = established(karin, org)
    follow_up = version.plan.follow_ups.get()
    with pytest.raises(ValidationError) as refused:
        do_record_follow_up(
            follow_up, notes="Gick bra.", next_due_on=dt.date(2027, 3, 1), acting_user=org.anna
        )
    assert "next_due_on" in refused.value.message_dict
    follow_up.refresh_from_db()
    assert follow_up.held_on is None


def test_rebooking_the_follow_up_refuses_a_past_date(karin, org):
    version = established(karin, org)
    with pytest.raises(ValidationError) as refused:
        do_book_follow_up(version.plan, booked_for=dt.date(2026, 1, 1), acting_user=org.anna)
    assert "booked_for" in refused.value.message_dict
    do_book_follow_up(version.plan, booked_for=dt.date(2026, 12, 21), acting_user=org.anna)
    assert version.plan.follow_ups.get().booked_for == dt.date(2026, 12, 21)


def test_a_version_shared_today_is_not_established_at_the_meeting_held_in_october(karin, org):
    version = signed(karin, org)  # shared on 20 November
    october = held_meeting(karin.case, org.anna, days_ago=36)  # held on 15 October
    with pytest.raises(ValidationError) as refused:
        do_establish_plan(version, meeting=october, follow_up_on=FOLLOW_UP, acting_user=org.anna)
    assert "innan den här versionen delades" in refused.value.message_dict["meeting"][0]
    version.refresh_from_db()
    assert version.status == VersionStatus.SHARED


def test_the_meeting_that_established_version_1_does_not_establish_version_2(karin, org):
    first = signed(karin, org)
    meeting = held_meeting(karin.case, org.anna)
    do_establish_plan(first, meeting=meeting, follow_up_on=FOLLOW_UP, acting_user=org.anna)
    second = do_share_plan(do_revise_plan(first.plan, acting_user=org.anna), acting_user=org.anna)
    do_sign_plan_as_staff(second, acting_user=org.anna)
    with pytest.raises(ValidationError) as refused:
        do_establish_plan(second, meeting=meeting, follow_up_on=FOLLOW_UP, acting_user=org.anna)
    assert "redan fastställt en annan version" in refused.value.message_dict["meeting"][0]
    first.refresh_from_db()
    assert first.status == VersionStatus.ESTABLISHED


def established_on_1_december(karin, org, time_machine):
    """Karin's plan established on 1 December 2026 with the follow-up on 1 March 2027."""
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False)
    version = signed(karin, org)
    do_establish_plan(
        version,
        meeting=held_meeting(karin.case, org.anna),
        follow_up_on=dt.date(2027, 3, 1),
        acting_user=org.anna,
    )
    return version


def test_the_follow_up_cannot_be_pushed_three_months_ahead_at_each_rebooking(
    karin, org, time_machine
):
    version = established_on_1_december(karin, org, time_machine)
    time_machine.move_to(dt.datetime(2027, 2, 28, 10, tzinfo=dt.UTC), tick=False)
    with pytest.raises(ValidationError) as refused:
        do_book_follow_up(version.plan, booked_for=dt.date(2027, 5, 28), acting_user=org.anna)
    assert "senast 2027-03-01" in refused.value.message_dict["booked_for"][0]
    with pytest.raises(ValidationError):
        do_book_follow_up(version.plan, booked_for=dt.date(2027, 3, 2), acting_user=org.anna)
    follow_up = do_book_follow_up(
        version.plan, booked_for=dt.date(2027, 3, 1), acting_user=org.anna
    )
    assert (follow_up.due_on, follow_up.booked_for) == (dt.date(2027, 3, 1), dt.date(2027, 3, 1))


def test_a_rebooked_follow_up_keeps_its_due_date_and_an_overdue_one_its_task_until_held(
    karin, org, time_machine
):
    version = established_on_1_december(karin, org, time_machine)
    open_follow_up_tasks(dt.date(2027, 2, 22))
    time_machine.move_to(dt.datetime(2027, 3, 3, 10, tzinfo=dt.UTC), tick=False)
    follow_up = do_book_follow_up(
        version.plan, booked_for=dt.date(2027, 3, 9), acting_user=org.anna
    )
    follow_up.refresh_from_db()
    assert (follow_up.due_on, follow_up.booked_for) == (dt.date(2027, 3, 1), dt.date(2027, 3, 9))
    assert version.plan.follow_ups.count() == 1
    due = [t for t in open_tasks(karin.case) if t.kind == TaskKind.PLAN_FOLLOW_UP_DUE]
    assert len(due) == 1 and due[0].due_on == dt.date(2027, 3, 1)
    time_machine.move_to(dt.datetime(2027, 3, 9, 10, tzinfo=dt.UTC), tick=False)
    do_record_follow_up(
        follow_up, notes="Karin går på SFI.", next_due_on=dt.date(2027, 6, 9), acting_user=org.anna
    )
    assert not [t for t in open_tasks(karin.case) if t.kind == TaskKind.PLAN_FOLLOW_UP_DUE]


def test_after_a_follow_up_is_held_the_limit_counts_from_that_day(karin, org, time_machine):
    version = established_on_1_december(karin, org, time_machine)
    time_machine.move_to(dt.datetime(2027, 1, 15, 10, tzinfo=dt.UTC), tick=False)
    do_record_follow_up(
        version.plan.follow_ups.get(),
        notes="Karin har börjat på SFI.",
        next_due_on=dt.date(2027, 4, 9),
        acting_user=org.anna,
    )
    time_machine.move_to(dt.datetime(2027, 4, 1, 10, tzinfo=dt.UTC), tick=False)
    with pytest.raises(ValidationError) as refused:
        do_book_follow_up(version.plan, booked_for=dt.date(2027, 4, 16), acting_user=org.anna)
    assert "senast 2027-04-15" in refused.value.message_dict["booked_for"][0]
    do_book_follow_up(version.plan, booked_for=dt.date(2027, 4, 15), acting_user=org.anna)
