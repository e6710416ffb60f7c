"""Register facts as proposals, in a real browser: Anna sees Skatteverket's salary beside what
Karin said, a rejection without a reason comes back with the error, and the page passes axe."""

from __future__ import annotations

import re

import pytest

from ekb.applications.models import RegisterProposal
from tests.factories import PASSWORD


@pytest.fixture
def proposed(karin, org):
    from ekb.applications.choices import ApplicationKind
    from ekb.flow import journey
    from tests.personas import DECEMBER, lines

    karin.register.script(
        karin.applicant.identity_number,
        {"skv": [("salary", 3500, "Lön")], "fk": [("sickness_benefit", 900, "Sjukpenning")]},
    )
    karin.application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    return karin


def test_anna_tries_the_register_facts_one_by_one(
    live_server, page, org, proposed, assert_accessible, screenshot
):
    page.goto(f"{live_server.url}/handlaggare/logga-in/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/handlaggare/inkorg/$"))
    page.goto(f"{live_server.url}/handlaggare/ansokningar/{proposed.application.pk}/")
    panel = page.get_by_role("region", name="Registeruppgifter att pröva").first
    panel.wait_for()
    assert page.get_by_text("Om alla uppgifter som inte är prövade godtas").is_visible()
    assert_accessible(page)
    screenshot(page, "40-register-proposals")

    # Rejecting the sickness benefit without a reason: the error is on the page.
    sickness = page.get_by_role("row", name=re.compile("Sjukpenning"))
    sickness.locator("summary").click()
    sickness.get_by_role("button", name="Avvisa uppgiften").click()
    page.get_by_text("Skriv varför registeruppgiften inte ska räknas.").first.wait_for()
    assert_accessible(page)
    sickness = page.get_by_role("row", name=re.compile("Sjukpenning"))
    sickness.get_by_label("Skäl till att uppgiften inte ska räknas").fill(
        "Sjukpenningen gäller november."
    )
    sickness.get_by_role("button", name="Avvisa uppgiften").click()
    page.get_by_text("Registeruppgiften är avvisad. Den räknas inte.").wait_for()

    salary = page.get_by_role("row", name=re.compile("Lön"))
    salary.get_by_role("button", name=re.compile("^Godta")).click()
    page.get_by_text("Registeruppgiften är godtagen och beräkningen är gjord om.").wait_for()
    assert_accessible(page)
    statuses = set(proposed.application.register_proposals.values_list("type", "status"))
    assert statuses == {
        ("salary", RegisterProposal.Status.ACCEPTED),
        ("sickness_benefit", RegisterProposal.Status.REJECTED),
    }
