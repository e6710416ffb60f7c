"""Payments: planning from a decision, the payment run and its pain.001 file, paid and stopped."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import xml.etree.ElementTree as ET
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, connections

from ekb.audit.models import AccessLogEntry
from ekb.cases.models import CaseEvent, JournalEntry
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.models import Decision, DecisionLine, MunicipalityPolicy
from ekb.integrations import pain001
from ekb.payments.actions import (
    daily_payment_list,
    do_mark_paid,
    do_plan_payments,
    do_stop_payment,
)
from ekb.payments.choices import PaymentStatus
from ekb.payments.models import Payment, PaymentRun
from ekb.payments.runs import do_attest_payment_run, do_make_payment_file, do_prepare_payment_run
from tests import factories as f
from tests.factories import an_iban

NS = {"p": pain001.NAMESPACE}
STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = dt.date(2025, 5, 10)  # a Saturday; the next pay date (pay day 25) is Friday 23 May
PAY_DATE = dt.date(2025, 5, 23)
JUNE = dt.date(2025, 6, 1)


def applicant(iban_text: str | None = None, **names):
    person = f.person(**names)
    person.payout_iban = iban_text
    person.save(update_fields=["payout_iban"])
    return person


def decided(case, *lines, month=JUNE, status=DecisionStatus.DECIDED) -> Decision:
    """A decision on the case with (purpose, outcome, amount) lines for the month."""
    decision = Decision.objects.create(case=case, status=status)
    last = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    for purpose, outcome, amount in lines:
        DecisionLine.objects.create(
            decision=decision,
            purpose=purpose,
            outcome=outcome,
            amount=Decimal(amount),
            period_start=month,
            period_end=last,
            legal_reference="4 kap. 1 § SoL",
        )
    return decision


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2025, 5, 10, 9, 30, tzinfo=STOCKHOLM), tick=False)
    return TODAY


@pytest.fixture
def bank(org):
    return MunicipalityPolicy.objects.create(
        municipality=org.muni,
        debtor_name="Testby kommun",
        debtor_iban=an_iban(999),
        debtor_bic="ESSESESS",
        debtor_org_number="212000-0000",
    )


@pytest.fixture
def planned(org, bank, today):
    """Three cases with a granted June: two payees with accounts, one without."""
    first = f.case(org.norr, assigned=org.anna, applicant=applicant(an_iban(1)))
    second = f.case(org.norr, assigned=org.ida, applicant=applicant(an_iban(2)))
    no_account = f.case(org.norr, assigned=org.anna, applicant=applicant(None))
    for case in (first, second, no_account):
        do_plan_payments(
            decided(
                case,
                (Purpose.LIVELIHOOD, Outcome.GRANTED, "6450.00"),
                (Purpose.RENT, Outcome.PARTLY_GRANTED, "5200.50"),
            ),
            acting_user=org.anna,
        )
    return first, second, no_account


def run_and_file(org, day, cases=None):
    """The day's run end to end: prepared by the system, attested and filed by Cecilia."""
    result = do_prepare_payment_run(org.muni, day, acting_user=None, cases=cases)
    if result.run is None:
        return result
    do_attest_payment_run(result.run, acting_user=org.cecilia)
    return dataclasses.replace(
        result, runs=(do_make_payment_file(result.run, acting_user=org.cecilia).run,)
    )


def parse(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 - the file under test


# -- planning ----------------------------------------------------------------------------------


def test_a_decision_plans_one_payment_per_granted_line_with_an_amount(org, today):
    case = f.case(org.norr, assigned=org.anna)
    decision = decided(
        case,
        (Purpose.LIVELIHOOD, Outcome.GRANTED, "6450.00"),
        (Purpose.RENT, Outcome.PARTLY_GRANTED, "5200.50"),
        (Purpose.DENTAL, Outcome.REFUSED, "0"),
        (Purpose.GLASSES, Outcome.GRANTED, "0"),
        (Purpose.OTHER, Outcome.DISMISSED, "300"),
    )
    payments = do_plan_payments(decision, acting_user=org.anna)

    assert sorted(p.amount for p in payments) == [Decimal("5200.50"), Decimal("6450.00")]
    # June's support is paid on the pay day of May; no policy, so the 25th: a Sunday -> the 23rd.
    assert {(p.pay_date, p.status, p.payment_run) for p in payments} == {(PAY_DATE, "planned", "")}
    events = CaseEvent.objects.filter(case=case, kind="payment_planned")
    assert sorted(e.data["payment_id"] for e in events) == sorted(p.pk for p in payments)
    assert {e.data["pay_date"] for e in events} == {"2025-05-23"}
    assert AccessLogEntry.objects.filter(action="change_case", case_id=case.pk).count() == 1


def test_planning_the_same_decision_again_plans_nothing_more(org, today):
    decision = decided(f.case(org.norr), (Purpose.LIVELIHOOD, Outcome.GRANTED, "6450.00"))
    do_plan_payments(decision, acting_user=org.anna)
    assert do_plan_payments(decision, acting_user=org.anna) == []
    assert Payment.objects.count() == 1


def test_the_municipalitys_own_pay_day_is_used(org, today):
    MunicipalityPolicy.objects.create(municipality=org.muni, pay_day=27)
    decision = decided(f.case(org.norr), (Purpose.LIVELIHOOD, Outcome.GRANTED, "100"))
    [payment] = do_plan_payments(decision, acting_user=org.anna)
    assert payment.pay_date == dt.date(2025, 5, 27)


def test_a_late_decision_is_paid_on_the_next_bank_day_not_at_the_next_pay_day(org, today):
    decision = decided(
        f.case(org.norr), (Purpose.LIVELIHOOD, Outcome.GRANTED, "100"), month=dt.date(2025, 5, 1)
    )
    [payment] = do_plan_payments(decision, acting_user=org.anna)
    # April's pay date for May has passed and May's rent is already due: Saturday 10 May ->
    # Monday 12 May, not the next pay date (23 May).
    assert payment.pay_date == dt.date(2025, 5, 12)


def test_a_pay_date_in_the_past_is_refused_with_a_swedish_message_naming_the_field(org, today):
    decision = decided(f.case(org.norr), (Purpose.LIVELIHOOD, Outcome.GRANTED, "100"))
    with pytest.raises(ValidationError) as refused:
        do_plan_payments(decision, acting_user=org.anna, pay_date=dt.date(2025, 5, 9))
    assert "pay_date" in refused.value.message_dict
    assert "har redan passerat" in refused.value.message_dict["pay_date"][0]
    assert not Payment.objects.exists() and not CaseEvent.objects.exists()


def test_a_pay_date_on_a_holiday_is_refused(org, today):
    decision = decided(f.case(org.norr), (Purpose.LIVELIHOOD, Outcome.GRANTED, "100"))
    with pytest.raises(ValidationError) as refused:
        do_plan_payments(decision, acting_user=org.anna, pay_date=dt.date(2025, 5, 29))
    assert "inte en bankdag" in refused.value.message_dict["pay_date"][0]


def test_an_explicit_pay_date_on_a_bank_day_is_used(org, today):
    decision = decided(f.case(org.norr), (Purpose.LIVELIHOOD, Outcome.GRANTED, "100"))
    [payment] = do_plan_payments(decision, acting_user=org.anna, pay_date=dt.date(2025, 5, 12))
    assert payment.pay_date == dt.date(2025, 5, 12)


def test_a_decision_not_yet_made_plans_no_payments(org, today):
    decision = decided(
        f.case(org.norr),
        (Purpose.LIVELIHOOD, Outcome.GRANTED, "100"),
        status=DecisionStatus.AWAITING_APPROVAL,
    )
    with pytest.raises(ValidationError) as refused:
        do_plan_payments(decision, acting_user=org.anna)
    assert "decision" in refused.value.message_dict
    assert not Payment.objects.exists()


def test_end_to_end_ids_are_short_unique_and_free_of_personal_data(org, planned):
    ids = list(Payment.objects.values_list("end_to_end_id", flat=True))
    assert len(set(ids)) == len(ids) == 6
    people = [c.household.members.get().person for c in planned]
    for value in ids:
        assert len(value) <= 35 and value.startswith("EKB-9998-")
        for person in people:
            assert person.identity_number not in value and person.last_name not in value


# -- the run and its file ----------------------------------------------------------------------


def test_a_run_writes_one_transfer_per_household_into_one_file_with_the_right_sums(org, planned):
    result = run_and_file(org, PAY_DATE)
    run = result.run
    # Two households with two lines each: four payments, two transfers.
    assert result.created and len(result.payment_ids) == 4
    assert run.payment_count == 2 and run.total == Decimal("23301.00")

    root = parse(bytes(run.file))
    assert root.tag == f"{{{pain001.NAMESPACE}}}Document"
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    block = root.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    lines = block.findall("p:CdtTrfTxInf", NS)
    amounts = [Decimal(x.find("p:Amt/p:InstdAmt", NS).text) for x in lines]
    assert header.find("p:MsgId", NS).text == run.message_id
    assert header.find("p:NbOfTxs", NS).text == block.find("p:NbOfTxs", NS).text == "2"
    assert header.find("p:CtrlSum", NS).text == block.find("p:CtrlSum", NS).text == "23301.00"
    assert amounts == [Decimal("11650.50"), Decimal("11650.50")]
    assert {x.find("p:Amt/p:InstdAmt", NS).get("Ccy") for x in lines} == {"SEK"}
    assert block.find("p:ReqdExctnDt/p:Dt", NS).text == "2025-05-23"
    assert block.find("p:DbtrAcct/p:Id/p:IBAN", NS).text == an_iban(999)
    assert block.find("p:DbtrAgt/p:FinInstnId/p:BICFI", NS).text == "ESSESESS"
    creditor_accounts = {x.find("p:CdtrAcct/p:Id/p:IBAN", NS).text for x in lines}
    assert creditor_accounts == {an_iban(1), an_iban(2)}
    assert {x.find("p:RmtInf/p:Ustrd", NS).text for x in lines} == {"Ekonomiskt bistånd juni 2025"}

    in_file = Payment.objects.filter(payment_run=run.message_id)
    assert set(in_file.values_list("transfer_id", flat=True)) == {
        x.find("p:PmtId/p:EndToEndId", NS).text for x in lines
    }
    assert all(p.sent_at is not None for p in in_file)
    assert pain001.check(bytes(run.file)).control_sum == Decimal("23301.00")


def test_a_payment_without_an_account_is_left_out_and_reported(org, planned):
    first, second, no_account = planned
    result = run_and_file(org, PAY_DATE)
    left_out = set(Payment.objects.filter(case=no_account).values_list("pk", flat=True))
    assert set(result.missing_account) == left_out and len(left_out) == 2
    assert set(Payment.objects.filter(pk__in=left_out).values_list("status", "payment_run")) == {
        ("planned", "")
    }
    assert not set(result.payment_ids) & left_out

    # Once the account is there, the next run takes them, and only them.
    person = no_account.household.members.get().person
    person.payout_iban = an_iban(3)
    person.save(update_fields=["payout_iban"])
    later = run_and_file(org, PAY_DATE)
    assert later.created and set(later.payment_ids) == left_out and later.missing_account == ()
    assert later.run.message_id != result.run.message_id


def test_an_invalid_or_foreign_account_counts_as_missing(org, bank, today):
    bad = f.case(org.norr, applicant=applicant("SE0050000000000000000001"))
    foreign = f.case(org.norr, applicant=applicant("DE89370400440532013000"))
    for case in (bad, foreign):
        do_plan_payments(
            decided(case, (Purpose.LIVELIHOOD, Outcome.GRANTED, "100")), acting_user=org.anna
        )
    result = run_and_file(org, PAY_DATE)
    assert result.run is None and len(result.missing_account) == 2


def test_a_retried_run_writes_no_payment_twice_and_returns_the_same_run(org, planned):
    first = run_and_file(org, PAY_DATE)
    again = run_and_file(org, PAY_DATE)
    assert not again.created and again.payment_ids == ()
    assert again.run.pk == first.run.pk and bytes(again.run.file) == bytes(first.run.file)
    assert PaymentRun.objects.count() == 1


def test_a_payment_added_between_two_runs_goes_only_into_the_second_file(org, planned):
    first = run_and_file(org, PAY_DATE)
    newcomer = f.case(org.norr, applicant=applicant(an_iban(4)))
    [added] = do_plan_payments(
        decided(newcomer, (Purpose.ELECTRICITY, Outcome.GRANTED, "412.35")), acting_user=org.anna
    )
    second = run_and_file(org, PAY_DATE)
    assert second.created and second.payment_ids == (added.pk,)
    assert second.run.message_id.endswith("-002") and first.run.message_id.endswith("-001")

    ids_in_files = [
        end_to_end
        for run in PaymentRun.objects.all()
        for end_to_end in pain001.check(bytes(run.file)).end_to_end_ids
    ]
    assert len(ids_in_files) == len(set(ids_in_files)) == 3  # two households, then one
    assert pain001.check(bytes(second.run.file)).control_sum == Decimal("412.35")


def test_a_run_for_a_day_with_nothing_planned_makes_no_file(org, bank, today):
    result = run_and_file(org, PAY_DATE)
    assert result.run is None and not result.created
    assert not PaymentRun.objects.exists()


def test_a_run_without_the_municipalitys_bank_account_is_refused_and_writes_nothing(org, planned):
    MunicipalityPolicy.objects.filter(municipality=org.muni).update(debtor_iban="")
    with pytest.raises(ValidationError) as refused:
        run_and_file(org, PAY_DATE)
    assert "debtor_iban" in refused.value.message_dict
    assert not PaymentRun.objects.exists()
    assert not Payment.objects.exclude(payment_run="").exists()


def test_a_new_run_for_a_past_pay_date_is_refused(org, planned, time_machine):
    time_machine.move_to(dt.datetime(2025, 5, 26, 9, tzinfo=STOCKHOLM), tick=False)
    with pytest.raises(ValidationError) as refused:
        run_and_file(org, PAY_DATE)
    assert "pay_date" in refused.value.message_dict


def test_a_run_limited_to_some_cases_leaves_the_others_for_later(org, planned):
    first, second, _ = planned
    from ekb.cases.models import Case

    result = run_and_file(org, PAY_DATE, cases=Case.objects.filter(pk=first.pk))
    assert set(
        Payment.objects.filter(payment_run=result.run.message_id).values_list("case_id", flat=True)
    ) == {first.pk}
    assert Payment.objects.filter(case=second, payment_run="").count() == 2


def test_the_file_check_catches_a_wrong_control_sum(org, planned):
    run = run_and_file(org, PAY_DATE).run
    tampered = bytes(run.file).replace(
        b"<CtrlSum>23301.00</CtrlSum>", b"<CtrlSum>23300.00</CtrlSum>", 1
    )
    with pytest.raises(pain001.Pain001Error):
        pain001.check(tampered)
    with pytest.raises(ET.ParseError):
        pain001.check(bytes(run.file)[:-20])


def test_the_run_is_logged_per_case_without_personal_data(org, planned):
    first, second, no_account = planned
    run = run_and_file(org, PAY_DATE).run
    rows = AccessLogEntry.objects.filter(action="run_payments", actor_username="cecilia")
    assert {r.case_id for r in rows} == {first.pk, second.pk}
    assert {tuple(r.detail) for r in rows} == {("payment_run",)}
    assert {r.detail["payment_run"] for r in rows} == {run.message_id}


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_write_each_payment_once(org, time_machine):
    if not connection.features.has_select_for_update:
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers on its own")
    time_machine.move_to(dt.datetime(2025, 5, 10, 9, 30, tzinfo=STOCKHOLM), tick=False)
    MunicipalityPolicy.objects.create(
        municipality=org.muni, debtor_name="Testby kommun", debtor_iban=an_iban(999)
    )
    for n in range(20):
        case = f.case(org.norr, applicant=applicant(an_iban(100 + n)))
        do_plan_payments(
            decided(case, (Purpose.LIVELIHOOD, Outcome.GRANTED, f"{1000 + n}.25")),
            acting_user=org.anna,
        )
    barrier = threading.Barrier(3)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(run_and_file(org, PAY_DATE))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(r.created for r in results) == [False, False, True]
    assert PaymentRun.objects.count() == 1
    assert {r.run.pk for r in results} == {PaymentRun.objects.get().pk}
    run = PaymentRun.objects.get()
    assert pain001.check(bytes(run.file)).number_of_transactions == 20
    assert Payment.objects.filter(payment_run=run.message_id).count() == 20


# -- after the run -----------------------------------------------------------------------------


def test_marking_a_run_paid_marks_its_payments_and_tells_the_client(org, planned, time_machine):
    run = run_and_file(org, PAY_DATE).run
    with pytest.raises(ValidationError) as early:
        do_mark_paid(run, acting_user=org.cecilia)
    assert "pay_date" in early.value.message_dict

    time_machine.move_to(dt.datetime(2025, 5, 23, 8, tzinfo=STOCKHOLM), tick=False)
    assert do_mark_paid(run, acting_user=org.cecilia) == 4  # the lines, not the transfers
    paid = Payment.objects.filter(payment_run=run.message_id)
    assert set(paid.values_list("status", flat=True)) == {"paid"}
    assert all(p.paid_at is not None for p in paid)
    assert CaseEvent.objects.filter(kind="payment_paid").count() == 4
    assert do_mark_paid(run, acting_user=org.cecilia) == 0
    # The payments left out for a missing account are not paid.
    assert Payment.objects.filter(status="planned").count() == 2


def test_a_stopped_payment_is_documented_and_stays_out_of_the_file(org, planned):
    first = planned[0]
    payment = Payment.objects.filter(case=first).order_by("pk").first()
    with pytest.raises(ValidationError) as no_reason:
        do_stop_payment(payment, "  ", acting_user=org.anna)
    assert "reason" in no_reason.value.message_dict

    do_stop_payment(payment, "Klienten har fått lön för maj.", acting_user=org.anna)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.STOPPED
    event = CaseEvent.objects.get(case=first, kind="payment_stopped")
    assert event.data == {"payment_id": payment.pk, "amount": "6450.00", "pay_date": "2025-05-23"}
    entry = JournalEntry.objects.get(case=first)
    assert "fått lön" in entry.text and entry.author == org.anna and entry.signed_at

    run = run_and_file(org, PAY_DATE).run
    assert payment.end_to_end_id not in pain001.check(bytes(run.file)).end_to_end_ids
    with pytest.raises(ValidationError):
        do_stop_payment(payment, "igen", acting_user=org.anna)


def test_a_payment_already_in_a_file_is_stopped_only_after_the_bank_has_recalled_it(org, planned):
    run = run_and_file(org, PAY_DATE).run
    payment = Payment.objects.filter(payment_run=run.message_id).first()
    with pytest.raises(ValidationError) as refused:
        do_stop_payment(payment, "Fel belopp", acting_user=org.anna)
    assert run.message_id in refused.value.message_dict["payment_run"][0]
    do_stop_payment(payment, "Fel belopp", acting_user=org.anna, recalled_at_bank=True)
    payment.refresh_from_db()
    assert payment.status == "stopped"


def test_a_stopped_payment_can_be_planned_again_with_a_new_end_to_end_id(org, bank, today):
    decision = decided(f.case(org.norr), (Purpose.LIVELIHOOD, Outcome.GRANTED, "100"))
    [old] = do_plan_payments(decision, acting_user=org.anna)
    do_stop_payment(old, "Fel datum", acting_user=org.anna)
    [new] = do_plan_payments(decision, acting_user=org.anna, pay_date=dt.date(2025, 5, 14))
    assert new.end_to_end_id != old.end_to_end_id and new.pay_date == dt.date(2025, 5, 14)


# -- the daily list ----------------------------------------------------------------------------


def test_the_daily_list_shows_only_the_given_cases_with_totals(org, planned, bank):
    first, second, no_account = planned
    soder = f.case(org.soder, applicant=applicant(an_iban(7)))
    do_plan_payments(decided(soder, (Purpose.RENT, Outcome.GRANTED, "999")), acting_user=org.bertil)
    from ekb.cases.access import visible_cases

    listing = daily_payment_list(org.muni, PAY_DATE, cases=visible_cases(org.cecilia))
    assert set(listing.case_ids) == {first.pk, second.pk, no_account.pk}
    assert listing.total == Decimal("34951.50")
    assert len(listing.missing_account) == 2


# -- the command -------------------------------------------------------------------------------


def test_the_command_prepares_and_writes_the_file_only_after_the_attest(org, planned, tmp_path):
    out = tmp_path / "betalfil.xml"
    printed = StringIO()
    call_command("payments", "prepare", "--date", "2025-05-23", stdout=printed, stderr=StringIO())
    run = PaymentRun.objects.get()
    assert "Väntar på attest" in printed.getvalue() and not bytes(run.file)
    with pytest.raises(CommandError, match="inte attesterad"):
        call_command("payments", "run", "--date", "2025-05-23", "--out", str(out), stdout=printed)
    assert not out.exists()
    do_attest_payment_run(run, acting_user=org.cecilia)
    call_command(
        "payments",
        "run",
        "--date",
        "2025-05-23",
        "--municipality",
        "9998",
        "--out",
        str(out),
        stdout=printed,
        stderr=StringIO(),
    )
    first_bytes = out.read_bytes()
    out.unlink()
    call_command(
        "payments",
        "run",
        "--date",
        "2025-05-23",
        "--out",
        str(out),
        stdout=printed,
        stderr=StringIO(),
    )
    assert out.read_bytes() == first_bytes
    assert PaymentRun.objects.count() == 1
    assert Payment.objects.exclude(payment_run="").count() == 4
    text = printed.getvalue()
    assert "4 utbetalningar i 2 överföringar" in text and "23 301,00 kr" in text
    for case in planned:
        person = case.household.members.get().person
        assert person.last_name not in text and person.identity_number not in text
    assert an_iban(1) not in text


def test_the_command_reports_payments_without_an_account(org, planned, tmp_path):
    errors = StringIO()
    call_command(
        "payments",
        "prepare",
        "--date",
        "2025-05-23",
        stdout=StringIO(),
        stderr=errors,
    )
    assert "2 utbetalningar saknar konto" in errors.getvalue()


def test_the_command_refuses_a_badly_written_date(org, bank):
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("payments", "run", "--date", "23/5")


def test_the_file_stays_well_formed_with_any_name_and_keeps_swedish_letters():
    data = pain001.build(
        message_id="EKB-9998-20250523-001",
        created_at=dt.datetime(2025, 5, 20, 10, tzinfo=STOCKHOLM),
        execution_date=PAY_DATE,
        debtor=pain001.Debtor(name="Testby kommun", iban=an_iban(999)),
        transfers=[
            pain001.CreditTransfer("EKB-9998-1-1", Decimal("10.05"), 'Åsa & "Ö" <x>', an_iban(1)),
            pain001.CreditTransfer("EKB-9998-2-1", Decimal("0.95"), "Bo", an_iban(2)),
        ],
    )
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    names = [n.text for n in parse(data).iter(f"{{{pain001.NAMESPACE}}}Nm")]
    assert 'Åsa & "Ö" <x>' in names
    assert pain001.check(data).control_sum == Decimal("11.00")


@pytest.mark.parametrize(
    ("amount", "end_to_end"),
    [(Decimal("0"), "A"), (Decimal("1.005"), "A"), (Decimal("1"), ""), (Decimal("1"), "X" * 36)],
)
def test_the_file_refuses_amounts_and_ids_a_bank_would_reject(amount, end_to_end):
    with pytest.raises(pain001.Pain001Error):
        pain001.build(
            message_id="M",
            created_at=dt.datetime(2025, 5, 20, 10, tzinfo=STOCKHOLM),
            execution_date=PAY_DATE,
            debtor=pain001.Debtor(name="Testby kommun", iban=an_iban(999)),
            transfers=[pain001.CreditTransfer(end_to_end, amount, "Bo", an_iban(1))],
        )
