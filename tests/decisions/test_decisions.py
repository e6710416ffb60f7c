"""Deciding: reasons where the decision departs, the delegation order, four-eyes, oral and
automated decisions, and the letter and payments that follow."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ekb.applications.choices import ApplicationKind, ApplicationStatus
from ekb.cases.choices import EventKind
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.decide import do_review_automated_decision
from ekb.decisions.lines import LineInput
from ekb.decisions.models import Decision, MunicipalityPolicy
from ekb.decisions.proposal import propose_lines
from ekb.flow import journey
from ekb.payments.models import Payment
from tests.personas import DECEMBER, lines

AUTOMATION_DECISION = "Socialnämndens beslut den 15 januari 2026, § 4, om automatiserade beslut"


def proposal(renewal):
    return propose_lines(renewal.application, latest_calculation(renewal.application))


def test_the_proposal_adds_up_to_the_calculated_amount(renewal):
    snapshot = latest_calculation(renewal.application)
    proposed = proposal(renewal)
    assert sum(line.amount for line in proposed) == snapshot.amount
    assert proposed[0].purpose == Purpose.LIVELIHOOD
    assert {line.purpose for line in proposed} >= {Purpose.RENT, Purpose.ELECTRICITY}


# The letter is read as the PDF it is: its fixtures store it so too.
@pytest.mark.usefixtures("real_letters")
def test_a_caseworker_decides_within_her_delegation_and_the_letter_and_payments_follow(
    renewal, org
):
    decision = journey.decide_application(
        renewal.application, proposal(renewal), acting_user=org.anna
    )
    assert decision.status == DecisionStatus.DECIDED
    assert decision.decided_by == org.anna
    assert "punkt 3.1" in decision.delegation_reference
    assert decision.calculation == latest_calculation(renewal.application)
    assert decision.letter.pdf[:4] == b"%PDF"
    assert (
        Payment.objects.filter(decision_line__decision=decision).count()
        == decision.lines.filter(amount__gt=0).count()
    )
    renewal.application.refresh_from_db()
    assert renewal.application.status == ApplicationStatus.DECIDED
    assert renewal.case.events.filter(
        kind=EventKind.DECISION_MADE, data__decision_id=decision.pk
    ).exists()


def test_a_line_that_departs_from_the_calculation_needs_written_reasons(renewal, org):
    lines_ = proposal(renewal)
    lines_[0].amount -= 500
    lines_[0].outcome = Outcome.PARTLY_GRANTED
    lines_[0].reasons = ""
    with pytest.raises(ValidationError) as error:
        journey.decide_application(renewal.application, lines_, acting_user=org.anna)
    assert "Skriv skälen" in error.value.message_dict["lines-0-reasons"][0]
    assert not Decision.objects.filter(application=renewal.application).exists()

    lines_[0].reasons = "Kostnaden för ... bedöms inte som skälig."
    decision = journey.decide_application(
        renewal.application,
        lines_,
        acting_user=org.anna,
        # Karin's son Elias lives with her: a reduction records how he was considered.
        children_consideration="Elias har det han behöver; minskningen gäller en kostnad.",
    )
    assert decision.lines.get(purpose=Purpose.LIVELIHOOD).reasons.startswith("Kostnaden")


def test_a_negative_amount_is_refused_with_a_message_naming_the_field(renewal, org):
    lines_ = proposal(renewal)
    lines_[0].amount = Decimal("-1")
    with pytest.raises(ValidationError) as error:
        journey.decide_application(renewal.application, lines_, acting_user=org.anna)
    assert error.value.message_dict["lines-0-amount"] == ["Beloppet kan inte vara negativt."]


def test_a_decision_on_a_closed_case_is_refused(renewal, org):
    from ekb.cases.actions import do_close_case

    do_close_case(
        renewal.case, closed_on=renewal.application.month, reason="work", acting_user=org.anna
    )
    renewal.application.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        journey.decide_application(renewal.application, proposal(renewal), acting_user=org.anna)
    assert "avslutat" in error.value.message_dict["__all__"][0]


def test_the_same_application_cannot_be_decided_twice(renewal, org):
    journey.decide_application(renewal.application, proposal(renewal), acting_user=org.anna)
    with pytest.raises(ValidationError):
        journey.decide_application(renewal.application, proposal(renewal), acting_user=org.ida)
    assert Decision.objects.filter(application=renewal.application).count() == 1


def test_above_her_delegation_the_caseworker_cannot_decide_and_the_section_manager_can(
    renewal, org
):
    lines_ = proposal(renewal) + [
        LineInput(
            Purpose.DENTAL,
            Outcome.GRANTED,
            Decimal("12000"),
            Decimal("12000"),
            Decimal("12000"),
            # Not in the application: a line added on her own initiative gives reasons (FL 32 §).
            reasons="Tandläkaren bedömer att behandlingen inte kan vänta.",
        )
    ]
    decision = journey.decide_application(renewal.application, lines_, acting_user=org.anna)
    assert decision.status == DecisionStatus.AWAITING_APPROVAL
    assert decision.decided_by is None and not hasattr(decision, "letter")
    assert not Payment.objects.filter(decision_line__decision=decision).exists()

    from ekb.flow.inbox import inbox_for

    assert decision in inbox_for(org.cecilia)["waiting_decisions"]
    assert decision not in inbox_for(org.anna)["waiting_decisions"]

    with pytest.raises(ValidationError):
        journey.approve_decision(decision, acting_user=org.anna)
    decided = journey.approve_decision(decision, acting_user=org.cecilia)
    assert (decided.status, decided.decided_by, decided.approved_by) == (
        DecisionStatus.DECIDED,
        org.cecilia,
        org.cecilia,
    )
    assert "punkt 3.6" in decided.delegation_reference


def test_above_the_section_managers_delegation_the_decision_goes_to_the_committee(renewal, org):
    lines_ = proposal(renewal) + [
        LineInput(
            Purpose.OTHER,
            Outcome.GRANTED,
            Decimal("150000"),
            Decimal("150000"),
            Decimal("150000"),
            reasons="Bostaden måste saneras; utan det kan familjen inte bo kvar.",
        )
    ]
    decision = journey.decide_application(renewal.application, lines_, acting_user=org.anna)
    decision = journey.approve_decision(decision, acting_user=org.cecilia)
    assert decision.status == DecisionStatus.AWAITING_COMMITTEE


def test_with_four_eyes_a_colleague_approves_even_within_delegation(renewal, org):
    MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)
    decision = journey.decide_application(
        renewal.application, proposal(renewal), acting_user=org.anna
    )
    assert decision.status == DecisionStatus.AWAITING_APPROVAL
    decided = journey.approve_decision(decision, acting_user=org.ida)
    assert decided.status == DecisionStatus.DECIDED and decided.decided_by == org.ida


def test_an_oral_decision_is_recorded_as_such_with_the_same_content(renewal, org):
    decision = journey.decide_application(
        renewal.application, proposal(renewal), acting_user=org.anna, made_orally=True
    )
    assert decision.made_orally and decision.status == DecisionStatus.DECIDED


def test_automated_decisions_are_off_by_default(karin, org):
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
    )
    assert not application.decisions.exists()


def test_a_municipality_that_allows_it_gets_simple_renewals_decided_automatically(karin, org):
    MunicipalityPolicy.objects.create(
        municipality=org.muni,
        automated_renewals=True,
        automated_max_amount=Decimal("20000"),
        automated_max_change_percent=5,
        automation_decision=AUTOMATION_DECISION,
    )
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
    )
    decision = application.decisions.get()
    assert (
        decision.automated
        and decision.status == DecisionStatus.DECIDED
        and decision.decided_by is None
    )
    # The decision cites the committee's decision to automate (FL 28 §), not a staff point.
    assert decision.delegation_reference == AUTOMATION_DECISION
    do_review_automated_decision(decision, acting_user=org.anna)
    decision.refresh_from_db()
    assert decision.reviewed_by == org.anna


def test_an_application_with_a_warning_is_never_decided_automatically(karin, org):
    MunicipalityPolicy.objects.create(
        municipality=org.muni,
        automated_renewals=True,
        automated_max_amount=Decimal("20000"),
        automated_max_change_percent=50,
        automation_decision=AUTOMATION_DECISION,
    )
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="6000"),
    )
    assert application.warnings.filter(rule="income_change").exists()
    assert not application.decisions.exists()


def test_after_an_override_the_proposal_still_shows_what_the_client_applied_for(renewal, org):

    rent = renewal.application.lines.get(type="rent")
    journey.override_line(
        rent, Decimal("6000"), "Skälig hyra enligt riktlinjen.", acting_user=org.anna
    )
    line = next(line for line in proposal(renewal) if line.purpose == Purpose.RENT)
    assert (line.amount_applied, line.amount, line.outcome) == (
        Decimal("7200"),
        Decimal("6000"),
        Outcome.PARTLY_GRANTED,
    )
    assert line.reasons  # the phrase library explains the departure


def _automation_allowed(org):
    MunicipalityPolicy.objects.create(
        municipality=org.muni,
        automated_renewals=True,
        automated_max_amount=Decimal("20000"),
        automated_max_change_percent=50,
        automation_decision=AUTOMATION_DECISION,
    )


def test_karins_renewal_with_a_dental_bill_is_never_decided_automatically(karin, org):
    from ekb.applications.actions import LineData
    from ekb.applications.choices import LineKind

    _automation_allowed(org)
    dental = LineData(LineKind.COST, "dental_care", Decimal("900"))
    application = journey.receive_application(
        karin.case, DECEMBER, ApplicationKind.RENEWAL, lines(salary="3000", extra=[dental])
    )
    assert not application.decisions.exists()


def test_a_renewal_with_a_cost_anna_added_is_left_for_a_person_to_decide(karin, org):
    from ekb.applications.actions import do_add_line
    from ekb.applications.choices import LineKind
    from ekb.decisions.decide import maybe_decide_automatically

    application = journey.receive_application(
        karin.case, DECEMBER, ApplicationKind.RENEWAL, lines(salary="3000")
    )
    _automation_allowed(org)
    do_add_line(
        application,
        kind=LineKind.COST,
        line_type="medicine",
        amount=Decimal("350"),
        reason="Kvitto från apoteket.",
        acting_user=org.anna,
    )
    assert maybe_decide_automatically(application) is None
    assert not application.decisions.exists()
