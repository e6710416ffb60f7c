from __future__ import annotations

import pytest
from django.test import override_settings

from ekb.audit.models import AccessLogEntry
from tests.factories import PASSWORD


def token_for(client, username, password=PASSWORD):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_a_caseworker_gets_a_token_and_reads_a_case_of_her_unit(client, org, cases):
    response = token_for(client, "anna")
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and len(body["token"]) > 30

    summary = client.get(
        f"/api/v1/cases/{cases.norr_idas.pk}", headers={"Authorization": f"Bearer {body['token']}"}
    )
    assert summary.status_code == 200
    data = summary.json()
    assert data["number"] == cases.norr_idas.number
    assert data["unit"] == "Norr"
    assert data["members"][0]["role"] == "applicant"


def test_a_case_of_another_unit_is_not_found_and_the_denial_is_logged(client, org, cases):
    token = token_for(client, "anna").json()["token"]
    response = client.get(
        f"/api/v1/cases/{cases.soder_bertils.pk}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 404
    row = AccessLogEntry.objects.get(case_id=cases.soder_bertils.pk)
    assert (row.outcome, row.channel, row.actor_username) == ("denied", "api", "anna")


def test_a_missing_case_and_a_hidden_one_answer_the_same(client, org, cases):
    token = token_for(client, "anna").json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    hidden = client.get(f"/api/v1/cases/{cases.norr_protected_idas.pk}", headers=auth)
    missing = client.get("/api/v1/cases/99999999", headers=auth)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_a_wrong_password_gets_no_token(client, org):
    response = token_for(client, "anna", "wrong-password-here")
    assert response.status_code == 401
    assert response.json() == {"detail": "Fel användarnamn eller lösenord."}


def test_the_api_requires_a_valid_token(client, org, cases):
    assert client.get(f"/api/v1/cases/{cases.norr_annas.pk}").status_code == 401
    bad = client.get(
        f"/api/v1/cases/{cases.norr_annas.pk}", headers={"Authorization": "Bearer nonsense"}
    )
    assert bad.status_code == 401


def test_a_client_token_cannot_read_cases_through_the_staff_endpoint(client, org, cases, settings):
    from ekb.accounts.tokens import issue_token

    raw, _ = issue_token(person_id=cases.norr_annas.household.members.get().person_id)
    response = client.get(
        f"/api/v1/cases/{cases.norr_annas.pk}", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 401


def test_the_openapi_document_is_published(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/auth/token", "/api/v1/auth/demo-eid", "/api/v1/cases/{case_id}"} <= set(paths)


@pytest.fixture
def demo_client_person(org):
    from tests import factories as f

    demo_muni = f.municipality(code="9999", name="Ekbacka kommun", is_demo=True)
    demo_unit = f.unit(demo_muni, "norr", "Norr")
    demo_case = f.case(demo_unit, assigned=org.anna)
    return demo_case.household.members.get().person, demo_case


@override_settings(EKB_DEMO=True)
def test_in_demo_mode_a_demo_person_gets_a_client_token_and_sees_the_own_case(
    client, demo_client_person
):
    person, demo_case = demo_client_person
    response = client.post(
        "/api/v1/auth/demo-eid",
        {"personnummer": person.formatted_identity_number},
        content_type="application/json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    mine = client.get("/api/v1/me/case", headers={"Authorization": f"Bearer {token}"})
    assert mine.status_code == 200
    assert mine.json()["number"] == demo_case.number


@override_settings(EKB_DEMO=False)
def test_outside_demo_mode_the_demo_eid_does_not_exist(client, demo_client_person):
    person, _ = demo_client_person
    response = client.post(
        "/api/v1/auth/demo-eid",
        {"personnummer": person.identity_number},
        content_type="application/json",
    )
    assert response.status_code == 404


@override_settings(EKB_DEMO=True)
def test_the_demo_eid_refuses_persons_outside_the_demo_municipality(client, org, cases):
    person = cases.norr_annas.household.members.get().person
    response = client.post(
        "/api/v1/auth/demo-eid",
        {"personnummer": person.identity_number},
        content_type="application/json",
    )
    assert response.status_code == 404


@override_settings(EKB_DEMO=True)
def test_the_demo_eid_explains_a_malformed_personnummer(client, db):
    response = client.post(
        "/api/v1/auth/demo-eid", {"personnummer": "12345"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "10 eller 12 siffror" in response.json()["detail"]
