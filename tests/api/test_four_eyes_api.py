"""Four eyes through the API (issue 11): the same actions as the decision page. The caller
confirms by calling: the API has no confirmation step."""

from __future__ import annotations

import pytest

from ekb.decisions.calculation import latest_calculation
from ekb.decisions.models import MunicipalityPolicy
from ekb.decisions.proposal import propose_lines
from tests.personas import acknowledging, bearer

pytestmark = pytest.mark.django_db


def _decision_body(application) -> dict:
    return {
        "lines": [
            {
                "purpose": line.purpose,
                "outcome": line.outcome,
                "amount": str(line.amount),
                "amount_applied": None if line.amount_applied is None else str(line.amount_applied),
                "calculated": str(line.calculated),
                "reasons": line.reasons,
            }
            for line in propose_lines(application, latest_calculation(application))
        ],
        "acknowledgements": {str(k): v for k, v in acknowledging(application).items()},
    }


def _post(client, url, body, auth):
    return client.post(url, body, content_type="application/json", headers=auth)


@pytest.fixture
def proposal(client, org, renewal):
    MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)
    url = f"/api/v1/applications/{renewal.application.pk}/decision"
    made = _post(client, url, _decision_body(renewal.application), bearer(client, "anna"))
    assert made.status_code == 201 and made.json()["status"] == "awaiting_approval"
    renewal.proposal = made.json()
    return renewal


def test_the_manager_sends_back_anna_proposes_again_and_the_manager_approves(client, org, proposal):
    manager, anna = bearer(client, "cecilia"), bearer(client, "anna")
    url = f"/api/v1/decisions/{proposal.proposal['id']}"

    refused = _post(client, f"{url}/send-back", {"comment": " "}, manager)
    assert refused.status_code == 422 and "comment" in str(refused.json())

    sent = _post(client, f"{url}/send-back", {"comment": "Be om hyresavin."}, manager).json()
    assert (sent["status"], sent["sent_back_comment"], sent["sent_back_by"]) == (
        "sent_back",
        "Be om hyresavin.",
        "cecilia",
    )
    assert any(
        i["kind"] == "sent_back_decisions" for i in client.get("/api/v1/inbox", headers=anna).json()
    )

    again = _post(
        client,
        f"/api/v1/applications/{proposal.application.pk}/decision",
        _decision_body(proposal.application),
        anna,
    )
    assert again.status_code == 201
    assert (again.json()["id"], again.json()["status"]) == (sent["id"], "awaiting_approval")

    approved = _post(client, f"{url}/approve", {}, manager).json()
    assert (approved["status"], approved["decided_by"]) == ("decided", "cecilia")


def test_the_manager_changes_a_line_with_reasons_through_the_api(client, org, proposal):
    lines = [
        {k: line[k] for k in ("purpose", "outcome", "amount", "reasons")}
        for line in proposal.proposal["lines"]
    ]
    rent = next(line for line in lines if line["purpose"] == "rent")
    rent["amount"] = str(int(float(rent["amount"])) + 800)
    rent["reasons"] = "Den nya hyran enligt hyresavin för december."
    url = f"/api/v1/decisions/{proposal.proposal['id']}/change"
    manager = bearer(client, "cecilia")

    refused = _post(client, url, {"lines": lines, "change_reasons": ""}, manager)
    assert refused.status_code == 422 and "change_reasons" in str(refused.json())

    changed = _post(
        client, url, {"lines": lines, "change_reasons": "Den nya hyran saknades."}, manager
    ).json()
    assert (changed["status"], changed["changed_by"]) == ("decided", "cecilia")
    line = next(line for line in changed["lines"] if line["purpose"] == "rent")
    assert line["proposed_outcome"] == "granted"
    assert float(line["amount"]) == float(line["proposed_amount"]) + 800


def test_the_proposer_cannot_send_her_own_proposal_back(client, org, proposal):
    response = _post(
        client,
        f"/api/v1/decisions/{proposal.proposal['id']}/send-back",
        {"comment": "Jag vill ändra."},
        bearer(client, "anna"),
    )
    assert response.status_code == 422
