"""The shared home's money through the case flow (issue 9, tester findings 1 and 3).

* Members who join or leave during the month: the common household costs are a monthly
  amount by the persons sharing the home (12 kap. 2–3 §§ SoF 2025:468), taken day by day and
  weighed by days (days weighed, reading in ekb/norm/rules/membership.py;
  tests/norm/cases/2026/sharing_days.yaml), so a child who moves out on the 10th and one who
  moves in on the 20th are never three persons in the home.
* Another adult in the home: the rent is a reasonable cost in full (12 kap. 7 § SoL
  2025:400) and what a lodger pays towards it is the household's income, counted in full
  (12 kap. 1 § SoL; income_types.yaml rent_contribution). When no such contribution is
  stated, the robot raises a warning for the caseworker to assess it, and does not change the
  amount by itself (ekb/cases/warnings.py other_adult_rent).

Riksnorm 2026 (SFS 2025:1046): ensamstående 3 940, barn 7–10 år 3 820; common household
costs 1 280 (1 person), 1 410 (2 persons), 1 790 (3 persons). November 2026 has 30 days; time is frozen on
2026-11-20.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from ekb.applications.actions import LineData
from ekb.applications.choices import ApplicationKind, LineKind
from ekb.cases.household import do_end_household_member
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import WarningStatus
from ekb.decisions.delegation import load_delegation_order
from ekb.decisions.models import CaseWarning
from ekb.decisions.warnings import do_acknowledge_warning
from ekb.flow import journey
from ekb.integrations.registers import override_register_client
from ekb.people.identity_number import make_test_number
from ekb.people.models import MemberRole, Person
from tests import factories as f
from tests.personas import add_member, quiet_register

NOVEMBER = dt.date(2026, 11, 1)
SINGLE = Decimal("3940")
_serials = itertools.count(940)


def born(birth_date: dt.date, first_name: str) -> Person:
    return Person.objects.create(
        identity_number=make_test_number(birth_date, next(_serials)),
        first_name=first_name,
        last_name="Holm",
        birth_date=birth_date,
    )


@pytest.fixture
def sara(org):
    """Sara Holm, 41, applies for November 2026."""
    load_delegation_order(org.muni)
    return f.case(org.norr, assigned=org.anna, applicant=born(dt.date(1985, 5, 5), "Sara"))


def receive(case, rent: str, *extra_lines):
    persons = [m.person for m in case.household.members.select_related("person")]
    lines = [LineData(LineKind.COST, "rent", Decimal(rent)), *extra_lines]
    applicant = case.household.members.get(role=MemberRole.APPLICANT).person
    with override_register_client(quiet_register(*persons)):
        application = journey.receive_application(
            case, NOVEMBER, ApplicationKind.RENEWAL, lines, client_person_id=applicant.pk
        )
    return application


def rent_warnings(application):
    return CaseWarning.objects.filter(application=application, rule="other_adult_rent")


def test_a_child_who_moves_out_on_the_tenth_and_one_who_moves_in_on_the_twentieth_are_never_three(
    sara, org
):
    noa = born(dt.date(2017, 3, 3), "Noa")  # 9 years
    mira = born(dt.date(2018, 4, 4), "Mira")  # 8 years
    moving_out = add_member(sara, noa, MemberRole.CHILD, in_school=True)
    do_end_household_member(
        moving_out, "2026-11-10", "Noa flyttade till sin pappa.", acting_user=org.anna
    )
    add_member(sara, mira, MemberRole.CHILD, in_school=True, valid_from=dt.date(2026, 11, 20))
    snapshot = latest_calculation(receive(sara, "7000"))

    # Noa 1–10 November: 3 820 × 10/30 = 1 273.33 -> 1 273; Mira 20–30 November:
    # 3 820 × 11/30 = 1 400.67 -> 1 401. Common costs by days (12 kap. 2–3 §§ SoF 2025:468):
    # 2 persons 1–10 and 20–30 November 21 days × 1 410 = 29 610 + 1 person 11–19 November
    # 9 days × 1 280 = 11 520; 41 130 / 30 = 1 371. Never three persons on the same day (the
    # whole-month reading gave the 1 790 of three).
    assert [m.get("in_household_to") for m in snapshot.input["members"]][1] == "2026-11-10"
    common = next(r for r in snapshot.result["rows"] if r["rule_id"].startswith("common"))
    assert (common["label"], Decimal(common["amount"])) == (
        "Gemensamma hushållskostnader efter dagarna i hemmet: "
        "21 dagar 2 personer (1 410 kr), 9 dagar 1 person (1 280 kr)",
        Decimal("1371"),
    )
    assert snapshot.norm == SINGLE + Decimal("1273") + Decimal("1401") + Decimal("1371")
    assert snapshot.norm == Decimal("7985")
    assert snapshot.amount == Decimal("7985") + Decimal("7000")


def test_a_lodger_who_pays_three_thousand_towards_the_rent_lowers_the_support_by_that_much(
    sara, org
):
    kim = born(dt.date(1990, 1, 1), "Kim")
    add_member(sara, kim, MemberRole.OTHER_ADULT)
    application = receive(
        sara,
        "9000",
        LineData(LineKind.INCOME, "rent_contribution", Decimal("3000"), member_id=kim.pk),
        LineData(LineKind.INCOME, "salary", Decimal("18000"), member_id=kim.pk),
    )
    snapshot = latest_calculation(application)

    # 3 940 + 1 410 × 1/2 = 4 645; + rent 9 000 = 13 645; Kim's 3 000 towards the rent is
    # the household's income, Kim's salary is Kim's own: 13 645 − 3 000 = 10 645.
    assert snapshot.norm == Decimal("4645")
    assert snapshot.countable_income == Decimal("3000")
    assert snapshot.amount == Decimal("10645")
    row = next(r for r in snapshot.result["rows"] if r["rule_id"].endswith("rent_contribution"))
    assert (row["kind"], row["label"]) == ("income", "Hyresdel från annan vuxen i hemmet")
    assert not rent_warnings(application).exists()  # the contribution is stated


def test_a_lodger_and_no_rent_contribution_raises_a_warning_the_caseworker_acknowledges(sara, org):
    kim = born(dt.date(1990, 1, 1), "Kim")
    add_member(sara, kim, MemberRole.OTHER_ADULT)
    application = receive(sara, "9000")
    snapshot = latest_calculation(application)

    # The rent counts in full; the warning asks the caseworker to assess and gives the
    # per-head share as information: 9 000 × 1 ÷ 2 = 4 500 for Sara's household.
    assert snapshot.amount == Decimal("4645") + Decimal("9000")
    (warning,) = rent_warnings(application)
    assert warning.status == WarningStatus.OPEN
    assert warning.message.startswith("Kim bor i hemmet men ingår inte i hushållets norm")
    assert "hyran, 9\u00a0000 kr, räknas i sin helhet" in warning.message
    assert "hushållets del 4\u00a0500 kr (1 av 2 personer)" in warning.message
    assert "Varningen ändrar inte beloppet" in warning.message

    do_acknowledge_warning(
        warning, comment="Kim betalar ingen hyra enligt kontraktet.", acting_user=org.anna
    )
    warning.refresh_from_db()
    assert (warning.status, warning.acknowledged_by) == (WarningStatus.ACKNOWLEDGED, org.anna)


def test_the_caseworker_correcting_the_lodgers_share_lowers_the_amount_and_closes_the_warning(
    sara, org
):
    kim = born(dt.date(1990, 1, 1), "Kim")
    add_member(sara, kim, MemberRole.OTHER_ADULT)
    # The client answered the e-service's question "Nej, inget" (0 kr): the warning says so.
    application = receive(
        sara,
        "9000",
        LineData(LineKind.INCOME, "rent_contribution", Decimal("0"), member_id=kim.pk),
    )
    (warning,) = rent_warnings(application)
    line = application.lines.get(type="rent_contribution")

    persons = [m.person for m in sara.household.members.select_related("person")]
    with override_register_client(quiet_register(*persons)):
        journey.override_line(
            line, Decimal("3000"), "Kim betalar 3 000 kr enligt kontraktet.", acting_user=org.anna
        )
    snapshot = latest_calculation(application)

    assert snapshot.amount == Decimal("10645")
    warning.refresh_from_db()
    assert warning.status == WarningStatus.CLOSED


def test_a_young_adult_not_in_school_and_no_rent_contribution_is_warned_about(sara, org):
    adam = born(dt.date(2007, 5, 10), "Adam")  # 19, not in school: not the parent's to support
    add_member(sara, adam, MemberRole.CHILD, in_school=False)
    application = receive(sara, "8000")

    (warning,) = rent_warnings(application)
    assert warning.message.startswith("Adam bor i hemmet")
    assert latest_calculation(application).amount == Decimal("4645") + Decimal("8000")


def test_the_client_can_state_what_a_lodger_pays_towards_the_rent_in_the_eservice():
    from ekb.eservice.vocabulary import INCOME_LABELS
    from ekb.norm.vocabulary import INCOME_TYPES

    # The e-service offers every income type of the engine, the rent contribution among them.
    assert set(INCOME_LABELS) == set(INCOME_TYPES)
    assert str(INCOME_LABELS["rent_contribution"]) == (
        "Hyra som någon annan i bostaden betalar till dig"
    )
