"""Booking guards (working hours on a working day, no overlap with the caseworker's other
meeting), the record (held with its notes, the children's needs when there are children; missed
with the follow-up and a task) and the journal draft the caseworker corrects and signs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ekb.cases.choices import TaskKind
from ekb.cases.tasks import open_tasks
from ekb.meetings.actions import do_book_meeting
from ekb.meetings.choices import MeetingStatus
from ekb.meetings.records import do_record_meeting, do_sign_meeting_journal, journal_draft
from tests.meetings.helpers import local

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 11, 23)


def book(case, user, starts_at, **extra):
    return do_book_meeting(case, starts_at=starts_at, kind="visit", acting_user=user, **extra)


def refusal(case, user, starts_at, **extra) -> str:
    with pytest.raises(ValidationError) as refused:
        book(case, user, starts_at, **extra)
    return " ".join(m for ms in refused.value.message_dict.values() for m in ms)


def test_a_meeting_is_booked_for_the_rules_length_inside_working_hours(cases, org):
    meeting = book(cases.norr_annas, org.anna, local(MONDAY, 16, 15))
    assert meeting.duration_minutes == 45 and meeting.ends_at == local(MONDAY, 17, 0)


@pytest.mark.parametrize(
    ("starts_at", "minutes", "words"),
    [
        (local(MONDAY, 7, 30), 45, "utanför arbetstiden"),
        (local(MONDAY, 16, 30), 45, "08:00 och 17:00"),
        (local(dt.date(2026, 11, 28), 10), 45, "inte en arbetsdag"),  # a Saturday
        (local(dt.date(2026, 12, 24), 10), 45, "2026-12-24 är inte en arbetsdag"),  # julafton
        (local(dt.date(2027, 1, 6), 10), 45, "inte en arbetsdag"),  # trettondedag jul
        (local(MONDAY, 10), 0, "längd"),
    ],
)
def test_a_meeting_outside_working_hours_or_on_a_holiday_is_refused(
    cases, org, starts_at, minutes, words
):
    assert words in refusal(cases.norr_annas, org.anna, starts_at, duration_minutes=minutes)
    assert not cases.norr_annas.meetings.exists()


def test_a_meeting_on_top_of_the_caseworkers_other_meeting_is_refused_with_its_time(cases, org):
    book(cases.norr_annas, org.anna, local(MONDAY, 10), duration_minutes=60)
    message = refusal(cases.norr_protected_annas, org.anna, local(MONDAY, 10, 30))
    assert "10:00–11:00" in message and "annan tid" in message
    # Back to back is fine, and another caseworker's calendar is her own.
    book(cases.norr_protected_annas, org.anna, local(MONDAY, 11))
    book(cases.norr_idas, org.ida, local(MONDAY, 10, 30))


def _booked_and_past(case, user, time_machine, day=MONDAY):
    meeting = book(case, user, local(day, 10))
    time_machine.move_to(local(day, 12), tick=False)
    return meeting


def test_a_held_meeting_is_recorded_and_drafts_the_journal_entry(cases, org, time_machine):
    meeting = _booked_and_past(cases.norr_annas, org.anna, time_machine)
    do_record_meeting(
        meeting,
        held=True,
        kind="joint_af",
        duration_minutes=50,
        participants="Klienten, handläggaren, arbetsförmedlare",
        notes_planning="Praktik på lager från januari.",
        notes_health="Sover bättre.",
        agreed="Klienten söker tre jobb i veckan.",
        acting_user=org.anna,
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.duration_minutes == 50
    draft = journal_draft(meeting, decided=["Försörjningsstöd december: 6 140 kr beviljas."])
    assert "Gemensamt möte med Arbetsförmedlingen 2026-11-23 kl. 10:00, 50 minuter." in draft
    assert "Deltagare: Klienten, handläggaren, arbetsförmedlare" in draft
    assert "Planering: Praktik på lager från januari." in draft
    assert "Överenskommet: Klienten söker tre jobb i veckan." in draft
    assert "- Försörjningsstöd december: 6 140 kr beviljas." in draft
    entry = do_sign_meeting_journal(meeting, text=draft + "\nRättat.", acting_user=org.anna)
    meeting.refresh_from_db()
    assert meeting.journal_entry == entry and entry.text.endswith("Rättat.")
    with pytest.raises(ValidationError):
        do_sign_meeting_journal(meeting, text="igen", acting_user=org.anna)


def test_with_children_in_the_household_the_record_asks_how_their_needs_were_considered(
    karin, org, time_machine
):
    meeting = _booked_and_past(karin.case, org.anna, time_machine)
    with pytest.raises(ValidationError) as refused:
        do_record_meeting(
            meeting, held=True, kind="visit", duration_minutes=40, participants="Karin",
            acting_user=org.anna,
        )  # fmt: skip
    assert "barnrättsperspektivet" in refused.value.message_dict["children_considered"][0]
    do_record_meeting(
        meeting, held=True, kind="visit", duration_minutes=40, participants="Karin",
        children_considered="Elias behöver vinterkläder; tas upp i beräkningen.",
        concern_report_needed=True, acting_user=org.anna,
    )  # fmt: skip
    assert "Orosanmälan behöver göras." in journal_draft(meeting)


def test_a_childless_household_needs_no_answer_about_children(cases, org, time_machine):
    meeting = _booked_and_past(cases.norr_annas, org.anna, time_machine)
    do_record_meeting(
        meeting, held=True, kind="phone", duration_minutes=15, participants="Klienten",
        acting_user=org.anna,
    )  # fmt: skip


def test_a_missed_meeting_needs_its_follow_up_and_opens_a_task(cases, org, time_machine):
    meeting = _booked_and_past(cases.norr_annas, org.anna, time_machine)
    with pytest.raises(ValidationError) as refused:
        do_record_meeting(meeting, held=False, acting_user=org.anna)
    assert "no_show_follow_up" in refused.value.message_dict
    assert not open_tasks(cases.norr_annas)
    do_record_meeting(
        meeting, held=False, no_show_follow_up="Ringde, inget svar. Skickat brev.",
        acting_user=org.anna,
    )  # fmt: skip
    (task,) = open_tasks(cases.norr_annas)
    assert task.kind == TaskKind.MEETING_MISSED and "Skickat brev" in task.text
    assert task.due_on == dt.date(2026, 11, 30)  # five working days
    assert "uteblev" in journal_draft(meeting)


def test_a_meeting_not_yet_begun_or_already_recorded_is_not_recorded(cases, org, time_machine):
    meeting = book(cases.norr_annas, org.anna, local(MONDAY, 10))
    with pytest.raises(ValidationError, match="inte börjat"):
        do_record_meeting(meeting, held=False, no_show_follow_up="x", acting_user=org.anna)
    time_machine.move_to(local(MONDAY, 12), tick=False)
    do_record_meeting(meeting, held=False, no_show_follow_up="Ringde.", acting_user=org.anna)
    with pytest.raises(ValidationError, match="redan dokumenterat"):
        do_record_meeting(meeting, held=False, no_show_follow_up="igen", acting_user=org.anna)


def test_a_meeting_the_labour_market_officer_books_stands_in_her_own_calendar(org, cases):
    from ekb.cases.labour_market import do_set_labour_market_officer

    case = cases.norr_annas
    do_set_labour_market_officer(case, officer=org.erik, acting_user=org.anna)
    case.refresh_from_db()
    assert book(case, org.erik, local(MONDAY, 10)).caseworker == org.erik
    assert book(case, org.anna, local(MONDAY, 13)).caseworker == org.anna
