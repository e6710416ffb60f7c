"""Four eyes (issue 11): the decider approves, changes with reasons, or sends the proposal back
to the caseworker with a comment; the caseworker sees why, changes it and proposes again."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from ekb.audit.models import AccessLogEntry, Action
from ekb.cases.choices import EventKind
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.four_eyes import do_send_back_decision, is_decider
from ekb.decisions.lines import LineInput
from ekb.decisions.models import MunicipalityPolicy
from ekb.decisions.proposal import propose_lines
from ekb.flow import journey
from ekb.flow.inbox import inbox_for
from tests.personas import acknowledging

BECAUSE = "Underlaget för hyran saknas: be klienten om hyresavin för december."


@pytest.fixture
def four_eyes(org):
    return MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)


@pytest.fixture
def proposed(renewal, org, four_eyes):
    """Anna proposes Karin's December renewal; under four eyes it waits for a decider."""
    renewal.decision = journey.decide_application(
        renewal.application,
        propose_lines(renewal.application, latest_calculation(renewal.application)),
        acting_user=org.anna,
        acknowledgements=acknowledging(renewal.application),
    )
    assert renewal.decision.status == DecisionStatus.AWAITING_APPROVAL
    return renewal


def _lines(decision) -> list[LineInput]:
    return [
        LineInput(line.purpose, line.outcome, line.amount, line.amount_applied, None, line.reasons)
        for line in decision.lines.order_by("id")
    ]


def _events(case, kind) -> int:
    return case.events.filter(kind=kind).count()


def test_the_section_manager_sends_the_proposal_back_and_anna_sees_why_in_her_inbox(proposed, org):
    assert proposed.decision in inbox_for(org.cecilia)["waiting_decisions"]

    sent_back = do_send_back_decision(proposed.decision, comment=BECAUSE, acting_user=org.cecilia)

    assert (sent_back.status, sent_back.sent_back_comment, sent_back.sent_back_by) == (
        DecisionStatus.SENT_BACK,
        BECAUSE,
        org.cecilia,
    )
    assert sent_back.decided_by is None and not hasattr(sent_back, "letter")
    assert [d.pk for d in inbox_for(org.anna)["sent_back_decisions"]] == [sent_back.pk]
    # Handled: it is no longer the manager's to approve.
    assert inbox_for(org.cecilia)["waiting_decisions"] == []
    event = proposed.case.events.get(kind=EventKind.DECISION_SENT_BACK)
    assert (event.actor, event.visible_to_client) == (org.cecilia, False)
    assert AccessLogEntry.objects.filter(
        actor_user_id=org.cecilia.pk, action=Action.CHANGE_CASE, case_id=proposed.case.pk
    ).exists()


def test_a_proposal_is_not_sent_back_without_a_comment(proposed, org):
    with pytest.raises(ValidationError) as error:
        do_send_back_decision(proposed.decision, comment="   ", acting_user=org.cecilia)
    assert "Skriv varför" in error.value.message_dict["comment"][0]
    proposed.decision.refresh_from_db()
    assert proposed.decision.status == DecisionStatus.AWAITING_APPROVAL


def test_sending_back_twice_sends_it_back_once(proposed, org):
    do_send_back_decision(proposed.decision, comment=BECAUSE, acting_user=org.cecilia)
    with pytest.raises(ValidationError):
        do_send_back_decision(proposed.decision, comment=BECAUSE, acting_user=org.cecilia)
    assert _events(proposed.case, EventKind.DECISION_SENT_BACK) == 1


def test_the_one_who_proposed_can_neither_send_back_nor_change_her_proposal(proposed, org):
    assert not is_decider(proposed.decision, org.anna)
    with pytest.raises(ValidationError):
        do_send_back_decision(proposed.decision, comment=BECAUSE, acting_user=org.anna)
    with pytest.raises(ValidationError):
        journey.change_decision(
            proposed.decision, _lines(proposed.decision), change_reasons="x", acting_user=org.anna
        )


def test_anna_changes_the_proposal_proposes_again_and_the_manager_approves(proposed, org):
    do_send_back_decision(proposed.decision, comment=BECAUSE, acting_user=org.cecilia)
    lines = propose_lines(proposed.application, latest_calculation(proposed.application))
    rent = next(line for line in lines if line.purpose == Purpose.RENT)
    rent.amount -= 200
    rent.outcome = Outcome.PARTLY_GRANTED
    rent.reasons = "Hyresavin för december visar 7 000 kr; det är den hyra vi beviljar."

    again = journey.decide_application(
        proposed.application,
        lines,
        acting_user=org.anna,
        children_consideration="Elias bor kvar i lägenheten; beslutet ändrar inte hans vardag.",
    )

    assert again.pk == proposed.decision.pk  # the proposal takes the sent-back one's place
    assert again.status == DecisionStatus.AWAITING_APPROVAL
    assert again.lines.get(purpose=Purpose.RENT).amount == rent.amount
    assert again.sent_back_comment == BECAUSE  # what the decider said stays with it
    assert inbox_for(org.anna)["sent_back_decisions"] == []
    assert [d.pk for d in inbox_for(org.cecilia)["waiting_decisions"]] == [again.pk]
    assert _events(proposed.case, EventKind.DECISION_PROPOSED) == 2

    decided = journey.approve_decision(again, acting_user=org.cecilia)
    assert (decided.status, decided.decided_by, decided.created_by) == (
        DecisionStatus.DECIDED,
        org.cecilia,
        org.anna,
    )
    assert inbox_for(org.cecilia)["waiting_decisions"] == []


def test_the_decider_changes_a_line_with_reasons_and_the_decision_is_hers(proposed, org):
    lines = _lines(proposed.decision)
    livelihood = next(line for line in lines if line.purpose == Purpose.LIVELIHOOD)
    proposed_amount = livelihood.amount
    livelihood.amount += 500
    livelihood.reasons = "Vi beviljar 500 kr mer för Elias vinterskor, som inte ryms i normen."

    decided = journey.change_decision(
        proposed.decision,
        lines,
        change_reasons="Handläggaren räknade inte med vinterskorna som klienten skrev om.",
        acting_user=org.cecilia,
    )

    assert (decided.status, decided.decided_by, decided.changed_by) == (
        DecisionStatus.DECIDED,
        org.cecilia,
        org.cecilia,
    )
    assert decided.change_reasons.startswith("Handläggaren räknade inte")
    line = decided.lines.get(purpose=Purpose.LIVELIHOOD)
    assert (line.amount, line.proposed_amount, line.proposed_outcome) == (
        proposed_amount + 500,
        proposed_amount,
        Outcome.GRANTED,
    )
    assert line.changed_by_decider
    assert not decided.lines.get(purpose=Purpose.RENT).changed_by_decider
    assert _events(proposed.case, EventKind.DECISION_CHANGED) == 1
    assert decided.letter is not None  # the letter follows as for any decision


def test_a_change_needs_written_reasons_for_the_change(proposed, org):
    lines = _lines(proposed.decision)
    lines[0].amount += Decimal("500")
    lines[0].reasons = "Vi beviljar 500 kr mer för vinterskor."
    with pytest.raises(ValidationError) as error:
        journey.change_decision(
            proposed.decision, lines, change_reasons=" ", acting_user=org.cecilia
        )
    assert "Skriv skälen till att du ändrar" in error.value.message_dict["change_reasons"][0]
    proposed.decision.refresh_from_db()
    assert proposed.decision.status == DecisionStatus.AWAITING_APPROVAL
    assert not proposed.decision.lines.exclude(proposed_outcome="").exists()


def test_a_change_that_changes_nothing_is_refused(proposed, org):
    with pytest.raises(ValidationError) as error:
        journey.change_decision(
            proposed.decision,
            _lines(proposed.decision),
            change_reasons="Inget att ändra.",
            acting_user=org.cecilia,
        )
    assert "inte ändrat något" in error.value.message_dict["__all__"][0]


def test_a_lowered_line_still_needs_its_own_reasons_when_the_decider_changes_it(proposed, org):
    lines = _lines(proposed.decision)
    lines[0].amount -= Decimal("500")
    lines[0].outcome = Outcome.PARTLY_GRANTED
    lines[0].reasons = ""
    with pytest.raises(ValidationError) as error:
        journey.change_decision(
            proposed.decision, lines, change_reasons="Lägre.", acting_user=org.cecilia
        )
    assert "lines-0-reasons" in error.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_deciding_outside_any_transaction_is_one_transaction_of_its_own(renewal, org):
    """The decision step locks the application: it must run in its own transaction even when
    its caller has none (a misplaced decorator once left it without)."""
    from ekb.decisions.decide import do_decide_application

    assert not transaction.get_connection().in_atomic_block
    decision = do_decide_application(
        renewal.application,
        propose_lines(renewal.application, latest_calculation(renewal.application)),
        acting_user=org.anna,
        acknowledgements=acknowledging(renewal.application),
    )
    assert decision.status == DecisionStatus.DECIDED


DENTAL_REASONS = (
    "Klienten har visat en kostnadsberäkning för akut tandvård; den är skälig och kan inte "
    "vänta, så vi beviljar den som en egen rad."
)


def test_the_decider_adds_a_purpose_not_applied_for_with_reasons_and_it_is_recorded(proposed, org):
    lines = _lines(proposed.decision)
    assert Purpose.DENTAL not in {line.purpose for line in lines}
    added = LineInput(Purpose.DENTAL, Outcome.GRANTED, Decimal("1200"), reasons=DENTAL_REASONS)

    decided = journey.change_decision(
        proposed.decision,
        [*lines, added],
        change_reasons="Tandvården stod i journalen men inte i förslaget.",
        acting_user=org.cecilia,
    )

    assert (decided.status, decided.changed_by) == (DecisionStatus.DECIDED, org.cecilia)
    dental = decided.lines.get(purpose=Purpose.DENTAL)
    assert (dental.amount, dental.reasons, dental.added_by_decider) == (
        Decimal("1200"),
        DENTAL_REASONS,
        True,
    )
    assert dental.changed_by_decider and dental.proposed_outcome == ""
    assert not decided.lines.get(purpose=Purpose.RENT).changed_by_decider
    event = proposed.case.events.get(kind=EventKind.DECISION_CHANGED)
    assert event.data["purposes"] == [Purpose.DENTAL] and event.data["added"] == [Purpose.DENTAL]


def test_a_purpose_the_decider_adds_without_reasons_is_refused_and_nothing_is_stored(proposed, org):
    lines = _lines(proposed.decision)
    added = LineInput(Purpose.DENTAL, Outcome.GRANTED, Decimal("1200"), reasons=" ")
    with pytest.raises(ValidationError) as error:
        journey.change_decision(
            proposed.decision,
            [*lines, added],
            change_reasons="Tandvården saknades.",
            acting_user=org.cecilia,
        )
    assert "finns inte i ansökan" in error.value.message_dict[f"lines-{len(lines)}-reasons"][0]
    proposed.decision.refresh_from_db()
    assert proposed.decision.status == DecisionStatus.AWAITING_APPROVAL
    assert not proposed.decision.lines.filter(purpose=Purpose.DENTAL).exists()


def test_the_decider_cannot_take_a_line_away_from_the_proposal(proposed, org):
    lines = [line for line in _lines(proposed.decision) if line.purpose != Purpose.RENT]
    with pytest.raises(ValidationError) as error:
        journey.change_decision(
            proposed.decision, lines, change_reasons="Utan hyran.", acting_user=org.cecilia
        )
    assert "skicka tillbaka" in error.value.message_dict["__all__"][0]
