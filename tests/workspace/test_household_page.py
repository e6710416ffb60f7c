"""The household on the case page: the caseworker adds, corrects or ends a member with a reason;
bad input names the field and keeps what was typed; the changes and their reasons are listed."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ekb.people.identity_number import make_test_number
from ekb.people.models import HouseholdChange, HouseholdMember, MemberRole
from tests.personas import household_url, staff_log_in

NEWBORN = make_test_number(dt.date(2026, 11, 3), 992)


def test_the_case_page_links_to_the_household_and_its_changes(client, org, renewal, population):
    staff_log_in(client, "anna")
    page = client.get(f"/handlaggare/arenden/{renewal.case.pk}/").content.decode()
    assert household_url(renewal.case) in page
    household = client.get(household_url(renewal.case)).content.decode()
    assert "Elias" in household and "Lägg till en person i hushållet" in household


def test_a_caseworker_adds_a_newborn_with_a_reason(client, org, renewal, population):
    staff_log_in(client, "anna")
    response = client.post(
        household_url(renewal.case),
        {
            "action": "add",
            "identity_number": NEWBORN,
            "first_name": "Tindra",
            "last_name": "Lundqvist",
            "role": "child",
            "valid_from": "2026-11-03",
            "lunch_at_home": "1",
            "reason": "Tindra föddes den 3 november.",
        },
    )
    assert response.status_code == 302
    member = HouseholdMember.objects.get(person__identity_number=NEWBORN)
    assert member.role == MemberRole.CHILD and member.valid_from == dt.date(2026, 11, 3)
    page = client.get(household_url(renewal.case)).content.decode()
    assert "Tindra föddes den 3 november." in page


def test_days_in_the_home_above_the_days_of_the_month_are_refused_and_the_input_kept(
    client, org, renewal, population
):
    staff_log_in(client, "anna")
    elias = HouseholdMember.objects.get(household=renewal.case.household, person=renewal.son)
    response = client.post(
        household_url(renewal.case),
        {
            "action": "edit",
            "member": elias.pk,
            "role": "child",
            "valid_from": "2025-01-01",
            "days_per_month": "45",
            "in_school": "1",
            "reason": "Elias bor hos oss varannan vecka.",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dagar per månad i hushållet (växelvis boende): Dagar i hemmet ska vara mellan 1" in page
    assert 'value="45"' in page and "Elias bor hos oss varannan vecka." in page
    elias.refresh_from_db()
    assert elias.days_per_month is None
    assert not HouseholdChange.objects.exists()


def test_a_caseworker_ends_a_member_with_the_last_day_and_a_reason(
    client, org, renewal, population
):
    staff_log_in(client, "anna")
    elias = HouseholdMember.objects.get(household=renewal.case.household, person=renewal.son)
    bad = client.post(
        household_url(renewal.case),
        {"action": "end", "member": elias.pk, "valid_to": "2026-13-01", "reason": ""},
    )
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Sista dag i hushållet: Datumet finns inte" in page, page
    assert "Skäl till ändringen: Skriv varför hushållet ändras." in page
    response = client.post(
        household_url(renewal.case),
        {"action": "end", "member": elias.pk, "valid_to": "2026-12-15", "reason": "Flyttade."},
    )
    assert response.status_code == 302
    elias.refresh_from_db()
    assert elias.valid_to == dt.date(2026, 12, 15)


def test_the_add_form_starts_with_lunch_at_home_ticked_not_the_lower_amount(
    client, org, renewal, population
):
    # An unticked box would silently give a small child the lower "utan lunch" norm.
    client.force_login(org.anna)
    page = client.get(f"/handlaggare/arenden/{renewal.case.pk}/hushall/").content.decode()
    assert re.search(r'id="add-lunch_at_home" name="lunch_at_home" value="1" checked', page), page


MOVES_IN = make_test_number(dt.date(2018, 5, 6), 994)


@pytest.mark.calendar
def test_more_days_in_the_home_than_from_the_move_in_day_are_refused_naming_the_field(
    client, org, renewal, population
):
    """A child who moves in on 20 December is in the household 12 days that month: the days in
    the home count within that span (ekb.norm.rules.membership), so 15 cannot be December's."""
    staff_log_in(client, "anna")
    data = {
        "action": "add",
        "identity_number": MOVES_IN,
        "first_name": "Vera",
        "last_name": "Lundqvist",
        "role": "child",
        "valid_from": "2026-12-20",
        "days_per_month": "15",
        "in_school": "1",
        "lunch_at_home": "1",
        "reason": "Vera flyttar hit den 20 december och bor här varannan vecka.",
    }
    response = client.post(household_url(renewal.case), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Dagar per månad i hushållet (växelvis boende): Barnet hör till hushållet 12 dagar i "
        "december, från och med 20 december till och med 31 december"
    ) in page
    assert 'value="15"' in page
    assert not HouseholdMember.objects.filter(person__identity_number=MOVES_IN).exists()

    response = client.post(household_url(renewal.case), {**data, "days_per_month": "6"})
    assert response.status_code == 302
    vera = HouseholdMember.objects.get(person__identity_number=MOVES_IN)
    assert vera.days_per_month == 6 and vera.valid_from == dt.date(2026, 12, 20)
