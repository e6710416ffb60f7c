"""Payments through the API: urgent, stop with a reason, attest (not one's own) and the file."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ekb.decisions.models import MunicipalityPolicy
from ekb.payments.models import Payment, PaymentRun
from tests import factories as f
from tests.personas import bearer

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def paying(org, time_machine):
    time_machine.move_to(dt.datetime(2025, 5, 9, 9, 30, tzinfo=STOCKHOLM), tick=False)  # Friday
    MunicipalityPolicy.objects.create(
        municipality=org.muni, debtor_name="Testby kommun", debtor_iban=f.an_iban(999)
    )
    return f.case_paying(org.norr, "6450.00", f.an_iban(1))


def test_a_caseworker_pays_urgently_and_the_manager_attests_and_makes_the_file(client, org, paying):
    payment = Payment.objects.get(case=paying)
    anna = bearer(client, "anna")
    refused = client.post(
        f"/api/v1/payments/{payment.pk}/urgent", {"reason": ""}, content_type="application/json"
    )
    assert refused.status_code == 401  # no token
    refused = client.post(
        f"/api/v1/payments/{payment.pk}/urgent",
        {"reason": " "},
        content_type="application/json",
        headers=anna,
    )
    assert refused.status_code == 422 and "reason" in refused.json()["errors"]

    response = client.post(
        f"/api/v1/payments/{payment.pk}/urgent",
        {"reason": "Elen stängs av."},
        content_type="application/json",
        headers=anna,
    )
    body = response.json()
    assert response.status_code == 200 and body["urgent"] and body["pay_date"] == "2025-05-12"
    run = PaymentRun.objects.get(urgent=True)

    # Anna may not attest; nor may anyone outside the manager's units.
    assert client.post(f"/api/v1/payment-runs/{run.pk}/attest", headers=anna).status_code == 404
    cecilia = bearer(client, "cecilia")
    early = client.post(f"/api/v1/payment-runs/{run.pk}/file", headers=cecilia)
    assert early.status_code == 422 and "inte attesterade" in str(early.json())
    attested = client.post(f"/api/v1/payment-runs/{run.pk}/attest", headers=cecilia).json()
    assert attested["attested"] and not attested["file_made"]
    made = client.post(f"/api/v1/payment-runs/{run.pk}/file", headers=cecilia).json()
    assert made["file_made"] and made["transfers"] == 1 and made["total"] == "6450.00"


def test_a_payment_is_stopped_with_a_reason_through_the_api(client, org, paying):
    payment = Payment.objects.get(case=paying)
    anna = bearer(client, "anna")
    response = client.post(
        f"/api/v1/payments/{payment.pk}/stop",
        {"reason": "Klienten har fått lön."},
        content_type="application/json",
        headers=anna,
    )
    assert response.status_code == 200 and response.json()["status"] == "stopped"
    bertil = bearer(client, "bertil")  # Söder: not his case
    other = f.case_paying(org.norr, "100.00", f.an_iban(2))
    hidden = Payment.objects.get(case=other)
    response = client.post(
        f"/api/v1/payments/{hidden.pk}/stop",
        {"reason": "x"},
        content_type="application/json",
        headers=bertil,
    )
    assert response.status_code == 404
