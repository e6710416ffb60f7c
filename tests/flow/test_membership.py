"""Who is in the household this month, through the case flow (issue 9).

The caseworker receives an application for a household, the journey prepares it, and the
calculation snapshot must be what the law gives, to the krona:

* a young person of 18–20 not in school is not the parents' to support (7 kap. 1 §
  föräldrabalken): not in the norm, their income not counted, but they live in the home and
  count for the common household costs (12 kap. 3 § socialtjänstförordningen 2025:468);
* a member born, moving in or moving out during the month is counted for the days they were
  in the household, from HouseholdMember.valid_from / valid_to (the riksnorm is monthly,
  12 kap. 2 § SoF; SOSFS 2013:1 counts costs by days), see tests/norm/cases/2026/members.yaml;
  the common household costs are each day's amount for the persons in the home that day,
  weighed by days and rounded to whole kronor once (12 kap. 2–3 §§ SoF 2025:468; days
  weighed, reading in ekb/norm/rules/membership.py);
* the snapshot's row labels carry no internal ids.

Riksnorm 2026 (SoF 2025:468 12 kap. 2–3 §§ as amended by SFS 2025:1046): ensamstående 3 940,
sambor 7 100, barn 0 år 2 740, 7–10 år 3 820, 15–18 år 4 960; common household costs for 1
person 1 280, 2 persons 1 410, 3 persons 1 790. November 2026 has 30 days. Time is frozen on 2026-11-20.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from ekb.applications.actions import LineData
from ekb.applications.choices import ApplicationKind, LineKind
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.delegation import load_delegation_order
from ekb.flow import journey
from ekb.integrations.registers import override_register_client
from ekb.people.identity_number import make_test_number
from ekb.people.models import MemberRole, Person, Relationship
from tests import factories as f
from tests.personas import add_member, quiet_register

NOVEMBER = dt.date(2026, 11, 1)
RENT = Decimal("7000")
SINGLE, COUPLE = Decimal("3940"), Decimal("7100")
COMMON_2, COMMON_3 = Decimal("1410"), Decimal("1790")
_serials = itertools.count(980)


def born(birth_date: dt.date, first_name: str) -> Person:
    """A person with exactly this birth date (tests/factories.py shifts birth dates to keep
    numbers unique; these tests turn on the day)."""
    return Person.objects.create(
        identity_number=make_test_number(birth_date, next(_serials)),
        first_name=first_name,
        last_name="Berg",
        birth_date=birth_date,
    )


@pytest.fixture
def lena(org):
    """Lena Berg, 41, applies for November 2026."""
    load_delegation_order(org.muni)
    mother = born(dt.date(1985, 5, 5), "Lena")
    case = f.case(org.norr, assigned=org.anna, applicant=mother)
    return case


def receive(case, *extra_lines):
    persons = [m.person for m in case.household.members.select_related("person")]
    lines = [LineData(LineKind.COST, "rent", RENT), *extra_lines]
    applicant = case.household.members.get(role=MemberRole.APPLICANT).person
    with override_register_client(quiet_register(*persons)):
        application = journey.receive_application(
            case, NOVEMBER, ApplicationKind.RENEWAL, lines, client_person_id=applicant.pk
        )
    return latest_calculation(application)


def rows_of(snapshot, person) -> list[dict]:
    return [r for r in snapshot.result["rows"] if r["member"] == f"p{person.pk}"]


def test_a_nineteen_year_old_not_in_school_counts_for_the_shared_costs_but_not_the_norm(lena):
    adam = born(dt.date(2007, 5, 10), "Adam")  # 19 on 1 November 2026
    add_member(lena, adam, MemberRole.CHILD, in_school=False)
    snapshot = receive(
        lena, LineData(LineKind.INCOME, "child_salary", Decimal("9000"), member_id=adam.pk)
    )

    # Lena 3 940 + the common costs of 2 persons, her household's share 1 of 2:
    # 1 410 × 1/2 = 705. Adam has no personal costs and his 9 000 kr are his own.
    assert snapshot.norm == SINGLE + COMMON_2 / 2 == Decimal("4645")
    assert snapshot.countable_income == Decimal("0")
    assert snapshot.amount == Decimal("4645") + RENT == Decimal("11645.00")
    assert snapshot.input["members"][1]["in_school"] is False
    adam_rows = rows_of(snapshot, adam)
    assert {r["kind"] for r in adam_rows} == {"info"}  # not in the norm, income not counted
    assert not any(r["rule_id"] == "child_earnings_exemption" for r in snapshot.result["rows"])
    common = next(r for r in snapshot.result["rows"] if r["rule_id"].startswith("common"))
    assert Decimal(common["amount"]) == Decimal("705")
    assert "7 kap. 1 § föräldrabalken" in adam_rows[0]["legal_reference"]


def test_an_eighteen_year_old_not_in_school_is_no_longer_a_child_of_the_household(lena):
    # Before issue 9 the age limit was 19: Elin was in the norm (+4 960) and the household
    # was paid 4 960 − 705 = 4 255 kr too much.
    elin = born(dt.date(2008, 5, 10), "Elin")  # 18 on 1 November 2026
    add_member(lena, elin, MemberRole.CHILD, in_school=False)
    snapshot = receive(lena)

    assert snapshot.norm == SINGLE + COMMON_2 / 2 == Decimal("4645")
    assert {r["kind"] for r in rows_of(snapshot, elin)} == {"info"}


def test_an_eighteen_year_old_in_school_is_still_in_the_norm(lena):
    elin = born(dt.date(2008, 5, 10), "Elin")
    add_member(lena, elin, MemberRole.CHILD, in_school=True)
    snapshot = receive(lena)

    # 3 940 + 4 960 (15–18 år) + 1 410
    assert snapshot.norm == SINGLE + Decimal("4960") + COMMON_2 == Decimal("10310")


def test_a_baby_born_during_the_month_is_counted_from_the_birth_day(lena):
    baby = born(dt.date(2026, 11, 11), "Ella")
    add_member(lena, baby, MemberRole.CHILD, valid_from=dt.date(2026, 11, 11))
    snapshot = receive(lena)

    # 11–30 November = 20 of 30 days: 2 740 × 20/30 = 1 826.67 -> 1 827; common costs by
    # days: 2 persons 20 days × 1 410 = 28 200 + 1 person 10 days × 1 280 = 12 800;
    # 41 000 / 30 = 1 366.67 -> 1 367 (12 kap. 2–3 §§ SoF 2025:468, days weighed).
    assert snapshot.input["members"][1]["in_household_from"] == "2026-11-11"
    assert snapshot.norm == SINGLE + Decimal("1827") + Decimal("1367") == Decimal("7134")
    (row,) = rows_of(snapshot, baby)
    assert row["label"] == "Personliga kostnader, barn 0 år, i hushållet 20 av 30 dagar"


def test_a_child_who_moves_out_on_the_fifteenth_is_counted_for_fifteen_days(lena):
    noa = born(dt.date(2017, 3, 3), "Noa")  # 9 years
    add_member(lena, noa, MemberRole.CHILD, in_school=True, valid_to=dt.date(2026, 11, 15))
    snapshot = receive(lena)

    # 3 820 × 15/30 = 1 910; common costs by days: 2 persons 1–15 November 15 days × 1 410 =
    # 21 150 + 1 person 15 days × 1 280 = 19 200; 40 350 / 30 = 1 345 (12 kap. 2–3 §§ SoF
    # 2025:468, days weighed).
    assert snapshot.input["members"][1]["in_household_to"] == "2026-11-15"
    assert snapshot.norm == SINGLE + Decimal("1910") + Decimal("1345") == Decimal("7195")


def test_a_child_who_moves_in_mid_month_counts_the_days_in_the_home_once(lena):
    noa = born(dt.date(2017, 3, 3), "Noa")
    add_member(
        lena,
        noa,
        MemberRole.CHILD,
        in_school=True,
        days_per_month=15,
        valid_from=dt.date(2026, 11, 16),
    )
    snapshot = receive(lena)

    # The days in the home are the days of this month, within the span 16–30 November (one
    # count of days, not two fractions; rules/membership.py): min(15, 15) = 15 days,
    # 3 820 × 15/30 = 1 910. Common costs by days: 1 person 15 days × 1 280 = 19 200 +
    # 2 persons 15 days × 1 410 = 21 150; 40 350 / 30 = 1 345 (12 kap. 2–3 §§ SoF 2025:468).
    assert snapshot.norm == SINGLE + Decimal("1910") + Decimal("1345") == Decimal("7195")


def test_a_co_applicant_who_moves_in_on_the_twenty_first_is_sambo_for_ten_days(lena):
    jonas = born(dt.date(1984, 6, 6), "Jonas")
    add_member(
        lena,
        jonas,
        MemberRole.CO_APPLICANT,
        relationship=Relationship.COHABITING,
        valid_from=dt.date(2026, 11, 21),
    )
    snapshot = receive(lena)

    # Sambor for 21–30 November: 7 100 × 10/30 = 2 366.67 -> 2 367; Lena alone 1–20
    # November: 3 940 × 20/30 = 2 626.67 -> 2 627; common costs by days: 1 person 20 days ×
    # 1 280 = 25 600 + 2 persons 10 days × 1 410 = 14 100; 39 700 / 30 = 1 323.33 -> 1 323
    # (12 kap. 2–3 §§ SoF 2025:468, days weighed).
    assert snapshot.input["cohabiting"] is True
    assert snapshot.norm == Decimal("2367") + Decimal("2627") + Decimal("1323") == Decimal("6317")
    common = next(r for r in snapshot.result["rows"] if r["rule_id"].startswith("common"))
    assert common["label"] == (
        "Gemensamma hushållskostnader efter dagarna i hemmet: "
        "20 dagar 1 person (1 280 kr), 10 dagar 2 personer (1 410 kr)"
    )


def test_etableringsersattning_counts_in_full_and_no_row_label_names_an_id(lena):
    noa = born(dt.date(2017, 3, 3), "Noa")
    add_member(lena, noa, MemberRole.CHILD, in_school=True)
    snapshot = receive(
        lena,
        LineData(LineKind.INCOME, "establishment_benefit", Decimal("6500")),
        LineData(LineKind.INCOME, "child_allowance", Decimal("1250")),
    )

    # 3 940 + 3 820 + 1 410 = 9 170; + rent 7 000 = 16 170; − 6 500 − 1 250 = 8 420
    assert snapshot.countable_income == Decimal("7750.00")
    assert snapshot.amount == Decimal("9170") + RENT - Decimal("7750") == Decimal("8420")
    labels = [row["label"] for row in snapshot.result["rows"]]
    assert "Personliga kostnader, barn 7–10 år" in labels, labels  # Noa's row, without her id
    for label in labels:
        assert "(p" not in label and f"p{noa.pk}" not in label


def test_another_adult_in_the_home_shares_the_common_costs_and_keeps_their_income(lena):
    lodger = born(dt.date(1999, 1, 1), "Kim")
    add_member(lena, lodger, MemberRole.OTHER_ADULT)
    snapshot = receive(
        lena, LineData(LineKind.INCOME, "salary", Decimal("12000"), member_id=lodger.pk)
    )

    # 3 940 + 1 410 × 1/2 = 705 -> 4 645; Kim's salary is not the household's.
    assert snapshot.norm == SINGLE + COMMON_2 / 2 == Decimal("4645")
    assert snapshot.countable_income == Decimal("0")
    assert [m["role"] for m in snapshot.input["members"]] == ["applicant", "other_adult"]
