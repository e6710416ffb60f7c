"""Acknowledging a warning on the application page keeps a half-filled decision form (issue 11):
when the page's script asks (htmx) only that warning comes back, with its row in the decision
form marked acknowledged out of band; without script the form still works and reloads."""

from __future__ import annotations

import pytest

from ekb.decisions.choices import WarningStatus
from tests.personas import december_renewal

HTMX = {"HX-Request": "true"}


@pytest.fixture
def warned(karin, org, client):
    """Karin's December renewal with an income change the robot warns about."""
    karin.application = december_renewal(karin, salary="6000")
    karin.warning = karin.application.warnings.get(rule="income_change")
    karin.url = f"/handlaggare/varningar/{karin.warning.pk}/kvittera/"
    client.force_login(org.anna)
    return karin


def test_the_application_page_acknowledges_in_place_when_its_script_asks(warned, client):
    page = client.get(f"/handlaggare/ansokningar/{warned.application.pk}/").content.decode()
    assert f'hx-post="{warned.url}"' in page
    assert f'id="decide-warning-{warned.warning.pk}"' in page

    response = client.post(warned.url, {"comment": "Ny anställning."}, headers=HTMX)

    part = response.content.decode()
    assert response.status_code == 200 and "<html" not in part
    assert f'id="warning-{warned.warning.pk}"' in part and "Kvitterad av" in part
    # The decision form's textarea for this warning is replaced by a line saying it is done.
    assert f'id="decide-warning-{warned.warning.pk}" hx-swap-oob="true"' in part
    assert "kvitterad av" in part and "<textarea" not in part
    warned.warning.refresh_from_db()
    assert warned.warning.status == WarningStatus.ACKNOWLEDGED


def test_without_a_comment_only_the_warning_comes_back_with_the_error(warned, client):
    response = client.post(warned.url, {"comment": ""}, headers=HTMX)

    part = response.content.decode()
    assert "<html" not in part and 'aria-invalid="true"' in part
    assert "hx-swap-oob" not in part
    warned.warning.refresh_from_db()
    assert warned.warning.status == WarningStatus.OPEN


def test_without_script_the_form_reloads_the_page_as_before(warned, client):
    response = client.post(warned.url, {"comment": "Ny anställning."})

    assert response.status_code == 302
    assert response.url == f"/handlaggare/ansokningar/{warned.application.pk}/"
