"""The caseworker's tools for register proposals (issue 9, tester findings 8a and 9): Anna cannot
decide by hand past a register fact she has not tried, a warning about facts she has tried says
what she decided (not an amount that no longer holds), and the same tools are in the staff API.
Register data are proposals the caseworker accepts or rejects; the authority sees to it that the
matter is investigated as far as it requires (förvaltningslagen 2017:900 23 §)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ekb.applications.choices import ApplicationKind
from ekb.applications.models import RegisterProposal
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import WarningStatus
from ekb.decisions.proposal import propose_lines
from ekb.flow import journey
from tests.factories import PASSWORD
from tests.personas import DECEMBER, bearer, lines


@pytest.fixture
def proposed(karin):
    # Karin says 3 000 kr salary; Skatteverket reports 4 100 kr.
    karin.register.script(karin.applicant.identity_number, {"skv": [("salary", 4100, "Lön")]})
    karin.application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    karin.proposal = karin.application.register_proposals.get()
    return karin


def _decide(karin, org):
    proposal = propose_lines(karin.application, latest_calculation(karin.application))
    return journey.decide_application(karin.application, proposal, acting_user=org.anna)


def test_anna_cannot_decide_while_a_register_salary_is_untried_and_is_told_which(proposed, org):
    with pytest.raises(ValidationError) as refused:
        _decide(proposed, org)
    message = " ".join(refused.value.messages)
    assert "Pröva registeruppgifterna innan du beslutar" in message
    assert "Lön för Karin: 4\u00a0100 kr enligt registret, 3\u00a0000 kr enligt ansökan" in message
    assert not proposed.application.decisions.exists()

    journey.reject_register_proposal(
        proposed.proposal, reason="Lönen gäller oktober.", acting_user=org.anna
    )
    assert _decide(proposed, org).status == "decided"


def test_the_decision_form_shows_why_anna_cannot_decide_yet(client, proposed, org):
    assert client.login(username="anna", password=PASSWORD)
    calculated = latest_calculation(proposed.application).amount
    response = client.post(
        f"/handlaggare/ansokningar/{proposed.application.pk}/beslut/",
        {
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-purpose": "livelihood",
            "lines-0-outcome": "granted",
            "lines-0-amount": str(calculated),
            "lines-0-amount_applied": str(calculated),
            "lines-0-calculated": str(calculated),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Pröva registeruppgifterna innan du beslutar" in page and "4\u00a0100 kr" in page
    assert not proposed.application.decisions.exists()


def test_a_closed_register_warning_says_what_anna_decided_not_the_old_amount(proposed, org):
    warning = proposed.application.warnings.get(rule="register_proposals")
    assert "Om uppgifterna godtas" in warning.message  # the amount if accepted, while untried

    journey.accept_register_proposal(proposed.proposal, acting_user=org.anna)

    warning.refresh_from_db()
    assert warning.status == WarningStatus.CLOSED
    assert "Om uppgifterna godtas" not in warning.message
    assert "Beräknat belopp nu" not in warning.message
    assert warning.message.startswith("Registeruppgifterna är prövade: Lön för Karin")
    assert "godtagen av" in warning.message and "räknas i beräkningen" in warning.message


def test_a_rejected_fact_reads_as_rejected_with_the_reason_in_the_closed_warning(proposed, org):
    journey.reject_register_proposal(
        proposed.proposal, reason="Lönen gäller oktober.", acting_user=org.anna
    )
    warning = proposed.application.warnings.get(rule="register_proposals")
    assert warning.status == WarningStatus.CLOSED
    assert "avvisad av" in warning.message and "(Lönen gäller oktober.)" in warning.message
    assert "Om uppgifterna godtas" not in warning.message


def test_anna_lists_accepts_and_rejects_register_facts_through_the_api(client, karin, org):
    karin.register.script(
        karin.applicant.identity_number,
        {"skv": [("salary", 3500, "Lön")], "fk": [("sickness_benefit", 900, "Sjukpenning")]},
    )
    application = journey.receive_application(
        karin.case, DECEMBER, ApplicationKind.RENEWAL, lines(salary="3000")
    )
    before = latest_calculation(application).amount
    auth = bearer(client, "anna")
    listed = client.get(f"/api/v1/applications/{application.pk}/register-proposals", headers=auth)
    assert listed.status_code == 200
    by_type = {p["type"]: p for p in listed.json()}
    assert by_type["salary"]["amount"] == "3500.00" and by_type["salary"]["client_amount"] == (
        "3000.00"
    )
    assert by_type["sickness_benefit"]["client_amount"] is None
    assert {p["status"] for p in listed.json()} == {"pending"}

    no_reason = client.post(
        f"/api/v1/register-proposals/{by_type['sickness_benefit']['id']}/reject",
        {"reason": " "},
        content_type="application/json",
        headers=auth,
    )
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["errors"]
    rejected = client.post(
        f"/api/v1/register-proposals/{by_type['sickness_benefit']['id']}/reject",
        {"reason": "Sjukpenningen gäller oktober."},
        content_type="application/json",
        headers=auth,
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    accepted = client.post(
        f"/api/v1/register-proposals/{by_type['salary']['id']}/accept",
        {},
        content_type="application/json",
        headers=auth,
    )
    assert accepted.status_code == 200 and accepted.json()["decided_by"] == "anna"
    again = client.post(
        f"/api/v1/register-proposals/{by_type['salary']['id']}/accept",
        {},
        content_type="application/json",
        headers=auth,
    )
    assert again.status_code == 422  # already tried
    # 3 500 − 3 000 = 500 kr more income, counted in full (no jobbstimulans after two months).
    assert latest_calculation(application).amount == before - Decimal("500")
    assert RegisterProposal.objects.filter(application=application, status="pending").count() == 0


def test_a_caseworker_in_another_unit_gets_404_for_the_register_facts(client, proposed, org):
    auth = bearer(client, "bertil")
    url = f"/api/v1/applications/{proposed.application.pk}/register-proposals"
    assert client.get(url, headers=auth).status_code == 404
    accept = client.post(
        f"/api/v1/register-proposals/{proposed.proposal.pk}/accept",
        {},
        content_type="application/json",
        headers=auth,
    )
    assert accept.status_code == 404
    proposed.proposal.refresh_from_db()
    assert proposed.proposal.status == "pending"
