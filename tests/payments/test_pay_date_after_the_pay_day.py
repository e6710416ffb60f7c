"""When support for a month that has begun is paid: the rent fell due before the month, so support
decided after the month's regular pay day is paid on the first bank day a payment can be made,
not at the next regular pay day up to four weeks later. Support for a coming month whose pay day
is still ahead keeps that pay day.

The clock is moved to fixed days here (and the tests are marked `calendar`, so `./dev test` runs
them again on its own days too: the assertions hold whatever day the suite starts on)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from ekb.applications.choices import ApplicationKind
from ekb.decisions.choices import Outcome, Purpose
from ekb.decisions.decide import LineInput
from ekb.decisions.delegation import load_delegation_order
from ekb.flow import journey
from ekb.integrations.registers import override_register_client
from ekb.payments.models import Payment
from ekb.payments.paydays import is_bank_day
from tests import factories as f
from tests.personas import acknowledging, lines, quiet_register

pytestmark = pytest.mark.calendar

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOVEMBER, DECEMBER, JANUARY = dt.date(2026, 11, 1), dt.date(2026, 12, 1), dt.date(2027, 1, 1)


def on(time_machine, day: dt.date) -> None:
    time_machine.move_to(
        dt.datetime(day.year, day.month, day.day, 14, tzinfo=STOCKHOLM), tick=False
    )


def decide_support(org, first_name: str, month: dt.date) -> Payment:
    """A client applies for `month` and the caseworker grants 6 000 kr livelihood by hand, through
    the case flow (receive, decide, the payment step)."""
    load_delegation_order(org.muni)
    client = f.person(dt.date(1990, 5, 17), first_name=first_name)
    case = f.case(org.norr, assigned=org.anna, applicant=client)
    with override_register_client(quiet_register(client)):
        application = journey.receive_application(
            case, month, ApplicationKind.RENEWAL, lines(), client_person_id=client.pk
        )
        decision = journey.decide_application(
            application,
            [LineInput(Purpose.LIVELIHOOD, Outcome.GRANTED, Decimal("6000"))],
            acting_user=org.anna,
            acknowledgements=acknowledging(application),
        )
    return Payment.objects.get(decision_line__decision=decision)


def test_the_2026_december_days_the_tester_used_are_what_the_tests_assume():
    # 23 December is December's pay date (the 25th is juldagen, the 24th julafton); nyårsafton
    # and nyårsdagen are closed, 2-3 January 2027 are a weekend, so the 4th is the next bank day.
    assert is_bank_day(dt.date(2026, 12, 2)) and is_bank_day(dt.date(2026, 12, 23))
    closed = [dt.date(2026, 12, 24), dt.date(2026, 12, 31), dt.date(2027, 1, 1)]
    assert not any(is_bank_day(day) for day in closed + [dt.date(2027, 1, 2), dt.date(2027, 1, 3)])
    assert is_bank_day(dt.date(2027, 1, 4))


def test_saras_december_support_decided_on_2_december_is_paid_that_day_not_on_23_december(
    org, time_machine
):
    on(time_machine, dt.date(2026, 12, 2))
    payment = decide_support(org, "Sara", DECEMBER)
    assert payment.pay_date == dt.date(2026, 12, 2)


def test_december_support_decided_on_the_december_pay_day_is_paid_that_day(org, time_machine):
    on(time_machine, dt.date(2026, 12, 23))
    payment = decide_support(org, "Sara", DECEMBER)
    assert payment.pay_date == dt.date(2026, 12, 23)


def test_amiras_december_support_decided_on_new_years_eve_is_paid_on_the_first_bank_day_of_2027(
    org, time_machine
):
    on(time_machine, dt.date(2026, 12, 31))
    payment = decide_support(org, "Amira", DECEMBER)
    assert payment.pay_date == dt.date(2027, 1, 4)  # not 25 January


def test_november_support_decided_late_in_december_is_paid_on_the_next_bank_day(org, time_machine):
    on(time_machine, dt.date(2026, 12, 24))  # julafton: no bank day until Monday 28 December
    payment = decide_support(org, "Sara", NOVEMBER)
    assert payment.pay_date == dt.date(2026, 12, 28)


def test_january_support_decided_before_the_december_pay_day_keeps_the_pay_day(org, time_machine):
    on(time_machine, dt.date(2026, 12, 2))
    payment = decide_support(org, "Sara", JANUARY)
    assert payment.pay_date == dt.date(2026, 12, 23)


def test_january_support_decided_after_the_december_pay_day_is_paid_before_january(
    org, time_machine
):
    # The rent for January falls due before January begins; the next regular pay day would be
    # 25 January.
    on(time_machine, dt.date(2026, 12, 28))
    payment = decide_support(org, "Sara", JANUARY)
    assert payment.pay_date == dt.date(2026, 12, 28)


def test_the_caseworker_sees_the_planned_pay_date_on_the_decision_page(org, time_machine, client):
    on(time_machine, dt.date(2026, 12, 31))
    payment = decide_support(org, "Amira", DECEMBER)
    client.force_login(org.anna)
    page = client.get(f"/handlaggare/beslut/{payment.decision_line.decision_id}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Betalas ut" in text and "2027-01-04" in text
