"""Payments through the API: urgent, stop with a reason, attest (not one's own) and the file."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ekb.audit.models import AccessLogEntry
from ekb.cases.models import Case
from ekb.decisions.models import Decision, MunicipalityPolicy
from ekb.payments.models import Payment, PaymentRun
from ekb.payments.runs import do_prepare_payment_run
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


def test_a_run_of_a_unit_without_a_section_manager_is_attested_by_another_units_manager(
    client, org, paying
):
    soder = f.case_paying(org.soder, "7000.00", f.an_iban(3))
    run = do_prepare_payment_run(
        org.muni, dt.date(2025, 5, 23), acting_user=None, cases=Case.objects.filter(pk=soder.pk)
    ).run
    assert run.unit == org.soder  # Söder has no section manager: Cecilia of Norr may attest it
    cecilia = bearer(client, "cecilia")
    response = client.post(f"/api/v1/payment-runs/{run.pk}/attest", headers=cecilia)
    assert response.status_code == 200 and response.json()["attested"]
    row = AccessLogEntry.objects.filter(action="attest_payments").latest("pk")
    assert row.detail["other_unit"] is True and row.channel == "api"


def test_the_manager_who_decided_a_payment_is_refused_with_the_reason_and_reopens_the_run(
    client, org, paying
):
    Decision.objects.filter(case=paying).update(decided_by=org.cecilia)
    run = do_prepare_payment_run(org.muni, dt.date(2025, 5, 23), acting_user=None).run
    cecilia = bearer(client, "cecilia")
    refused = client.post(f"/api/v1/payment-runs/{run.pk}/attest", headers=cecilia)
    assert refused.status_code == 422 and "själv beslutat" in str(refused.json())
    no_reason = client.post(
        f"/api/v1/payment-runs/{run.pk}/reopen",
        {"reason": ""},
        content_type="application/json",
        headers=cecilia,
    )
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["errors"]
    reopened = client.post(
        f"/api/v1/payment-runs/{run.pk}/reopen",
        {"reason": "Beslutet ska attesteras av någon annan."},
        content_type="application/json",
        headers=cecilia,
    )
    assert reopened.status_code == 200 and reopened.json()["reopened"]
    assert Payment.objects.get(case=paying).payment_run == ""
