"""The delegation point recorded for a decision is the one that covers it (issue 9)."""

from __future__ import annotations

from decimal import Decimal

from ekb.applications.choices import ApplicationKind
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import Outcome, Purpose
from ekb.decisions.delegation import delegation_for
from ekb.decisions.proposal import propose_lines
from ekb.flow import journey
from tests.personas import DECEMBER, acknowledging, lines


def test_a_small_grant_of_forsorjningsstod_is_decided_under_its_own_point_not_livsforing(
    karin, org
):
    # Salary 5 000: livelihood 9 170 − 5 000 = 4 170, under the 5 000 of point 3.3
    # ("livsföring i övrigt"), which used to be chosen because its amount was the lowest.
    application = journey.receive_application(
        karin.case, DECEMBER, ApplicationKind.RENEWAL, lines(salary="5000")
    )
    proposed = propose_lines(application, latest_calculation(application))
    assert proposed[0].amount == Decimal("4170")
    decision = journey.decide_application(
        application, proposed, acting_user=org.anna, acknowledgements=acknowledging(application)
    )
    assert decision.delegation_reference.startswith(
        "punkt 3.1 (Bistånd till försörjningsstöd enligt riksnormen och skäliga kostnader)"
    )
    assert "3.3" not in decision.delegation_reference


def test_a_section_manager_approving_a_refusal_decides_it_under_the_refusal_point(karin, org):
    refusal = delegation_for(org.cecilia, karin.case, Purpose.LIVELIHOOD, Outcome.REFUSED, 0)
    assert refusal.allowed and refusal.rule.point == "3.4"
    dental = delegation_for(org.anna, karin.case, Purpose.DENTAL, Outcome.GRANTED, Decimal(900))
    assert dental.allowed and dental.rule.point == "3.3"
    assert dental.reference == (
        "punkt 3.3 (Bistånd till livsföring i övrigt (t.ex. tandvård, glasögon, läkarvård))"
    )
