"""The household through the staff API: a caseworker adds a newborn, ends a member who moved out,
and gets a clear message naming the field for bad input; every change is an event, a
HouseholdChange with its reason and an access-log entry, and the open application is
calculated again with the household as it now is."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.audit.models import AccessLogEntry
from ekb.cases.models import CaseEvent
from ekb.decisions.calculation import latest_calculation
from ekb.people.identity_number import make_test_number
from ekb.people.models import HouseholdChange, HouseholdMember
from tests.personas import bearer

NEWBORN = make_test_number(dt.date(2026, 11, 3), 990)


@pytest.fixture(name="renewal")
def renewal_fixture(karin):
    """Karin's December renewal, received and calculated (as tests/personas.py)."""
    from ekb.applications.choices import ApplicationKind
    from ekb.flow import journey
    from tests.personas import DECEMBER, lines

    karin.application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    return karin


def add(client, auth, case, **body):
    payload = {
        "identity_number": NEWBORN,
        "first_name": "Tindra",
        "last_name": "Lundqvist",
        "role": "child",
        "valid_from": "2026-11-03",
        "reason": "Tindra föddes den 3 november.",
        **body,
    }
    return client.post(
        f"/api/v1/cases/{case.pk}/household", payload, content_type="application/json", headers=auth
    )


def test_a_caseworker_adds_a_newborn_from_the_birth_date_and_the_application_is_recalculated(
    client, org, renewal, population
):
    auth = bearer(client, "anna")
    before = latest_calculation(renewal.application)
    response = add(client, auth, renewal.case)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["role"] == "child" and body["valid_from"] == "2026-11-03"
    assert body["lunch_at_home"] is True  # one default: the riksnorm's main amount

    member = HouseholdMember.objects.get(pk=body["id"])
    change = HouseholdChange.objects.get(member=member)
    assert change.kind == "added" and change.reason == "Tindra föddes den 3 november."
    assert change.changed_by.username == "anna"
    event = CaseEvent.objects.get(case=renewal.case, kind="household_changed")
    assert event.data["person_id"] == member.person_id and "Tindra" not in str(event.data)
    assert AccessLogEntry.objects.filter(
        case_id=renewal.case.pk, person_id=member.person_id, action="change_case", channel="api"
    ).exists()

    after = latest_calculation(renewal.application)
    assert after.pk != before.pk
    assert f"p{member.person_id}" in {m["id"] for m in after.input["members"]}

    listed = client.get(f"/api/v1/cases/{renewal.case.pk}/household", headers=auth).json()
    assert len(listed) == 3


def test_a_caseworker_ends_a_member_who_moved_out_with_the_last_day(
    client, org, renewal, population
):
    auth = bearer(client, "anna")
    elias = HouseholdMember.objects.get(household=renewal.case.household, person=renewal.son)
    url = f"/api/v1/cases/{renewal.case.pk}/household/{elias.pk}/end"
    missing = client.post(
        url,
        {"valid_to": "2026-12-15", "reason": " "},
        content_type="application/json",
        headers=auth,
    )
    assert missing.status_code == 422 and "reason" in missing.json()["errors"]
    response = client.post(
        url,
        {"valid_to": "2026-12-15", "reason": "Elias flyttade till sin pappa."},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 200
    assert response.json()["valid_to"] == "2026-12-15"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"valid_from": "2026-02-30"}, "valid_from", "Datumet finns inte"),
        ({"days_per_month": 45, "valid_from": "2026-12-01"}, "days_per_month", "mellan 1 och 31"),
        ({"valid_from": "2026-11-01"}, "valid_from", "före personens födelsedatum"),
        ({"identity_number": "20261103-1235"}, "identity_number", "Kontrollsiffran"),
    ],
)
def test_bad_input_names_the_field(client, org, renewal, population, body, field, message):
    auth = bearer(client, "anna")
    response = add(client, auth, renewal.case, **body)
    assert response.status_code == 422
    assert message in " ".join(response.json()["errors"][field])
    assert not HouseholdChange.objects.exists()


def test_the_applicant_cannot_also_be_a_child(client, org, renewal, population):
    auth = bearer(client, "anna")
    response = add(
        client,
        auth,
        renewal.case,
        identity_number=renewal.applicant.identity_number,
        valid_from="2026-12-01",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["role"] == [
        "Personen är redan sökande i hushållet och kan inte också vara barn."
    ]


def test_a_co_applicant_not_registered_at_the_address_needs_a_reason(
    client, org, renewal, population
):
    auth = bearer(client, "anna")
    partner = make_test_number(dt.date(1986, 5, 5), 991)
    body = {
        "identity_number": partner,
        "first_name": "Ola",
        "role": "co_applicant",
        "valid_from": "2026-12-01",
    }
    response = add(client, auth, renewal.case, **body)
    assert response.status_code == 422
    assert (
        "Medsökande är inte folkbokförd på adressen"
        in response.json()["errors"]["unregistered_reason"][0]
    )
    response = add(
        client,
        auth,
        renewal.case,
        **body,
        unregistered_reason="Har flyttat in, adressändring gjord.",
    )
    assert response.status_code == 201
    assert response.json()["registered_at_address"] is False
