"""One transfer per household per pay day, the attest by a second person, urgent payments."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from ekb.cases.models import CaseEvent, JournalEntry
from ekb.cases.status import status_for_case
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.models import Decision, DecisionLine, MunicipalityPolicy
from ekb.integrations import pain001
from ekb.payments.actions import do_plan_payments, do_stop_payment
from ekb.payments.models import Payment, PaymentRun
from ekb.payments.runs import do_attest_payment_run, do_make_payment_file, do_prepare_payment_run
from ekb.payments.urgent import do_mark_payment_urgent, urgent_pay_date
from tests import factories as f

NS = {"p": pain001.NAMESPACE}
STOCKHOLM = ZoneInfo("Europe/Stockholm")
DECEMBER = dt.date(2026, 12, 1)
PAY_DATE = dt.date(2026, 11, 25)  # December's support is paid on the pay day of November


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 10, 9, 30, tzinfo=STOCKHOLM), tick=False)


@pytest.fixture
def bank(org):
    return MunicipalityPolicy.objects.create(
        municipality=org.muni, debtor_name="Testby kommun", debtor_iban=f.an_iban(999)
    )


def household(org, account, *amounts):
    """A case whose December decision grants one line per amount, planned for the pay day."""
    person = f.person(first_name="Karin", last_name="Lundqvist")
    person.payout_iban = account
    person.save(update_fields=["payout_iban"])
    case = f.case(org.norr, assigned=org.anna, applicant=person)
    decision = Decision.objects.create(case=case, status=DecisionStatus.DECIDED)
    purposes = [Purpose.LIVELIHOOD, Purpose.RENT, Purpose.ELECTRICITY, Purpose.HOME_INSURANCE]
    for purpose, amount in zip(purposes, amounts, strict=False):
        DecisionLine.objects.create(
            decision=decision,
            purpose=purpose,
            outcome=Outcome.GRANTED,
            amount=Decimal(amount),
            period_start=DECEMBER,
            period_end=dt.date(2026, 12, 31),
            legal_reference="4 kap. 1 § SoL",
        )
    do_plan_payments(decision, acting_user=org.anna)
    return case


def transfers(run: PaymentRun) -> list[ET.Element]:
    root = ET.fromstring(bytes(run.file))  # noqa: S314 - the file under test
    return root.findall("p:CstmrCdtTrfInitn/p:PmtInf/p:CdtTrfTxInf", NS)


def attested_file(org, cases=None) -> PaymentRun:
    run = do_prepare_payment_run(org.muni, PAY_DATE, acting_user=org.david, cases=cases).run
    do_attest_payment_run(run, acting_user=org.cecilia)
    return do_make_payment_file(run, acting_user=org.cecilia).run


def test_a_household_with_four_lines_gets_one_transfer_with_the_sum_and_a_reference(
    org, bank, today
):
    case = household(org, f.an_iban(1), "6450.00", "5200.50", "412.35", "189.00")
    assert Payment.objects.filter(case=case, pay_date=PAY_DATE).count() == 4

    run = attested_file(org)
    [transfer] = transfers(run)
    assert transfer.find("p:Amt/p:InstdAmt", NS).text == "12251.85"
    assert transfer.find("p:Cdtr/p:Nm", NS).text == "Karin Lundqvist"
    assert transfer.find("p:RmtInf/p:Ustrd", NS).text == "Ekonomiskt bistånd december 2026"
    root = ET.fromstring(bytes(run.file))  # noqa: S314
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    assert header.find("p:NbOfTxs", NS).text == "1"
    assert header.find("p:CtrlSum", NS).text == "12251.85"
    # The four lines stay rows of their own, tied to the one transfer.
    lines = Payment.objects.filter(case=case)
    assert lines.count() == 4
    assert set(lines.values_list("transfer_id", flat=True)) == {
        transfer.find("p:PmtId/p:EndToEndId", NS).text
    }


def test_two_households_get_two_transfers(org, bank, today):
    household(org, f.an_iban(1), "6450.00", "5200.50")
    household(org, f.an_iban(2), "3000.00")
    run = attested_file(org)
    amounts = sorted(Decimal(t.find("p:Amt/p:InstdAmt", NS).text) for t in transfers(run))
    assert amounts == [Decimal("3000.00"), Decimal("11650.50")]
    assert pain001.check(bytes(run.file)).control_sum == Decimal("14650.50")
    assert run.payment_count == 2


def test_the_reference_is_swedish_whatever_language_the_manager_reads(org, bank, today):
    from django.utils import translation

    household(org, f.an_iban(1), "100.00")
    with translation.override("en"):
        run = attested_file(org)
    [transfer] = transfers(run)
    assert transfer.find("p:RmtInf/p:Ustrd", NS).text == "Ekonomiskt bistånd december 2026"


def test_only_a_section_manager_attests(org, bank, today):
    household(org, f.an_iban(1), "100.00")
    run = do_prepare_payment_run(org.muni, PAY_DATE, acting_user=None).run
    with pytest.raises(ValidationError) as refused:
        do_attest_payment_run(run, acting_user=org.david)
    assert "sektionschef" in refused.value.messages[0]


def test_the_file_is_refused_before_the_attest(org, bank, today):
    household(org, f.an_iban(1), "100.00")
    run = do_prepare_payment_run(org.muni, PAY_DATE, acting_user=org.david).run
    with pytest.raises(ValidationError) as refused:
        do_make_payment_file(run, acting_user=org.cecilia)
    assert "inte attesterade" in refused.value.messages[0]
    run.refresh_from_db()
    assert not bytes(run.file) and run.file_made_at is None
    assert not Payment.objects.filter(sent_at__isnull=False).exists()


def test_a_payment_stopped_with_a_reason_after_the_attest_stays_out_of_the_file(org, bank, today):
    case = household(org, f.an_iban(1), "6450.00", "5200.50")
    run = do_prepare_payment_run(org.muni, PAY_DATE, acting_user=org.david).run
    do_attest_payment_run(run, acting_user=org.cecilia)
    rent = Payment.objects.get(case=case, amount=Decimal("5200.50"))
    do_stop_payment(rent, "Hyran är redan betald av kyrkan.", acting_user=org.anna)
    run.refresh_from_db()
    assert run.total == Decimal("6450.00")
    run = do_make_payment_file(run, acting_user=org.cecilia).run
    [transfer] = transfers(run)
    assert transfer.find("p:Amt/p:InstdAmt", NS).text == "6450.00"
    assert "kyrkan" in JournalEntry.objects.get(case=case).text
    # Once the file is made, stopping needs the bank's recall first.
    livelihood = Payment.objects.get(case=case, amount=Decimal("6450.00"))
    with pytest.raises(ValidationError):
        do_stop_payment(livelihood, "Fel", acting_user=org.anna)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Friday -> Monday (across a weekend).
        (dt.datetime(2026, 11, 13, 10, tzinfo=STOCKHOLM), dt.date(2026, 11, 16)),
        # Wednesday 23 December -> Monday 28 December (julafton, juldagen, annandag jul, weekend).
        (dt.datetime(2026, 12, 23, 10, tzinfo=STOCKHOLM), dt.date(2026, 12, 28)),
        # Thursday 25 March 2027 -> Tuesday 30 March (Good Friday, Easter, Easter Monday).
        (dt.datetime(2027, 3, 25, 10, tzinfo=STOCKHOLM), dt.date(2027, 3, 30)),
    ],
)
def test_an_urgent_payment_is_planned_on_the_next_bank_day(time_machine, now, expected):
    time_machine.move_to(now, tick=False)
    assert urgent_pay_date(now.date()) == expected


def test_an_urgent_payment_moves_to_the_next_bank_day_in_its_own_small_run(org, bank, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 13, 10, tzinfo=STOCKHOLM), tick=False)  # Friday
    case = household(org, f.an_iban(1), "6450.00", "5200.50")
    rent = Payment.objects.get(case=case, amount=Decimal("5200.50"))
    with pytest.raises(ValidationError) as no_reason:
        do_mark_payment_urgent(rent, " ", acting_user=org.anna)
    assert "reason" in no_reason.value.message_dict

    result = do_mark_payment_urgent(rent, "Vräkning hotar på måndag.", acting_user=org.anna)
    rent.refresh_from_db()
    assert rent.urgent and rent.pay_date == dt.date(2026, 11, 16)
    run = result.run
    assert run.urgent and run.pay_date == dt.date(2026, 11, 16) and run.created_by == org.anna
    assert list(Payment.objects.filter(payment_run=run.message_id)) == [rent]
    assert "Vräkning" in JournalEntry.objects.get(case=case).text
    event = CaseEvent.objects.filter(case=case, kind="payment_planned").latest("pk")
    assert "Vräkning" not in str(event.data)
    # The client reads the new day and the rest on the pay day, not the old day for both.
    texts = [entry.text for entry in status_for_case(case).timeline]
    assert any("16 november" in t and "5\u00a0200,50" in t for t in texts)
    assert any("25 november" in t and "6\u00a0450\u00a0kr" in t for t in texts)

    do_attest_payment_run(run, acting_user=org.cecilia)
    run = do_make_payment_file(run, acting_user=org.cecilia).run
    [transfer] = transfers(run)
    assert transfer.find("p:Amt/p:InstdAmt", NS).text == "5200.50"
    # Twice is refused: it is already on its way.
    with pytest.raises(ValidationError):
        do_mark_payment_urgent(rent, "igen", acting_user=org.anna)
    # The pay day's run leaves the urgent payment out.
    regular = do_prepare_payment_run(org.muni, PAY_DATE, acting_user=None).run
    assert not regular.urgent and regular.total == Decimal("6450.00")


def test_a_households_stopped_lines_are_one_group_and_not_called_a_transfer(org, bank, today):
    from ekb.cases.models import Case
    from ekb.payments.actions import daily_payment_list

    case = household(org, f.an_iban(1), "6170", "9800", "400")
    for payment in Payment.objects.filter(case=case):
        do_stop_payment(payment, "Beslutet är ändrat efter omprövning.", acting_user=org.cecilia)

    listing = daily_payment_list(org.muni, PAY_DATE, cases=Case.objects.all())

    (group,) = listing.transfers
    assert (len(group.rows), group.total, group.stopped) == (3, Decimal("0.00"), True)
