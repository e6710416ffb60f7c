"""The household's history as the caseworker reads it (tester finding 7, issue 9): every member
with dates, one who moved out during the month still listed and counted for those days, a
future member shown as moving in, and every change said in words, without personnummer."""

from __future__ import annotations

import datetime as dt

from ekb.people.identity_number import make_test_number
from tests.personas import household_url, staff_log_in

LEO = make_test_number(dt.date(2017, 2, 14), 994)
MIKAEL = make_test_number(dt.date(1985, 3, 3), 996)


def add(client, case, **values):
    response = client.post(household_url(case), {"action": "add", "lunch_at_home": "1", **values})
    assert response.status_code == 302, response.content.decode()[:4000]


def test_anna_reads_who_moved_in_and_out_of_karins_household_and_when(
    client, org, renewal, population
):
    staff_log_in(client, "anna")
    case = renewal.case
    add(
        client,
        case,
        identity_number=LEO,
        first_name="Leo",
        last_name="Lundqvist",
        role="child",
        valid_from="2026-11-01",
        days_per_month="15",
        reason="Leo bor hos Karin varannan vecka.",
    )
    add(
        client,
        case,
        identity_number=MIKAEL,
        first_name="Mikael",
        last_name="Ek",
        role="co_applicant",
        valid_from="2026-12-05",
        unregistered_reason="Flyttar in den 5 december, folkbokförs då.",
        reason="Karin och Mikael blir sambor.",
    )
    from ekb.people.models import HouseholdMember

    elias = HouseholdMember.objects.get(household=case.household, person=renewal.son)
    response = client.post(
        household_url(case),
        {"action": "end", "member": elias.pk, "valid_to": "2026-11-10", "reason": "Flyttade."},
    )
    assert response.status_code == 302

    page = client.get(household_url(case)).content.decode()
    members, history = page.split("Ändringar i hushållet</h2>")
    # Elias moved out on 10 November: still listed this month and counted for those days.
    assert "Elias Lundqvist" in members
    assert "Flyttade ut 10 november, räknas med 10 av 30 dagar i november" in members
    # Mikael moves in in December: not shown as present.
    assert "Flyttar in 5 december" in members
    assert "I hushållet från 5 december" not in members
    assert "Från 2026-12-05" in members and "till och med 2026-11-10" in members
    # The changes in words, with the first name and never the personnummer.
    assert "Barn tillagt: Leo, bor här 15 dagar i månaden" in history
    assert "Medsökande tillagd: Mikael, flyttar in 5 december" in history
    assert "Barn Elias flyttade ut 10 november" in history
    assert "Hushållet ändrat" not in history
    for number in (LEO, MIKAEL, renewal.son.identity_number):
        assert number not in history and f"{number[:8]}-{number[8:]}" not in history


def test_the_case_page_says_what_changed_in_karins_household_not_only_that_it_changed(
    client, org, renewal, population
):
    staff_log_in(client, "anna")
    add(
        client,
        renewal.case,
        identity_number=LEO,
        first_name="Leo",
        last_name="Lundqvist",
        role="child",
        valid_from="2026-11-01",
        days_per_month="15",
        reason="Leo bor hos Karin varannan vecka.",
    )
    page = client.get(f"/handlaggare/arenden/{renewal.case.pk}/").content.decode()
    assert "Barn tillagt: Leo, bor här 15 dagar i månaden" in page
