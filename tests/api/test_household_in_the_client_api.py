"""The client API takes the household as the web does (tester finding 9, issue 9): before,
POST /applications had no household field, so an API client confirmed the proposed household as
suggested, whatever the facts. Errors name the field (422)."""

from __future__ import annotations

from ekb.applications.models import Application
from ekb.people.models import HouseholdMember
from tests.personas import DECEMBER, assert_valid, demo_eid_bearer, submit_application


def test_karin_says_through_the_api_that_elias_lives_with_her_half_the_month(client, demo):
    auth = demo_eid_bearer(client, demo.karin.applicant)
    prefill = client.get("/api/v1/me/prefill", headers=auth).json()
    elias = next(m["id"] for m in prefill["household"] if m["role"] == "child")

    wrong = submit_application(
        client,
        auth,
        {
            "month": "2026-12",
            "household": [{"id": elias, "days_in_household": 40}, {"id": "p99999999"}],
        },
    )
    assert wrong.status_code == 422
    errors = wrong.json()["errors"]
    assert "household[1].id" in errors
    late = submit_application(
        client,
        auth,
        {"month": "2026-12", "household_left": [{"id": elias, "moved_out": "2027-01-05"}]},
    )
    assert late.status_code == 422
    assert late.json()["errors"] == {
        "household_left[0].moved_out": ["Datumet ligger efter den månad du söker för."]
    }
    days = submit_application(
        client, auth, {"month": "2026-12", "household": [{"id": elias, "days_in_household": 40}]}
    )
    assert days.status_code == 422
    assert list(days.json()["errors"]) == ["household[0].days_in_household"]
    assert not Application.objects.filter(month=DECEMBER).exists()

    response = submit_application(
        client, auth, {"month": "2026-12", "household": [{"id": elias, "days_in_household": 15}]}
    )
    assert response.status_code == 201, response.content
    document = response.json()["document"]
    assert_valid("application.v1", document)
    child = next(m for m in document["household"] if m["id"] == elias)
    assert child["days_in_household"] == 15
    row = HouseholdMember.objects.get(person_id=int(elias[1:]), valid_from=DECEMBER)
    assert row.days_per_month == 15
