"""Anna records Sara's months from Lund on the case page in a real browser; a wrong month comes
back with the field named and what she typed kept; the pages pass axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ekb.decisions.models import EarlierSupportMonth
from tests import factories as f
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser
LUND = "Beslut från Lunds kommun 2026-03-12"


def test_anna_records_and_strikes_a_month_from_another_municipality(
    live_server,
    page,
    org,
    assert_accessible,
):
    sara = f.person(dt.date(1990, 2, 14), first_name="Sara", last_name="Holm")
    case = f.case(org.norr, assigned=org.anna, applicant=sara)
    base = live_server.url
    page.goto(f"{base}/handlaggare/logga-in/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/handlaggare/inkorg/$"))

    page.goto(f"{base}/handlaggare/arenden/{case.pk}/")
    section = page.get_by_role("region", name="Tidigare försörjningsstöd")
    section.get_by_text("Registrera en månad med försörjningsstöd").click()
    section.get_by_label("Månad (ÅÅÅÅ-MM)").fill("mars")
    section.get_by_label(re.compile("^Källa")).fill(LUND)
    section.get_by_role("button", name="Registrera").click()

    page.get_by_text("Ange månaden som ÅÅÅÅ-MM, till exempel 2026-03.").wait_for()
    assert page.get_by_label(re.compile("^Källa")).input_value() == LUND  # nothing lost
    assert_accessible(page)
    page.get_by_label("Månad (ÅÅÅÅ-MM)").fill("2026-03")
    page.get_by_role("button", name="Registrera").click()

    page.get_by_text("Månaden med försörjningsstöd är registrerad.").wait_for()
    # The month is Sara's own (jobbstimulans counts per person).
    assert page.get_by_text(f"2026-03 Sara Holm – {LUND}").is_visible()
    assert page.get_by_text("Sara Holm: 2026-03").is_visible()
    assert_accessible(page)

    section = page.get_by_role("region", name="Tidigare försörjningsstöd")
    section.get_by_text("Stryk månaden").click()
    section.get_by_label("Skäl till att månaden stryks").fill("Lunds beslut gällde april.")
    section.get_by_role("button", name="Stryk", exact=True).click()
    page.get_by_text("Månaden är struken.").wait_for()
    assert page.get_by_text("Sara Holm: inga").is_visible()
    fact = EarlierSupportMonth.objects.get()
    assert fact.removal_reason == "Lunds beslut gällde april." and fact.removed_by == org.anna
