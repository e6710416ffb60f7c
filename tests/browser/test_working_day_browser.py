"""Issue 11 in a real browser: the case page keeps what the caseworker typed (a journal note not yet
signed survives acknowledging a warning and sending a message, and leaving the page with it asks
first), and so does the application page (a half-filled decision form survives acknowledging a
warning); the section manager's start page with its panels and an absence registered."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ekb.accounts.models import Absence
from ekb.cases.models import Message
from ekb.decisions.choices import WarningStatus
from tests.factories import PASSWORD
from tests.personas import december_renewal


def log_in(page, base, username):
    page.goto(f"{base}/handlaggare/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/handlaggare/inkorg/$"))


@pytest.fixture
def warned(karin, org):
    karin.application = december_renewal(karin, salary="6000")  # income change: a warning
    karin.warning = karin.application.warnings.get(rule="income_change")
    return karin


def test_a_journal_note_not_yet_signed_survives_acknowledging_a_warning_and_a_message(
    live_server, page, org, warned, assert_accessible, screenshot
):
    base = live_server.url
    log_in(page, base, "anna")
    page.goto(f"{base}/handlaggare/arenden/{warned.case.pk}/")
    page.get_by_role("heading", name="Att göra nu").wait_for()
    assert_accessible(page)
    screenshot(page, "40-case-page-now")

    note = page.get_by_label("Ny anteckning")
    note.fill("Ringde Karin om den nya anställningen, återkommer.")

    page.get_by_label("Kommentar: vad du har kontrollerat eller bedömt").fill("Ny anställning.")
    page.get_by_role("button", name="Kvittera varningen").click()
    page.get_by_text(re.compile("Kvitterad av Anna")).wait_for()
    assert note.input_value() == "Ringde Karin om den nya anställningen, återkommer."

    page.get_by_label("Meddelande till klienten").fill("Vi ses på tisdag.")
    page.get_by_role("button", name="Skicka meddelandet").click()
    page.get_by_text("Meddelandet är skickat.").wait_for()
    assert note.input_value() == "Ringde Karin om den nya anställningen, återkommer."
    assert page.get_by_label("Meddelande till klienten").input_value() == ""
    assert_accessible(page)
    screenshot(page, "41-case-page-note-kept")

    warned.warning.refresh_from_db()
    assert warned.warning.status == WarningStatus.ACKNOWLEDGED
    assert Message.objects.filter(case=warned.case, text="Vi ses på tisdag.").exists()

    # Leaving the page with the note unsigned asks first; staying keeps the note.
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name="Inkorg").click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    assert note.input_value() == "Ringde Karin om den nya anställningen, återkommer."

    # Signing the note is not losing it: no question, and the note is in the journal.
    page.remove_listener("dialog", stay)
    page.get_by_role("button", name="Signera anteckningen").click()
    page.get_by_text("Anteckningen är signerad.").wait_for()
    assert warned.case.journal.filter(text__startswith="Ringde Karin").exists()


def test_without_script_the_acknowledgement_still_works(
    live_server, chromium, org, warned, assert_accessible
):
    context = chromium.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    page.goto(f"{base}/handlaggare/logga-in/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{base}/handlaggare/arenden/{warned.case.pk}/")
    page.get_by_label("Kommentar: vad du har kontrollerat eller bedömt").fill("Ny anställning.")
    page.get_by_role("button", name="Kvittera varningen").click()
    page.get_by_text("Varningen är kvitterad.").wait_for()
    warned.warning.refresh_from_db()
    assert warned.warning.status == WarningStatus.ACKNOWLEDGED
    context.close()


def test_a_half_filled_decision_form_survives_acknowledging_a_warning_on_the_application_page(
    live_server, page, org, warned, assert_accessible, screenshot
):
    base = live_server.url
    log_in(page, base, "anna")
    page.goto(f"{base}/handlaggare/ansokningar/{warned.application.pk}/")
    reasons = "Karin har fått en ny anställning; lönen räknas från december."
    form = page.locator("form", has=page.get_by_role("button", name="Fatta beslut"))
    form.get_by_label("Skäl").first.fill(reasons)
    form.get_by_label("Beslutet fattades muntligt vid ett möte").check()

    warning = page.locator(f"#warning-{warned.warning.pk}")
    warning.get_by_label("Kommentar: vad du har kontrollerat eller bedömt").fill("Ny anställning.")
    warning.get_by_role("button", name="Kvittera varningen").click()
    page.get_by_text(re.compile("Kvitterad av Anna")).wait_for()

    # No reload: what Anna typed in the decision form is still there, and the form's own row for
    # the warning says it is acknowledged instead of asking for a comment again.
    assert form.get_by_label("Skäl").first.input_value() == reasons
    assert form.get_by_label("Beslutet fattades muntligt vid ett möte").is_checked()
    assert form.get_by_text(re.compile("kvitterad av Anna")).is_visible()
    warned.warning.refresh_from_db()
    assert warned.warning.status == WarningStatus.ACKNOWLEDGED
    assert_accessible(page)
    screenshot(page, "43-application-warning-acknowledged-form-kept")

    # Leaving with the decision form unsent still asks first.
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name="Inkorg").click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    page.remove_listener("dialog", stay)

    # Deciding goes on to the confirmation without asking for the warning's comment again.
    form.get_by_role("button", name="Fatta beslut").click()
    page.get_by_role("heading", level=1, name=re.compile("Bekräfta")).wait_for()


def test_without_script_the_application_page_acknowledgement_still_works(
    live_server, chromium, org, warned
):
    context = chromium.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    page.goto(f"{base}/handlaggare/logga-in/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{base}/handlaggare/ansokningar/{warned.application.pk}/")
    warning = page.locator(f"#warning-{warned.warning.pk}")
    warning.get_by_label("Kommentar: vad du har kontrollerat eller bedömt").fill("Ny anställning.")
    warning.get_by_role("button", name="Kvittera varningen").click()
    page.get_by_text("Varningen är kvitterad.").wait_for()
    warned.warning.refresh_from_db()
    assert warned.warning.status == WarningStatus.ACKNOWLEDGED
    context.close()


def test_the_section_manager_sees_her_units_panels_and_registers_an_absence(
    live_server, page, org, warned, assert_accessible, screenshot
):
    base = live_server.url
    log_in(page, base, "cecilia")
    page.get_by_role("link", name="Ärenden", exact=True).click()
    page.get_by_role("heading", name="Öppna ansökningar efter väntetid").wait_for()
    assert page.get_by_role("heading", name="Beslut som väntar på dig").is_visible()
    assert page.get_by_role("heading", name="Ärenden per handläggare").is_visible()
    assert page.get_by_role("heading", name="Kompletteringar som är försenade").is_visible()
    assert page.get_by_role("heading", name=re.compile("Möten i")).is_visible()
    assert_accessible(page)
    screenshot(page, "42-manager-start-page")

    page.get_by_text("Registrera frånvaro", exact=True).click()
    page.get_by_label("Vem är frånvarande").select_option(label="Anna")
    page.get_by_label("Från (ÅÅÅÅ-MM-DD)").fill("2026-11-23")
    page.get_by_label("Till och med (ÅÅÅÅ-MM-DD)").fill("2026-11-27")
    page.get_by_label("Ersättare").select_option(label="Ida")
    page.get_by_role("button", name="Registrera frånvaron").click()
    page.get_by_text("Frånvaron är registrerad.").wait_for()
    assert page.get_by_text("Anna: 2026-11-23 – 2026-11-27, ersättare Ida").is_visible()
    assert_accessible(page)
    screenshot(page, "43-manager-absence")
    absence = Absence.objects.get()
    assert (absence.starts_on, absence.covered_by) == (dt.date(2026, 11, 23), org.ida)
