"""Issue 11's appeal in a real browser: the inbox shows the appeal with the day it is due at the
court; the caseworker confirms the rättidsprövning, reconsiders the decision (changed, but not
as fully as asked, so the appeal goes on), writes the municipality's opinion, confirms, and the
court bundle is made. axe finds nothing on any page."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from ekb.decisions.models import Decision
from ekb.lib.money import parse_amount
from ekb.notices.appeals import do_submit_appeal
from ekb.notices.notification import do_mark_decision_seen
from tests.factories import PASSWORD
from tests.personas import at_ten


@pytest.fixture
def appealed(karin, time_machine):
    november = Decision.objects.filter(case=karin.case).latest("decided_at")
    time_machine.move_to(at_ten(dt.date(2026, 11, 23)), tick=False)
    do_mark_decision_seen(november, person=karin.applicant)
    time_machine.move_to(at_ten(dt.date(2026, 12, 1)), tick=False)
    karin.appeal = do_submit_appeal(
        november, "Hyran är 7 500 kr enligt det nya avtalet, inte 7 200 kr.", person=karin.applicant
    )
    return karin


def test_an_appeal_goes_through_rattidsprovning_omprovning_and_on_to_the_court(
    live_server, page, org, appealed, assert_accessible, screenshot
):
    base = live_server.url
    page.goto(f"{base}/handlaggare/logga-in/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/handlaggare/inkorg/$"))
    assert page.get_by_text("till förvaltningsrätten senast 2026-12-08").is_visible()
    assert_accessible(page)
    screenshot(page, "70-appeal-inbox")

    page.locator("tr", has_text="Överklagande").get_by_role("link").first.click()
    page.get_by_role("heading", level=1, name="Överklagande").wait_for()
    assert page.get_by_text("Enligt datumen kom överklagandet in i rätt tid.").is_visible()
    assert_accessible(page)
    screenshot(page, "71-appeal-timeliness")

    page.get_by_label("Kom in i rätt tid").check()
    page.get_by_role("button", name="Registrera rättidsprövningen").click()
    page.get_by_text("Rättidsprövningen är registrerad.").wait_for()
    page.get_by_text("Ompröva och ändra beslutet").click()
    first = page.locator("fieldset.panel").first
    amount = first.get_by_label("Belopp (kr)")
    amount.fill(str(parse_amount(amount.input_value()) + 300))
    first.get_by_label("Skäl").fill(
        "Vid omprövningen godtar vi hyran i det nya avtalet från november; vi beviljar 300 kr mer."
    )
    page.get_by_label("Nej, delvis eller på annat sätt: överklagandet går vidare").check()
    assert_accessible(page)
    screenshot(page, "72-appeal-reconsider")
    page.get_by_role("button", name="Fatta nytt beslut").click()
    page.get_by_role("heading", level=1, name="Bekräfta omprövningen").wait_for()
    assert page.get_by_text("i det överklagade beslutet").first.is_visible()
    assert_accessible(page)
    screenshot(page, "72b-appeal-reconsider-confirm")
    page.get_by_role("button", name="Bekräfta och fatta det nya beslutet").click()
    page.get_by_text("Omprövningens beslut är sparat.").wait_for()
    assert_accessible(page)
    screenshot(page, "73-appeal-new-decision")

    page.goto(f"{base}/handlaggare/arenden/{appealed.case.pk}/overklaganden/{appealed.appeal.pk}/")
    assert page.get_by_text("inte helt så som klienten begärde").is_visible()
    page.get_by_role("link", name="Skriv yttrande och skicka till förvaltningsrätten").click()
    page.get_by_label("Kommunens yttrande till förvaltningsrätten").fill(
        "Kommunen har ändrat beslutet för hyran i november men vidhåller det i övrigt."
    )
    assert_accessible(page)
    screenshot(page, "74-appeal-opinion")
    page.get_by_role("button", name="Granska innan du skickar").click()
    page.get_by_role("heading", level=1, name="Bekräfta: skicka till förvaltningsrätten").wait_for()
    assert page.get_by_text("Omprövningens beslut").is_visible()
    assert_accessible(page)
    screenshot(page, "75-appeal-confirm")
    page.get_by_role("button", name="Skicka till förvaltningsrätten").click()
    page.get_by_text("Överklagandet är skickat till förvaltningsrätten.").wait_for()
    assert_accessible(page)
    screenshot(page, "76-appeal-forwarded")

    link = page.get_by_role("link", name="Öppna handlingarna (PDF)")
    response = page.request.get(base + link.get_attribute("href"))
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Kommunen har ändrat beslutet för hyran i november" in text
    assert "Vi har ändrat ett tidigare beslut" in text  # the omprövning's letter goes along
    assert "Hyran är 7 500 kr enligt det nya avtalet" in text
