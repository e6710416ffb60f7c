"""Issue 12 in a real browser: the caseworker books a meeting (a clash is refused and the form
keeps what she typed), holds it and records it with the children's needs, corrects and signs the
journal draft, and reads her month view; every page passes axe."""

from __future__ import annotations

import re

from tests.factories import PASSWORD
from tests.meetings.helpers import local


def log_in(page, base, username):
    page.goto(f"{base}/handlaggare/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/handlaggare/inkorg/$"))


def book(page, when, minutes="45", place=""):
    page.get_by_text("Boka möte", exact=True).last.click()
    page.get_by_label("Tid (ÅÅÅÅ-MM-DD TT:MM)").fill(when)
    page.get_by_label("Längd (minuter)").fill(minutes)
    page.get_by_label("Plats").fill(place)
    page.get_by_role("button", name="Boka", exact=True).click()


def test_a_meeting_is_booked_held_recorded_and_signed_and_the_month_counts_it(
    live_server, page, org, karin, assert_accessible, screenshot, time_machine
):
    import datetime as dt

    base = live_server.url
    log_in(page, base, "anna")
    page.goto(f"{base}/handlaggare/arenden/{karin.case.pk}/")
    book(page, "2026-11-23 10:00", "60", "Storgatan 1")
    page.get_by_text("Mötet är bokat.").wait_for()
    book(page, "2026-11-23 10:30", "45", "Hemma hos Karin")
    page.get_by_text(re.compile("redan ett möte 10:00–11:00")).first.wait_for()
    assert page.get_by_label("Plats").input_value() == "Hemma hos Karin"
    assert_accessible(page)
    screenshot(page, "120-meeting-clash-kept")

    time_machine.move_to(local(dt.date(2026, 11, 23), 12), tick=False)
    log_in(page, base, "anna")
    meeting = karin.case.meetings.get()
    page.goto(f"{base}/handlaggare/moten/{meeting.pk}/")
    page.get_by_label("Ja, mötet hölls").check()
    page.get_by_label("Längd (minuter)").fill("50")
    page.get_by_label("Deltagare").fill("Karin, Anna")
    page.get_by_label("Överenskommet").fill("Karin söker tre jobb i veckan.")
    page.get_by_role("button", name="Spara dokumentationen").click()
    page.get_by_role("heading", name="Mötet dokumenterades inte").wait_for()
    assert page.get_by_label("Deltagare").input_value() == "Karin, Anna"
    assert_accessible(page)
    screenshot(page, "121-meeting-record-children-asked")
    page.get_by_label("Hur har barnens behov beaktats? (barnrättsperspektivet)").fill(
        "Elias behöver vinterkläder."
    )
    page.get_by_role("button", name="Spara dokumentationen").click()
    draft = page.get_by_label("Journalanteckning från mötet")
    draft.wait_for()
    assert "Besök 2026-11-23 kl. 10:00, 50 minuter." in draft.input_value()
    assert_accessible(page)
    screenshot(page, "122-meeting-journal-draft")
    draft.fill(draft.input_value() + "\nKarin har fått information om hyresskulden.")
    page.get_by_role("button", name="Signera anteckningen").click()
    page.get_by_text("Anteckningen är signerad i journalen.").wait_for()

    page.goto(f"{base}/handlaggare/")
    page.get_by_role("link", name="Mina möten den här månaden").click()
    page.get_by_role("heading", name=re.compile("Möten i")).first.wait_for()
    assert page.get_by_text(re.compile("Du har hållit 1 av målet 40 möten")).is_visible()
    assert_accessible(page)
    screenshot(page, "123-meeting-month-view")
