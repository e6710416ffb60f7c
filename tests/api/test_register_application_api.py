"""POST /api/v1/cases/{id}/applications: a caseworker registers an application the client made by
phone, at a visit or on paper, with the channel recorded."""

from __future__ import annotations

import pytest

from tests.personas import bearer

pytestmark = pytest.mark.django_db


def test_the_api_registers_an_oral_application_and_refuses_a_second_for_the_month(client, karin):
    auth = bearer(client, "anna")
    body = {"month": "2026-12-01", "submitted_via": "phone", "received_on": "2026-11-20"}
    url = f"/api/v1/cases/{karin.case.pk}/applications"

    first = client.post(url, body, content_type="application/json", headers=auth)
    second = client.post(url, body, content_type="application/json", headers=auth)

    assert first.status_code == 201, first.content
    assert (first.json()["submitted_via"], first.json()["kind"]) == ("phone", "renewal")
    assert second.status_code == 409
    assert "redan skickat in" in second.json()["errors"]["month"][0]


def test_the_api_names_a_bad_channel(client, karin):
    response = client.post(
        f"/api/v1/cases/{karin.case.pk}/applications",
        {"month": "2026-12-01", "submitted_via": "fax", "received_on": "2026-11-20"},
        content_type="application/json",
        headers=bearer(client, "anna"),
    )

    assert response.status_code == 422
    assert "submitted_via" in response.json()["errors"]
