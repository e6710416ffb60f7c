"""Who attests a payment run: not the one who decided a payment in it or asked for it to be paid
urgently; preparing is not a control step; runs are per unit; a run can be re-opened."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from ekb.accounts.roles import Role
from ekb.audit.models import AccessLogEntry
from ekb.cases.models import Case
from ekb.decisions.models import Decision, MunicipalityPolicy
from ekb.payments.actions import daily_payment_list
from ekb.payments.attest import attest_verdict
from ekb.payments.models import Payment, PaymentRun
from ekb.payments.runs import (
    do_attest_payment_run,
    do_make_payment_file,
    do_prepare_payment_run,
    do_reopen_payment_run,
)
from ekb.payments.urgent import do_mark_payment_urgent, may_be_urgent
from tests import factories as f

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PAY_DATE = dt.date(2025, 5, 23)


@pytest.fixture
def day(org, time_machine):
    time_machine.move_to(dt.datetime(2025, 5, 9, 9, 30, tzinfo=STOCKHOLM), tick=False)  # Friday
    MunicipalityPolicy.objects.create(
        municipality=org.muni, debtor_name="Testby kommun", debtor_iban=f.an_iban(999)
    )
    return {
        "norr": f.case_paying(org.norr, "6450.00", f.an_iban(1)),
        "norr_2": f.case_paying(org.norr, "3000.00", f.an_iban(2)),
        "soder": f.case_paying(org.soder, "7000.00", f.an_iban(3)),
    }


def decided_by(case, user) -> None:
    Decision.objects.filter(case=case).update(decided_by=user)


def sofia(org):
    """Söder's own section manager (the org has none there)."""
    return f.staff("sofia", org.muni, (Role.SECTION_MANAGER, org.soder))


def test_the_system_prepares_one_run_per_unit(org, day):
    result = do_prepare_payment_run(org.muni, PAY_DATE, acting_user=None)
    assert result.created and len(result.runs) == 2
    by_unit = {run.unit: run for run in result.runs}
    assert by_unit[org.norr].payment_count == 2 and by_unit[org.norr].total == Decimal("9450.00")
    assert by_unit[org.soder].payment_count == 1 and by_unit[org.soder].total == Decimal("7000.00")
    assert Payment.objects.get(case=day["soder"]).payment_run == by_unit[org.soder].message_id
    with pytest.raises(ValueError, match="runs"):
        _ = result.run


def test_the_manager_who_prepared_the_run_attests_it_preparing_is_no_control_step(org, day):
    norr = Case.objects.filter(unit=org.norr)
    run = do_prepare_payment_run(org.muni, PAY_DATE, acting_user=org.cecilia, cases=norr).run
    assert run.created_by == org.cecilia
    do_attest_payment_run(run, acting_user=org.cecilia)
    run = do_make_payment_file(run, acting_user=org.cecilia).run
    assert run.attested_by == org.cecilia and run.file_made_at is not None


def test_the_manager_who_decided_a_payment_in_the_run_may_not_attest_it_and_is_told_who_may(
    org, day
):
    decided_by(day["norr_2"], org.cecilia)
    run = do_prepare_payment_run(
        org.muni, PAY_DATE, acting_user=None, cases=Case.objects.filter(unit=org.norr)
    ).run
    verdict = attest_verdict(run, org.cecilia)
    assert not verdict.allowed and "själv beslutat" in verdict.reason
    # Norr has no other section manager and Söder has none: nobody may; the run can be re-opened.
    assert verdict.others == () and "Öppna körningen igen" in verdict.reason
    with pytest.raises(ValidationError) as refused:
        do_attest_payment_run(run, acting_user=org.cecilia)
    assert "själv beslutat" in refused.value.messages[0]

    # With a section manager in Söder, she is named, and she may attest this one Norr run.
    manager = sofia(org)
    verdict = attest_verdict(run, org.cecilia)
    assert verdict.others == ("Sofia, sektionschef Söder",)
    assert "Sofia, sektionschef Söder" in verdict.reason
    assert attest_verdict(run, manager).allowed and attest_verdict(run, manager).cross_unit
    do_attest_payment_run(run, acting_user=manager)
    run.refresh_from_db()
    assert run.attested_by == manager
    row = AccessLogEntry.objects.filter(action="attest_payments").latest("pk")
    assert row.detail == {"payment_run": run.message_id, "other_unit": True}


def test_a_manager_of_another_unit_may_not_attest_when_the_units_own_manager_may(org, day):
    manager = sofia(org)
    run = do_prepare_payment_run(
        org.muni, PAY_DATE, acting_user=None, cases=Case.objects.filter(unit=org.norr)
    ).run
    verdict = attest_verdict(run, manager)
    assert not verdict.allowed and "Cecilia, sektionschef Norr" in verdict.reason
    with pytest.raises(ValidationError):
        do_attest_payment_run(run, acting_user=manager)


def test_a_run_of_a_unit_without_a_section_manager_is_attested_by_another_units_manager(org, day):
    run = do_prepare_payment_run(
        org.muni, PAY_DATE, acting_user=None, cases=Case.objects.filter(unit=org.soder)
    ).run
    verdict = attest_verdict(run, org.cecilia)
    assert verdict.allowed and verdict.cross_unit
    do_attest_payment_run(run, acting_user=org.cecilia)
    assert do_make_payment_file(run, acting_user=org.cecilia).run.file_made_at is not None


def test_the_caseworker_asks_for_an_urgent_payment_and_the_units_only_manager_attests_it(org, day):
    payment = Payment.objects.get(case=day["norr"])
    run = do_mark_payment_urgent(payment, "Elen stängs av.", acting_user=org.anna).run
    payment.refresh_from_db()
    assert payment.urgent_by == org.anna and run.unit == org.norr
    assert not attest_verdict(run, org.anna).allowed  # not a section manager
    do_attest_payment_run(run, acting_user=org.cecilia)
    assert do_make_payment_file(run, acting_user=org.cecilia).run.total == Decimal("6450.00")


def test_the_manager_who_asked_for_an_urgent_payment_may_not_attest_its_run(org, day):
    payment = Payment.objects.get(case=day["norr"])
    run = do_mark_payment_urgent(payment, "Vräkning hotar.", acting_user=org.cecilia).run
    verdict = attest_verdict(run, org.cecilia)
    assert not verdict.allowed and "snarast" in verdict.reason
    with pytest.raises(ValidationError):
        do_attest_payment_run(run, acting_user=org.cecilia)
    manager = sofia(org)
    assert attest_verdict(run, manager).allowed


def test_urgent_is_not_possible_for_a_payment_due_on_the_next_bank_day_or_earlier(org, day):
    payment = Payment.objects.get(case=day["norr"])
    today = dt.date(2025, 5, 9)  # Friday: the next bank day is Monday 12 May
    assert may_be_urgent(payment, today)
    for due in (dt.date(2025, 5, 9), dt.date(2025, 5, 12)):
        Payment.objects.filter(pk=payment.pk).update(pay_date=due)
        payment.refresh_from_db()
        assert not may_be_urgent(payment, today)
        [row] = daily_payment_list(org.muni, due, cases=Case.objects.all()).rows
        assert not row.can_hurry
        with pytest.raises(ValidationError):
            do_mark_payment_urgent(payment, "Snabbt", acting_user=org.anna)
    Payment.objects.filter(pk=payment.pk).update(pay_date=dt.date(2025, 5, 13))
    [row] = daily_payment_list(org.muni, dt.date(2025, 5, 13), cases=Case.objects.all()).rows
    assert row.can_hurry


def test_a_run_is_reopened_with_a_reason_and_its_payments_are_prepared_again(org, day):
    decided_by(day["norr"], org.cecilia)
    norr = Case.objects.filter(unit=org.norr)
    run = do_prepare_payment_run(org.muni, PAY_DATE, acting_user=None, cases=norr).run
    with pytest.raises(ValidationError) as no_reason:
        do_reopen_payment_run(run, " ", acting_user=org.cecilia)
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError):
        do_reopen_payment_run(run, "Fel", acting_user=org.anna)  # not a section manager

    do_reopen_payment_run(run, "Fel belopp i en rad.", acting_user=org.cecilia)
    run.refresh_from_db()
    assert run.reopened_by == org.cecilia and run.reopen_reason == "Fel belopp i en rad."
    assert not Payment.objects.filter(payment_run=run.message_id).exists()
    with pytest.raises(ValidationError):
        do_attest_payment_run(run, acting_user=org.cecilia)
    assert AccessLogEntry.objects.filter(action="reopen_payments").count() == 2

    # She stops the payment she decided herself; the rest is prepared again, and she attests it.
    Payment.objects.filter(case=day["norr"]).update(status="stopped")
    again = do_prepare_payment_run(org.muni, PAY_DATE, acting_user=org.cecilia, cases=norr).run
    assert again.message_id != run.message_id and again.total == Decimal("3000.00")
    do_attest_payment_run(again, acting_user=org.cecilia)
    do_make_payment_file(again, acting_user=org.cecilia)
    with pytest.raises(ValidationError) as made:
        do_reopen_payment_run(again, "För sent", acting_user=org.cecilia)
    assert "redan skapad" in made.value.messages[0]


def test_an_attested_run_reopened_gets_no_file(org, day):
    norr = Case.objects.filter(unit=org.norr)
    run = do_prepare_payment_run(org.muni, PAY_DATE, acting_user=None, cases=norr).run
    do_attest_payment_run(run, acting_user=org.cecilia)
    do_reopen_payment_run(run, "Ett beslut ska omprövas.", acting_user=org.cecilia)
    with pytest.raises(ValidationError):
        do_make_payment_file(run, acting_user=org.cecilia)
    assert not Payment.objects.filter(sent_at__isnull=False).exists()


def test_the_command_prepares_one_run_per_unit_and_files_the_attested_ones(org, day, tmp_path):
    printed = StringIO()
    call_command("payments", "prepare", "--date", "2025-05-23", stdout=printed, stderr=StringIO())
    text = printed.getvalue()
    assert text.count("Förberett") == 2 and "(Norr)" in text and "(Söder)" in text
    norr, soder = PaymentRun.objects.get(unit=org.norr), PaymentRun.objects.get(unit=org.soder)
    do_attest_payment_run(norr, acting_user=org.cecilia)

    printed = StringIO()
    with pytest.raises(CommandError) as waiting:
        call_command(
            "payments",
            "run",
            "--date",
            "2025-05-23",
            "--out",
            str(tmp_path / "f.xml"),
            stdout=printed,
        )
    assert soder.message_id in str(waiting.value) and "Söder" in str(waiting.value)
    assert norr.message_id not in str(waiting.value)
    assert (tmp_path / "f.xml").read_bytes() == bytes(PaymentRun.objects.get(pk=norr.pk).file)

    do_attest_payment_run(soder, acting_user=org.cecilia)  # Söder has no section manager
    printed = StringIO()
    call_command(
        "payments", "run", "--date", "2025-05-23", "--out", str(tmp_path / "f.xml"), stdout=printed
    )
    assert (tmp_path / f"{soder.message_id}.xml").exists()
    assert "Ny betalfil" in printed.getvalue()
