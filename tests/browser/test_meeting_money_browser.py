"""In a real browser: Anna holds the monthly meeting with Karin. She makes the standard
calculation, goes through each amount with Karin (forgetting one: refused, nothing lost), adds
the medicine Karin bought, gives the oral decision, sees the total on the confirmation page and
confirms; the decision exists with its letter. The page passes axe at each step."""

from __future__ import annotations

import datetime as dt
import re

from ekb.decisions.models import Decision
from ekb.meetings.choices import MeetingKind
from ekb.meetings.models import Meeting
from tests.factories import PASSWORD


def test_the_money_in_the_meeting_from_the_prepared_calculation_to_the_letter(
    live_server, page, org, karin, assert_accessible, screenshot
):
    meeting = Meeting.objects.create(
        case=karin.case,
        caseworker=org.anna,
        starts_at=dt.datetime(2026, 11, 20, 13, 0, tzinfo=dt.UTC),
        kind=MeetingKind.VISIT,
        created_by=org.anna,
    )
    base = live_server.url
    page.goto(f"{base}/handlaggare/logga-in/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/handlaggare/inkorg/$"))

    page.goto(f"{base}/handlaggare/moten/{meeting.pk}/berakning/")
    assert_accessible(page)
    page.get_by_role("button", name="Gör schablonberäkningen").click()
    page.get_by_text("Schablonberäkning gjord före mötet").wait_for()
    assert_accessible(page)

    boxes = page.get_by_label("Stämmer enligt klienten")
    for i in range(boxes.count() - 1):  # one left unconfirmed
        boxes.nth(i).check()
    first_added = page.get_by_role("group", name="Oförutsedd kostnad 1")
    first_added.get_by_label("Kostnad", exact=True).select_option("medicine")
    first_added.get_by_label("Belopp (kr)").fill("350")
    first_added.get_by_label("Vad gäller kostnaden?").fill("Penicillin, kvitto från apoteket")
    page.get_by_role("button", name="Bekräfta beloppen").click()

    summary = page.get_by_role("alert").filter(has_text="Beloppen är inte bekräftade")
    summary.wait_for()
    assert "bekräfta det" in summary.inner_text()
    assert first_added.get_by_label("Belopp (kr)").input_value() == "350"  # nothing lost
    assert_accessible(page)
    boxes.nth(boxes.count() - 1).check()
    page.get_by_role("button", name="Bekräfta beloppen").click()
    page.get_by_text("Beloppen är bekräftade med klienten vid mötet.").wait_for()
    assert_accessible(page)
    screenshot(page, "issue-12-meeting-money")

    page.get_by_role("button", name="Granska beslutet").click()
    page.get_by_text("Du beslutar om").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Bekräfta och fatta beslutet").click()
    page.get_by_text("Det muntliga beslutet är fattat.").wait_for()
    decision = Decision.objects.get(meeting=meeting)
    assert decision.made_orally and decision.letter.pdf
    assert page.get_by_role("link", name="Beslutsbrevet (PDF)").count() == 1
    assert_accessible(page)
