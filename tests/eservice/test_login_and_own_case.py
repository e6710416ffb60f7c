from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from ekb.applications.choices import ApplicationKind
from ekb.applications.models import ApplicationDraft
from ekb.audit.models import AccessLogEntry
from tests import factories as f


@pytest.fixture
def demo_case(org):
    muni = f.municipality(code="9999", name="Ekbacka kommun", is_demo=True)
    return f.case(f.unit(muni, "norr", "Norr"), assigned=org.anna)


@override_settings(EKB_DEMO=True)
def test_a_client_logs_in_with_the_demo_eid_and_sees_the_own_case(client, demo_case):
    person = demo_case.household.members.get().person
    picker = client.get("/e-tjanst/logga-in/demo/")
    assert person.formatted_identity_number in picker.content.decode()

    response = client.post(
        "/e-tjanst/logga-in/demo/", {"person": person.identity_number}, follow=True
    )
    page = response.content.decode()
    assert demo_case.number in page and "Anna" in page
    assert AccessLogEntry.objects.filter(action="client_login", actor_person_id=person.pk).exists()
    read = AccessLogEntry.objects.get(action="client_open_own_case")
    assert (read.actor_person_id, read.case_id) == (person.pk, demo_case.pk)


@override_settings(EKB_DEMO=True)
def test_the_demo_eid_does_not_list_protected_persons(client, org):
    muni = f.municipality(code="9999", name="Ekbacka kommun", is_demo=True)
    hidden = f.case(f.unit(muni, "norr", "Norr"), protected=True)
    person = hidden.household.members.get().person
    assert (
        person.formatted_identity_number
        not in client.get("/e-tjanst/logga-in/demo/").content.decode()
    )


@override_settings(EKB_DEMO=True)
def test_a_person_outside_the_demo_municipality_cannot_be_picked(client, org, cases):
    person = cases.norr_annas.household.members.get().person
    response = client.post("/e-tjanst/logga-in/demo/", {"person": person.identity_number})
    assert response.status_code == 200
    assert "Välj en av demopersonerna" in response.content.decode()
    assert "ekb_client_person_id" not in client.session


@override_settings(EKB_DEMO=False)
def test_outside_demo_mode_there_is_no_demo_eid(client, demo_case):
    assert client.get("/e-tjanst/logga-in/demo/").status_code == 404
    assert "demo" not in client.get("/e-tjanst/logga-in/").content.decode().lower()


def test_the_own_case_page_requires_an_eid_login(client, db):
    response = client.get("/e-tjanst/")
    assert response.status_code == 302 and response["Location"].endswith("/e-tjanst/logga-in/")


@override_settings(EKB_DEMO=True)
def test_a_staff_session_is_not_a_client_session(client, org, demo_case):
    client.login(username="anna", password=f.PASSWORD)
    assert client.get("/e-tjanst/").status_code == 302


@override_settings(EKB_DEMO=True)
def test_any_demo_person_can_log_in_by_typing_the_number_beyond_the_listed_200(client, org):
    muni = f.municipality(code="9999", name="Ekbacka kommun", is_demo=True)
    unit = f.unit(muni, "norr", "Norr")
    cases = [f.case(unit, assigned=org.anna) for _ in range(201)]
    listed = client.get("/e-tjanst/logga-in/demo/").content.decode()
    last = next(
        c for c in cases if c.household.members.get().person.formatted_identity_number not in listed
    )
    person = last.household.members.get().person
    response = client.post(
        "/e-tjanst/logga-in/demo/",
        {"person": "", "typed": person.formatted_identity_number},
        follow=True,
    )
    assert last.number in response.content.decode()


def test_a_client_whose_cases_are_all_closed_sees_the_latest_one(db, org):
    # Maja had a case in 2023 and another in 2025, both closed now: her page is about the latest.
    import datetime as dt

    from ekb.cases.access import access_own_case
    from ekb.cases.models import Case

    first = f.case(org.norr, assigned=org.anna)
    maja = first.household.members.get().person
    later = Case.objects.create(
        municipality=first.municipality,
        unit=first.unit,
        number="EKB-TEST-LATER",
        household=first.household,
        opened_on=dt.date(2025, 2, 1),
    )
    Case.objects.filter(pk=first.pk).update(
        opened_on=dt.date(2023, 1, 1), closed_on=dt.date(2023, 9, 30), closure_reason="work"
    )
    Case.objects.filter(pk=later.pk).update(closed_on=dt.date(2025, 10, 31), closure_reason="work")
    assert access_own_case(maja.pk) == later


@override_settings(EKB_DEMO=True)
def test_a_co_applicant_named_in_a_demo_draft_can_log_in_with_the_demo_eid(client, demo_case):
    # The e-ID integration does not read drafts; the e-service passes it the named persons
    # (ekb.applications.drafts.demo_co_applicant_ids), so this checks that the two are joined.
    applicant = demo_case.household.members.get().person
    named = f.person(dt.date(1990, 3, 3), first_name="Namngiven")
    outsider = f.person(dt.date(1991, 4, 4), first_name="Utomstående")
    ApplicationDraft.objects.create(
        person=applicant,
        case=demo_case,
        month=dt.date(2026, 12, 1),
        kind=ApplicationKind.RENEWAL,
        co_applicant=named,
    )
    picker = client.get("/e-tjanst/logga-in/demo/").content.decode()
    assert named.formatted_identity_number in picker
    assert outsider.formatted_identity_number not in picker
    client.post("/e-tjanst/logga-in/demo/", {"person": outsider.identity_number})
    assert "ekb_client_person_id" not in client.session
    client.post("/e-tjanst/logga-in/demo/", {"person": named.identity_number})
    assert client.session["ekb_client_person_id"] == named.pk
