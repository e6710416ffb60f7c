"""A newcomer's first minutes, in a real browser: start page, staff login, a case, a refusal, the log."""

from __future__ import annotations

import re

from ekb.audit.models import AccessLogEntry
from tests.factories import PASSWORD


def log_in(page, base, username):
    page.goto(f"{base}/handlaggare/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_a_caseworker_opens_a_case_is_refused_another_units_case_and_the_auditor_sees_both(
    live_server, page, org, cases, assert_accessible, screenshot
):
    base = live_server.url
    page.goto(base + "/")
    assert_accessible(page)
    screenshot(page, "01-start")

    page.get_by_role("link", name="Logga in som personal").click()
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("fel-lösenord-här")
    page.get_by_role("button", name="Logga in").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    screenshot(page, "02-login-error")

    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/handlaggare/inkorg/$"))
    page.get_by_role("link", name="Ärenden", exact=True).click()
    assert_accessible(page)
    screenshot(page, "03-case-list")

    page.get_by_role("link", name=cases.norr_idas.number).click()
    page.get_by_role("heading", level=1, name=re.compile(cases.norr_idas.number)).wait_for()
    assert_accessible(page)
    screenshot(page, "04-case")

    response = page.goto(f"{base}/handlaggare/arenden/{cases.soder_bertils.pk}/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Sidan finns inte"
    assert_accessible(page)
    screenshot(page, "05-not-found")

    page.goto(f"{base}/handlaggare/")
    page.get_by_role("button", name="Logga ut").click()
    log_in(page, base, "helena")
    page.get_by_role("link", name="Åtkomstlogg").click()
    assert_accessible(page)
    rows = page.locator("tbody tr")
    texts = [rows.nth(i).inner_text() for i in range(rows.count())]
    assert any(
        "Öppnade ärendet" in t and "Tillåten" in t and "anna" in t and str(cases.norr_idas.pk) in t
        for t in texts
    )
    assert any(
        "Öppnade ärendet" in t and "Nekad" in t and str(cases.soder_bertils.pk) in t for t in texts
    )
    assert any("Misslyckad inloggning" in t and "Nekad" in t for t in texts)
    screenshot(page, "06-access-log")

    assert (
        AccessLogEntry.objects.filter(case_id=cases.soder_bertils.pk, outcome="denied").count() == 1
    )


def test_the_staff_pages_work_on_a_phone_sized_screen(
    live_server, chromium, org, cases, assert_accessible, screenshot
):
    context = chromium.new_context(locale="sv-SE", viewport={"width": 360, "height": 740})
    page = context.new_page()
    log_in(page, live_server.url, "anna")
    page.goto(live_server.url + "/handlaggare/")
    page.get_by_role("link", name=cases.norr_annas.number).click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    screenshot(page, "07-case-360px")
    context.close()


def test_the_whole_flow_works_from_the_keyboard(live_server, page, org, cases):
    page.goto(live_server.url + "/handlaggare/logga-in/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    page.get_by_label("Användarnamn").focus()
    page.keyboard.type("anna")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/handlaggare/inkorg/$"))


def test_anna_finds_a_client_by_personnummer_from_the_start_page_with_the_keyboard(
    live_server, page, org, karin, assert_accessible, screenshot
):
    base = live_server.url
    log_in(page, base, "anna")
    page.goto(f"{base}/handlaggare/")
    number = karin.applicant.identity_number
    field = page.get_by_label("Sök på personnummer, samordningsnummer, namn eller ärendenummer")
    field.fill("19850402-1235")  # a mistyped number: the page says why and keeps it
    field.press("Enter")
    assert page.get_by_role("alert").inner_text().startswith("Kontrollsiffran stämmer inte")
    assert_accessible(page)

    field = page.get_by_label("Sök på personnummer, samordningsnummer, namn eller ärendenummer")
    field.fill(f"{number[:8]}-{number[8:]}")
    field.press("Enter")
    results = page.get_by_role("region", name="Sökträffar i en tabell som kan rullas i sidled")
    assert "Karin Lundqvist" in results.inner_text()
    assert number not in page.url and number[2:8] not in page.url
    assert_accessible(page)
    screenshot(page, "07-search")

    page.get_by_role("link", name=karin.case.number).first.click()
    page.get_by_role("heading", level=1, name=re.compile(karin.case.number)).wait_for()
