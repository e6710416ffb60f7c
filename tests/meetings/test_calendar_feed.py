"""A caseworker's meetings as an iCalendar feed: a secret address per user, a new one ends the
old one, and what leaves the system names no client."""

from __future__ import annotations

import datetime as dt

from ekb.meetings.actions import do_book_meeting
from ekb.meetings.calendar_feed import calendar_feed, do_make_calendar_token, feed_owner
from tests import factories as f


def _book(case, user, day=27, **extra):
    return do_book_meeting(
        case,
        starts_at=dt.datetime(2026, 11, day, 10, 0, tzinfo=dt.UTC),
        kind="home_visit",
        duration_minutes=60,
        acting_user=user,
        **extra,
    )


def test_the_token_opens_annas_feed_until_she_makes_a_new_one(org):
    old = do_make_calendar_token(org.anna)
    assert feed_owner(old) == org.anna
    new = do_make_calendar_token(org.anna)
    assert feed_owner(new) == org.anna
    assert feed_owner(old) is None
    assert feed_owner("") is None
    assert feed_owner("wrong-" * 5) is None


def test_an_inactive_users_feed_opens_nothing(org):
    token = do_make_calendar_token(org.anna)
    org.anna.is_active = False
    org.anna.save(update_fields=["is_active"])
    assert feed_owner(token) is None


def test_the_feed_has_case_number_and_kind_and_no_name_address_or_number(karin, org):
    meeting = _book(
        karin.case, org.anna, place="Hemma hos Karin, Rosengatan 4", interpreter_language="arabiska"
    )
    document = calendar_feed(org.anna)
    assert document.startswith("BEGIN:VCALENDAR\r\n") and document.endswith("END:VCALENDAR\r\n")
    assert f"UID:meeting-{meeting.pk}@ekb" in document
    assert f"SUMMARY:{karin.case.number} – Hembesök" in document
    assert "DTSTART:20261127T100000Z" in document and "DTEND:20261127T110000Z" in document
    for secret in ("Karin", "Lundqvist", "Rosengatan", "arabiska", karin.applicant.identity_number):
        assert secret not in document


def test_a_protected_case_is_only_a_meeting_in_the_feed(org, frozen):
    hidden = f.case(org.norr, assigned=org.anna, protected=True)
    _book(hidden, org.anna)
    document = calendar_feed(org.anna)
    assert "SUMMARY:Möte\r\n" in document and hidden.number not in document


def test_the_feed_holds_only_her_own_meetings(karin, org, cases):
    _book(karin.case, org.anna)
    _book(cases.norr_idas, org.ida, day=26)
    document = calendar_feed(org.anna)
    assert karin.case.number in document and cases.norr_idas.number not in document
    assert "VEVENT" not in calendar_feed(org.bertil)


def test_long_lines_are_folded_at_75_octets(karin, org):
    _book(karin.case, org.anna)
    for line in calendar_feed(org.anna).split("\r\n"):
        assert len(line.encode()) <= 75
