"""The individual plan in a real browser: Anna writes Karin's plan and shares it; Karin reads it
on her phone (360 px), says what she disagrees with and signs; Anna sees the disagreement, signs,
and establishes the plan at their held meeting; a progress step shows on the timeline. Every
page is checked with axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from ekb.eservice.session import SESSION_KEY
from ekb.plans.choices import VersionStatus
from ekb.plans.models import PlanVersion
from tests.factories import PASSWORD
from tests.plans.helpers import held_meeting

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


def client_context(chromium, base, person):
    session = SessionStore()
    session[SESSION_KEY] = person.pk
    session.create()
    context = chromium.new_context(locale="sv-SE", viewport=PHONE)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base}]
    )
    return context


def test_a_plan_written_with_the_client_shared_signed_and_established(
    live_server, page, chromium, org, karin, assert_accessible, screenshot
):
    base = live_server.url
    plan_url = f"{base}/handlaggare/arenden/{karin.case.pk}/plan/"
    page.goto(f"{base}/handlaggare/logga-in/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/handlaggare/inkorg/$"))

    page.goto(f"{base}/handlaggare/arenden/{karin.case.pk}/")
    page.get_by_role("link", name=re.compile("^Planen: skriva")).click()
    page.get_by_role("button", name="Börja skriva en plan").click()
    page.get_by_label("Nuvarande situation").fill("Arbetslös sedan våren. Bor med sin son.")
    page.get_by_label("Klientens eget mål").fill("Jag vill arbeta inom vården.")
    page.get_by_label("Delmål (ett per rad)").fill("Läsa SFI\nSöka undersköterskeutbildning")
    page.get_by_label("Hälsa (fysisk och psykisk)").fill("Ryggbesvär")
    page.get_by_role("button", name="Spara utkastet").click()
    page.get_by_text("Utkastet är sparat.").wait_for()
    page.get_by_label("Villkor", exact=True).select_option("available_for_work")
    page.get_by_role("button", name="Lägg till villkoret").click()
    # No reason given: refused with the field named, nothing lost.
    page.get_by_role("heading", name="Det gick inte att spara").wait_for()
    assert_accessible(page)
    page.get_by_label("Varför villkoret gäller den här personen").fill(
        "Hon har full arbetsförmåga enligt läkaren."
    )
    page.get_by_role("button", name="Lägg till villkoret").click()
    page.get_by_text("Villkoret är tillagt.").wait_for()
    assert page.get_by_label("Klientens eget mål").input_value() == "Jag vill arbeta inom vården."
    assert_accessible(page)
    page.get_by_role("button", name="Dela planen med klienten").click()
    page.get_by_text("Planen är delad med klienten i e-tjänsten.").wait_for()
    assert_accessible(page)

    # Karin on her phone.
    context = client_context(chromium, base, karin.applicant)
    phone = context.new_page()
    phone.goto(f"{base}/e-tjanst/")
    phone.get_by_role("link", name="Din plan").click()
    phone.get_by_role("heading", level=1, name="Din plan").wait_for()
    assert phone.get_by_text("Jag vill arbeta inom vården.").is_visible()
    assert phone.get_by_role("heading", name="Villkor för ekonomiskt bistånd").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(phone)
    phone.get_by_label("Vad gäller det?").select_option("conditions")
    phone.get_by_label("Jag håller inte med").check()
    phone.get_by_role("button", name="Spara det du skrivit").click()
    phone.get_by_role("heading", name="Det finns ett problem").wait_for()
    assert phone.get_by_label("Jag håller inte med").is_checked()  # nothing lost
    assert_accessible(phone)
    phone.get_by_label("Skriv vad du tycker").fill("Min rygg klarar inte heltid just nu.")
    phone.get_by_role("button", name="Spara det du skrivit").click()
    phone.get_by_text("Det du inte håller med om är sparat.").wait_for()
    phone.get_by_role("button", name="Skriv under planen").click()
    phone.get_by_text("Du har skrivit under den här versionen.").wait_for()
    screenshot(phone, "plan-client-360")
    assert_accessible(phone)
    context.close()

    # Anna sees the disagreement, signs, and establishes the plan at their held meeting.
    meeting = held_meeting(karin.case, org.anna)
    page.goto(plan_url)
    assert page.get_by_text("Min rygg klarar inte heltid just nu.").is_visible()
    page.get_by_role("button", name="Skriv under planen").click()
    page.get_by_text("Du har skrivit under planen.").wait_for()
    page.get_by_label("Genomfört möte med klienten").select_option(str(meeting.pk))
    page.get_by_label("Uppföljning senast (ÅÅÅÅ-MM-DD)").fill("2027-03-01")
    page.get_by_role("button", name="Fastställ planen").click()
    page.get_by_text("Planen ska följas upp inom 3 månader").first.wait_for()
    page.get_by_label("Uppföljning senast (ÅÅÅÅ-MM-DD)").fill("2027-02-15")
    page.get_by_role("button", name="Fastställ planen").click()
    page.get_by_text("Planen är fastställd.").wait_for()
    assert PlanVersion.objects.get(plan__case=karin.case).status == VersionStatus.ESTABLISHED

    progress = page.get_by_role("region", name="Stegförflyttningar")
    progress.get_by_label("Livsområde").select_option("housing")
    progress.get_by_label("Från steg").select_option("2")
    progress.get_by_label("Till steg").select_option("4")
    progress.get_by_label("Datum (ÅÅÅÅ-MM-DD)").fill("2026-11-18")
    progress.get_by_label("Vad som hänt").fill("Förstahandskontrakt")
    progress.get_by_role("button", name="Registrera steget").click()
    page.get_by_text("Steget är registrerat.").wait_for()
    assert page.get_by_text("från steg 2 till steg 4").is_visible()
    screenshot(page, "plan-caseworker")
    assert_accessible(page)
