"""The section manager attests a pay day and re-opens a run; a caseworker asks for an urgent
payment and the unit's only section manager attests it: in a real browser."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from ekb.decisions.models import MunicipalityPolicy
from ekb.payments.models import Payment, PaymentRun
from ekb.payments.runs import do_prepare_payment_run
from tests import factories as f
from tests.factories import PASSWORD

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PAY_DATE = dt.date(2025, 5, 23)


@pytest.fixture
def pay_day(org, time_machine):
    time_machine.move_to(dt.datetime(2025, 5, 9, 9, 30, tzinfo=STOCKHOLM), tick=False)  # Friday
    MunicipalityPolicy.objects.create(
        municipality=org.muni, debtor_name="Testby kommun", debtor_iban=f.an_iban(999)
    )
    regular = f.case_paying(org.norr, "6450.00", f.an_iban(1))
    urgent = f.case_paying(org.norr, "5200.00", f.an_iban(2))
    urgent.assigned_caseworker = org.anna
    urgent.save(update_fields=["assigned_caseworker"])
    return regular, urgent


def log_in(page, base, username):
    page.goto(f"{base}/handlaggare/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/handlaggare/"))


def test_the_manager_attests_the_pay_day_and_makes_an_urgent_payment(
    live_server, page, org, pay_day, assert_accessible, screenshot
):
    _regular, urgent = pay_day
    base = live_server.url
    log_in(page, base, "cecilia")

    # The urgent one first: the manager asks for it herself, so another may attest its run;
    # the page says why not and who may (Söder has no section manager: nobody else in this test).
    payment = Payment.objects.get(case=urgent)
    page.goto(f"{base}/handlaggare/utbetalningar/?datum=2025-05-23")
    assert_accessible(page)
    screenshot(page, "payments-01-pay-day-waiting")
    page.get_by_role("link", name=re.compile(f"Betala ut snarast .*{urgent.number}")).click()
    page.get_by_role("button", name="Betala ut snarast").click()
    assert page.get_by_role("alert").is_visible()  # no reason given
    assert_accessible(page)
    screenshot(page, "payments-02-urgent-reason-missing")
    page.get_by_label("Skäl").fill("Elen stängs av på måndag.")
    page.get_by_role("button", name="Betala ut snarast").click()
    page.wait_for_url(re.compile(r"datum=2025-05-12"))
    assert page.get_by_text("Snarast").first.is_visible()
    urgent_run = PaymentRun.objects.get(urgent=True)
    assert page.get_by_text(
        "själv begärt att en utbetalning i körningen betalas ut snarast"
    ).is_visible()
    assert page.get_by_role("button", name=f"Attestera {urgent_run.message_id}").count() == 0
    assert_accessible(page)
    screenshot(page, "payments-03-urgent-she-may-not-attest-her-own")
    payment.refresh_from_db()
    assert payment.urgent and payment.pay_date == dt.date(2025, 5, 12)

    # Nothing is stuck: she re-opens the run with a reason (the summary opens the form).
    page.get_by_text(f"Öppna {urgent_run.message_id} igen").first.click()
    page.get_by_role("button", name=f"Öppna {urgent_run.message_id} igen").click()
    assert page.get_by_role("alert").is_visible()  # no reason given
    assert_accessible(page)
    screenshot(page, "payments-04-reopen-reason-missing")
    page.get_by_label("Skäl").fill("Fel person begärde utbetalningen.")
    page.get_by_role("button", name=f"Öppna {urgent_run.message_id} igen").click()
    page.get_by_text("är öppnade igen").wait_for()
    assert page.get_by_role("button", name="Förbered utbetalningar").is_visible()
    assert_accessible(page)
    screenshot(page, "payments-05-reopened")
    urgent_run.refresh_from_db()
    assert urgent_run.reopened_by == org.cecilia

    # The pay day, prepared by the system in the morning: she attests and makes the file.
    run = do_prepare_payment_run(org.muni, PAY_DATE, acting_user=None).run
    page.goto(f"{base}/handlaggare/utbetalningar/?datum=2025-05-23")
    page.get_by_role("button", name=f"Attestera {run.message_id}").click()
    page.get_by_role("button", name=f"Skapa betalfil {run.message_id}").wait_for()
    assert_accessible(page)
    screenshot(page, "payments-06-attested")
    page.get_by_role("button", name=f"Skapa betalfil {run.message_id}").click()
    page.get_by_text("Skickad till banken").first.wait_for()
    assert page.get_by_role("link", name=run.message_id).is_visible()
    assert_accessible(page)
    screenshot(page, "payments-07-file-made")
    run.refresh_from_db()
    assert run.attested_by == org.cecilia and run.file_made_at is not None and run.unit == org.norr


def test_the_caseworker_asks_for_an_urgent_payment_and_the_units_only_manager_attests_it(
    live_server, page, org, pay_day, assert_accessible, screenshot
):
    _regular, urgent = pay_day
    base = live_server.url
    log_in(page, base, "anna")
    payment = Payment.objects.get(case=urgent)
    page.goto(f"{base}/handlaggare/utbetalningar/{payment.pk}/snarast/")
    page.get_by_label("Skäl").fill("Vräkning hotar.")
    assert_accessible(page)
    screenshot(page, "payments-08-caseworker-asks-urgent")
    page.get_by_role("button", name="Betala ut snarast").click()
    page.wait_for_url(re.compile(f"/arenden/{urgent.pk}/"))
    run = PaymentRun.objects.get(urgent=True)

    page.context.clear_cookies()
    log_in(page, base, "cecilia")
    page.goto(f"{base}/handlaggare/utbetalningar/?datum=2025-05-12")
    page.get_by_role("button", name=f"Attestera {run.message_id}").click()
    page.get_by_role("button", name=f"Skapa betalfil {run.message_id}").click()
    page.get_by_text("Skickad till banken").first.wait_for()
    assert_accessible(page)
    screenshot(page, "payments-09-urgent-attested-and-filed")
    run.refresh_from_db()
    assert run.attested_by == org.cecilia and run.file_made_at is not None
