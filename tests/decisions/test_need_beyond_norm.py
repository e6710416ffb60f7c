"""A need beyond the norm (livsföring i övrigt, 12 kap. 1 § SoL) is outside the calculation and
is decided after the caseworker's own assessment: the robot proposes no amount for it, a warning
says so, and the line cannot be decided as the robot left it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ekb.applications.actions import LineData
from ekb.applications.choices import ApplicationKind, LineKind
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import Outcome, Purpose, WarningStatus
from ekb.decisions.proposal import propose_lines
from ekb.flow import journey
from tests.personas import DECEMBER, acknowledging, lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def winter_clothes(karin):
    """Karin asks for 1 800 kr for Elias's winter clothes with her December renewal."""
    karin.application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(
            salary="3000",
            extra=[
                LineData(LineKind.COST, "winter_clothing", Decimal("1800"), value="Vinteroverall")
            ],
        ),
        client_person_id=karin.applicant.pk,
    )
    return karin


def test_the_robot_proposes_no_money_for_winter_clothes_but_shows_what_was_applied_for(
    winter_clothes,
):
    application = winter_clothes.application
    proposal = propose_lines(application, latest_calculation(application))

    (other,) = [line for line in proposal if line.purpose == Purpose.OTHER]
    assert other.amount == 0
    assert other.amount_applied == Decimal("1800")
    assert other.reasons == ""
    # The rest of the proposal is the calculation's, untouched by the need.
    total = sum(line.amount for line in proposal)
    assert total == latest_calculation(application).amount


def test_a_warning_asks_anna_to_assess_the_need(winter_clothes):
    (warning,) = winter_clothes.application.warnings.filter(
        rule="need_beyond_norm", status=WarningStatus.OPEN
    )
    assert "Vinterkläder till barn (Vinteroverall)" in warning.message
    assert "1\xa0800 kr" in warning.message
    assert "12 kap. 1 § SoL" in warning.message


def test_anna_cannot_decide_the_need_as_the_robot_left_it(winter_clothes, org):
    application = winter_clothes.application
    proposal = propose_lines(application, latest_calculation(application))

    with pytest.raises(ValidationError) as refused:
        journey.decide_application(
            application, proposal, acting_user=org.anna, acknowledgements=acknowledging(application)
        )
    assert any("Skriv skälen" in str(m) for m in refused.value.messages)
    assert not application.decisions.exists()


def test_anna_grants_the_clothes_after_her_assessment_without_further_reasons(winter_clothes, org):
    application = winter_clothes.application
    proposal = propose_lines(application, latest_calculation(application))
    for line in proposal:
        if line.purpose == Purpose.OTHER:
            line.outcome, line.amount = Outcome.GRANTED, Decimal("1800")

    decision = journey.decide_application(
        application,
        proposal,
        acting_user=org.anna,
        acknowledgements=acknowledging(
            application, "Elias saknar vinterkläder; intyg från förskolan."
        ),
    )

    granted = decision.lines.get(purpose=Purpose.OTHER)
    assert granted.amount == Decimal("1800")
    assert granted.outcome == Outcome.GRANTED


def test_a_renewal_with_a_need_beyond_the_norm_is_never_decided_automatically(winter_clothes, org):
    from ekb.decisions.decide import maybe_decide_automatically
    from ekb.decisions.models import MunicipalityPolicy

    MunicipalityPolicy.objects.update_or_create(
        municipality=org.muni,
        defaults={
            "automated_renewals": True,
            "automation_decision": "Socialnämnden 2026-01-20 § 12",
            "automated_max_amount": Decimal("50000"),
            "automated_max_change_percent": 100,
        },
    )
    assert maybe_decide_automatically(winter_clothes.application) is None
