"""Jobbstimulans through the case flow: a month counts towards the six months in a row when the
household had försörjningsstöd that month, whatever line it was paid on.

Sara Holm works in a shop. Her salary covers the riksnorm but not the rent, so every month the
försörjningsstöd line (the norm) is refused for income and the rent line is partly granted. The
rent is försörjningsstöd as much as the norm is (SoL 2025:400 12 kap. 1 § and 7 § första stycket 2,
earlier 4 kap. 1 och 3 §§ SoL 2001:453: the norm and the reasonable costs for boende, hushållsel,
arbetsresor, hemförsäkring, fackförening och a-kassa), so from the seventh month 25 % of her
salary is not counted (4 kap. 1 b § SoL 2001:453, carried into SoL 2025:400 12 kap.).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from ekb.applications.actions import LineData
from ekb.applications.choices import ApplicationKind, LineKind
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import Outcome, Purpose
from ekb.decisions.delegation import load_delegation_order
from ekb.decisions.lines import LineInput
from ekb.flow import journey
from ekb.integrations.registers import override_register_client
from tests import factories as f
from tests.personas import (
    SARA_ELECTRICITY,
    SARA_RENT,
    SARA_SALARY,
    acknowledging,
    decide_as_proposed,
    quiet_register,
    sara_lines,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SALARY, RENT, ELECTRICITY = SARA_SALARY, SARA_RENT, SARA_ELECTRICITY
# Riksnorm 2026 for a single adult (socialtjänstförordningen 2025:468 12 kap. 2 §, SFS 2025:1046):
# personal costs 3 940 + common household costs for one person 1 280.
NORM = Decimal("3940") + Decimal("1280")  # 5 220
NEED = NORM + RENT + ELECTRICITY  # 5 220 + 7 200 + 400 = 12 820
MONTHS = [dt.date(2026, m, 1) for m in range(3, 11)]  # March to October 2026


def apply_and_decide(case, applicant, month, user, time_machine):
    """Sara renews on the 20th of the month before; Anna decides the robot's proposal that day."""
    before = (month - dt.timedelta(days=1)).replace(day=20)
    time_machine.move_to(dt.datetime.combine(before, dt.time(10), tzinfo=STOCKHOLM), tick=False)
    application = journey.receive_application(
        case, month, ApplicationKind.RENEWAL, sara_lines(), client_person_id=applicant.pk
    )
    decision = decide_as_proposed(application, user)
    return application, decision


@pytest.mark.calendar
def test_a_working_household_whose_salary_covers_the_norm_but_not_the_rent_earns_jobbstimulans(
    org, stack, time_machine
):
    load_delegation_order(org.muni)
    sara = f.person(dt.date(1990, 2, 14), first_name="Sara", last_name="Holm")
    case = f.case(org.norr, assigned=org.anna, applicant=sara)
    stack.enter_context(override_register_client(quiet_register(sara)))

    amounts = []
    for month in MONTHS:
        application, decision = apply_and_decide(case, sara, month, org.anna, time_machine)
        snapshot = latest_calculation(application)
        amounts.append(snapshot.amount)
        by_purpose = {line.purpose: line for line in decision.lines.all()}
        # The norm is covered by the salary: försörjningsstöd for the norm is refused every month
        # and the support is paid on the rent line.
        assert by_purpose[Purpose.LIVELIHOOD].amount == 0
        assert by_purpose[Purpose.RENT].outcome == Outcome.PARTLY_GRANTED
        assert by_purpose[Purpose.RENT].amount > 0

    # Months 1-6 (March-August): the whole salary counts.
    # 12 820 need - 8 000 salary = 4 820 kr.
    assert amounts[:6] == [NEED - SALARY] * 6 == [Decimal("4820.00")] * 6
    # Months 7-8 (September, October): six months in a row with försörjningsstöd (on the rent
    # line) lie before, so 25 % of the salary is not counted: 8 000 × 0.25 = 2 000 kr.
    disregard = SALARY * Decimal("0.25")
    assert amounts[6:] == [NEED - (SALARY - disregard)] * 2 == [Decimal("6820.00")] * 2
    september = latest_calculation(case.applications.get(month=MONTHS[6]))
    assert september.input["support_history"] == [f"{m:%Y-%m}" for m in MONTHS[:6]]
    rows = [r for r in september.result["rows"] if r["rule_id"] == "jobbstimulans"]
    assert len(rows) == 1 and Decimal(rows[0]["amount"]) == -disregard


@pytest.mark.calendar
def test_a_month_with_only_a_childcare_fee_granted_does_not_count_towards_jobbstimulans(
    org, stack, time_machine
):
    """Barnomsorgsavgift is bistånd till livsföring i övrigt (SOSFS 2013:1: avgifter för
    kommunal service), not försörjningsstöd: months with only that line granted do not count."""
    load_delegation_order(org.muni)
    sara = f.person(dt.date(1990, 2, 14), first_name="Sara", last_name="Holm")
    case = f.case(org.norr, assigned=org.anna, applicant=sara)
    stack.enter_context(override_register_client(quiet_register(sara)))
    fee = Decimal("500")
    # The salary covers the norm, the rent and the electricity to the krona (12 820 kr).
    applied = [*sara_lines()[:2], LineData(LineKind.COST, "childcare_fee", fee)]
    applied.append(LineData(LineKind.INCOME, "salary", NEED))
    covered = "Hushållets inkomster räcker till kostnaden."
    decided = [
        LineInput(Purpose.LIVELIHOOD, Outcome.REFUSED, Decimal(0), None, Decimal(0), covered),
        LineInput(Purpose.RENT, Outcome.REFUSED, Decimal(0), RENT, Decimal(0), covered),
        LineInput(
            Purpose.ELECTRICITY, Outcome.REFUSED, Decimal(0), ELECTRICITY, Decimal(0), covered
        ),
        # The robot would let the salary cover the fee before the rent (proposal.REDUCTION_ORDER);
        # the caseworker decides it the other way round, so the line says why (FL 32 §).
        LineInput(
            Purpose.CHILDCARE,
            Outcome.GRANTED,
            fee,
            fee,
            fee,
            "Lönen räcker till hyran och elen; avgiften för förskolan beviljas.",
        ),
    ]
    for month in MONTHS[:7]:
        before = (month - dt.timedelta(days=1)).replace(day=20)
        time_machine.move_to(dt.datetime.combine(before, dt.time(10), tzinfo=STOCKHOLM), tick=False)
        application = journey.receive_application(
            case, month, ApplicationKind.RENEWAL, applied, client_person_id=sara.pk
        )
        journey.decide_application(
            application, decided, acting_user=org.anna, acknowledgements=acknowledging(application)
        )
    september = latest_calculation(case.applications.get(month=MONTHS[6]))
    assert september.input["support_history"] == []
    assert not [r for r in september.result["rows"] if r["rule_id"] == "jobbstimulans"]


# --- per person: "för den som har fått försörjningsstöd" --------------------------------------
#
# Jobbstimulans is the earner's own (4 kap. 1 b § SoL 2001:453, SFS 2013:421; carried into SoL
# 2025:400 12 kap.): the months of försörjningsstöd are counted per person
# (ekb.decisions.support_history), and each adult's own months decide the disregard on that adult's
# salary. Riksnorm 2026 for sambor (socialtjänstförordningen 2025:468 12 kap. 2 § och 3 §,
# SFS 2025:1046): personal costs 7 100 + common household costs for two 1 410 = 8 510 kr.
COUPLE_NORM = Decimal("7100") + Decimal("1410")  # 8 510
COUPLE_NEED = COUPLE_NORM + RENT + ELECTRICITY  # 8 510 + 7 200 + 400 = 16 110
JONAS_SALARY = Decimal("6000")


def move_in(case, person, day, user):
    """Anna adds a sambo to the household from ``day`` (he is not registered there yet)."""
    from ekb.cases.household import do_add_household_member

    do_add_household_member(
        case,
        {
            "role": "co_applicant",
            "identity_number": person.identity_number,
            "valid_from": day.isoformat(),
            "unregistered_reason": "Flyttade in nyss, folkbokförs på adressen senare.",
        },
        "Sambo flyttade in.",
        acting_user=user,
    )


def couple_lines(earner, other, other_salary):
    return [
        LineData(LineKind.COST, "rent", RENT),
        LineData(LineKind.COST, "electricity", ELECTRICITY),
        LineData(LineKind.INCOME, "salary", SALARY, member_id=earner.pk),
        LineData(LineKind.INCOME, "salary", other_salary, member_id=other.pk),
    ]


def jobbstimulans_rows(snapshot):
    return {
        r["member"]: Decimal(r["amount"])
        for r in snapshot.result["rows"]
        if r["rule_id"] == "jobbstimulans"
    }


@pytest.mark.calendar
def test_a_new_sambo_with_a_salary_gets_no_jobbstimulans_from_the_applicants_seven_months(
    org, stack, time_machine
):
    """Sara has had försörjningsstöd March–September; Jonas moves in on 1 October with a salary
    of his own. Sara's salary gets 25 % disregarded, his does not: he has not had any."""
    load_delegation_order(org.muni)
    sara = f.person(dt.date(1990, 2, 14), first_name="Sara", last_name="Holm")
    jonas = f.person(dt.date(1987, 9, 1), first_name="Jonas", last_name="Berg")
    case = f.case(org.norr, assigned=org.anna, applicant=sara)
    stack.enter_context(override_register_client(quiet_register(sara, jonas)))
    for month in MONTHS[:7]:  # March–September: seven months with försörjningsstöd
        apply_and_decide(case, sara, month, org.anna, time_machine)
    october = MONTHS[7]
    time_machine.move_to(dt.datetime(2026, 9, 20, 10, tzinfo=STOCKHOLM), tick=False)
    move_in(case, jonas, october, org.anna)

    application = journey.receive_application(
        case,
        october,
        ApplicationKind.RENEWAL,
        couple_lines(sara, jonas, JONAS_SALARY),
        client_person_id=sara.pk,
    )

    snapshot = latest_calculation(application)
    by_member = {m["id"]: m for m in snapshot.input["members"]}
    assert by_member[f"p{sara.pk}"]["support_history"] == [f"{m:%Y-%m}" for m in MONTHS[:7]]
    assert by_member[f"p{jonas.pk}"]["support_history"] == []
    # Sara's 8 000 × 0.25 = 2 000 is not counted; Jonas's 6 000 counts in full.
    assert jobbstimulans_rows(snapshot) == {f"p{sara.pk}": Decimal("-2000.00")}
    # 16 110 − (8 000 + 6 000 − 2 000) = 4 110 kr (with his salary disregarded too: 5 610).
    assert snapshot.amount == COUPLE_NEED - (SALARY + JONAS_SALARY - Decimal("2000"))
    assert snapshot.amount == Decimal("4110.00")


@pytest.mark.calendar
def test_a_sambo_who_had_six_months_in_her_own_earlier_case_brings_them_to_his_household(
    org, stack, time_machine
):
    """Sara had försörjningsstöd in her own case March–August and moves in with Jonas on
    1 September; Jonas has never had any. In his case her salary gets 25 % disregarded, his
    does not."""
    from ekb.cases.models import Case
    from ekb.people.models import HouseholdMember

    load_delegation_order(org.muni)
    sara = f.person(dt.date(1990, 2, 14), first_name="Sara", last_name="Holm")
    jonas = f.person(dt.date(1987, 9, 1), first_name="Jonas", last_name="Berg")
    her_case = f.case(org.norr, assigned=org.anna, applicant=sara)
    his_case = f.case(org.norr, assigned=org.ida, applicant=jonas)
    stack.enter_context(override_register_client(quiet_register(sara, jonas)))
    for month in MONTHS[:6]:  # March–August
        apply_and_decide(her_case, sara, month, org.anna, time_machine)
    HouseholdMember.objects.filter(household=her_case.household, person=sara).update(
        valid_to=dt.date(2026, 8, 31)
    )
    Case.objects.filter(pk=her_case.pk).update(
        closed_on=dt.date(2026, 8, 31), closure_reason="work"
    )
    september = MONTHS[6]
    time_machine.move_to(dt.datetime(2026, 8, 20, 10, tzinfo=STOCKHOLM), tick=False)
    move_in(his_case, sara, september, org.ida)

    application = journey.receive_application(
        his_case,
        september,
        ApplicationKind.RENEWAL,
        couple_lines(jonas, sara, JONAS_SALARY),
        client_person_id=jonas.pk,
    )

    snapshot = latest_calculation(application)
    by_member = {m["id"]: m for m in snapshot.input["members"]}
    assert by_member[f"p{sara.pk}"]["support_history"] == [f"{m:%Y-%m}" for m in MONTHS[:6]]
    assert by_member[f"p{jonas.pk}"]["support_history"] == []
    # Sara earns 6 000 here: 1 500 is not counted; Jonas's 8 000 counts in full.
    assert jobbstimulans_rows(snapshot) == {f"p{sara.pk}": Decimal("-1500.00")}
    # 16 110 − (8 000 + 6 000 − 1 500) = 3 610 kr (with his disregarded too: 5 610).
    assert snapshot.amount == Decimal("3610.00")
