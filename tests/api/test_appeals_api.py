"""Appeals through the API: the same steps as the appeal page (rättidsprövning, omprövning, the
court bundle after confirm: true), the same doors."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.decisions.models import Decision
from ekb.notices.appeals import do_submit_appeal
from ekb.notices.notification import do_mark_decision_seen
from tests.personas import at_ten, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal(karin, time_machine):
    november = Decision.objects.filter(case=karin.case).latest("decided_at")
    time_machine.move_to(at_ten(dt.date(2026, 11, 23)), tick=False)
    do_mark_decision_seen(november, person=karin.applicant)
    time_machine.move_to(at_ten(dt.date(2026, 12, 1)), tick=False)
    return do_submit_appeal(november, "Hyran är fel.", person=karin.applicant)


def post(client, auth, path, body=None):
    return client.post(f"/api/v1{path}", body or {}, content_type="application/json", headers=auth)


def test_a_caseworker_takes_an_appeal_through_omprovning_to_the_court(client, org, appeal):
    auth = bearer(client, "anna")
    base = f"/appeals/{appeal.pk}"

    shown = client.get(f"/api/v1{base}", headers=auth).json()
    assert shown["proposed_timeliness"] == "in_time"
    assert shown["step"] == "timeliness"
    assert shown["due_on"] == "2026-12-08"
    inbox = client.get("/api/v1/inbox", headers=auth).json()
    assert [row["due_on"] for row in inbox if row["kind"] == "appeals"] == ["2026-12-08"]

    # Omprövning before the rättidsprövning is refused.
    early = post(client, auth, f"{base}/reconsider", {"lines": [], "fully_as_asked": False})
    assert early.status_code == 422
    assert post(client, auth, f"{base}/timeliness", {"timeliness": "in_time"}).json()["step"] == (
        "reconsider"
    )
    lines = [
        {
            "purpose": line.purpose,
            "outcome": "granted",
            "amount": str(line.amount + 100),
            "reasons": "Vid omprövningen godtar vi hyran i avtalet; vi beviljar mer.",
        }
        for line in appeal.decision.lines.order_by("id")
    ]
    made = post(client, auth, f"{base}/reconsider", {"lines": lines, "fully_as_asked": False})
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "decided"

    unconfirmed = post(
        client, auth, f"{base}/forward", {"opinion": "Vi vidhåller.", "confirm": False}
    )
    assert unconfirmed.status_code == 422
    sent = post(client, auth, f"{base}/forward", {"opinion": "Vi vidhåller.", "confirm": True})
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "forwarded"
    pdf = client.get(sent.json()["court_bundle_url"], headers=auth)
    assert pdf.content.startswith(b"%PDF")


def test_another_units_caseworker_cannot_see_the_appeal(client, org, appeal):
    auth = bearer(client, "bertil")

    assert client.get(f"/api/v1/appeals/{appeal.pk}", headers=auth).status_code == 404
    assert (
        post(client, auth, f"/appeals/{appeal.pk}/timeliness", {"timeliness": "late"}).status_code
        == 404
    )
