"""A phrase left as proposed is recognised in either address form (decisions
._identify_as_proposed): a couple's "ni" text kept for one applicant, or the other way round, is
still the phrase it is, and its facts are checked (förvaltningslagen 32 §)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import Outcome, Purpose
from ekb.decisions.phrases import phrase
from ekb.decisions.proposal import calculation_values, propose_lines
from ekb.flow import journey
from tests.personas import DECEMBER


def test_karins_reduced_livelihood_with_a_couples_text_for_the_calculated_amount_is_refused(
    renewal, org
):
    application = renewal.application
    snapshot = latest_calculation(application)
    proposed = propose_lines(application, snapshot)
    livelihood = next(line for line in proposed if line.purpose == Purpose.LIVELIHOOD)
    # The proposal's text in the "ni" form (as if written while Karin had a sambo), for the
    # calculated amount, kept while Anna grants 1 000 kr less: untrue for what is decided.
    kept = phrase(
        "livelihood.granted.norm_costs_apart",
        on=timezone.localdate(),
        couple=True,
        month=DECEMBER,
        amount=livelihood.calculated,
        **calculation_values(snapshot),
    ).text
    livelihood.outcome = Outcome.PARTLY_GRANTED
    livelihood.amount = livelihood.calculated - Decimal("1000")
    livelihood.reasons = kept
    with pytest.raises(ValidationError) as refused:
        journey.decide_application(
            application,
            proposed,
            acting_user=org.anna,
            children_consideration="Elias påverkas inte.",
        )
    messages = refused.value.message_dict[f"lines-{proposed.index(livelihood)}-reasons"]
    assert any("skälen för ett annat beslut" in m for m in messages), messages
