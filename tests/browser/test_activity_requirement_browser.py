"""The activity requirement in a real browser: Karin, after October, November and December on
försörjningsstöd, is on Anna's list; a review date in the past comes back with what was typed;
Anna gives Karin a schedule (30 hours: Elias is under 8), adds a session and records an absence
without reason, which opens a task; Karin sees the schedule and the week's balance on a 360 px
phone. Every page passes axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from ekb.accounts.models import Municipality
from ekb.cases.choices import TaskKind
from ekb.cases.models import Task
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.models import Decision, DecisionLine
from tests.factories import PASSWORD
from tests.personas import DECEMBER, at_ten

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def karin_three_months(karin, org, settings, time_machine):
    decision = Decision.objects.create(case=karin.case, status=DecisionStatus.DECIDED)
    DecisionLine.objects.create(
        decision=decision,
        purpose=Purpose.LIVELIHOOD,
        outcome=Outcome.GRANTED,
        amount=Decimal("5000"),
        period_start=DECEMBER,
        period_end=dt.date(2026, 12, 31),
        legal_reference="12 kap. 1 § SoL",
    )
    Municipality.objects.filter(pk=org.muni.pk).update(is_demo=True)  # the demo e-ID
    settings.EKB_DEMO = True
    time_machine.move_to(at_ten(dt.date(2026, 12, 7)), tick=False)  # a Monday, 11:00 in Sweden
    return karin


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_anna_schedules_karin_records_an_absence_and_karin_sees_her_week_on_a_phone(
    live_server, page, chromium, karin_three_months, assert_accessible, screenshot, time_machine
):
    karin = karin_three_months
    base = live_server.url
    page.goto(f"{base}/handlaggare/logga-in/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/handlaggare/inkorg/$"))

    page.goto(f"{base}/handlaggare/")
    page.get_by_role("link", name="Mina klienter med aktivitetskrav").click()
    page.get_by_role("heading", level=1, name="Mina klienter med aktivitetskrav").wait_for()
    assert page.get_by_role("cell", name="Saknar schema").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=karin.case.number).click()
    page.get_by_role("heading", level=1, name=re.compile("^Aktivitetskrav")).wait_for()
    assert page.get_by_text("Omfattas av aktivitetskravet").is_visible()
    assert_accessible(page)

    # An exemption reviewed in the past is refused; what was typed stays.
    exemptions = page.get_by_role("region", name="Undantag")
    exemptions.get_by_text("Registrera undantag").first.click()
    exemptions.get_by_label("Skäl").select_option("school")
    exemptions.get_by_label("Anteckning").fill("Komvux på heltid")
    exemptions.get_by_label("Gäller från").fill("2026-12-01")
    exemptions.get_by_label("Omprövas senast").fill("2026-12-01")
    exemptions.get_by_role("button", name="Registrera undantag").click()
    page.get_by_text("Omprövningsdagen kan inte ligga i det förflutna.").wait_for()
    assert page.get_by_label("Anteckning").input_value() == "Komvux på heltid"
    assert_accessible(page)

    # The schedule: the rule's target, 30 hours with a child under 8.
    page.goto(f"{base}/handlaggare/arenden/{karin.case.pk}/aktiviteter/")
    schedule = page.get_by_role("region", name="Aktivitetsschema")
    schedule.get_by_label(re.compile("^Eget jobbsökande")).fill("5")
    schedule.get_by_role("button", name="Spara schemat").click()
    page.get_by_text("Aktivitetsschemat är sparat.").wait_for()
    assert page.get_by_text("Mål 30 timmar i veckan (enligt regeln 30).").is_visible()

    page.get_by_text("Lägg in ett pass för Karin Lundqvist").click()
    page.get_by_label("Typ av aktivitet").select_option("language")
    page.get_by_label("Aktivitet", exact=True).fill("SFI")
    page.get_by_label("Dag", exact=True).fill("2026-12-07")
    page.get_by_label("Börjar").fill("11:30")  # later today: a session is given ahead
    page.get_by_label("Slutar").fill("14:00")
    page.get_by_label("Plats").fill("Komvux Norr")
    page.get_by_role("button", name="Lägg in passet").click()
    page.get_by_text("Passet är inlagt i schemat.").wait_for()
    assert page.get_by_text("Planerat under målet", exact=True).is_visible()

    # Forty minutes on (within the login's hour): the session has started, Karin is not there.
    time_machine.move_to(at_ten(dt.date(2026, 12, 7)) + dt.timedelta(minutes=40), tick=False)
    page.reload()

    page.get_by_label("Närvaro", exact=True).select_option("absent_without")
    page.get_by_role("button", name="Spara närvaro").click()
    page.get_by_text("Närvaron är registrerad.").wait_for()
    assert Task.objects.filter(case=karin.case, kind=TaskKind.ACTIVITY_ABSENCE).count() == 1
    assert_accessible(page)
    screenshot(page, "d1-activity-workspace")

    # Karin on her phone.
    phone = chromium.new_context(locale="sv-SE", viewport=PHONE).new_page()
    phone.goto(f"{base}/e-tjanst/logga-in/")
    phone.get_by_role("link", name="Logga in med demo-e-legitimation").click()
    phone.get_by_label("Namn eller personnummer").fill(karin.applicant.formatted_identity_number)
    phone.get_by_role("button", name="Sök", exact=True).click()
    phone.get_by_role("button", name=f"Logga in som {karin.applicant.full_name}").first.click()
    phone.get_by_role("heading", level=1, name="Mitt ärende").wait_for()
    phone.get_by_role("link", name="Mina aktiviteter och veckans timmar").click()
    phone.get_by_role("heading", level=1, name="Mina aktiviteter").wait_for()
    assert phone.get_by_text("SFI (Språk)").is_visible()
    assert phone.get_by_text("Frånvarande utan giltigt skäl", exact=False).first.is_visible()
    assert phone.get_by_text("Ditt mål är 30 timmar aktiviteter i veckan.").is_visible()
    assert fits(phone), "the activity page scrolls sideways at 360 px"
    assert_accessible(phone)
    screenshot(phone, "d1-activity-eservice-360")
    phone.context.close()
