"""Issue 12 in a real browser: the caseworker gives Karin's case its own meeting interval with a
reason (a refusal keeps what she chose), reads who set it, and returns the case to the rule; the
section manager sets her unit's monthly target from her start page. Every page passes axe."""

from __future__ import annotations

import re

from tests.factories import PASSWORD


def log_in(page, base, username):
    page.goto(f"{base}/handlaggare/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/handlaggare/inkorg/$"))


def test_a_case_s_interval_is_set_with_its_reason_and_returned_to_the_rule(
    live_server, page, org, karin, assert_accessible, screenshot
):
    base = live_server.url
    log_in(page, base, "anna")
    page.goto(f"{base}/handlaggare/arenden/{karin.case.pk}/#meeting-rule")
    page.get_by_text("Ändra ärendets mötestäthet", exact=True).click()
    page.get_by_label("Hur ofta klienten ska träffas").select_option("m2")
    page.get_by_role("button", name="Spara mötestätheten").click()
    page.get_by_text(re.compile("Skriv skälet")).first.wait_for()
    assert page.get_by_label("Hur ofta klienten ska träffas").input_value() == "m2"
    assert_accessible(page)
    screenshot(page, "130-meeting-interval-refused")

    page.get_by_label("Skäl").fill("Stabil i arbetsträning sedan augusti.")
    page.get_by_role("button", name="Spara mötestätheten").click()
    page.get_by_text("Ärendets mötestäthet är sparad.").wait_for()
    own = page.locator("#meeting-rule-own")
    assert "varannan månad" in own.inner_text() and "Satt av Anna" in own.inner_text()
    assert_accessible(page)

    page.get_by_text("Återgå till regeln", exact=True).first.click()
    page.get_by_role("button", name="Återgå till regeln").click()
    page.get_by_text("Ärendet följer mötesregeln igen.").wait_for()
    assert page.get_by_text("Ärendet följer regeln.").is_visible()


def test_the_section_manager_sets_her_unit_s_target_from_the_start_page(
    live_server, page, org, assert_accessible, screenshot
):
    base = live_server.url
    log_in(page, base, "cecilia")
    page.goto(f"{base}/handlaggare/")
    page.get_by_role("link", name="Enhetens mål för antalet möten").click()
    page.get_by_role("heading", name="Mål för antalet möten", level=1).wait_for()
    assert_accessible(page)
    page.get_by_label("Möten per handläggare och månad").fill("0")
    page.get_by_label("Gäller från (ÅÅÅÅ-MM-DD)").fill("2026-12-01")
    page.get_by_role("button", name="Spara målet").click()
    page.get_by_role("heading", name="Målet är inte sparat").wait_for()
    assert page.get_by_label("Gäller från (ÅÅÅÅ-MM-DD)").input_value() == "2026-12-01"
    assert_accessible(page)
    page.get_by_label("Möten per handläggare och månad").fill("32")
    page.get_by_role("button", name="Spara målet").click()
    page.get_by_text("Enhetens mål är sparat.").wait_for()
    assert page.get_by_role("cell", name="32").is_visible()
    assert_accessible(page)
    screenshot(page, "131-meeting-targets")
