"""A warning still open when the caseworker decides is acknowledged in the same step, with its
comment (issue 11): nobody decides past a warning they have not answered, and a refused form
keeps what was typed."""

from __future__ import annotations

import pytest

from ekb.applications.choices import ApplicationKind
from ekb.decisions.choices import DecisionStatus, WarningStatus
from ekb.flow import journey
from tests.factories import PASSWORD
from tests.personas import DECEMBER, lines, proposal_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def high_rent(karin):
    karin.application = journey.receive_application(
        karin.case, DECEMBER, ApplicationKind.RENEWAL, lines(rent="12500", salary="3000")
    )
    (karin.warning,) = karin.application.warnings.filter(status=WarningStatus.OPEN)
    return karin




def test_anna_cannot_decide_past_the_open_rent_warning_without_a_comment(client, org, high_rent):
    assert client.login(username="anna", password=PASSWORD)
    url = f"/handlaggare/ansokningar/{high_rent.application.pk}/beslut/"
    field = f"warning-{high_rent.warning.pk}"

    page = client.get(f"/handlaggare/ansokningar/{high_rent.application.pk}/").content.decode()
    assert f'name="{field}"' in page

    refused = client.post(url, proposal_form(high_rent.application) | {field: "  "})
    assert refused.status_code == 400
    assert "Kvittera varningen med en kommentar" in refused.content.decode()
    assert not high_rent.application.decisions.exists()

    answered = {field: "Hyran stämmer med kontraktet.", "bekraftat": "ja"}
    done = client.post(url, proposal_form(high_rent.application) | answered)
    assert done.status_code == 302
    high_rent.warning.refresh_from_db()
    assert (high_rent.warning.status, high_rent.warning.comment) == (
        WarningStatus.ACKNOWLEDGED,
        "Hyran stämmer med kontraktet.",
    )
    assert high_rent.application.decisions.get().status == DecisionStatus.DECIDED


def test_a_refused_decision_keeps_the_comment_typed_for_another_warning(client, org, high_rent):
    assert client.login(username="anna", password=PASSWORD)
    data = proposal_form(high_rent.application)
    data["lines-0-amount"] = "-5"  # refused for the amount, not for the warning
    comment = "Kontrollerat hyresavtalet."

    page = client.post(
        f"/handlaggare/ansokningar/{high_rent.application.pk}/beslut/",
        data | {f"warning-{high_rent.warning.pk}": comment},
    ).content.decode()

    assert comment in page
    high_rent.warning.refresh_from_db()
    assert high_rent.warning.status == WarningStatus.OPEN
