"""'Betala ut snarast' is offered only for a payment due later than the next bank day: one due
today or on the next bank day is already paid as soon as it can be."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ekb.decisions.models import MunicipalityPolicy
from ekb.payments.models import Payment, PaymentRun
from tests import factories as f
from tests.personas import staff_log_in

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def friday(org, time_machine):
    time_machine.move_to(dt.datetime(2025, 5, 9, 9, 30, tzinfo=STOCKHOLM), tick=False)
    MunicipalityPolicy.objects.create(
        municipality=org.muni, debtor_name="Testby kommun", debtor_iban=f.an_iban(999)
    )
    case = f.case_paying(org.norr, "6450.00", f.an_iban(1))
    case.assigned_caseworker = org.anna
    case.save(update_fields=["assigned_caseworker"])
    return case


def urgent_url(payment) -> str:
    return f"/handlaggare/utbetalningar/{payment.pk}/snarast/"


@pytest.mark.parametrize("due", [dt.date(2025, 5, 9), dt.date(2025, 5, 12)])
def test_a_payment_due_today_or_on_the_next_bank_day_is_not_offered_to_be_paid_urgently(
    client, org, friday, due
):
    payment = Payment.objects.get(case=friday)
    Payment.objects.filter(pk=payment.pk).update(pay_date=due)
    staff_log_in(client, "anna")
    page = client.get(f"/handlaggare/arenden/{friday.pk}/").content.decode()
    assert urgent_url(payment) not in page and "Stoppa" in page

    response = client.get(urgent_url(payment))
    page = response.content.decode()
    assert response.status_code == 200
    assert "så snart det går" in page and "<textarea" not in page and 'type="submit"' not in page
    response = client.post(urgent_url(payment), {"skal": "Elen stängs av."})
    assert response.status_code == 400 and "så snart det går" in response.content.decode()
    payment.refresh_from_db()
    assert not payment.urgent and not PaymentRun.objects.exists()


def test_a_payment_due_later_is_offered_and_the_caseworker_asks_for_it(client, org, friday):
    payment = Payment.objects.get(case=friday)
    staff_log_in(client, "anna")
    page = client.get(f"/handlaggare/arenden/{friday.pk}/").content.decode()
    assert urgent_url(payment) in page
    page = client.get(urgent_url(payment)).content.decode()
    assert "Enhetens sektionschef attesterar den" in page
    response = client.post(urgent_url(payment), {"skal": "Elen stängs av."})
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.urgent and payment.urgent_by == org.anna
    run = PaymentRun.objects.get(urgent=True)
    assert run.unit == org.norr
