"""The household's dates as the caseworker reads them (fresh-eye finding, session 4): a member
first listed because the client applied, or whose facts change from a month, did not move in
that day. "Flyttade in" and "I hushållet från" are said only from a day someone gave."""

from __future__ import annotations

import pytest

from ekb.cases.household import describe_change
from ekb.cases.models import Case
from ekb.people.models import HouseholdChange
from tests.eservice.household_fixtures import (
    JOHAN,
    NORA,
    berg_fixture,  # noqa: F401 - the fixture
    family_answers,
    person,
)
from tests.personas import NOVEMBER, draft_url, staff_log_in, start_draft
from tests.personas import log_in as client_log_in


def send(client, draft, answers):
    assert client.post(draft_url(draft, "hushall/"), answers).status_code == 302
    for step, data in (
        # Nora, another adult in the home: Sara answers that she pays nothing towards the rent.
        ("boende/", {"rent": "9800", "electricity": "600", "rent_contribution-answer": "no"}),
        ("inkomster/", {"income-count": "0"}),
        ("kostnader/", {}),
        ("behov/", {}),
        ("situation/", {"reason": "Jag har blivit arbetslös.", "assets": ""}),
    ):
        assert client.post(draft_url(draft, step), data).status_code == 302, step
    client.post(draft_url(draft, "kontrollera/"))
    client_log_in(client, person(JOHAN))
    assert client.post(draft_url(draft, "bekrafta/")).status_code == 302


def household_page(client, case):
    staff_log_in(client, "anna")
    response = client.get(f"/handlaggare/arenden/{case.pk}/hushall/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.calendar
def test_sara_applying_for_the_first_time_is_not_said_to_have_moved_in_on_the_first(client, berg):
    client_log_in(client, berg.sara)
    draft = start_draft(client, NOVEMBER)
    send(client, draft, family_answers())
    case = Case.objects.get(household=berg.household)

    page = household_page(client, case)
    members, history = page.split("Ändringar i hushållet</h2>")
    assert "I hushållet från" not in members
    assert "flyttade in 1 november" not in page.lower()
    assert "Uppgifter från november 2026" in members
    added = HouseholdChange.objects.filter(kind="added", member__person=person(NORA)).get()
    assert "flyttade in" not in describe_change(added)
    assert "uppgifter från november 2026" in describe_change(added)


@pytest.mark.calendar
def test_a_move_in_day_sara_gave_is_said_as_a_move_in(client, berg):
    client_log_in(client, berg.sara)
    draft = start_draft(client, NOVEMBER)
    assert client.post(draft_url(draft, "hushall/"), family_answers()).status_code == 302
    draft.refresh_from_db()
    johan = f"p{person(JOHAN).pk}"
    draft.answers["household"] = [
        {**m, "moved_in": "2026-11-05"} if m["id"] == johan else m
        for m in draft.answers["household"]
    ]
    draft.save(update_fields=["answers"])
    send(client, draft, family_answers())
    draft.refresh_from_db()
    case = Case.objects.get(household=berg.household)
    page = household_page(client, case)
    added = HouseholdChange.objects.filter(kind="added", member__person=person(JOHAN)).get()
    assert "flyttade in 5 november" in describe_change(added), describe_change(added)
    assert "I hushållet från 5 november" in page


@pytest.mark.calendar
def test_karins_renewal_with_nothing_changed_keeps_elias_row_and_says_no_move_in(client, karin):
    from ekb.people.models import HouseholdMember

    client_log_in(client, karin.applicant)
    draft = start_draft(client)
    elias = f"m-p{karin.son.pk}-"
    son = HouseholdMember.objects.get(person=karin.son)
    response = client.post(
        draft_url(draft, "hushall/"),
        {
            elias + "role": son.role,
            elias + "days": "",
            elias + "school": "1" if son.in_school else "0",
        },
    )
    assert response.status_code == 302
    for step, data in (
        ("boende/", {"rent": "7200", "electricity": "400"}),
        ("inkomster/", {"income-count": "0"}),
        ("kostnader/", {}),
        ("behov/", {}),
    ):
        assert client.post(draft_url(draft, step), data).status_code == 302, step
    assert client.post(draft_url(draft, "kontrollera/")).status_code == 302
    draft.refresh_from_db()
    assert draft.application.document["household_changes"] == []
    rows = HouseholdMember.objects.filter(household=karin.case.household).order_by("pk")
    assert [(r.person_id, r.valid_from, r.valid_to) for r in rows] == [
        (r.person_id, r.valid_from, None) for r in rows
    ]  # nobody ended and continued from December
    assert not HouseholdChange.objects.filter(member__household=karin.case.household).exists()

    page = household_page(client, karin.case)
    members = page.split("Ändringar i hushållet</h2>")[0]
    assert "I hushållet från" not in members and "lyttade in" not in members
    assert "Uppgifter från" in members
