"""The reasons state the amount decided (issue 12, fresh-eye finding): a phrase whose text says
'beviljar <amount>' was filled in before the caseworker typed another amount; the letter would
say one amount in its table and another in its reasons. Refused until the reasons are right."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import Outcome, Purpose
from ekb.decisions.lines import LineInput
from ekb.decisions.phrases import format_amount, parse_amount, phrase
from ekb.decisions.proposal import propose_lines
from ekb.flow import activity, journey
from ekb.notices.communication import do_answer_communication, do_send_communication
from ekb.notices.models import Communication
from tests.personas import acknowledging, grant_september

CHILDREN = "Elias får pengar till mat och kläder som tidigare; nedsättningen gäller Karins del."


def decide(renewal, org, lines):
    return journey.decide_application(
        renewal.application,
        lines,
        acting_user=org.anna,
        children_consideration=CHILDREN,
        acknowledgements=acknowledging(renewal.application),
    )


def reasons_error(exc) -> str:
    return " ".join(exc.value.message_dict.get("lines-0-reasons", []))


def livelihood(renewal):
    snapshot = latest_calculation(renewal.application)
    lines = propose_lines(renewal.application, snapshot)
    return next(line for line in lines if line.purpose == Purpose.LIVELIHOOD), snapshot


# -- the activity requirement's phrase ----------------------------------------------------------


@pytest.fixture
def communicated(renewal, org):
    grant_september(renewal.case)
    renewal.communication = do_send_communication(
        renewal.case,
        ground=Communication.Ground.ACTIVITY_ABSENT,
        subject="Jobbsökarverkstaden den 10 november 2026.",
        intended="Vi överväger att sätta ned ditt försörjningsstöd för december 2026.",
        answer_by=dt.date(2026, 12, 4),
        acting_user=org.anna,
    )
    do_answer_communication(renewal.communication, text="Jag glömde.", person=renewal.applicant)
    return renewal


def activity_reduction(renewal, *, prefilled: Decimal, decided: Decimal) -> list[LineInput]:
    """The reason as 'Besluta om nedsättning' prefills it for ``prefilled``, the proportionality
    written, and the amount the caseworker typed afterwards."""
    snapshot = latest_calculation(renewal.application)
    reasons = activity.preselected_reason(
        renewal.application, renewal.communication, Outcome.PARTLY_GRANTED, amount=prefilled
    ).replace(activity.PROPORTIONALITY_TODO, "Frånvaron var en tredjedel av tiden.")
    return [
        LineInput(
            Purpose.LIVELIHOOD,
            Outcome.PARTLY_GRANTED,
            decided,
            snapshot.amount,
            snapshot.amount,
            reasons,
            communication_id=renewal.communication.pk,
        )
    ]


def test_annas_reduction_whose_reasons_still_grant_the_full_amount_is_refused(communicated, org):
    full = latest_calculation(communicated.application).amount
    lower = full - Decimal("1500")
    with pytest.raises(ValidationError) as exc:
        decide(communicated, org, activity_reduction(communicated, prefilled=full, decided=lower))
    assert (
        f"Beloppet i skälen ({format_amount(full)}) är inte beslutets belopp "
        f"({format_amount(lower)}). Rätta skälen." in reasons_error(exc)
    )
    assert not communicated.application.decisions.filter(decided_at__isnull=False).exists()


def test_annas_reduction_whose_reasons_state_the_reduced_amount_is_decided(communicated, org):
    lower = latest_calculation(communicated.application).amount - Decimal("1500")
    decision = decide(
        communicated, org, activity_reduction(communicated, prefilled=lower, decided=lower)
    )
    line = decision.lines.get()
    assert line.amount == lower
    assert f"beviljar {format_amount(lower)}" in line.reasons


# -- an ordinary livelihood phrase ---------------------------------------------------------------


def calculation_reason(renewal, snapshot, amount) -> str:
    return phrase(
        "livelihood.partly_granted.calculation",
        on=renewal.application.month,
        purpose=Purpose.LIVELIHOOD,
        amount_applied=snapshot.amount,
        amount=amount,
        month=renewal.application.month,
        details="Hyran är högre än skälig kostnad för orten.",
    ).text


def test_karins_partial_grant_whose_reasons_name_the_calculated_amount_is_refused(renewal, org):
    proposed, snapshot = livelihood(renewal)
    lower = proposed.amount - Decimal("1000")
    line = replace(
        proposed,
        outcome=Outcome.PARTLY_GRANTED,
        amount=lower,
        reasons=calculation_reason(renewal, snapshot, proposed.amount),
    )
    with pytest.raises(ValidationError) as exc:
        decide(renewal, org, [line])
    assert (
        f"Beloppet i skälen ({format_amount(proposed.amount)}) är inte beslutets belopp "
        f"({format_amount(lower)}). Rätta skälen." in reasons_error(exc)
    )


def test_the_partly_granted_phrase_is_checked_at_each_amount_it_states(renewal, org):
    proposed, snapshot = livelihood(renewal)
    lower = proposed.amount - Decimal("1000")
    text = calculation_reason(renewal, snapshot, lower)
    right = replace(proposed, outcome=Outcome.PARTLY_GRANTED, amount=lower, reasons=text)
    # The second 'beviljar' changed, the first left: still refused.
    wrong_text = text.replace(
        f"Vi beviljar därför {format_amount(lower)}",
        f"Vi beviljar därför {format_amount(proposed.amount)}",
    )
    assert wrong_text != text
    with pytest.raises(ValidationError) as exc:
        decide(renewal, org, [replace(right, reasons=wrong_text)])
    assert "Rätta skälen." in reasons_error(exc)
    decision = decide(renewal, org, [right])
    assert decision.lines.get().amount == lower


def test_amounts_are_read_as_written_in_swedish():
    assert parse_amount("7 500 kr") == Decimal("7500")
    assert parse_amount("8\u00a0626,50 kr") == Decimal("8626.50")
    assert parse_amount("åtta tusen") is None
