"""The yearly cap on a child's exempt earnings, through the case flow.

Earned income of a child or school youth living at home is not counted up to one prisbasbelopp
per calendar year; the part above is counted (4 kap. 1 a § SoL 2001:453 as amended by SFS
2013:421, carried into SoL 2025:400 12 kap.; ekb/norm/parameters/income/child_earnings_exemption.yaml).
Prisbasbelopp 2026: 59 200 kr (2 kap. 6 och 7 §§ socialförsäkringsbalken; parameters/prisbasbelopp.yaml).

Maria Ek lives with her son Oskar, 16 and at upper secondary school, who has a summer job.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from ekb.applications.actions import LineData
from ekb.applications.choices import ApplicationKind, LineKind
from ekb.decisions.calculation import household_month, latest_calculation
from ekb.decisions.delegation import load_delegation_order
from ekb.flow import journey
from ekb.integrations.registers import override_register_client
from ekb.integrations.registers.fake import FakeRegisterClient
from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f
from tests.personas import decide_as_proposed

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CAP_2026 = Decimal("59200")  # 1 × prisbasbelopp 2026
RENT, ELECTRICITY = Decimal("8500"), Decimal("500")
# Riksnorm 2026 (socialtjänstförordningen 2025:468 12 kap. 2 §, SFS 2025:1046): single adult
# 3 940 + child 15–18 years 4 960 + common household costs for two persons 1 410.
NORM = Decimal("3940") + Decimal("4960") + Decimal("1410")  # 10 310
NEED = NORM + RENT + ELECTRICITY  # 10 310 + 8 500 + 500 = 19 310


def on(time_machine, *moment: int) -> None:
    """Move the clock to (year, month, day, hour[, minute]) in Stockholm."""
    time_machine.move_to(dt.datetime(*moment, tzinfo=STOCKHOLM), tick=False)


class CountingRegister(FakeRegisterClient):
    """The fake register, counting which months it was asked about which persons."""

    def __init__(self, **kwargs):
        super().__init__(generate=False, **kwargs)
        self.asked: list[tuple[tuple[str, ...], dt.date]] = []

    def fetch(self, identity_numbers, month):
        self.asked.append((tuple(identity_numbers), month))
        return super().fetch(identity_numbers, month)


@pytest.fixture
def maria(org, stack):
    load_delegation_order(org.muni)
    mother = f.person(dt.date(1984, 11, 2), first_name="Maria", last_name="Ek")
    oskar = f.person(dt.date(2010, 3, 5), first_name="Oskar", last_name="Ek")
    case = f.case(org.norr, assigned=org.anna, applicant=mother)
    HouseholdMember.objects.create(
        household=case.household,
        person=oskar,
        role=MemberRole.CHILD,
        in_school=True,
        valid_from=dt.date(2025, 1, 1),
    )
    register = CountingRegister()
    register.script(mother.identity_number, {})
    register.script(oskar.identity_number, {})
    stack.enter_context(override_register_client(register))
    return type("Maria", (), {"mother": mother, "oskar": oskar, "case": case, "register": register})


def apply(maria, month: dt.date, oskar_earned: Decimal):
    lines = [
        LineData(LineKind.COST, "rent", RENT),
        LineData(LineKind.COST, "electricity", ELECTRICITY),
        LineData(LineKind.INCOME, "child_salary", oskar_earned, member_id=maria.oskar.pk),
    ]
    return journey.receive_application(
        maria.case, month, ApplicationKind.RENEWAL, lines, client_person_id=maria.mother.pk
    )


def exemption(snapshot) -> Decimal:
    rows = [r for r in snapshot.result["rows"] if r["rule_id"] == "child_earnings_exemption"]
    return -sum((Decimal(r["amount"]) for r in rows), Decimal(0))


@pytest.mark.calendar
def test_a_school_age_child_who_earned_earlier_in_the_year_passes_the_cap_in_august(
    org, maria, time_machine
):
    earned = {
        dt.date(2026, 6, 1): Decimal("20000"),
        dt.date(2026, 7, 1): Decimal("25000"),
        dt.date(2026, 8, 1): Decimal("18000"),
    }
    snapshots = {}
    for month, amount in earned.items():
        on(time_machine, 2026, month.month - 1, 20, 10)
        application = apply(maria, month, amount)
        snapshots[month] = latest_calculation(application)
        decide_as_proposed(application, org.anna)

    june, july, august = snapshots.values()
    # June: nothing earned before (no application January–May, the register reports nothing):
    # all 20 000 kr stay under the cap of 59 200 kr.
    assert exemption(june) == Decimal("20000")
    # July: 20 000 kr earlier; 59 200 − 20 000 = 39 200 kr left: all 25 000 kr exempt.
    assert july.input["incomes"][0]["earned_this_year_before"] == "20000.00"
    assert exemption(july) == Decimal("25000")
    # August: 20 000 + 25 000 = 45 000 kr earlier; 59 200 − 45 000 = 14 200 kr left under the
    # cap, so 14 200 kr of the 18 000 kr are exempt and 18 000 − 14 200 = 3 800 kr count.
    assert august.input["incomes"][0]["earned_this_year_before"] == "45000.00"
    assert exemption(august) == CAP_2026 - Decimal("45000") == Decimal("14200")
    assert august.countable_income == Decimal("3800.00")
    # 19 310 kr need − 3 800 kr counted = 15 510 kr.
    assert august.amount == NEED - Decimal("3800") == Decimal("15510.00")


@pytest.mark.calendar
def test_months_without_an_application_count_what_the_register_reports_the_child_earned(
    org, maria, time_machine
):
    # Skatteverket's employer declarations: Oskar was paid 4 000 kr net every month. Maria
    # applies in EKB for the first time for August; January–July come from the register.
    maria.register.script(
        maria.oskar.identity_number,
        {"skv": [("salary", 4000, "Lön enligt arbetsgivardeklaration")]},
    )
    on(time_machine, 2026, 7, 20, 10)
    august = latest_calculation(apply(maria, dt.date(2026, 8, 1), Decimal("35000")))

    # 7 months × 4 000 = 28 000 kr earlier; 59 200 − 28 000 = 31 200 kr exempt of 35 000;
    # 35 000 − 31 200 = 3 800 kr count; 19 310 − 3 800 = 15 510 kr.
    assert august.input["incomes"][0]["earned_this_year_before"] == "28000.00"
    assert exemption(august) == CAP_2026 - 7 * Decimal("4000") == Decimal("31200")
    assert august.countable_income == Decimal("3800.00")
    assert august.amount == Decimal("15510.00")
    asked_about_oskar = [
        m for numbers, m in maria.register.asked if numbers == (maria.oskar.identity_number,)
    ]
    assert asked_about_oskar == [dt.date(2026, m, 1) for m in range(1, 8)]


@pytest.mark.calendar
def test_two_earnings_lines_in_one_month_share_one_cap(org, maria, time_machine):
    on(time_machine, 2026, 7, 20, 10)
    lines = [
        LineData(LineKind.COST, "rent", RENT),
        LineData(LineKind.INCOME, "child_salary", Decimal("40000"), member_id=maria.oskar.pk),
        LineData(LineKind.INCOME, "child_salary", Decimal("30000"), member_id=maria.oskar.pk),
    ]
    application = journey.receive_application(
        maria.case,
        dt.date(2026, 8, 1),
        ApplicationKind.RENEWAL,
        lines,
        client_person_id=maria.mother.pk,
    )
    snapshot = latest_calculation(application)
    # 70 000 kr in August, nothing before: 59 200 kr exempt, not 2 × 40 000.
    assert exemption(snapshot) == CAP_2026
    assert snapshot.countable_income == Decimal("70000") - CAP_2026 == Decimal("10800.00")


@pytest.mark.calendar
def test_an_application_made_on_new_years_eve_for_january_starts_the_year_from_zero(
    org, maria, time_machine
):
    """The cap is per calendar year: in January nothing was earned before, even when the
    application is made on 31 December after a December with earnings."""
    on(time_machine, 2026, 11, 20, 10)
    apply(maria, dt.date(2026, 12, 1), Decimal("30000"))
    on(time_machine, 2026, 12, 31, 23, 30)
    january = apply(maria, dt.date(2027, 1, 1), Decimal("5000"))
    maria.register.asked.clear()

    document = household_month(january)

    assert document["incomes"][0]["earned_this_year_before"] == "0.00"
    assert not maria.register.asked  # no earlier month of 2027 to ask about


@pytest.mark.calendar
def test_in_december_the_whole_year_before_counts(org, maria, time_machine):
    on(time_machine, 2026, 11, 20, 10)
    december = apply(maria, dt.date(2026, 12, 1), Decimal("1000"))
    maria.register.script(
        maria.oskar.identity_number, {"skv": [("salary", 5000)]}, month=dt.date(2026, 3, 1)
    )
    # January–November: no application in EKB; the register reports 5 000 kr in March only.
    assert household_month(december)["incomes"][0]["earned_this_year_before"] == "5000.00"
