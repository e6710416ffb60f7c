"""Issue 11's acceptance, one story in a real browser, axe on every page and a numbered screenshot
(acc-NN-...) of each: Anna, the caseworker, finds Karin Lundqvist by personnummer and works her
inbox; she proposes Karin's December renewal with its rent warning answered; Cecilia, the
section manager, sends it back with a comment; Anna changes it and Cecilia approves. Karin
appeals that decision: Anna confirms it came in time, reconsiders it (not fully as asked, and
through four eyes again), writes the municipality's opinion and sends it to förvaltningsrätten
with its bundle. Cecilia makes the reconsidered rent an urgent payment; she approved the decisions
behind the pay day, so she may not attest it (segregation of duties): Sofia, the section manager
of Söder, attests it and makes the file that pays the rest of the December decision."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from ekb.decisions.models import Decision, MunicipalityPolicy
from ekb.notices.appeals import do_submit_appeal
from ekb.notices.notification import do_mark_decision_seen
from ekb.payments.choices import PaymentStatus
from ekb.payments.models import Payment, PaymentRun
from ekb.payments.runs import do_prepare_payment_run
from tests import factories as f
from tests.factories import PASSWORD
from tests.personas import DECEMBER, at_ten, lines

PAY_DAY = dt.date(2026, 11, 25)  # December's support is paid on November's pay day (the 25th)
RENT_REASONS = (
    "Hyran 12 500 kr är högre än vad som är skäligt. Du får bistånd till 9 800 kr, "
    "kommunens riktlinje för två personer."
)


@pytest.fixture
def story(karin, org):
    """Karin's December renewal with a new, high rent: the robot warns about it. The
    municipality decides by four eyes and pays from its own account."""
    from ekb.applications.choices import ApplicationKind
    from ekb.flow import journey

    MunicipalityPolicy.objects.create(
        municipality=org.muni,
        four_eyes=True,
        debtor_name="Testby kommun",
        debtor_iban=f.an_iban(999),
    )
    from ekb.accounts.roles import Role

    karin.sofia = f.staff("sofia", org.muni, (Role.SECTION_MANAGER, org.soder))
    karin.applicant.payout_iban = f.an_iban(7)
    karin.applicant.save(update_fields=["payout_iban"])
    karin.application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(rent="12500", salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    return karin


class Walk:
    """The browser, with a numbered screenshot and axe on every page visited."""

    def __init__(self, page, base, assert_accessible, screenshot):
        self.page, self.base = page, base
        self._axe, self._shot, self.n = assert_accessible, screenshot, 0

    def check(self, name):
        self._axe(self.page)
        self.n += 1
        self._shot(self.page, f"acc-{self.n:02d}-{name}")

    def log_in(self, username):
        page = self.page
        page.context.clear_cookies()
        page.goto(f"{self.base}/handlaggare/logga-in/")
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(re.compile(r"/handlaggare/inkorg/$"))

    def inbox_row(self, kind, number):
        return self.page.locator("tbody tr", has_text=kind).filter(has_text=number)


def test_issue_11_a_caseworker_and_a_section_manager_work_one_case_from_search_to_pay_day(
    live_server, page, org, story, time_machine, assert_accessible, screenshot
):
    walk = Walk(page, live_server.url, assert_accessible, screenshot)
    base, number, application = live_server.url, story.case.number, story.application
    identity = story.applicant.identity_number

    # 1. Anna finds Karin by personnummer from the start page.
    walk.log_in("anna")
    walk.check("inbox-morning")
    page.goto(f"{base}/handlaggare/")
    walk.check("start-page")
    field = page.get_by_label("Sök på personnummer, samordningsnummer, namn eller ärendenummer")
    field.fill(f"{identity[:8]}-{identity[8:]}")
    field.press("Enter")
    results = page.get_by_role("region", name="Sökträffar i en tabell som kan rullas i sidled")
    assert "Karin Lundqvist" in results.inner_text()
    assert identity not in page.url
    walk.check("search-by-personnummer")
    page.get_by_role("link", name=number).first.click()
    page.get_by_role("heading", level=1, name=re.compile(number)).wait_for()
    assert page.get_by_role("heading", name="Att göra nu").is_visible()
    walk.check("case-page")

    # 2. She works the inbox: Karin's renewal, with her name, the month and the days waiting.
    page.get_by_role("link", name="Inkorg").first.click()
    row = walk.inbox_row("Återansökan", number)
    assert "Karin Lundqvist" in row.inner_text() and "2026-12" in row.inner_text()
    walk.check("inbox-renewal")
    row.get_by_role("link", name=re.compile(number)).click()
    page.get_by_role("heading", level=1, name=re.compile("Återansökan för 2026-12")).wait_for()
    walk.check("renewal")

    # 3. She proposes the renewal as calculated, answering the open rent warning in the same step.
    page.locator("form[action$='/beslut/'] textarea[name^='warning-']").fill(
        "Hyresavin visar ny hyra efter flytt till större lägenhet."
    )
    page.get_by_role("button", name="Fatta beslut").click()
    page.get_by_role("heading", level=1, name="Bekräfta förslaget").wait_for()
    walk.check("confirm-proposal")
    page.get_by_role("button", name="Bekräfta och skicka förslaget").click()
    page.get_by_text("Förslaget väntar nu på beslutsfattaren.").wait_for()
    walk.check("proposal-waiting")
    assert not application.warnings.filter(status="open").exists()

    # 4. Cecilia sends it back with a comment.
    walk.log_in("cecilia")
    row = walk.inbox_row("Beslut att godkänna", number)
    walk.check("manager-inbox-to-approve")
    row.get_by_role("link", name=re.compile(number)).click()
    page.get_by_role("heading", level=2, name="Ditt beslut").wait_for()
    walk.check("manager-decision-to-approve")
    page.get_by_text("Skicka tillbaka till handläggaren").click()
    page.get_by_label("Kommentar till handläggaren: vad ska ändras och varför?").fill(
        "Hyran 12 500 kr är över riktlinjen för två personer; bevilja skälig hyra."
    )
    page.get_by_role("button", name="Skicka tillbaka", exact=True).click()
    page.get_by_text("Förslaget är skickat tillbaka till handläggaren.").first.wait_for()
    walk.check("manager-sent-back")

    # 5. Anna sees why, changes the rent and proposes again; the sent-back row leaves her inbox.
    walk.log_in("anna")
    row = walk.inbox_row("Beslut återsänt", number)
    assert "över riktlinjen" in row.inner_text()
    walk.check("inbox-sent-back")
    row.get_by_role("link", name=re.compile(number)).click()
    page.get_by_role("heading", name="Beslutsfattaren har skickat tillbaka förslaget").wait_for()
    walk.check("application-sent-back")
    rent = page.locator("fieldset", has_text="Hyra")
    rent.get_by_label("Utfall").select_option("partly_granted")
    rent.get_by_label("Belopp (kr)").fill("9800")
    rent.get_by_label("Skäl").fill(RENT_REASONS)
    page.get_by_label("Barnens situation: hur har du beaktat barnens bästa?").fill(
        "Elias kan bo kvar; skillnaden i hyra täcks av inkomsterna."
    )
    page.get_by_role("button", name="Fatta beslut").click()
    page.get_by_role("heading", level=1, name="Bekräfta förslaget").wait_for()
    walk.check("confirm-changed-proposal")
    page.get_by_role("button", name="Bekräfta och skicka förslaget").click()
    page.get_by_text("Förslaget väntar nu på beslutsfattaren.").wait_for()
    page.goto(f"{base}/handlaggare/inkorg/")
    assert walk.inbox_row("Beslut återsänt", number).count() == 0
    assert walk.inbox_row("Återansökan", number).count() == 0
    walk.check("inbox-after-proposing")

    # 6. Cecilia sees the change against the application and approves.
    walk.log_in("cecilia")
    walk.inbox_row("Beslut att godkänna", number).get_by_role(
        "link", name=re.compile(number)
    ).click()
    assert page.get_by_text("9\u00a0800\u00a0kr beviljat mot 12\u00a0500\u00a0kr sökt").is_visible()
    walk.check("manager-changed-proposal")
    page.get_by_role("button", name="Godkänn och fatta beslutet").click()
    page.get_by_text("Beslutet är fattat.").wait_for()
    walk.check("manager-approved")
    december = Decision.objects.get(application=application, status="decided")
    assert (december.decided_by, december.created_by) == (org.cecilia, org.anna)
    page.goto(f"{base}/handlaggare/inkorg/")
    assert walk.inbox_row("Beslut att godkänna", number).count() == 0
    walk.check("manager-inbox-after-approving")
    planned = Payment.objects.filter(decision_line__decision=december)
    assert {p.pay_date for p in planned} == {PAY_DAY}

    # 7. Karin reads the decision the same day and appeals it on Monday.
    do_mark_decision_seen(december, person=story.applicant)
    time_machine.move_to(at_ten(dt.date(2026, 11, 23)), tick=False)
    appeal = do_submit_appeal(
        december,
        "Hyran är 12 500 kr och jag hittar ingen billigare lägenhet. Jag begär hela hyran.",
        person=story.applicant,
    )

    # 8. Anna: rättidsprövning, then omprövning (more rent, not all of it: the appeal goes on).
    walk.log_in("anna")
    row = walk.inbox_row("Överklagande", number)
    assert "till förvaltningsrätten senast" in row.inner_text()
    walk.check("inbox-appeal")
    row.get_by_role("link", name=re.compile(number)).click()
    page.get_by_role("heading", level=1, name="Överklagande").wait_for()
    assert page.get_by_text("Enligt datumen kom överklagandet in i rätt tid.").is_visible()
    walk.check("appeal-timeliness")
    page.get_by_label("Kom in i rätt tid").check()
    page.get_by_role("button", name="Registrera rättidsprövningen").click()
    page.get_by_text("Rättidsprövningen är registrerad.").wait_for()
    walk.check("appeal-in-time")
    page.get_by_text("Ompröva och ändra beslutet").click()
    rent = page.locator("fieldset.panel", has_text="Hyra")
    rent.get_by_label("Belopp (kr)").fill("10400")
    rent.get_by_label("Skäl").fill(
        "Vid omprövningen godtar vi 10 400 kr i hyra: det finns ingen billigare lägenhet i "
        "området just nu. Resten av hyran är högre än vad som är skäligt."
    )
    page.get_by_label("Barnens situation: hur har du beaktat barnens bästa?").fill(
        "Elias kan bo kvar i sin skola; mer av hyran täcks nu."
    )
    page.get_by_label("Nej, delvis eller på annat sätt: överklagandet går vidare").check()
    walk.check("appeal-reconsider")
    page.get_by_role("button", name="Fatta nytt beslut").click()
    page.get_by_role("heading", level=1, name="Bekräfta förslaget till omprövning").wait_for()
    page.get_by_role("button", name="Bekräfta och skicka förslaget").click()
    page.get_by_text("Förslaget väntar nu på beslutsfattaren.").wait_for()
    walk.check("reconsideration-proposed")

    # 9. Cecilia approves the omprövning (four eyes here too).
    walk.log_in("cecilia")
    walk.inbox_row("Beslut att godkänna", number).get_by_role(
        "link", name=re.compile(number)
    ).click()
    page.get_by_role("heading", level=2, name="Ditt beslut").wait_for()
    assert page.get_by_text("Omprövning av").is_visible()  # she knows what she approves
    walk.check("manager-reconsideration-to-approve")
    page.get_by_role("button", name="Godkänn och fatta beslutet").click()
    page.get_by_text("Beslutet är fattat.").wait_for()
    walk.check("manager-reconsideration-approved")
    reconsidered = Decision.objects.get(reconsiders=december)
    assert reconsidered.status == "decided"

    # 10. Anna writes the municipality's opinion and sends the appeal on with its bundle.
    walk.log_in("anna")
    page.goto(f"{base}/handlaggare/arenden/{story.case.pk}/overklaganden/{appeal.pk}/")
    assert page.get_by_text("inte helt så som klienten begärde").is_visible()
    walk.check("appeal-after-reconsideration")
    page.get_by_role("link", name="Skriv yttrande och skicka till förvaltningsrätten").click()
    page.get_by_label("Kommunens yttrande till förvaltningsrätten").fill(
        "Kommunen har vid omprövningen beviljat 10 400 kr i hyra men vidhåller beslutet i övrigt."
    )
    walk.check("appeal-opinion")
    page.get_by_role("button", name="Granska innan du skickar").click()
    page.get_by_role("heading", level=1, name="Bekräfta: skicka till förvaltningsrätten").wait_for()
    walk.check("appeal-confirm")
    page.get_by_role("button", name="Skicka till förvaltningsrätten").click()
    page.get_by_text("Överklagandet är skickat till förvaltningsrätten.").wait_for()
    walk.check("appeal-forwarded")
    link = page.get_by_role("link", name="Öppna handlingarna (PDF)")
    response = page.request.get(base + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    bundle = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages).split()
    )
    assert "Kommunen har vid omprövningen beviljat 10 400 kr" in bundle
    assert "Jag begär hela hyran" in bundle
    assert "9 800 kr" in bundle  # the appealed decision goes along
    page.get_by_role("link", name="Inkorg").first.click()
    assert walk.inbox_row("Överklagande", number).count() == 0  # handled: it left the inbox
    walk.check("inbox-after-the-court")

    # 11. Cecilia: the reconsidered rent cannot wait for the pay day; then she attests the pay day.
    walk.log_in("cecilia")
    page.goto(f"{base}/handlaggare/utbetalningar/?datum={PAY_DAY}")
    # The appealed decision's lines, stopped by the omprövning, are no transfer of their own.
    assert page.get_by_text("Stoppade, ingen överföring (3 rader)").is_visible()
    walk.check("payments-pay-day-waiting")
    rent_payment = Payment.objects.get(
        decision_line__decision=reconsidered, decision_line__purpose="rent"
    )
    page.get_by_role("link", name=f"Betala ut snarast Hyra {number}").click()
    walk.check("payments-urgent-form")
    page.get_by_label("Skäl").fill("Hyresvärden har skickat en påminnelse med sista dag i morgon.")
    page.get_by_role("button", name="Betala ut snarast").click()
    page.wait_for_url(re.compile(r"datum=2026-11-24"))
    assert page.get_by_text("Snarast").first.is_visible()
    walk.check("payments-urgent-made")
    rent_payment.refresh_from_db()
    assert rent_payment.urgent and rent_payment.pay_date == dt.date(2026, 11, 24)

    run = do_prepare_payment_run(org.muni, PAY_DAY, acting_user=None).run
    page.goto(f"{base}/handlaggare/utbetalningar/?datum={PAY_DAY}")
    # Cecilia approved the decisions behind these payments: she may not attest them, and the
    # page says who may.
    assert page.get_by_role("button", name=f"Attestera {run.message_id}").count() == 0
    assert "Sofia" in page.inner_text("body")
    walk.check("payments-cecilia-may-not-attest")

    # 12. Sofia, section manager of Söder, had no part in them: she attests and makes the file.
    walk.log_in("sofia")
    page.goto(f"{base}/handlaggare/utbetalningar/?datum={PAY_DAY}")
    page.get_by_role("heading", name="Andra enheters körningar som du attesterar").wait_for()
    page.get_by_role("button", name=f"Attestera {run.message_id}").click()
    page.get_by_role("button", name=f"Skapa betalfil {run.message_id}").wait_for()
    walk.check("payments-attested")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Skapa betalfil {run.message_id}").click()
    assert page.get_by_text(f"Betalfilen {run.message_id} skapades").is_visible()
    walk.check("payments-file-made")
    run.refresh_from_db()
    assert run.attested_by == story.sofia and run.file_made_at is not None
    paid = Payment.objects.filter(payment_run=run.message_id, case=story.case)
    assert paid.exists() and all(p.decision_line.decision_id == reconsidered.pk for p in paid)
    assert not Payment.objects.filter(
        decision_line__decision=december, status=PaymentStatus.PLANNED
    ).exists()
    assert PaymentRun.objects.get(urgent=True).attested_at is None  # another manager attests
