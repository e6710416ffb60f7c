"""The decision page shows the decision's total (also on the decider's approve button), and a
försörjningsstöd line, applied for without a sum, against the calculation it departs from."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.models import MunicipalityPolicy
from ekb.decisions.proposal import propose_lines
from ekb.flow import journey
from ekb.lib.money import format_amount
from tests.personas import acknowledging, grant_everything, staff_log_in

NBSP = "\u00a0"


def kr(amount) -> str:
    return f"{format_amount(Decimal(amount))}{NBSP}kr"


@pytest.fixture
def proposed(renewal, org):
    MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)
    renewal.decision = grant_everything(renewal.application, org.anna)
    assert renewal.decision.status == DecisionStatus.AWAITING_APPROVAL
    return renewal


def test_the_decider_sees_the_total_on_the_page_and_on_the_approve_button(client, proposed):
    total = sum(
        line.amount
        for line in proposed.decision.lines.all()
        if line.outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED)
    )
    assert total > 0
    staff_log_in(client, "cecilia")
    page = client.get(f"/handlaggare/beslut/{proposed.decision.pk}/").content.decode()
    assert f"<dt>Summa</dt><dd><strong>{kr(total)}</strong></dd>" in page
    assert f"Godkänn och fatta beslutet ({kr(total)})" in page


def test_livelihood_granted_below_the_calculation_says_so_against_the_calculation(
    client, renewal, org
):
    application = renewal.application
    lines = propose_lines(application, latest_calculation(application))
    livelihood = next(line for line in lines if line.purpose == Purpose.LIVELIHOOD)
    calculated = livelihood.calculated
    livelihood.amount = calculated - 118
    livelihood.outcome = Outcome.PARTLY_GRANTED
    livelihood.reasons = "Vi beviljar 118 kr mindre för mat efter vad du har berättat."
    decision = journey.decide_application(
        application,
        lines,
        acting_user=org.anna,
        acknowledgements=acknowledging(application),
        children_consideration="Elias bor kvar; skillnaden påverkar inte hans vardag.",
    )
    staff_log_in(client, "anna")
    page = client.get(f"/handlaggare/beslut/{decision.pk}/").content.decode()
    assert f"{kr(calculated - 118)} beviljat mot {kr(calculated)} beräknat" in page
    assert "Inget belopp sökt" not in page


def test_livelihood_granted_as_calculated_says_so(client, renewal, org):
    decision = grant_everything(renewal.application, org.anna)
    livelihood = decision.lines.get(purpose=Purpose.LIVELIHOOD)
    staff_log_in(client, "anna")
    page = client.get(f"/handlaggare/beslut/{decision.pk}/").content.decode()
    assert f"Som beräknat ({kr(livelihood.amount)})" in page
