"""The client who waits, in a real browser on a phone screen: Karin renews for December with
"Inget har ändrats" from the status page (one summary page, one button), reads when we expect to
decide, gives her e-mail address for notices, and after the decision reads its calculation.
Every page is checked with axe-core and photographed."""

from __future__ import annotations

import pytest

from ekb.accounts.models import Municipality
from ekb.applications.models import Application
from tests.browser.test_eservice_flow import log_in_client
from tests.personas import grant_everything

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


def test_karin_renews_with_nothing_changed_and_sees_the_due_date_and_the_calculation(
    live_server, chromium, org, demo_karin, check
):
    context = chromium.new_context(locale="sv-SE", viewport=PHONE)
    page = context.new_page()
    log_in_client(page, live_server.url, demo_karin.applicant)
    check(page, "waiting-01-status-with-nothing-changed")

    page.get_by_role("button", name="Inget har ändrats").click()
    page.get_by_role("heading", level=1, name="Samma som förra månaden").wait_for()
    assert "7 200 kr" in page.inner_text("body").replace("\u00a0", " ")
    check(page, "waiting-02-nothing-changed-summary")

    page.get_by_role("button", name="Inget har ändrats – skicka ansökan").click()
    page.get_by_role("heading", level=1, name="Ansökan mottagen").wait_for()
    check(page, "waiting-03-received")
    assert Application.objects.filter(case=demo_karin.case, month="2026-12-01").count() == 1

    page.goto(f"{live_server.url}/e-tjanst/")
    page.get_by_text("Vi räknar med att fatta beslut senast 23 november.").wait_for()
    check(page, "waiting-04-status-with-due-date")

    page.get_by_role("link", name="Få e-post eller sms när något nytt händer").click()
    page.get_by_role("heading", level=1, name="Kontaktuppgifter").wait_for()
    page.get_by_label("E-post").fill("karin@")
    page.get_by_role("button", name="Spara kontaktuppgifterna").click()
    page.get_by_role("alert").wait_for()
    check(page, "waiting-05-contact-details-error")
    page.get_by_label("E-post").fill("karin@example.se")
    page.get_by_role("button", name="Spara kontaktuppgifterna").click()
    page.get_by_role("heading", level=1, name="Mitt ärende").wait_for()

    application = Application.objects.get(case=demo_karin.case, month="2026-12-01")
    decision = grant_everything(application, org.anna)
    page.goto(f"{live_server.url}/e-tjanst/beslut/{decision.pk}/")
    page.get_by_role("heading", level=2, name="Så har vi räknat").wait_for()
    assert page.get_by_role("row", name="Bistånd enligt beräkningen").is_visible()
    check(page, "waiting-06-decision-with-calculation")
    context.close()
