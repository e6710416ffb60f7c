"""The standard calculation (schablonberäkning) before a meeting: the month to decide calculated
from what EKB knows, the last decided month's incomes and fixed costs and the register's
benefits, by the same norm engine as the robot's calculation of an application, with the month's
own norm (January with the new year's amounts)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command

from ekb.applications.actions import LineData
from ekb.applications.choices import ApplicationKind, LineKind
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.standard_calculation import (
    do_prepare_standard_calculation,
    latest_standard_calculation,
)
from ekb.flow import journey
from ekb.flow.meetings import first_open_month
from ekb.norm.store import DEFAULT_DIR
from tests.personas import DECEMBER, december_renewal, grant_everything, lines

JANUARY = dt.date(2027, 1, 1)
TABLE_2027 = DEFAULT_DIR / "examples" / "riksnorm-table.example.yaml"


def _rows(snapshot) -> set[tuple[str, str, str]]:
    return {(r["kind"], r["type"], r["amount"]) for r in snapshot.result["standard"]["rows"]}


def test_karins_december_is_calculated_from_novembers_incomes_and_fixed_costs(karin, org):
    snapshot = do_prepare_standard_calculation(karin.case, DECEMBER, acting_user=org.anna)
    assert snapshot.application is None and snapshot.month == DECEMBER
    assert _rows(snapshot) == {
        ("cost", "rent", "7200.00"),
        ("cost", "electricity", "400.00"),
        ("income", "salary", "3000.00"),
    }
    assert snapshot.result["standard"]["from_month"] == "2026-11"
    assert snapshot.rule_versions and snapshot.rule_versions == snapshot.result["versions"]
    assert latest_standard_calculation(karin.case, DECEMBER) == snapshot


def test_the_standard_calculation_is_what_the_robot_gets_for_the_same_facts(karin, org):
    standard = do_prepare_standard_calculation(karin.case, DECEMBER, acting_user=org.anna)
    robot = latest_calculation(december_renewal(karin, salary="3000"))
    assert (standard.norm, standard.reasonable_costs, standard.countable_income) == (
        robot.norm,
        robot.reasonable_costs,
        robot.countable_income,
    )
    assert standard.amount == robot.amount > 0


def test_a_register_benefit_is_taken_for_the_new_month_and_another_income_only_shown(karin, org):
    karin.register.script(
        karin.applicant.identity_number,
        {"fk": [("child_allowance", 1250)], "skv": [("salary", 4100)]},
    )
    snapshot = do_prepare_standard_calculation(karin.case, DECEMBER, acting_user=org.anna)
    assert ("income", "child_allowance", "1250.00") in _rows(snapshot)
    shown = snapshot.result["standard"]["register_not_counted"]
    assert [(r["type"], r["amount"]) for r in shown] == [("salary", "4100.00")]
    # The salary the client confirmed last month counts, not the register's.
    assert ("income", "salary", "3000.00") in _rows(snapshot)
    incomes = [r for r in snapshot.input["incomes"] if r["type"] == "salary"]
    assert [r["amount"] for r in incomes] == ["3000.00"]


@pytest.fixture
def after_december(karin, org, time_machine, settings, tmp_path, monkeypatch):
    """10 December 2026: the 2027 table is loaded, and December (with a dental bill, a one-off
    cost) is decided."""
    settings.EKB_NORM_PARAMETERS_DIR = str(tmp_path / "norm-parameters")
    monkeypatch.setattr("sys.stdin", io.StringIO())
    call_command("norm_parameters", "add", str(TABLE_2027), "--write", stdout=io.StringIO())
    time_machine.move_to(dt.datetime(2026, 12, 10, 10, tzinfo=dt.UTC), tick=False)
    december = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000", extra=[LineData(LineKind.COST, "dental_care", Decimal("2400"))]),
        client_person_id=karin.applicant.pk,
    )
    grant_everything(december, org.anna)
    karin.december = latest_calculation(december)
    return karin


def test_over_the_year_switch_january_gets_the_new_years_norm(after_december, org):
    karin = after_december
    assert first_open_month(karin.case, dt.date(2026, 12, 10)) == JANUARY
    january = do_prepare_standard_calculation(karin.case, JANUARY, acting_user=org.anna)
    table = yaml.safe_load(TABLE_2027.read_text(encoding="utf-8"))
    # Karin alone with Elias (7 years old): one adult, one child 7–10, two in the household.
    expected = (
        Decimal(table["adults"]["single"])
        + Decimal(table["children"]["7-10"])
        + Decimal(table["common_household_costs"][2])
    )
    assert january.norm == expected != karin.december.norm
    assert january.result["versions"] != karin.december.result["versions"]


def test_a_one_off_cost_of_the_decided_month_is_not_carried(after_december, org):
    january = do_prepare_standard_calculation(after_december.case, JANUARY, acting_user=org.anna)
    assert "dental_care" not in {t for _k, t, _a in _rows(january)}
    assert january.reasonable_costs < after_december.december.reasonable_costs


@pytest.fixture
def tenth_of_december(karin, time_machine, settings, tmp_path, monkeypatch):
    """10 December 2026 with the 2027 table loaded; December not yet applied for."""
    settings.EKB_NORM_PARAMETERS_DIR = str(tmp_path / "norm-parameters")
    monkeypatch.setattr("sys.stdin", io.StringIO())
    call_command("norm_parameters", "add", str(TABLE_2027), "--write", stdout=io.StringIO())
    time_machine.move_to(dt.datetime(2026, 12, 10, 10, tzinfo=dt.UTC), tick=False)
    return karin


def _december(karin, *extra, rent="7200"):
    return journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(rent=rent, salary="3000", extra=list(extra)),
        client_person_id=karin.applicant.pk,
    )


def _decide(application, user, **changes):
    """Anna decides the robot's proposal with ``changes``: purpose -> (outcome, amount)."""
    from ekb.decisions.calculation import latest_calculation as latest
    from ekb.decisions.proposal import propose_lines
    from tests.personas import acknowledging

    proposal = propose_lines(application, latest(application))
    for line in proposal:
        if line.purpose in changes:
            line.outcome, line.amount = changes[line.purpose]
            line.reasons = "Kostnaden beviljas inte i den delen: den är inte skälig för hushållet."
    return journey.decide_application(
        application,
        proposal,
        acting_user=user,
        acknowledgements=acknowledging(application),
        children_consideration="Elias bor kvar i samma bostad; beslutet ändrar inte hans vardag.",
    )


def test_january_carries_what_december_granted_not_what_karin_applied_for(tenth_of_december, org):
    from ekb.decisions.choices import Outcome, Purpose

    karin = tenth_of_december
    insurance = LineData(LineKind.COST, "home_insurance", Decimal("150"))
    december = _december(karin, insurance, rent="7800")
    decision = _decide(
        december,
        org.anna,
        **{
            Purpose.HOME_INSURANCE: (Outcome.REFUSED, Decimal("0")),
            Purpose.RENT: (Outcome.PARTLY_GRANTED, Decimal("7000")),
        },
    )
    assert decision.status == "decided"
    january = do_prepare_standard_calculation(karin.case, JANUARY, acting_user=org.anna)
    rows = _rows(january)
    assert ("cost", "rent", "7000.00") in rows
    assert "home_insurance" not in {t for _k, t, _a in rows}
    assert ("cost", "electricity", "400.00") in rows


def test_barnbidrag_karin_declared_herself_is_not_counted_again_from_the_register(
    tenth_of_december, org
):
    karin = tenth_of_december
    declared = LineData(LineKind.INCOME, "child_allowance", Decimal("1250"), karin.son.pk)
    _decide(_december(karin, declared), org.anna)
    karin.register.script(karin.applicant.identity_number, {"fk": [("child_allowance", 1250)]})
    january = do_prepare_standard_calculation(karin.case, JANUARY, acting_user=org.anna)
    allowances = [r for r in january.input["incomes"] if r["type"] == "child_allowance"]
    assert [r["amount"] for r in allowances] == ["1250.00"]
    assert january.result["standard"]["register_not_counted"] == []


def test_a_different_barnbidrag_in_the_register_is_shown_beside_karins_own(tenth_of_december, org):
    karin = tenth_of_december
    declared = LineData(LineKind.INCOME, "child_allowance", Decimal("1250"), karin.son.pk)
    _decide(_december(karin, declared), org.anna)
    karin.register.script(karin.applicant.identity_number, {"fk": [("child_allowance", 1325)]})
    january = do_prepare_standard_calculation(karin.case, JANUARY, acting_user=org.anna)
    assert ("income", "child_allowance", "1250.00") in _rows(january)
    assert ("income", "child_allowance", "1325.00") not in _rows(january)
    shown = january.result["standard"]["register_not_counted"]
    assert [(r["type"], r["amount"]) for r in shown] == [("child_allowance", "1325.00")]


def test_the_income_of_a_lodger_who_moved_out_in_december_is_dropped_from_january(
    tenth_of_december, org
):
    from ekb.people.models import MemberRole
    from tests import factories as f
    from tests.personas import add_member

    karin = tenth_of_december
    lodger = f.person(dt.date(1990, 2, 2), first_name="Johan", last_name="Berg")
    add_member(karin.case, lodger, MemberRole.OTHER_ADULT, valid_to=dt.date(2026, 12, 31))
    paid = LineData(LineKind.INCOME, "rent_contribution", Decimal("1500"), lodger.pk)
    _decide(_december(karin, paid), org.anna)
    january = do_prepare_standard_calculation(karin.case, JANUARY, acting_user=org.anna)
    dropped = january.result["standard"]["dropped"]
    assert [(r["type"], r["amount"], r["member"]) for r in dropped] == [
        ("rent_contribution", "1500.00", lodger.pk)
    ]
    assert "rent_contribution" not in {t for _k, t, _a in _rows(january)}


def test_a_standard_calculation_made_before_december_was_decided_is_made_again(
    tenth_of_december, org
):
    karin = tenth_of_december
    early = do_prepare_standard_calculation(karin.case, JANUARY, acting_user=org.anna)
    assert early.result["standard"]["from_month"] == "2026-11"
    assert latest_standard_calculation(karin.case, JANUARY) == early
    _decide(_december(karin, rent="7500"), org.anna)
    assert latest_standard_calculation(karin.case, JANUARY) is None
    again = do_prepare_standard_calculation(karin.case, JANUARY, acting_user=org.anna)
    assert ("cost", "rent", "7500.00") in _rows(again)
    assert latest_standard_calculation(karin.case, JANUARY) == again


def test_with_decembers_proposal_waiting_for_the_decider_january_starts_from_december(
    tenth_of_december, org
):
    from ekb.decisions.models import MunicipalityPolicy

    karin = tenth_of_december
    MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)
    proposal = _decide(_december(karin, rent="7500"), org.anna)
    assert proposal.status == "awaiting_approval"
    assert first_open_month(karin.case, dt.date(2026, 12, 10)) == JANUARY
    january = do_prepare_standard_calculation(karin.case, JANUARY, acting_user=org.anna)
    assert january.result["standard"]["from_month"] == "2026-12"
    assert ("cost", "rent", "7500.00") in _rows(january)


def _decide_in_one_livelihood_line(application, user, *, keep=()):
    """Anna decides the robot's proposal as one försörjningsstöd line holding every granted
    amount (the reasonable costs inside it), keeping the purposes ``keep`` on lines of their own
    as ``keep`` says: purpose -> (outcome, amount)."""
    from ekb.decisions.calculation import latest_calculation as latest
    from ekb.decisions.choices import Outcome, Purpose
    from ekb.decisions.proposal import propose_lines
    from tests.personas import acknowledging

    keep = dict(keep)
    proposal = propose_lines(application, latest(application))
    livelihood = next(line for line in proposal if line.purpose == Purpose.LIVELIHOOD)
    decided = [livelihood]
    for line in proposal:
        if line.purpose in keep:
            line.outcome, line.amount = keep[line.purpose]
            line.reasons = "Kostnaden beviljas inte: den är inte skälig för hushållet."
            decided.append(line)
        elif line is not livelihood and line.outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED):
            livelihood.amount += line.amount
    livelihood.calculated = livelihood.amount
    livelihood.reasons = (
        "Försörjningsstöd beviljas för riksnormen och hushållets skäliga kostnader för boende "
        "och hushållsel enligt beräkningen."
    )
    return journey.decide_application(
        application,
        decided,
        acting_user=user,
        acknowledgements=acknowledging(application),
        children_consideration="Elias bor kvar i samma bostad; beslutet ändrar inte hans vardag.",
    )


def test_rent_granted_inside_decembers_livelihood_line_is_carried_into_january(
    tenth_of_december, org
):
    from ekb.decisions.choices import Purpose

    karin = tenth_of_december
    decision = _decide_in_one_livelihood_line(_december(karin), org.anna)
    assert decision.status == "decided"
    assert [line.purpose for line in decision.lines.all()] == [Purpose.LIVELIHOOD]
    january = do_prepare_standard_calculation(karin.case, JANUARY, acting_user=org.anna)
    rows = _rows(january)
    assert ("cost", "rent", "7200.00") in rows
    assert ("cost", "electricity", "400.00") in rows
    assert january.reasonable_costs == Decimal("7600.00")


def test_a_home_insurance_refused_on_its_own_line_beside_one_livelihood_line_is_not_carried(
    tenth_of_december, org
):
    from ekb.decisions.choices import Outcome, Purpose

    karin = tenth_of_december
    insurance = LineData(LineKind.COST, "home_insurance", Decimal("150"))
    _decide_in_one_livelihood_line(
        _december(karin, insurance),
        org.anna,
        keep={Purpose.HOME_INSURANCE: (Outcome.REFUSED, Decimal("0"))},
    )
    january = do_prepare_standard_calculation(karin.case, JANUARY, acting_user=org.anna)
    rows = _rows(january)
    assert "home_insurance" not in {t for _k, t, _a in rows}
    assert ("cost", "rent", "7200.00") in rows
    assert ("cost", "electricity", "400.00") in rows


def test_a_rent_line_added_in_decembers_decision_is_carried_into_january(tenth_of_december, org):
    """Karin's December application held no rent (she forgot it); Anna granted the rent on a
    line of its own in the decision. January's calculation carries it."""
    from ekb.decisions.choices import Outcome, Purpose
    from ekb.decisions.lines import LineInput
    from ekb.decisions.proposal import propose_lines
    from tests.personas import acknowledging

    karin = tenth_of_december
    december = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        [LineData(LineKind.COST, "electricity", Decimal("400"))],
        client_person_id=karin.applicant.pk,
    )
    proposal = propose_lines(december, latest_calculation(december))
    proposal.append(
        LineInput(
            purpose=Purpose.RENT,
            outcome=Outcome.GRANTED,
            amount=Decimal("7200.00"),
            reasons="Hyran beviljas enligt hyresavtalet som Karin visade.",
        )
    )
    decision = journey.decide_application(
        december,
        proposal,
        acting_user=org.anna,
        acknowledgements=acknowledging(december),
        children_consideration="Elias bor kvar i samma bostad; beslutet ändrar inte hans vardag.",
    )
    assert decision.lines.filter(purpose=Purpose.RENT).exists()
    january = do_prepare_standard_calculation(karin.case, JANUARY, acting_user=org.anna)
    rows = _rows(january)
    assert ("cost", "rent", "7200.00") in rows
    assert ("cost", "electricity", "400.00") in rows
