"""Four eyes and the activity requirement (review defect 6): when the decider changes a line to
the activity reason, the letter cites the act the reason rests on (12 kap. 4 a–6 a §§ SoL), and
changed back to a grant it cites the purpose's rules only; the communication guard (FL 25 §)
holds for the decider's lines as for the caseworker's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.decide import default_legal_reference
from ekb.decisions.lines import LineInput
from ekb.decisions.models import MunicipalityPolicy
from ekb.decisions.proposal import propose_lines
from ekb.flow import activity, journey
from ekb.notices.communication import do_answer_communication, do_send_communication
from ekb.notices.models import Communication
from tests.personas import acknowledging, grant_september

MISSED = "Jobbsökarverkstaden den 3, 5 och 10 november 2026, 12 av 32 timmar."
CHILDREN = "Elias får pengar till mat och kläder som tidigare; nedsättningen gäller Karins del."
ACTIVITY_ACT = "12 kap. 1 § och 12 kap. 4 a–6 a §§ socialtjänstlagen (2025:400)"
BECAUSE = "Frånvaron är utredd och Karin har fått yttra sig."


@pytest.fixture
def renewal(renewal):
    """Karin's December renewal with September granted too: covered by the activity requirement
    for December, so the reduction may rest on it (ekb.plans.activity's check)."""
    grant_september(renewal.case)
    return renewal


@pytest.fixture
def four_eyes(org):
    return MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)


@pytest.fixture
def communication(renewal, org):
    import datetime as dt

    sent = do_send_communication(
        renewal.case,
        ground=Communication.Ground.ACTIVITY_ABSENT,
        subject=MISSED,
        intended="Vi överväger att sätta ned ditt försörjningsstöd för december 2026.",
        answer_by=dt.date(2026, 12, 4),
        acting_user=org.anna,
    )
    return do_answer_communication(sent, text="Jag glömde.", person=renewal.applicant)


def reduction(renewal, communication, *, linked=True) -> LineInput:
    snapshot = latest_calculation(renewal.application)
    amount = snapshot.amount - Decimal("1500")
    reasons = activity.preselected_reason(
        renewal.application, communication, Outcome.PARTLY_GRANTED, amount=amount
    ).replace(activity.PROPORTIONALITY_TODO, "En tredjedel av tiden; vi sätter ned 1 500 kr.")
    return LineInput(
        Purpose.LIVELIHOOD,
        Outcome.PARTLY_GRANTED,
        amount,
        reasons=reasons,
        communication_id=communication.pk if linked else None,
    )


def propose(renewal, org, lines, **options):
    decision = journey.decide_application(
        renewal.application,
        lines,
        acting_user=org.anna,
        acknowledgements=acknowledging(renewal.application),
        **options,
    )
    assert decision.status == DecisionStatus.AWAITING_APPROVAL
    return decision


def as_proposed(decision) -> list[LineInput]:
    return [
        LineInput(line.purpose, line.outcome, line.amount, line.amount_applied, None, line.reasons)
        for line in decision.lines.order_by("id")
    ]


def with_livelihood(lines: list[LineInput], line: LineInput) -> list[LineInput]:
    return [line if x.purpose == Purpose.LIVELIHOOD else x for x in lines]


def test_cecilia_changes_annas_grant_to_the_activity_reduction_and_the_letter_cites_the_act(
    renewal, org, four_eyes, communication
):
    decision = propose(
        renewal, org, propose_lines(renewal.application, latest_calculation(renewal.application))
    )
    changed = journey.change_decision(
        decision,
        with_livelihood(as_proposed(decision), reduction(renewal, communication)),
        change_reasons=BECAUSE,
        children_consideration=CHILDREN,
        acting_user=org.cecilia,
    )
    assert changed.status == DecisionStatus.DECIDED
    line = changed.lines.get(purpose=Purpose.LIVELIHOOD)
    assert line.legal_reference == ACTIVITY_ACT
    assert "sol_activity_requirement" in line.reference_keys
    assert line.communication_id == communication.pk
    assert ACTIVITY_ACT in changed.legal_references


def test_cecilia_changes_annas_activity_reduction_back_to_a_grant_and_the_act_goes(
    renewal, org, four_eyes, communication
):
    proposal = propose_lines(renewal.application, latest_calculation(renewal.application))
    grant = next(x for x in proposal if x.purpose == Purpose.LIVELIHOOD)
    decision = propose(
        renewal,
        org,
        with_livelihood(proposal, reduction(renewal, communication)),
        children_consideration=CHILDREN,
    )
    assert decision.lines.get(purpose=Purpose.LIVELIHOOD).legal_reference == ACTIVITY_ACT
    back = LineInput(Purpose.LIVELIHOOD, Outcome.GRANTED, grant.amount, reasons=grant.reasons or "")
    changed = journey.change_decision(
        decision,
        with_livelihood(as_proposed(decision), back),
        change_reasons="Frånvaron hade ett giltigt skäl: Karin var sjuk.",
        acting_user=org.cecilia,
    )
    line = changed.lines.get(purpose=Purpose.LIVELIHOOD)
    assert line.outcome == Outcome.GRANTED
    assert "sol_activity_requirement" not in line.reference_keys
    assert line.legal_reference == default_legal_reference(Purpose.LIVELIHOOD)
    assert line.communication_id is None
    assert ACTIVITY_ACT not in changed.legal_references


def test_cecilia_cannot_change_a_line_to_the_activity_reason_without_the_communication(
    renewal, org, four_eyes, communication
):
    decision = propose(
        renewal, org, propose_lines(renewal.application, latest_calculation(renewal.application))
    )
    with pytest.raises(ValidationError) as exc:
        journey.change_decision(
            decision,
            with_livelihood(as_proposed(decision), reduction(renewal, communication, linked=False)),
            change_reasons=BECAUSE,
            children_consideration=CHILDREN,
            acting_user=org.cecilia,
        )
    assert exc.value.message_dict["lines-0-reasons"] == [
        "Välj den kommunicering som beslutet grundar sig på."
    ]
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.AWAITING_APPROVAL
