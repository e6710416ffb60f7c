"""Anna tries register facts on the application page: each proposal beside what the client said,
accepted or rejected one by one; a refusal without a reason comes back with what was typed."""

from __future__ import annotations

from decimal import Decimal

from ekb.applications.choices import ApplicationKind
from ekb.applications.models import RegisterProposal
from ekb.decisions.calculation import latest_calculation
from ekb.flow import journey
from ekb.lib.money import format_amount
from tests.factories import PASSWORD
from tests.personas import DECEMBER, lines


def _renewal_with_register_salary(karin, amount):
    # Karin says 3 000 kr salary; Skatteverket reports another amount.
    karin.register.script(karin.applicant.identity_number, {"skv": [("salary", amount, "Lön")]})
    return journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )


def test_the_application_page_shows_the_register_fact_beside_what_the_client_said(
    client, org, karin
):
    application = _renewal_with_register_salary(karin, 4100)
    assert client.login(username="anna", password=PASSWORD)
    page = client.get(f"/handlaggare/ansokningar/{application.pk}/").content.decode()
    assert "Registeruppgifter att pröva" in page
    assert "4\u00a0100,00" in page and "3\u00a0000,00" in page and "Skatteverket" in page
    # Accepting 4 100 kr instead of 3 000 kr: 1 100 kr more income, counted in full (no
    # jobbstimulans after two months of support).
    if_accepted = format_amount(latest_calculation(application).amount - 1100, ore=True)
    assert f"Om alla uppgifter som inte är prövade godtas: {if_accepted} kr." in page


def test_anna_accepts_one_fact_and_rejects_another_with_a_reason(client, org, karin):
    karin.register.script(
        karin.applicant.identity_number,
        {"skv": [("salary", 3500, "Lön")], "fk": [("sickness_benefit", 900, "Sjukpenning")]},
    )
    application = journey.receive_application(
        karin.case, DECEMBER, ApplicationKind.RENEWAL, lines(salary="3000")
    )
    salary, sickness = application.register_proposals.order_by("type")
    salary, sickness = (salary, sickness) if salary.type == "salary" else (sickness, salary)
    assert client.login(username="anna", password=PASSWORD)

    refused = client.post(f"/handlaggare/registeruppgifter/{sickness.pk}/avvisa/", {"reason": " "})
    assert refused.status_code == 400
    assert "Skriv varför registeruppgiften inte ska räknas." in refused.content.decode()

    accepted = client.post(f"/handlaggare/registeruppgifter/{salary.pk}/godta/")
    assert accepted.status_code == 302 and accepted["Location"].endswith("#register-proposals")
    rejected = client.post(
        f"/handlaggare/registeruppgifter/{sickness.pk}/avvisa/",
        {"reason": "Sjukpenningen gäller november och är redan räknad."},
    )
    assert rejected.status_code == 302
    salary.refresh_from_db()
    sickness.refresh_from_db()
    assert salary.status == RegisterProposal.Status.ACCEPTED and salary.decided_by == org.anna
    assert sickness.status == RegisterProposal.Status.REJECTED
    # Counted now: the register salary 3 500 kr (replacing Karin's 3 000 kr), not the sickness
    # benefit.
    assert latest_calculation(application).countable_income == Decimal("3500")
    page = client.get(f"/handlaggare/ansokningar/{application.pk}/").content.decode()
    assert "Godtagen" in page and "Avvisad" in page


def test_another_units_caseworker_gets_not_found(client, org, karin):
    application = _renewal_with_register_salary(karin, 4100)
    proposal = application.register_proposals.get()
    assert client.login(username="bertil", password=PASSWORD)
    response = client.post(f"/handlaggare/registeruppgifter/{proposal.pk}/godta/")
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == RegisterProposal.Status.PENDING
