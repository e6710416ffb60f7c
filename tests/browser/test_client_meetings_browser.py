"""Meetings outward in a real browser. Karin, on a phone screen, reads her booked meeting and
Anna's phone hours, asks to move the meeting (pressing the button twice makes one request) and
sees that it was sent; Anna finds the task, logs the call back, sets her phone hours and makes
her calendar address. Every page is checked with axe-core and photographed."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.accounts.models import Municipality
from ekb.cases.choices import TaskKind
from ekb.cases.tasks import open_tasks
from ekb.meetings.actions import do_book_meeting
from ekb.meetings.contact import do_set_phone_hours
from ekb.meetings.models import MeetingMoveRequest
from tests.browser.test_eservice_flow import log_in_client
from tests.factories import PASSWORD

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def demo_karin(karin, org, settings):
    Municipality.objects.filter(pk=org.muni.pk).update(is_demo=True)
    settings.EKB_DEMO = True
    return karin


@pytest.fixture
def check(assert_accessible, screenshot):
    def run(page, name):
        page.wait_for_load_state("load")
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, name)

    return run


def test_karin_asks_to_move_her_meeting_and_anna_calls_her_back(
    live_server, chromium, page, org, demo_karin, check
):
    meeting = do_book_meeting(
        demo_karin.case,
        starts_at=dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC),
        kind="visit",
        place="Stadsområde Norr, Storgatan 1",
        interpreter_language="arabiska",
        acting_user=org.anna,
    )
    do_set_phone_hours(org.anna, {0: (dt.time(9), dt.time(10)), 3: (dt.time(13), dt.time(14))})

    phone = chromium.new_context(locale="sv-SE", viewport=PHONE)
    client = phone.new_page()
    log_in_client(client, live_server.url, demo_karin.applicant)
    client.get_by_role("link", name="Dina möten och telefontider").click()
    client.get_by_role("heading", level=1, name="Dina möten").wait_for()
    assert "Storgatan 1" in client.inner_text("main")
    assert "Torsdag 13.00–14.00" in client.inner_text("main")
    check(client, "meetings-01-client-meetings")

    client.get_by_role("link", name="Be att få flytta mötet").click()
    client.get_by_role("heading", level=1, name="Flytta ett möte").wait_for()
    client.get_by_role("button", name="Skicka begäran").click()
    client.get_by_role("alert").wait_for()
    check(client, "meetings-02-move-request-empty")

    client.get_by_label("Meddelande till din handläggare").fill("Jag har en läkartid då.")
    # Two quick presses: the second may or may not leave the page; one request either way.
    client.get_by_role("button", name="Skicka begäran").dblclick()
    client.get_by_role("heading", level=1, name="Dina möten").wait_for()
    client.get_by_text("Din begäran är skickad", exact=False).first.wait_for()
    check(client, "meetings-03-move-request-sent")
    assert MeetingMoveRequest.objects.filter(meeting=meeting).count() == 1
    assert [t.kind for t in open_tasks(demo_karin.case)] == [TaskKind.MEETING_MOVE_REQUESTED]
    phone.close()

    page.goto(f"{live_server.url}/handlaggare/logga-in/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{live_server.url}/handlaggare/arenden/{demo_karin.case.pk}/")
    page.get_by_text("Klienten ber att få flytta mötet", exact=False).first.wait_for()
    page.get_by_text("Logga ett samtal eller meddelande").click()
    page.get_by_role("radio", name="Samtal").check()
    page.get_by_role("radio", name="Till klienten").check()
    page.get_by_label("När (ÅÅÅÅ-MM-DD TT:MM)").fill("2026-11-20 09:30")
    page.get_by_label("Längd i minuter (samtal)").fill("8")
    page.get_by_label("Anteckning", exact=True).fill("Ringde tillbaka om ny tid.")
    page.get_by_role("button", name="Logga", exact=True).click()
    page.get_by_text("Ringde tillbaka om ny tid.").wait_for()
    check(page, "meetings-04-case-page-with-call")

    page.get_by_role("link", name="Mina inställningar").click()
    page.get_by_role("heading", level=1, name="Mina inställningar").wait_for()
    page.get_by_label("Tisdag från (TT:MM)").fill("10:00")
    page.get_by_label("Tisdag till (TT:MM)").fill("09:00")
    page.get_by_role("button", name="Spara telefontiden").click()
    page.get_by_role("alert").wait_for()
    check(page, "meetings-05-phone-hours-refused")
    page.get_by_label("Tisdag till (TT:MM)").fill("11:00")
    page.get_by_role("button", name="Spara telefontiden").click()
    page.get_by_role("button", name="Skapa en kalenderadress").click()
    address = page.get_by_label("Kalenderadress").input_value()
    check(page, "meetings-06-calendar-address")
    feed = page.request.get(address)
    assert feed.ok and demo_karin.case.number in feed.text()
    assert "Karin" not in feed.text()
