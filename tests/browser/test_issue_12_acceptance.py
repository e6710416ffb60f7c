"""Issue 12's acceptance in a real browser, axe on every page and a numbered screenshot
(acc12-NN-...) of each.

The first story is the monthly meeting and the plan: Anna reads her month view, finds Karin
Lundqvist due and books their meeting; at the meeting she makes the prepared calculation, goes
through it with Karin, adds the medicine Karin bought and gives the oral decision (it is a
decision with its letter); she records the meeting, corrects and signs the journal draft, and
from the meeting writes Karin's plan with her and shares it. Karin comments on it, disagreeing
with a condition, and signs it on her phone; Anna signs and establishes the plan at their held
meeting. Three months later the follow-up is due: Anna records it and a new step forward, and
the timeline shows the way so far.

The second story is the activity requirement: after October, November and December on
försörjningsstöd, Karin and Kemal Aydin are on Anna's list. Kemal studies full time at Komvux:
Anna records his exemption. Karin gets an activity schedule; Anna records her attendance for two
weeks, and Karin reads her schedule and the week's balance on a 360 px phone. An absence without
reason opens a task; from it Anna communicates (förvaltningslagen 25 §), Karin answers, and Anna
reduces January's försörjningsstöd by a decision with its reason and its letter."""

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
from ekb.plans.choices import VersionStatus
from ekb.plans.follow_up import open_follow_up_tasks
from ekb.plans.models import PlanVersion
from tests.factories import PASSWORD
from tests.meetings.helpers import local
from tests.personas import DECEMBER, NOVEMBER, OCTOBER

PHONE = {"width": 360, "height": 740}


class Walk:
    """The browser, with a numbered screenshot and axe on every page visited; the client's
    phone beside it (360 px), logged in with the demo e-ID."""

    def __init__(self, page, chromium, base, assert_accessible, screenshot):
        self.page, self.chromium, self.base = page, chromium, base
        self._axe, self._shot, self.n = assert_accessible, screenshot, 0

    def check(self, name, page=None):
        page = page or self.page
        page.wait_for_load_state("load")
        self._axe(page)
        self.n += 1
        self._shot(page, f"acc12-{self.n:02d}-{name}")

    def log_in(self, username):
        page = self.page
        page.context.clear_cookies()
        page.goto(f"{self.base}/handlaggare/logga-in/")
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(re.compile(r"/handlaggare/inkorg/$"))

    def phone(self, person):
        """The client's phone, logged in to the e-service with the demo e-ID."""
        phone = self.chromium.new_context(locale="sv-SE", viewport=PHONE).new_page()
        phone.goto(f"{self.base}/e-tjanst/logga-in/")
        phone.get_by_role("link", name="Logga in med demo-e-legitimation").click()
        phone.get_by_label("Namn eller personnummer").fill(person.formatted_identity_number)
        phone.get_by_role("button", name="Sök", exact=True).click()
        phone.get_by_role("button", name=f"Logga in som {person.full_name}").first.click()
        phone.get_by_role("heading", level=1, name="Mitt ärende").wait_for()
        return phone

    def fits(self, phone):
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{phone.url} scrolls sideways at 360 px"
        )

    def move_to(self, time_machine, when):
        time_machine.move_to(when, tick=False)


@pytest.fixture
def demo_e_id(org, settings):
    """The demo municipality's e-ID, so the client logs in as a person does in the demo."""
    Municipality.objects.filter(pk=org.muni.pk).update(is_demo=True)
    settings.EKB_DEMO = True


def test_issue_12_the_monthly_meeting_the_oral_decision_and_the_plan_written_with_the_client(
    live_server, page, chromium, org, karin, demo_e_id, time_machine, assert_accessible, screenshot
):
    walk = Walk(page, chromium, live_server.url, assert_accessible, screenshot)
    base, number = live_server.url, karin.case.number

    # 1. Friday 20 November: Anna's month view shows Karin due and no time booked.
    walk.log_in("anna")
    page.goto(f"{base}/handlaggare/")
    walk.check("start-page")
    page.get_by_role("link", name="Mina möten den här månaden").click()
    page.get_by_role("heading", level=1, name=re.compile("^Möten i")).wait_for()
    row = page.locator("tbody tr", has_text=number)
    assert "ingen tid bokad" in row.inner_text()
    assert page.get_by_text(re.compile("Du har hållit 0 av målet 40 möten")).is_visible()
    walk.check("month-view-karin-due")

    # 2. She books Monday's meeting from the case page, the month view shows it booked.
    row.get_by_role("link", name=number).click()
    page.get_by_role("heading", level=1, name=re.compile(number)).wait_for()
    walk.check("case-page")
    page.get_by_text("Boka möte", exact=True).last.click()
    page.get_by_label("Tid (ÅÅÅÅ-MM-DD TT:MM)").fill("2026-11-23 10:00")
    page.get_by_label("Längd (minuter)").fill("60")
    page.get_by_label("Plats").fill("Socialkontoret Norr, rum 3")
    page.get_by_role("button", name="Boka", exact=True).click()
    page.get_by_text("Mötet är bokat.").wait_for()
    walk.check("meeting-booked")
    page.goto(f"{base}/handlaggare/moten/manad/")
    assert "bokad" in page.locator("tbody tr", has_text=number).inner_text()
    walk.check("month-view-booked")
    meeting = karin.case.meetings.get()

    # 3. Monday, at the meeting: the prepared calculation, the amounts confirmed with Karin, the
    # medicine she bought added, and the oral decision for December with its letter.
    walk.move_to(time_machine, local(dt.date(2026, 11, 23), 10, 5))
    walk.log_in("anna")
    page.goto(f"{base}/handlaggare/arenden/{karin.case.pk}/")
    page.get_by_role("link", name=re.compile("2026-11-23")).first.click()
    page.get_by_role("heading", level=1, name="Möte 2026-11-23 10:00").wait_for()
    walk.check("meeting-page")
    page.get_by_role("link", name=re.compile("^Pengarna i mötet")).click()
    page.get_by_role("button", name="Gör schablonberäkningen").click()
    page.get_by_text("Schablonberäkning gjord före mötet").wait_for()
    walk.check("meeting-money-prepared")
    boxes = page.get_by_label("Stämmer enligt klienten")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    added = page.get_by_role("group", name="Oförutsedd kostnad 1")
    added.get_by_label("Kostnad", exact=True).select_option("medicine")
    added.get_by_label("Belopp (kr)").fill("350")
    added.get_by_label("Vad gäller kostnaden?").fill("Penicillin, kvitto från apoteket")
    page.get_by_role("button", name="Bekräfta beloppen").click()
    page.get_by_text("Beloppen är bekräftade med klienten vid mötet.").wait_for()
    walk.check("meeting-money-confirmed")
    page.get_by_role("button", name="Granska beslutet").click()
    page.get_by_text("Du beslutar om").wait_for()
    walk.check("meeting-money-review")
    page.get_by_role("button", name="Bekräfta och fatta beslutet").click()
    page.get_by_text("Det muntliga beslutet är fattat.").wait_for()
    walk.check("oral-decision-made")
    oral = Decision.objects.get(meeting=meeting)
    assert oral.status == DecisionStatus.DECIDED and oral.made_orally
    assert oral.application.month == DECEMBER
    letter = page.get_by_role("link", name="Beslutsbrevet (PDF)")
    response = page.request.get(base + letter.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"

    # 4. After the meeting: the record (the children's needs asked), the journal draft with the
    # oral decision in it, corrected and signed.
    walk.move_to(time_machine, local(dt.date(2026, 11, 23), 11, 15))
    walk.log_in("anna")  # an hour on: the session has timed out
    page.goto(f"{base}/handlaggare/moten/{meeting.pk}/")
    page.get_by_label("Ja, mötet hölls").check()
    page.get_by_label("Längd (minuter)").fill("55")
    page.get_by_label("Deltagare").fill("Karin Lundqvist, Anna (handläggare)")
    page.get_by_label("Hälsa", exact=True).fill("Ont i ryggen, väntar på sjukgymnast.")
    page.get_by_label("Överenskommet").fill(
        "Karin anmäler sig till SFI. Vi skriver en plan tillsammans."
    )
    page.get_by_label("Hur har barnens behov beaktats? (barnrättsperspektivet)").fill(
        "Elias går i förskola och mår bra; vinterkläder ingår i beslutet."
    )
    page.get_by_role("button", name="Spara dokumentationen").click()
    draft = page.get_by_label("Journalanteckning från mötet")
    draft.wait_for()
    assert "Muntligt beslut: " in draft.input_value()
    assert "Karin anmäler sig till SFI." in draft.input_value()
    walk.check("meeting-journal-draft")
    draft.fill(draft.input_value() + "\nKarin fick med sig kvittot på medicinen tillbaka.")
    page.get_by_role("button", name="Signera anteckningen").click()
    page.get_by_text("Anteckningen är signerad i journalen.").wait_for()
    walk.check("meeting-journal-signed")

    # 5. From the meeting to the plan: written with Karin, her own goal, a condition apart.
    page.get_by_role("link", name=re.compile("^Genomförandeplan")).click()
    page.get_by_role("button", name="Börja skriva en plan").click()
    page.get_by_label("Nuvarande situation").fill("Arbetslös sedan våren. Bor med sin son Elias.")
    page.get_by_label("Klientens eget mål").fill("Jag vill arbeta inom vården.")
    page.get_by_label("Delmål (ett per rad)").fill("Läsa SFI\nSöka undersköterskeutbildning")
    page.get_by_label("Hälsa (fysisk och psykisk)").fill("Ryggbesvär")
    page.get_by_role("button", name="Spara utkastet").click()
    page.get_by_text("Utkastet är sparat.").wait_for()
    page.get_by_label("Villkor", exact=True).select_option("available_for_work")
    page.get_by_label("Varför villkoret gäller den här personen").fill(
        "Hon har full arbetsförmåga enligt läkaren."
    )
    page.get_by_role("button", name="Lägg till villkoret").click()
    page.get_by_text("Villkoret är tillagt.").wait_for()
    walk.check("plan-draft")
    page.get_by_role("button", name="Dela planen med klienten").click()
    page.get_by_text("Planen är delad med klienten i e-tjänsten.").wait_for()
    walk.check("plan-shared")

    # 6. Wednesday: Karin reads the plan on her phone, disagrees with the condition and signs.
    walk.move_to(time_machine, local(dt.date(2026, 11, 25), 19, 0))
    phone = walk.phone(karin.applicant)
    walk.check("client-home", phone)
    phone.get_by_role("link", name="Din plan").click()
    phone.get_by_role("heading", level=1, name="Din plan").wait_for()
    assert phone.get_by_text("Jag vill arbeta inom vården.").is_visible()
    walk.fits(phone)
    walk.check("client-plan", phone)
    phone.get_by_label("Vad gäller det?").select_option("conditions")
    phone.get_by_label("Skriv vad du tycker").fill("Min rygg klarar inte heltid just nu.")
    phone.get_by_label("Jag håller inte med").check()
    phone.get_by_role("button", name="Spara det du skrivit").click()
    phone.get_by_text("Det du inte håller med om är sparat.").wait_for()
    phone.get_by_role("button", name="Skriv under planen").click()
    phone.get_by_text("Du har skrivit under den här versionen.").wait_for()
    walk.fits(phone)
    walk.check("client-plan-signed", phone)
    phone.context.close()

    # 7. Thursday: Anna sees the disagreement, signs and establishes the plan at the meeting.
    walk.move_to(time_machine, local(dt.date(2026, 11, 26), 9, 0))
    walk.log_in("anna")
    page.goto(f"{base}/handlaggare/arenden/{karin.case.pk}/")
    page.get_by_role("link", name=re.compile("^Planen: ")).click()
    assert page.get_by_text("Min rygg klarar inte heltid just nu.").is_visible()
    page.get_by_role("button", name="Skriv under planen").click()
    page.get_by_text("Du har skrivit under planen.").wait_for()
    walk.check("plan-signed-by-both")
    page.get_by_label("Genomfört möte med klienten").select_option(str(meeting.pk))
    page.get_by_label("Uppföljning senast (ÅÅÅÅ-MM-DD)").fill("2027-02-22")
    page.get_by_role("button", name="Fastställ planen").click()
    page.get_by_text("Planen är fastställd.").wait_for()
    version = PlanVersion.objects.get(plan__case=karin.case)
    assert version.status == VersionStatus.ESTABLISHED and version.meeting_id == meeting.pk
    progress = page.get_by_role("region", name="Stegförflyttningar")
    progress.get_by_label("Livsområde").select_option("language")
    progress.get_by_label("Från steg").select_option("1")
    progress.get_by_label("Till steg").select_option("2")
    progress.get_by_label("Datum (ÅÅÅÅ-MM-DD)").fill("2026-11-26")
    progress.get_by_label("Vad som hänt").fill("Anmäld till SFI")
    progress.get_by_role("button", name="Registrera steget").click()
    page.get_by_text("Steget är registrerat.").wait_for()
    walk.check("plan-established")

    # 8. Three months later: the night's run opens the follow-up task; Anna follows it from her
    # inbox, records the follow-up and a new step, and the timeline shows both.
    walk.move_to(time_machine, local(dt.date(2027, 2, 22), 9, 0))
    assert open_follow_up_tasks(dt.date(2027, 2, 22)) == 1  # what the beat runs each night
    walk.log_in("anna")
    row = page.locator("tbody tr", has_text="Planen ska följas upp").filter(has_text=number)
    walk.check("inbox-follow-up-due")
    row.get_by_role("link", name=re.compile(number)).click()
    task = page.locator("div.task", has_text="Planen ska följas upp senast 2027-02-22.")
    walk.check("case-follow-up-task")
    task.get_by_role("link", name="Följ upp planen").click()
    page.get_by_label("Vad ni gick igenom").fill(
        "SFI C klar. Karin har sökt undersköterskeutbildningen."
    )
    page.get_by_label("Nästa uppföljning senast (ÅÅÅÅ-MM-DD)").fill("2027-05-20")
    page.get_by_role("button", name="Registrera uppföljningen").click()
    page.get_by_text("Uppföljningen är registrerad.").wait_for()
    progress = page.get_by_role("region", name="Stegförflyttningar")
    progress.get_by_label("Livsområde").select_option("language")
    progress.get_by_label("Från steg").select_option("2")
    progress.get_by_label("Till steg").select_option("4")
    progress.get_by_label("Datum (ÅÅÅÅ-MM-DD)").fill("2027-02-22")
    progress.get_by_label("Vad som hänt").fill("SFI kurs C klar")
    progress.get_by_role("button", name="Registrera steget").click()
    page.get_by_text("Steget är registrerat.").wait_for()
    timeline = page.locator("ol.timeline").inner_text()
    assert timeline.index("från steg 1 till steg 2") < timeline.index("från steg 2 till steg 4")
    walk.check("plan-follow-up-timeline")
    assert not Task.objects.filter(
        case=karin.case, kind=TaskKind.PLAN_FOLLOW_UP_DUE, closed_at__isnull=True
    ).exists()

    # Karin sees her steps forward too.
    phone = walk.phone(karin.applicant)
    phone.get_by_role("link", name="Din plan").click()
    phone.get_by_role("heading", name="Dina steg framåt").wait_for()
    walk.fits(phone)
    walk.check("client-plan-progress", phone)
    phone.context.close()


def granted_livelihood(case, month, amount="5000"):
    """A month of försörjningsstöd decided before the story begins."""
    decision = Decision.objects.create(case=case, status=DecisionStatus.DECIDED)
    DecisionLine.objects.create(
        decision=decision,
        purpose=Purpose.LIVELIHOOD,
        outcome=Outcome.GRANTED,
        amount=Decimal(amount),
        period_start=month,
        period_end=(month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1),
        legal_reference="12 kap. 1 § SoL",
    )
