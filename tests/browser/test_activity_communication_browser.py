"""Kommunicering in a real browser (issue 12, strand D2): Anna follows an absence task from the
case page to 'Kommunicera och besluta' and sends the communication; Karin reads it on her phone
(360 px) and answers. Every page is checked with axe-core and photographed."""

from __future__ import annotations

import pytest

from ekb.accounts.models import Municipality
from ekb.cases.choices import TaskKind
from ekb.cases.tasks import do_open_task
from ekb.notices.models import Communication
from tests.browser.test_eservice_flow import log_in_client
from tests.browser.test_staff_flow import log_in as log_in_staff

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def check(assert_accessible, screenshot):
    def run(page, name, *, phone=False):
        page.wait_for_load_state("load")
        assert_accessible(page)
        if phone:
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, name)

    return run


def test_anna_communicates_an_absence_and_karin_answers_on_her_phone(
    live_server, chromium, org, renewal, check, settings
):
    Municipality.objects.filter(pk=org.muni.pk).update(is_demo=True)  # the demo e-ID
    settings.EKB_DEMO = True
    do_open_task(
        renewal.case,
        kind=TaskKind.ACTIVITY_ABSENCE,
        text="Frånvaro utan giltigt skäl: jobbsökarverkstaden 3, 5 och 10 november.",
        source="plans.activitysession:1",
    )
    staff = chromium.new_context(locale="sv-SE")
    page = staff.new_page()
    log_in_staff(page, live_server.url, "anna")
    page.goto(f"{live_server.url}/handlaggare/arenden/{renewal.case.pk}/#tasks")
    page.get_by_role("link", name="Kommunicera och besluta").click()
    page.get_by_role("heading", level=1, name="Kommunicera och besluta").wait_for()
    check(page, "activity-01-communicate-form")

    page.get_by_label("Det här skulle beslutet grunda sig på").fill(
        "Du var inte med på jobbsökarverkstaden den 3, 5 och 10 november 2026, 12 av 32 timmar."
    )
    page.get_by_label("Svara senast (ÅÅÅÅ-MM-DD)").fill("2026-11-21")
    page.get_by_role("button", name="Skicka kommuniceringen").click()
    page.get_by_role("alert").wait_for()
    check(page, "activity-02-answer-time-too-short")

    page.get_by_label("Svara senast (ÅÅÅÅ-MM-DD)").fill("2026-12-04")
    page.get_by_role("button", name="Skicka kommuniceringen").click()
    page.get_by_role("heading", level=2, name="Skickad kommunicering").wait_for()
    assert "Inget svar än." in page.inner_text("body")
    check(page, "activity-03-communication-sent")
    staff.close()

    phone = chromium.new_context(locale="sv-SE", viewport=PHONE)
    page = phone.new_page()
    log_in_client(page, live_server.url, renewal.applicant)
    page.get_by_role("link", name="Läs brevet och svara").click()
    page.get_by_role("heading", level=1, name="Innan vi beslutar: vill du säga något?").wait_for()
    check(page, "activity-04-client-reads-communication", phone=True)
    page.get_by_label("Ditt svar").fill("Jag var sjuk de dagarna men hade inget intyg.")
    page.get_by_role("button", name="Skicka svaret").click()
    page.get_by_role("heading", level=1, name="Mitt ärende").wait_for()
    check(page, "activity-05-client-answered", phone=True)
    phone.close()
    assert Communication.objects.get(case=renewal.case).answered
