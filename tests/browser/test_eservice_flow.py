"""Issue 5's acceptance in a real browser, on a 360 px wide phone screen: a demo client logs in
with the demo e-ID, renews for next month changing one cost, adds dental care, submits and sees
"Mottagen"; the caseworker asks for a supplement; the client uploads a file; the caseworker
decides; the client reads the decision, downloads the letter and appeals. Every page is checked
with axe-core (WCAG 2.1 AA) and for horizontal scrolling, and photographed."""

from __future__ import annotations

import re

import pytest

from ekb.accounts.models import Municipality
from ekb.applications.models import Application, Attachment
from ekb.decisions.models import Decision
from ekb.notices.models import Appeal
from tests.factories import PASSWORD

PHONE = {"width": 360, "height": 740}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def demo_karin(karin, org, settings):
    # The demo e-ID accepts only persons of a demo municipality, and only in demo mode.
    Municipality.objects.filter(pk=org.muni.pk).update(is_demo=True)
    settings.EKB_DEMO = True
    return karin


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def axe_in_demo_mode(assert_accessible):
    """axe-core with WCAG 2.1 AA and best practice on the whole page, demo banner included."""
    return assert_accessible


@pytest.fixture
def check(axe_in_demo_mode, screenshot):
    def run(page, name):
        page.wait_for_load_state("load")
        axe_in_demo_mode(page)
        assert fits(page), f"{page.url} scrolls sideways at {page.viewport_size['width']} px"
        screenshot(page, name)

    return run


def log_in_client(page, base, person, check=None):
    page.goto(f"{base}/e-tjanst/logga-in/")
    if check:
        check(page, "20-client-login")
    page.get_by_role("link", name="Logga in med demo-e-legitimation").click()
    page.get_by_role("heading", level=1, name="Demo-e-legitimation").wait_for()
    page.get_by_label("Namn eller personnummer").fill(person.formatted_identity_number)
    page.get_by_role("button", name="Sök", exact=True).click()
    page.get_by_role("heading", name="1 demoperson hittades").wait_for()
    if check:
        check(page, "21-demo-eid")
    page.get_by_role("button", name=f"Logga in som {person.full_name}").first.click()
    page.get_by_role("heading", level=1, name="Mitt ärende").wait_for()


def renew(page, check=None, prefix="2"):
    """Renew for December: the rent goes up, dental care is added, the rest is confirmed."""
    shoot = check or (lambda page, name: None)
    page.get_by_role("link", name="Ansök för december 2026").click()
    page.get_by_role("heading", level=1, name="Ansök om ekonomiskt bistånd").wait_for()
    assert page.get_by_role("radio", name="december 2026").is_checked()  # a renewal: next month
    shoot(page, f"{prefix}3-apply-start")
    page.get_by_role("button", name="Börja ansökan").click()
    page.get_by_role("heading", level=1, name="Ditt hushåll").wait_for()
    shoot(page, f"{prefix}4-household")
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.get_by_role("heading", level=1, name="Boende").wait_for()
    rent = page.get_by_label("Hyra", exact=True)
    assert rent.input_value() == "7 200"
    rent.fill("7650")
    shoot(page, f"{prefix}5-housing")
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.get_by_role("heading", level=1, name="Inkomster").wait_for()
    assert page.get_by_label("Belopp per månad, efter skatt").first.input_value() == "3 000"
    shoot(page, f"{prefix}6-incomes")
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.get_by_role("heading", level=1, name="Andra kostnader").wait_for()
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.get_by_role("heading", level=1, name="Kostnader utöver det vanliga").wait_for()
    dental = page.locator("details", has=page.get_by_text("Tandvård", exact=True))
    dental.locator("summary").click()
    dental.get_by_label("Belopp").fill("2400")
    dental.get_by_label("Beskriv vad du behöver och varför").fill("Lagning av två tänder.")
    shoot(page, f"{prefix}7-needs")
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.get_by_role("heading", level=1, name="Kontrollera dina svar").wait_for()
    changed = page.locator(".row.changed")
    assert changed.count() == 2
    assert "förra månaden 7\u00a0200\u00a0kr" in changed.first.inner_text()
    shoot(page, f"{prefix}8-check-answers")


def test_a_client_applies_follows_the_case_and_appeals(
    live_server, chromium, org, demo_karin, check
):
    base = live_server.url
    client_context = chromium.new_context(locale="sv-SE", viewport=PHONE, accept_downloads=True)
    page = client_context.new_page()
    log_in_client(page, base, demo_karin.applicant, check)
    check(page, "22-status-before")

    renew(page, check)
    page.get_by_role("link", name="Beräkna vad du kan få").click()
    page.get_by_role("heading", level=1, name="Beräkna vad du kan få").wait_for()
    assert page.get_by_text("Det här är en uppskattning, inte ett beslut.").is_visible()
    check(page, "29-estimate")
    page.get_by_role("link", name="Tillbaka").click()
    page.get_by_role("button", name="Skicka ansökan").click()
    page.get_by_role("heading", level=1, name="Ansökan mottagen").wait_for()
    check(page, "30-received")
    page.get_by_role("link", name="Till Mitt ärende").click()
    assert page.locator(".state-label").inner_text().endswith("Mottagen")
    check(page, "31-status-received")
    application = Application.objects.get(case=demo_karin.case, month="2026-12-01")
    assert application.lines.get(type="dental_care").amount == 2400

    # The caseworker asks for a supplement, on her own screen.
    staff_context = chromium.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    staff = staff_context.new_page()
    staff.goto(f"{base}/handlaggare/logga-in/")
    staff.get_by_label("Användarnamn").fill("anna")
    staff.get_by_label("Lösenord").fill(PASSWORD)
    staff.get_by_role("button", name="Logga in").click()
    staff.wait_for_url(re.compile(r"/handlaggare/inkorg/$"))
    staff.get_by_role("link", name=re.compile(f"{demo_karin.case.number} – 2026-12")).first.click()
    staff.get_by_label("Vad behövs?").fill("Kostnadsförslag från tandläkaren")
    staff.get_by_label("Varför behövs det?").fill("Vi behöver se vad lagningen kostar.")
    staff.get_by_label("Senast (ÅÅÅÅ-MM-DD)").fill("2026-11-30")
    staff.get_by_role("button", name="Skicka begäran").click()
    staff.get_by_text("Begäran om komplettering är skickad").wait_for()

    # The client answers with a file.
    page.reload()
    assert page.locator(".state-label").inner_text().endswith("Komplettering begärd")
    check(page, "32-status-supplement")
    page.get_by_role("link", name="Kostnadsförslag från tandläkaren").click()
    page.get_by_role("heading", level=1, name="Komplettera din ansökan").wait_for()
    check(page, "33-supplement")
    page.get_by_label("Ditt svar").fill("Här är kostnadsförslaget.")
    page.get_by_label("Bifoga filer (frivilligt)").set_input_files(
        files=[{"name": "kostnadsforslag.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Skicka kompletteringen").click()
    page.get_by_text("Tack! Vi har fått din komplettering.").wait_for()
    check(page, "34-status-answered")
    assert Attachment.objects.filter(case=demo_karin.case, name="kostnadsforslag.pdf").exists()

    # The caseworker decides.
    staff.reload()
    staff.get_by_role("button", name="Fatta beslut").click()
    staff.get_by_role("button", name="Bekräfta och fatta beslutet").click()
    staff.get_by_role("heading", level=1, name=re.compile("Beslut för 2026-12")).wait_for()
    decision = Decision.objects.get(application=application)
    assert decision.status == "decided"

    # The client reads the decision, downloads the letter and appeals.
    page.goto(f"{base}/e-tjanst/")
    page.get_by_role("link", name="Beslut om december 2026").click()
    page.get_by_role("heading", level=1, name="Beslut om december 2026").wait_for()
    check(page, "35-decision")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner beslutsbrevet (PDF)").click()
    assert open(download.value.path(), "rb").read().startswith(b"%PDF")
    page.get_by_role("link", name="Överklaga beslutet").click()
    page.get_by_role("heading", level=1, name="Överklaga beslutet").wait_for()
    assert page.get_by_text("förvaltningsrätten", exact=False).first.is_visible()
    check(page, "36-appeal")
    page.get_by_role("button", name="Skicka överklagandet").click()  # empty: an error
    page.get_by_role("alert").get_by_role("link").first.wait_for()
    check(page, "37-appeal-error")
    page.get_by_role("alert").get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "text"
    page.get_by_label("Vad vill du att vi ändrar i beslutet, och varför?").fill(
        "Jag behöver hela beloppet för tandvården."
    )
    page.get_by_role("button", name="Skicka överklagandet").click()
    page.get_by_text("Vi har tagit emot ditt överklagande.").wait_for()
    check(page, "38-appeal-received")
    assert Appeal.objects.get(decision=decision).in_time

    page.goto(f"{base}/e-tjanst/meddelanden/")
    page.get_by_label("Skriv till din handläggare").fill("Tack för hjälpen.")
    page.get_by_role("button", name="Skicka meddelandet").click()
    page.get_by_text("Ditt meddelande är skickat.").wait_for()
    check(page, "39-messages")
    page.goto(f"{base}/e-tjanst/beslut/")
    page.get_by_role("heading", level=1, name="Beslut").wait_for()
    check(page, "40-decisions")
    staff_context.close()
    client_context.close()


def test_a_wrong_amount_shows_an_error_summary_that_links_to_the_field(
    live_server, chromium, demo_karin, check
):
    context = chromium.new_context(locale="sv-SE", viewport=PHONE)
    page = context.new_page()
    log_in_client(page, live_server.url, demo_karin.applicant)
    page.get_by_role("link", name="Ansök för december 2026").click()
    page.get_by_role("button", name="Börja ansökan").click()
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.get_by_label("Hyra", exact=True).fill("sju tusen")
    page.get_by_role("button", name="Spara och fortsätt").click()
    summary = page.get_by_role("alert")
    assert "Hyra: Skriv beloppet som en siffra" in summary.inner_text()
    check(page, "41-error-summary")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "rent"
    assert page.get_by_label("Hyra", exact=True).input_value() == "sju tusen"
    context.close()


def test_the_core_flow_works_without_javascript(live_server, chromium, demo_karin, screenshot):
    context = chromium.new_context(locale="sv-SE", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in_client(page, live_server.url, demo_karin.applicant)
    renew(page)
    page.get_by_role("button", name="Skicka ansökan").click()
    page.get_by_role("heading", level=1, name="Ansökan mottagen").wait_for()
    page.get_by_role("link", name="Till Mitt ärende").click()
    assert page.locator(".state-label").inner_text().endswith("Mottagen")
    assert Application.objects.filter(case=demo_karin.case, month="2026-12-01").count() == 1
    screenshot(page, "50-status-received-without-javascript")
    context.close()
