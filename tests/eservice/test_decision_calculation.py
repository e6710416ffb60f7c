"""The client sees the calculation a decision rests on in the e-service, not only in the PDF:
the norm, the costs, the incomes that count and the total, from the decision's snapshot."""

from __future__ import annotations

import pytest

from ekb.decisions.phrases import format_amount
from tests.personas import grant_everything, log_in

pytestmark = pytest.mark.django_db


def test_karin_reads_how_her_december_support_was_calculated(client, org, renewal):
    decision = grant_everything(renewal.application, org.anna)
    snapshot = decision.calculation

    page = log_in(client, renewal.applicant).get(f"/e-tjanst/beslut/{decision.pk}/").text

    assert "Så har vi räknat" in page
    assert "Beräkningen gäller december 2026" in page
    for total in (snapshot.norm, snapshot.reasonable_costs, snapshot.amount):
        assert format_amount(total) in page
    assert f"− {format_amount(snapshot.countable_income)}" in page
    assert "Elias" in page  # the child's norm row, by first name, never an id
    assert "p" + str(renewal.son.pk) not in page.split("Så har vi räknat")[1]


def test_a_decision_without_a_calculation_shows_no_table(client, org, renewal):
    decision = grant_everything(renewal.application, org.anna)
    decision.calculation = None
    decision.save(update_fields=["calculation"])

    page = log_in(client, renewal.applicant).get(f"/e-tjanst/beslut/{decision.pk}/").text

    assert "Så har vi räknat" not in page
