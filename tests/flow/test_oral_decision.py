"""The oral decision in a meeting with the client: the prepared calculation's amounts confirmed
(changed where the client says so, unforeseen costs added), then decided by the decide path of
every decision, with its letter and payments, kept with the meeting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ekb.applications.choices import SubmittedVia
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus, Purpose
from ekb.decisions.decide import departs
from ekb.decisions.models import MunicipalityPolicy
from ekb.decisions.proposal import propose_lines
from ekb.flow.meetings import (
    AddedCost,
    AddedIncome,
    confirm_amounts,
    meeting_money,
    oral_decision_lines,
    prepare_for_meeting,
    prepare_for_meetings_on,
    record_oral_decision,
)
from ekb.meetings.choices import MeetingKind, MeetingStatus
from ekb.meetings.models import Meeting
from ekb.payments.models import Payment
from tests.personas import DECEMBER, acknowledging

MEDICINE = AddedCost("medicine", Decimal("350"), "Kvitto från apoteket, penicillin.")


@pytest.fixture
def meeting(karin, org):
    return Meeting.objects.create(
        case=karin.case,
        caseworker=org.anna,
        starts_at=dt.datetime(2026, 11, 20, 13, 0, tzinfo=dt.UTC),
        kind=MeetingKind.VISIT,
        created_by=org.anna,
    )


def _everything_confirmed(money, **changed):
    amounts = {row.key: changed.get(row.type, row.amount) for row in money.rows if row.editable}
    return amounts, set(amounts)


def _decide(meeting, application, user, because="", **options):
    """The proposal decided orally; ``because``: the caseworker's reasons where a line departs
    from the application (förvaltningslagen 32 §)."""
    proposal = propose_lines(application, latest_calculation(application))
    for line in proposal:
        if because and departs(line):
            line.reasons = because
    options.setdefault("acknowledgements", acknowledging(application))
    return record_oral_decision(meeting, application, proposal, acting_user=user, **options)


def test_without_an_application_the_meeting_registers_one_and_the_oral_decision_has_its_letter(
    karin, org, meeting
):
    prepare_for_meeting(meeting, acting_user=org.anna)
    money = meeting_money(meeting)
    assert money.standard and money.month == DECEMBER and money.application is None
    amounts, confirmed = _everything_confirmed(money)
    application = confirm_amounts(
        meeting, amounts=amounts, confirmed=confirmed, added=[MEDICINE], acting_user=org.anna
    )
    assert application.month == DECEMBER and application.channel == SubmittedVia.MEETING
    assert {(line.type, line.amount) for line in application.lines.all()} >= {
        ("rent", Decimal("7200.00")),
        ("medicine", Decimal("350.00")),
    }
    snapshot = latest_calculation(application)
    assert snapshot.reasonable_costs == money.snapshot.reasonable_costs + Decimal("350")

    decision = _decide(meeting, application, org.anna)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DECIDED
    assert decision.made_orally and decision.meeting == meeting
    assert decision.letter.pdf
    assert Payment.objects.filter(decision_line__decision=decision).exists()
    assert Purpose.MEDICAL in {line.purpose for line in decision.lines.all()}
    sentences = oral_decision_lines(meeting)
    assert any(
        s.startswith("Muntligt beslut: Försörjningsstöd för december 2026 beviljas")
        for s in sentences
    )
    assert any("350" in s for s in sentences)


def test_the_clients_own_application_is_the_one_decided_with_the_rent_she_told(
    renewal, org, meeting
):
    money = meeting_money(meeting)
    assert money.application == renewal.application and not money.confirmed
    amounts, confirmed = _everything_confirmed(money, rent=Decimal("7500"))
    application = confirm_amounts(
        meeting,
        amounts=amounts,
        confirmed=confirmed,
        added=[],
        note="Hyran har höjts från december, klienten visade avin.",
        acting_user=org.anna,
    )
    assert application == renewal.application
    rent = application.lines.get(type="rent", overridden=False)
    assert rent.amount == Decimal("7500") and "visade avin" in rent.override_reason
    assert meeting_money(meeting).confirmed
    decision = _decide(
        meeting,
        application,
        org.anna,
        because="Hyran är 7 500 kr från december enligt hyresavin klienten visade vid mötet.",
        children_consideration="Elias bor kvar i samma bostad; hela hyran beviljas.",
    )
    assert decision.status == DecisionStatus.DECIDED and decision.meeting == meeting
    rent = decision.lines.get(purpose=Purpose.RENT)
    assert rent.amount == Decimal("7500")


def test_an_amount_not_gone_through_is_refused_and_nothing_is_stored(renewal, org, meeting):
    money = meeting_money(meeting)
    amounts, confirmed = _everything_confirmed(money, rent=Decimal("7500"))
    rent_key = next(row.key for row in money.rows if row.type == "rent")
    with pytest.raises(ValidationError) as refused:
        confirm_amounts(
            meeting,
            amounts=amounts,
            confirmed=confirmed - {rent_key},
            added=[AddedCost("medicine", None, "")],
            acting_user=org.anna,
        )
    problems = refused.value.message_dict
    assert set(problems) == {f"confirm-{rent_key}", "added-0-amount", "added-0-note", "note"}
    assert renewal.application.lines.filter(overridden=True).count() == 0


def test_an_oral_decision_before_the_amounts_are_confirmed_is_refused(renewal, org, meeting):
    with pytest.raises(ValidationError) as refused:
        _decide(meeting, renewal.application, org.anna)
    assert refused.value.messages == [
        "Gå igenom beloppen med klienten och bekräfta dem innan du beslutar."
    ]
    assert not renewal.application.decisions.exists()


def test_an_oral_decision_in_a_missed_meeting_is_refused(renewal, org, meeting):
    meeting.status = MeetingStatus.MISSED
    meeting.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="Mötet blev inte av"):
        _decide(meeting, renewal.application, org.anna)


def test_an_oral_decision_without_reasons_where_it_departs_is_refused(renewal, org, meeting):
    money = meeting_money(meeting)
    amounts, confirmed = _everything_confirmed(money)
    confirm_amounts(meeting, amounts=amounts, confirmed=confirmed, added=[], acting_user=org.anna)
    application = renewal.application
    proposal = propose_lines(application, latest_calculation(application))
    proposal[0].amount -= 100
    proposal[0].reasons = ""
    with pytest.raises(ValidationError) as refused:
        record_oral_decision(
            meeting,
            application,
            proposal,
            acting_user=org.anna,
            acknowledgements=acknowledging(application),
            children_consideration="",
        )
    assert "lines-0-reasons" in refused.value.message_dict
    assert not application.decisions.exists()


def test_under_four_eyes_the_oral_decision_waits_for_the_decider_and_the_journal_says_so(
    renewal, org, meeting
):
    MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)
    money = meeting_money(meeting)
    amounts, confirmed = _everything_confirmed(money)
    confirm_amounts(meeting, amounts=amounts, confirmed=confirmed, added=[], acting_user=org.anna)
    decision = _decide(meeting, renewal.application, org.anna)
    assert decision.status == DecisionStatus.AWAITING_APPROVAL and decision.made_orally
    assert oral_decision_lines(meeting)[-1] == (
        "Beslutet är ett förslag som väntar på beslutsfattarens godkännande."
    )


def test_the_daily_job_prepares_the_calculation_for_the_days_meetings(karin, meeting):
    assert prepare_for_meetings_on(dt.date(2026, 11, 20)) == 1
    assert meeting_money(meeting).snapshot is not None
    assert prepare_for_meetings_on(dt.date(2026, 11, 20)) == 0  # made once


AUTOMATION = "Socialnämndens beslut 2026-05-12 § 44 om automatiserade beslut"


def _automated_renewals(org):
    MunicipalityPolicy.objects.update_or_create(
        municipality=org.muni,
        defaults={
            "automated_renewals": True,
            "automated_max_amount": Decimal("20000"),
            "automated_max_change_percent": 50,
            "automation_decision": AUTOMATION,
        },
    )


def test_with_automated_renewals_on_karins_amounts_confirmed_at_the_meeting_wait_for_annas_oral_decision(
    karin, org, meeting
):
    _automated_renewals(org)
    prepare_for_meeting(meeting, acting_user=org.anna)
    amounts, confirmed = _everything_confirmed(meeting_money(meeting))
    application = confirm_amounts(
        meeting, amounts=amounts, confirmed=confirmed, added=[MEDICINE], acting_user=org.anna
    )
    assert latest_calculation(application) is not None  # the robot's first calculation ran
    assert not application.decisions.exists()  # but it decided nothing
    decision = _decide(meeting, application, org.anna)
    assert decision.status == DecisionStatus.DECIDED and not decision.automated
    assert decision.made_orally and Purpose.MEDICAL in {
        line.purpose for line in decision.lines.all()
    }


def test_no_oral_decision_today_in_karins_meeting_booked_for_next_week(renewal, org, meeting):
    meeting.starts_at = dt.datetime(2026, 11, 27, 13, 0, tzinfo=dt.UTC)
    meeting.save(update_fields=["starts_at"])
    amounts, confirmed = _everything_confirmed(meeting_money(meeting))
    confirm_amounts(meeting, amounts=amounts, confirmed=confirmed, added=[], acting_user=org.anna)
    with pytest.raises(ValidationError, match="Mötet är inte i dag"):
        _decide(meeting, renewal.application, org.anna)
    assert not renewal.application.decisions.exists()


def test_the_day_after_the_meeting_anna_cannot_give_its_oral_decision(
    renewal, org, meeting, time_machine
):
    amounts, confirmed = _everything_confirmed(meeting_money(meeting))
    confirm_amounts(meeting, amounts=amounts, confirmed=confirmed, added=[], acting_user=org.anna)
    time_machine.move_to(dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC), tick=False)
    with pytest.raises(ValidationError, match="Mötet är inte i dag"):
        _decide(meeting, renewal.application, org.anna)
    assert not renewal.application.decisions.exists()


def test_the_letter_approved_days_later_says_karin_was_told_at_the_meeting_on_its_own_day(
    renewal, org, meeting, time_machine
):
    from ekb.flow import journey
    from tests.personas import letter_text

    MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)
    amounts, confirmed = _everything_confirmed(meeting_money(meeting))
    confirm_amounts(meeting, amounts=amounts, confirmed=confirmed, added=[], acting_user=org.anna)
    proposal = _decide(meeting, renewal.application, org.anna)
    time_machine.move_to(dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC), tick=False)
    decided = journey.approve_decision(proposal, acting_user=org.cecilia)
    text = letter_text(decided)
    assert "vid vårt möte den 20 november 2026" in text
    assert "den 24 november 2026. Det här brevet" not in text


def test_a_decision_the_decider_changed_does_not_say_karin_was_told_it_at_the_meeting(
    renewal, org, meeting
):
    from ekb.decisions.lines import LineInput
    from ekb.flow import journey
    from tests.personas import letter_text

    MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)
    amounts, confirmed = _everything_confirmed(meeting_money(meeting))
    confirm_amounts(meeting, amounts=amounts, confirmed=confirmed, added=[], acting_user=org.anna)
    proposal = _decide(meeting, renewal.application, org.anna)
    lines = [
        LineInput(line.purpose, line.outcome, line.amount, line.amount_applied, None, line.reasons)
        for line in proposal.lines.order_by("id")
    ]
    livelihood = next(line for line in lines if line.purpose == Purpose.LIVELIHOOD)
    livelihood.amount += 500
    livelihood.reasons = "Vi beviljar 500 kr mer för Elias vinterskor, som inte ryms i normen."
    decided = journey.change_decision(
        proposal,
        lines,
        change_reasons="Handläggaren räknade inte med vinterskorna som klienten berättade om.",
        acting_user=org.cecilia,
    )
    assert decided.status == DecisionStatus.DECIDED and decided.made_orally
    text = letter_text(decided)
    assert "redan fått beslutet muntligt" not in text
    assert "vid vårt möte" not in text


def test_karin_started_a_job_on_1_december_and_anna_adds_the_income_at_the_meeting(
    karin, org, meeting
):
    prepare_for_meeting(meeting, acting_user=org.anna)
    money = meeting_money(meeting)
    amounts, confirmed = _everything_confirmed(money)
    job = AddedIncome("salary", karin.applicant.pk, Decimal("4000"), "Anställningsavtal från 1/12.")
    application = confirm_amounts(
        meeting,
        amounts=amounts,
        confirmed=confirmed,
        added=[],
        incomes=[job],
        acting_user=org.anna,
    )
    salaries = application.lines.filter(kind="income", type="salary")
    assert sorted(line.amount for line in salaries) == [Decimal("3000.00"), Decimal("4000.00")]
    assert salaries.get(amount=Decimal("4000")).member == karin.applicant
    assert latest_calculation(application).countable_income > money.snapshot.countable_income


def test_on_her_own_application_karins_new_income_is_added_as_annas_line(renewal, org, meeting):
    amounts, confirmed = _everything_confirmed(meeting_money(meeting))
    job = AddedIncome("salary", renewal.applicant.pk, Decimal("4000"), "Anställningsavtal.")
    confirm_amounts(
        meeting,
        amounts=amounts,
        confirmed=confirmed,
        added=[],
        incomes=[job],
        acting_user=org.anna,
    )
    line = renewal.application.lines.get(kind="income", amount=Decimal("4000"))
    assert (line.type, line.member, line.source) == ("salary", renewal.applicant, "caseworker")
    assert meeting_money(meeting).confirmed


def test_an_income_without_whose_it_is_is_refused_and_nothing_is_stored(renewal, org, meeting):
    amounts, confirmed = _everything_confirmed(meeting_money(meeting))
    with pytest.raises(ValidationError) as refused:
        confirm_amounts(
            meeting,
            amounts=amounts,
            confirmed=confirmed,
            added=[],
            incomes=[AddedIncome("salary", None, Decimal("4000"), "Avtal.")],
            acting_user=org.anna,
        )
    assert set(refused.value.message_dict) == {"income-0-member"}
    assert not renewal.application.lines.filter(amount=Decimal("4000")).exists()


def test_a_rent_changed_after_the_meeting_confirmation_must_be_gone_through_again(
    renewal, org, meeting
):
    from ekb.flow import journey

    amounts, confirmed = _everything_confirmed(meeting_money(meeting))
    confirm_amounts(meeting, amounts=amounts, confirmed=confirmed, added=[], acting_user=org.anna)
    assert meeting_money(meeting).confirmed
    rent = renewal.application.lines.get(type="rent", overridden=False)
    journey.override_line(rent, Decimal("6500"), "Ny hyresavi kom i dag.", acting_user=org.anna)
    assert not meeting_money(meeting).confirmed
    with pytest.raises(ValidationError, match="bekräfta dem innan du beslutar"):
        _decide(meeting, renewal.application, org.anna)


def test_the_application_registered_at_the_meeting_holds_every_carried_line_for_karins_next_renewal(
    karin, org, meeting
):
    from ekb.applications.drafts import renewal_prefill

    prepare = prepare_for_meeting(meeting, acting_user=org.anna)
    carried = {
        (row["type"], Decimal(row["amount"]))
        for row in prepare.result["standard"]["rows"]
        if row["source"] == "carried"
    }
    assert ("rent", Decimal("7200.00")) in carried
    money = meeting_money(meeting)
    amounts, confirmed = _everything_confirmed(money)
    application = confirm_amounts(
        meeting, amounts=amounts, confirmed=confirmed, added=[MEDICINE], acting_user=org.anna
    )
    assert carried <= {(line.type, line.amount) for line in application.lines.all()}
    prefill = renewal_prefill(karin.case, karin.applicant)
    costs = {(row["type"], Decimal(row["amount"])) for row in prefill["costs"]}
    assert {("rent", Decimal("7200.00")), ("electricity", Decimal("400.00"))} <= costs
    # The medicine was this month's unforeseen cost: Karin is not asked about it again.
    assert "medicine" not in {row["type"] for row in prefill["costs"]}


def test_medicine_added_as_unforeseen_at_the_meeting_is_not_carried_into_the_next_month(
    renewal, org, meeting
):
    from ekb.applications.drafts import renewal_prefill
    from ekb.decisions.standard_calculation import carried_rows

    money = meeting_money(meeting)
    amounts, confirmed = _everything_confirmed(money)
    application = confirm_amounts(
        meeting, amounts=amounts, confirmed=confirmed, added=[MEDICINE], acting_user=org.anna
    )
    medicine = application.lines.get(type="medicine")
    assert medicine.one_off
    decision = _decide(meeting, application, org.anna)
    assert Purpose.MEDICAL in {line.purpose for line in decision.lines.all()}
    rows = carried_rows(application, decision)
    assert "medicine" not in {row["type"] for row in rows}
    assert "rent" in {row["type"] for row in rows}
    prefill = renewal_prefill(renewal.case, renewal.applicant)
    assert "medicine" not in {row["type"] for row in prefill["costs"]}
    assert "rent" in {row["type"] for row in prefill["costs"]}
