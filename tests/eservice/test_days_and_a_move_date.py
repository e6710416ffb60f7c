"""A child's days in the home and a move-in or move-out date in the same month are one count of
days, not two fractions (fresh-eye finding A, 2026-12-02); the estimate builds the household the
robot builds, also for a member who "does not live here" since a day in the month (finding B).
Readings: ekb/norm/rules/membership.py (SOSFS 2013:1: a child's costs by the days in the home)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ekb.decisions.calculation import latest_calculation
from ekb.eservice.estimate import estimate_for
from ekb.eservice.estimate import household_month as estimate_household_month
from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f
from tests.personas import draft_url, log_in, start_draft

pytestmark = pytest.mark.calendar


def _walk_to_check(client, draft, incomes=None):
    for step, data in (
        ("boende/", {"rent": "7200", "electricity": "400"}),
        ("inkomster/", incomes or {"income-count": "0"}),
        ("kostnader/", {}),
        ("behov/", {}),
    ):
        response = client.post(draft_url(draft, step), data)
        assert response.status_code == 302, (step, response.content.decode()[:3000])


def _child_row(rows, key):
    return next(r for r in rows if r["member"] == key and "barn" in r["label"])


def test_a_son_who_moved_out_on_the_tenth_and_lived_here_those_ten_days_counts_ten_days_once(
    client, karin
):
    """Karin renews for December; Elias (7) lived with her until he moved out on the 10th and
    she answers both questions: 10 days, last day 10 December. The robot and the estimate count
    3 820 × 10/31 = 1 232 kr for him, not 3 820 × 10/31 × 10/31 = 398 kr."""
    log_in(client, karin.applicant)
    draft = start_draft(client)
    elias = f"p{karin.son.pk}"
    response = client.post(
        draft_url(draft, "hushall/"),
        {
            f"m-{elias}-role": "child",
            f"m-{elias}-days": "10",
            f"m-{elias}-school": "1",
            f"m-{elias}-moved_out": "2026-12-10",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    # With the date saved, the question says which days are meant.
    page = client.get(draft_url(draft, "hushall/")).content.decode()
    assert "Hur många dagar bor Elias hos dig i december, till och med den 10?" in page

    _walk_to_check(client, draft)
    draft.refresh_from_db()
    estimate = estimate_for(draft)
    estimate_row = _child_row([r.__dict__ for r in estimate.calculation.rows], elias)
    assert estimate_row["amount"] == Decimal("1232")
    assert "bor här 10 av 31 dagar (i hushållet 1–10 december)" in estimate_row["label"]

    assert client.post(draft_url(draft, "kontrollera/")).status_code == 302
    draft.refresh_from_db()
    calculation = latest_calculation(draft.application)
    robot_row = _child_row(calculation.result["rows"], elias)
    assert Decimal(robot_row["amount"]) == Decimal("1232")  # 3820 × 10/31 = 1232.26
    assert calculation.amount == estimate.calculation.amount


def test_more_days_in_the_home_than_until_the_move_out_date_names_the_field(client, karin):
    log_in(client, karin.applicant)
    draft = start_draft(client)
    elias = f"p{karin.son.pk}"
    response = client.post(
        draft_url(draft, "hushall/"),
        {
            f"m-{elias}-role": "child",
            f"m-{elias}-days": "15",
            f"m-{elias}-school": "1",
            f"m-{elias}-moved_out": "2026-12-10",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Elias: Dagar i månaden hos dig" in page
    assert (
        "Barnet bor hos dig 10 dagar i december, från och med 1 december till och med "
        "10 december. Skriv hur många av de dagarna barnet bor hos dig, högst 10."
    ) in page
    assert 'value="15"' in page  # kept as typed
    draft.refresh_from_db()
    assert "hushall" not in draft.answers.get("steps_done", [])


def test_a_partner_who_does_not_live_here_since_the_fifteenth_is_estimated_as_the_robot_does(
    client, karin
):
    """Karin's sambo Mats moves out on 15 December; she chooses "Bor inte här" with that date.
    His salary is his for the days he was a member: the estimate must count him (sambo amount for
    15 days, common costs by days) as the robot does, not drop him and keep his salary."""
    mats = f.person(dt.date(1985, 3, 4), first_name="Mats", last_name="Lundqvist")
    HouseholdMember.objects.create(
        household=karin.case.household,
        person=mats,
        role=MemberRole.CO_APPLICANT,
        valid_from=dt.date(2026, 11, 1),
    )
    karin.register.script(mats.identity_number, {})  # the register knows no income of his
    log_in(client, karin.applicant)
    draft = start_draft(client)
    key, elias = f"p{mats.pk}", f"p{karin.son.pk}"
    child = {f"m-{elias}-role": "child", f"m-{elias}-days": "", f"m-{elias}-school": "1"}
    # His salary is on the income step (as last month), then Karin tells that he moved out.
    assert client.post(draft_url(draft, "hushall/"), child).status_code == 302
    _walk_to_check(
        client,
        draft,
        {
            "income-count": "1",
            "income-0-member": key,
            "income-0-type": "salary",
            "income-0-amount": "4000",
        },
    )
    response = client.post(
        draft_url(draft, "hushall/"),
        {**child, f"m-{key}-role": "gone", f"m-{key}-moved_out": "2026-12-15"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    document, _ = estimate_household_month(draft)
    entry = next(m for m in document["members"] if m["id"] == key)
    assert entry["role"] == "co_applicant" and entry["in_household_to"] == "2026-12-15"
    assert document["cohabiting"] is True
    estimate = estimate_for(draft)
    labels = [r.label for r in estimate.calculation.rows]
    assert any("sambor, 15 av 31 dagar" in label for label in labels), labels

    # By hand (riksnorm 2026): sambor 7 100 × 15/31 = 3 435; Karin alone 3 940 × 16/31 = 2 034;
    # Elias (7) 3 820; common costs by days (15 × 1 790 + 16 × 1 410) / 31 = 1 594;
    # rent 7 200 + electricity 400; Mats's salary 4 000: 10 883 + 7 600 − 4 000 = 14 483
    # (before: Mats dropped for the month, Karin alone 3 940 and 2 persons, his salary kept).
    assert estimate.calculation.amount == Decimal("14483")

    # The e-service ties an income to a person listed as living here, so Karin puts his salary
    # on her own line to submit; the household's income is the same and so is the amount.
    salary = {
        "income-count": "1",
        "income-0-member": f"p{karin.applicant.pk}",
        "income-0-type": "salary",
        "income-0-amount": "4000",
    }
    _walk_to_check(client, draft, salary)
    client.post(draft_url(draft, "kontrollera/"))
    # Mats was the co-applicant for the days of the month he lived here: he confirms.
    log_in(client, mats)
    assert client.post(draft_url(draft, "bekrafta/")).status_code == 302
    draft.refresh_from_db()
    calculation = latest_calculation(draft.application)
    assert calculation.amount == Decimal("14483")
    assert estimate_for(draft).calculation.amount == calculation.amount
