"""A purpose the client did not apply for (issue 11, fresh-eye tester): the decider's comment
"lägg hyresskulden som en egen rad" could not be followed, for the decision form had one line per
purpose applied for. The form now ends with "Lägg till ett ändamål" (an empty line, no JavaScript
needed): a purpose not already on a line, its outcome, amount and reasons. A grant on the
caseworker's own initiative departs from the application, so reasons are required
(förvaltningslagen 32 §). The API's decision endpoint takes the same line."""

from __future__ import annotations

import pytest

from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus, Purpose
from ekb.decisions.models import Decision, MunicipalityPolicy
from ekb.decisions.proposal import propose_lines
from tests.factories import PASSWORD
from tests.personas import acknowledging, bearer, decision_form, grant_everything

ARREARS = "Hyresskulden för oktober betalas så att familjen kan bo kvar (4 kap. 1 § SoL)."


def _form(application, added: dict | None = None, **changes) -> dict:
    """The decision form with its empty "Lägg till ett ändamål" line, filled with ``added``."""
    data = decision_form(application)
    n = int(data["lines-TOTAL_FORMS"])
    data["lines-TOTAL_FORMS"] = str(n + 1)
    extra = {"purpose": "", "outcome": "", "amount": "", "reasons": ""} | (added or {})
    return data | {f"lines-{n}-{k}": v for k, v in extra.items()} | changes


def _free_purpose(application) -> str:
    taken = {line.purpose for line in propose_lines(application, latest_calculation(application))}
    return next(p for p in (Purpose.OTHER, Purpose.DENTAL, Purpose.GLASSES) if p not in taken)


@pytest.fixture
def sent_back(client, renewal, org):
    MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)
    renewal.decision = grant_everything(renewal.application, org.anna)
    assert client.login(username="cecilia", password=PASSWORD)
    client.post(
        f"/handlaggare/beslut/{renewal.decision.pk}/skicka-tillbaka/",
        {"comment": "Lägg hyresskulden som en egen rad."},
    )
    client.logout()
    assert client.login(username="anna", password=PASSWORD)
    return renewal


def test_the_form_offers_an_empty_line_for_a_purpose_not_already_on_a_line(client, sent_back):
    application = sent_back.application
    page = client.get(f"/handlaggare/ansokningar/{application.pk}/").content.decode()
    proposed = propose_lines(application, latest_calculation(application))
    assert "Lägg till ett ändamål" in page
    n = len(proposed)
    assert f'name="lines-TOTAL_FORMS" value="{n + 1}"' in page
    select = page.split(f'name="lines-{n}-purpose"')[1].split("</select>")[0]
    for line in proposed:
        assert f'value="{line.purpose}"' not in select
    assert f'value="{_free_purpose(application)}"' in select


def test_an_added_grant_without_reasons_is_refused_and_what_was_typed_is_kept(client, sent_back):
    application = sent_back.application
    added = {"purpose": _free_purpose(application), "outcome": "granted", "amount": "3 200"}
    response = client.post(
        f"/handlaggare/ansokningar/{application.pk}/beslut/",
        _form(application, added, bekraftat="ja"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ändamålet finns inte i ansökan, så beslutet avviker från ansökan." in page
    assert 'value="3 200"' in page
    sent_back.decision.refresh_from_db()
    assert sent_back.decision.status == DecisionStatus.SENT_BACK


def test_a_chosen_purpose_needs_an_outcome_and_an_amount(client, sent_back):
    application = sent_back.application
    added = {"purpose": _free_purpose(application), "reasons": ARREARS}
    response = client.post(
        f"/handlaggare/ansokningar/{application.pk}/beslut/", _form(application, added)
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Välj utfall." in page and "Skriv beloppet (0 kr vid avslag)." in page


def test_anna_adds_the_rent_arrears_as_its_own_line_and_the_manager_approves(client, sent_back):
    application, decision = sent_back.application, sent_back.decision
    purpose = _free_purpose(application)
    added = {"purpose": purpose, "outcome": "granted", "amount": "3 200", "reasons": ARREARS}
    confirm = client.post(
        f"/handlaggare/ansokningar/{application.pk}/beslut/", _form(application, added)
    )
    assert confirm.status_code == 200 and "3 200" in confirm.content.decode()
    done = client.post(
        f"/handlaggare/ansokningar/{application.pk}/beslut/",
        _form(application, added, bekraftat="ja"),
    )
    assert done.status_code == 302, done.content.decode()[:3000]
    decision = Decision.objects.filter(application=application).exclude(status="draft").get()
    line = decision.lines.get(purpose=purpose)
    assert (line.outcome, line.amount, line.reasons) == ("granted", 3200, ARREARS)
    assert line.amount_applied is None  # not applied for

    client.logout()
    assert client.login(username="cecilia", password=PASSWORD)
    client.post(f"/handlaggare/beslut/{decision.pk}/godkann/")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DECIDED


def test_an_empty_added_line_is_no_line(client, renewal):
    application = renewal.application
    assert client.login(username="anna", password=PASSWORD)
    client.post(
        f"/handlaggare/ansokningar/{application.pk}/beslut/", _form(application, bekraftat="ja")
    )
    decision = Decision.objects.filter(application=application).exclude(status="draft").get()
    proposed = propose_lines(application, latest_calculation(application))
    assert decision.lines.count() == len(proposed)


def test_the_api_decides_with_an_added_purpose_and_asks_reasons_for_it(client, renewal, org):
    application = renewal.application
    auth = bearer(client, "anna")
    proposed = propose_lines(application, latest_calculation(application))
    lines = [
        {
            "purpose": line.purpose,
            "outcome": line.outcome,
            "amount": str(line.amount),
            "amount_applied": None if line.amount_applied is None else str(line.amount_applied),
            "calculated": None if line.calculated is None else str(line.calculated),
            "reasons": line.reasons,
        }
        for line in proposed
    ]
    added = {"purpose": _free_purpose(application), "outcome": "granted", "amount": "3200"}
    url = f"/api/v1/applications/{application.pk}/decision"
    body = {"lines": [*lines, added], "acknowledgements": acknowledging(application)}
    refused = client.post(url, body, content_type="application/json", headers=auth)
    assert refused.status_code == 422
    assert any(
        "Ändamålet finns inte i ansökan" in m
        for ms in refused.json()["errors"].values()
        for m in ms
    )
    added["reasons"] = ARREARS
    made = client.post(url, body, content_type="application/json", headers=auth)
    assert made.status_code in (200, 201), made.content
    decision = Decision.objects.filter(application=application).exclude(status="draft").get()
    assert decision.lines.filter(purpose=added["purpose"], amount=3200).exists()
