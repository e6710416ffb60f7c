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
reduces December's försörjningsstöd by a decision with its reason and its letter."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

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

    def __init__(self, page, chromium, base, assert_accessible, screenshot, *, first=1):
        self.page, self.chromium, self.base = page, chromium, base
        self._axe, self._shot, self.n = assert_accessible, screenshot, first - 1

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
        wide = phone.evaluate(
            """() => document.documentElement.scrollWidth <= window.innerWidth ? [] :
            [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > window.innerWidth)
              .slice(-3).map(e => e.tagName + '.' + e.className + ': ' +
                              (e.textContent || '').trim().slice(0, 60))"""
        )
        assert not wide, f"{phone.url} scrolls sideways at 360 px: {wide}"

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


SEPTEMBER = dt.date(2026, 9, 1)


def session(page, kind, title, day, starts, ends, place):
    """Anna puts a session in the schedule, as the activity page's form asks."""
    page.get_by_text("Lägg in ett pass för Karin Lundqvist").click()
    page.get_by_label("Typ av aktivitet").select_option(kind)
    page.get_by_label("Aktivitet", exact=True).fill(title)
    page.get_by_label("Dag", exact=True).fill(day)
    page.get_by_label("Börjar").fill(starts)
    page.get_by_label("Slutar").fill(ends)
    page.get_by_label("Plats").fill(place)
    page.get_by_role("button", name="Lägg in passet").click()
    page.get_by_text("Passet är inlagt i schemat.").wait_for()


def attendance(page, day, status):
    row = page.locator("tbody tr", has_text=day)
    row.get_by_label("Närvaro", exact=True).select_option(status)
    row.get_by_role("button", name="Spara närvaro").click()
    page.get_by_text("Närvaron är registrerad.").wait_for()


def balance(page, term):
    """A figure of the week's balance on the activity page, e.g. 'Närvarande' -> '6 tim'."""
    return (
        page.locator("dl.week-balance dt", has_text=term)
        .first.locator("xpath=following-sibling::dd[1]")
        .inner_text()
    )


@pytest.fixture
def kemal(karin, org):
    """Kemal Aydin, on his own, in Anna's caseload: he studies full time at Komvux."""
    from tests import factories as f

    person = f.person(dt.date(1990, 5, 12), first_name="Kemal", last_name="Aydin")
    case = f.case(org.norr, assigned=org.anna, applicant=person)
    karin.register.script(person.identity_number, {})
    return SimpleNamespace(case=case, person=person)


def test_issue_12_the_activity_requirement_from_the_flag_to_a_reduction_with_its_letter(
    live_server,
    page,
    chromium,
    org,
    karin,
    kemal,
    demo_e_id,
    time_machine,
    assert_accessible,
    screenshot,
):
    from ekb.applications.choices import ApplicationKind
    from ekb.flow import journey
    from ekb.flow.activity_requirement import flag_activity_requirement
    from tests.personas import lines

    # The second story's screenshots follow the first's (acc12-41-...).
    walk = Walk(page, chromium, live_server.url, assert_accessible, screenshot, first=41)
    base, number = live_server.url, karin.case.number
    # History before the story: September decided for Karin (October and November are in her
    # fixture), September to November for Kemal: both reach the requirement for December.
    granted_livelihood(karin.case, SEPTEMBER)
    for month in (SEPTEMBER, OCTOBER, NOVEMBER):
        granted_livelihood(kemal.case, month)

    # 1. Monday 7 December: the night's run flags both; they are on Anna's list, no schedule.
    walk.move_to(time_machine, local(dt.date(2026, 12, 7), 8, 30))
    assert flag_activity_requirement() == 2  # what the beat runs each night
    walk.log_in("anna")
    reached = page.locator("tbody tr", has_text="Aktivitetskrav")
    assert reached.filter(has_text=number).count() == 1
    assert reached.filter(has_text=kemal.case.number).count() == 1
    walk.check("inbox-requirement-reached")
    page.goto(f"{base}/handlaggare/")
    page.get_by_role("link", name="Mina klienter med aktivitetskrav").click()
    page.get_by_role("heading", level=1, name="Mina klienter med aktivitetskrav").wait_for()
    assert page.locator("tbody tr", has_text="Karin Lundqvist").get_by_text("Saknar schema")
    assert page.locator("tbody tr", has_text="Kemal Aydin").get_by_text("Saknar schema")
    walk.check("activity-list-flagged")

    # 2. Kemal studies full time at Komvux: an exemption, with its review date.
    page.locator("tbody tr", has_text="Kemal Aydin").get_by_role("link").click()
    page.get_by_role("heading", level=1, name=re.compile("^Aktivitetskrav")).wait_for()
    assert page.get_by_text("Omfattas av aktivitetskravet").is_visible()
    walk.check("activity-kemal-covered")
    exemptions = page.get_by_role("region", name="Undantag")
    exemptions.get_by_text("Registrera undantag").first.click()
    exemptions.get_by_label("Skäl").select_option("school")
    exemptions.get_by_label("Anteckning").fill("Komvux på heltid, intyg från skolan")
    exemptions.get_by_label("Gäller från").fill("2026-12-01")
    exemptions.get_by_label("Omprövas senast").fill("2027-06-30")
    exemptions.get_by_role("button", name="Registrera undantag").click()
    page.get_by_text("Undantaget är registrerat.").wait_for()
    assert page.get_by_text("Undantagen: Studier").is_visible()
    walk.check("activity-kemal-exempt")

    # 3. Karin gets a schedule: 30 hours (Elias is under 8), her own job seeking beside it, and
    # two weeks of sessions.
    page.get_by_role("link", name="Mina klienter med aktivitetskrav").click()
    assert page.locator("tbody tr", has_text="Kemal Aydin").get_by_text("Undantagen: Studier")
    page.locator("tbody tr", has_text="Karin Lundqvist").get_by_role("link").click()
    schedule = page.get_by_role("region", name="Aktivitetsschema")
    schedule.get_by_label(re.compile("^Eget jobbsökande")).fill("5")
    schedule.get_by_role("button", name="Spara schemat").click()
    page.get_by_text("Aktivitetsschemat är sparat.").wait_for()
    assert page.get_by_text("Mål 30 timmar i veckan (enligt regeln 30).").is_visible()
    session(page, "language", "SFI", "2026-12-08", "08:30", "12:00", "Komvux Norr")
    session(page, "job_seeking", "Jobbsökarverkstad", "2026-12-10", "13:00", "16:00", "Jobbtorg")
    session(page, "language", "SFI", "2026-12-15", "08:30", "12:00", "Komvux Norr")
    session(page, "job_seeking", "Jobbsökarverkstad", "2026-12-17", "13:00", "16:00", "Jobbtorg")
    walk.check("activity-karin-schedule")

    # 4. Two weeks of attendance: the first week both sessions, the second she stays away from
    # the workshop without a reason, which opens a task and changes no money.
    walk.move_to(time_machine, local(dt.date(2026, 12, 11), 15, 0))
    walk.log_in("anna")
    page.goto(f"{base}/handlaggare/arenden/{karin.case.pk}/aktiviteter/")
    attendance(page, "2026-12-08", "present")
    attendance(page, "2026-12-10", "present")
    assert balance(page, "Räknas mot målet") == "6,5 tim"
    walk.check("attendance-week-1")
    walk.move_to(time_machine, local(dt.date(2026, 12, 18), 15, 0))
    walk.log_in("anna")
    page.goto(f"{base}/handlaggare/arenden/{karin.case.pk}/aktiviteter/")
    attendance(page, "2026-12-15", "present")
    attendance(page, "2026-12-17", "absent_without")
    assert balance(page, "Frånvaro utan giltigt skäl") == "3 tim"
    walk.check("attendance-week-2")
    assert Task.objects.filter(case=karin.case, kind=TaskKind.ACTIVITY_ABSENCE).count() == 1

    # 5. Karin reads her schedule and the week's balance on her phone.
    phone = walk.phone(karin.applicant)
    phone.get_by_role("link", name="Mina aktiviteter och veckans timmar").click()
    phone.get_by_role("heading", level=1, name="Mina aktiviteter").wait_for()
    assert phone.get_by_text("Ditt mål är 30 timmar aktiviteter i veckan.").is_visible()
    assert phone.get_by_text("Jobbsökarverkstad", exact=False).first.is_visible()
    assert phone.get_by_text("Frånvarande utan giltigt skäl", exact=False).first.is_visible()
    walk.fits(phone)
    walk.check("client-activities-360", phone)
    phone.context.close()

    # 6. Karin's December renewal has come in late. From the task Anna communicates before she
    # decides it.
    journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    page.goto(f"{base}/handlaggare/inkorg/")
    row = page.locator("tbody tr", has_text="Frånvaro").filter(has_text=number)
    walk.check("inbox-absence-task")
    row.get_by_role("link", name=re.compile(number)).click()
    task = page.locator("div.task", has_text="Frånvaro från aktivitet utan giltigt skäl")
    walk.check("case-absence-task")
    task.get_by_role("link", name="Kommunicera och besluta").click()
    page.get_by_role("heading", level=1, name="Kommunicera och besluta").wait_for()
    walk.check("communicate-form")
    page.get_by_label("Det här skulle beslutet grunda sig på").fill(
        "Du var borta från jobbsökarverkstaden den 17 december 2026, 3 av 30 timmar den veckan."
    )
    page.get_by_label("Svara senast (ÅÅÅÅ-MM-DD)").fill("2027-01-04")
    page.get_by_role("button", name="Skicka kommuniceringen").click()
    page.get_by_role("heading", level=2, name="Skickad kommunicering").wait_for()
    assert page.get_by_role("link", name="Besluta om nedsättning").count() == 0  # not yet
    walk.check("communication-sent")

    # 7. Karin answers on her phone.
    walk.move_to(time_machine, local(dt.date(2026, 12, 20), 18, 0))
    phone = walk.phone(karin.applicant)
    phone.get_by_role("link", name="Läs brevet och svara").click()
    phone.get_by_role("heading", level=1, name="Innan vi beslutar: vill du säga något?").wait_for()
    walk.fits(phone)
    walk.check("client-communication-360", phone)
    phone.get_by_label("Ditt svar").fill("Elias var sjuk och jag hade ingen barnvakt.")
    phone.get_by_role("button", name="Skicka svaret").click()
    phone.get_by_role("heading", level=1, name="Mitt ärende").wait_for()
    phone.context.close()

    # 8. Monday: Anna reads the answer and reduces December's försörjningsstöd by a decision with
    # the activity requirement's reason, proportionate, and its letter.
    walk.move_to(time_machine, local(dt.date(2026, 12, 21), 9, 0))
    walk.log_in("anna")
    page.goto(f"{base}/handlaggare/arenden/{karin.case.pk}/")
    page.locator("div.task", has_text="Frånvaro från aktivitet utan giltigt skäl").get_by_role(
        "link", name="Kommunicera och besluta"
    ).click()
    assert page.get_by_text("Elias var sjuk och jag hade ingen barnvakt.").is_visible()
    walk.check("communication-answered")
    page.get_by_role("link", name="Besluta om nedsättning").click()
    page.get_by_role("heading", level=1, name=re.compile("2026-12")).wait_for()
    livelihood = page.locator(
        "form[action$='/beslut/'] fieldset.panel",
        has=page.locator("legend", has_text=re.compile("^Försörjningsstöd")),
    )
    reasons = livelihood.get_by_label("Skäl")
    text = reasons.input_value()
    assert "12 kap." in text or "aktiviteter som vi anvisar" in text
    assert "[Skriv här" in text
    typed = livelihood.get_by_label("Belopp (kr)").input_value()
    amount = Decimal(re.sub(r"[\s\u00a0]", "", typed).replace(",", "."))
    reduced = (amount - 500).quantize(Decimal(1))
    livelihood.get_by_label("Belopp (kr)").fill(str(reduced))
    text = re.sub(
        r"\[Skriv här[^\]]*\]",
        "Du missade 3 av 30 timmar en vecka och har inte varit borta tidigare. Elias behov "
        "påverkas inte: nedsättningen är 500 kr.",
        text,
    )
    text = re.sub(r"beviljar [^.]*\.", f"beviljar {reduced:.0f} kr.", text)
    reasons.fill(text)
    children = page.get_by_label("Barnens situation: hur har du beaktat barnens bästa?")
    if children.count():
        children.fill("Nedsättningen är liten; Elias mat och kläder täcks.")
    walk.check("decision-form-reduction")
    page.get_by_role("button", name="Fatta beslut").click()
    page.get_by_role("button", name="Bekräfta och fatta beslutet").click()
    page.get_by_text("Beslutet är fattat. Beslutsbrevet är skapat.").wait_for()
    walk.check("reduction-decided")
    decision = Decision.objects.get(application__case=karin.case, application__month=DECEMBER)
    line = decision.lines.get(purpose=Purpose.LIVELIHOOD)
    assert decision.status == DecisionStatus.DECIDED
    assert (line.outcome, line.amount) == (Outcome.PARTLY_GRANTED, reduced)
    assert decision.letter.pdf
