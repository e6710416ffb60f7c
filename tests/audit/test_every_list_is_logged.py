"""Every list a person sees is a read of each case on it (issue 10): the inbox, the case list and
the payment list each write one access-log row naming the cases shown, on the web and in the API.
The inbox names clients and shows warning texts, some of them health-related."""

from __future__ import annotations

import pytest

from ekb.audit.models import AccessLogEntry, Action
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _list_rows(username):
    return list(
        AccessLogEntry.objects.filter(actor_username=username, action=Action.LIST_CASES).order_by(
            "id"
        )
    )


def _bearer(client, username):
    token = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_anna_opening_her_inbox_logs_one_row_with_the_cases_on_it(client, org, renewal):
    assert client.login(username="anna", password=PASSWORD)
    before = len(_list_rows("anna"))

    page = client.get("/handlaggare/inkorg/")

    assert page.status_code == 200
    rows = _list_rows("anna")[before:]
    assert len(rows) == 1
    assert rows[0].detail["list"] == "inbox"
    assert rows[0].detail["case_ids"] == [renewal.case.pk]
    assert rows[0].channel == "web"


def test_anna_reading_her_inbox_through_the_api_logs_it_as_an_api_read(client, org, renewal):
    auth = _bearer(client, "anna")
    before = len(_list_rows("anna"))

    items = client.get("/api/v1/inbox", headers=auth).json()

    assert {item["case_id"] for item in items} == {renewal.case.pk}
    rows = _list_rows("anna")[before:]
    assert [(r.channel, r.detail["case_ids"]) for r in rows] == [("api", [renewal.case.pk])]


def test_an_empty_inbox_names_no_case_and_logs_nothing(client, org, karin):
    assert client.login(username="bertil", password=PASSWORD)

    assert client.get("/handlaggare/inkorg/").status_code == 200

    assert _list_rows("bertil") == []


def test_the_case_list_logs_the_cases_on_the_page(client, org, karin):
    assert client.login(username="anna", password=PASSWORD)
    before = len(_list_rows("anna"))

    assert client.get("/handlaggare/").status_code == 200

    rows = _list_rows("anna")[before:]
    assert len(rows) == 1
    assert karin.case.pk in rows[0].detail["case_ids"]
