"""An estimate for January, asked for in December before the new year's amounts are decided,
is made from the latest published year's amounts and says so in plain words."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.applications.drafts import do_start_draft
from ekb.eservice.estimate import estimate_for
from ekb.norm.store import DEFAULT_DIR
from tests.personas import log_in

JANUARY = dt.date(2027, 1, 1)
SENTENCE = "Uppskattningen bygger på 2026 års belopp; 2027 års belopp är inte beslutade ännu."


def estimate_page(client, karin, draft) -> str:
    log_in(client, karin.applicant)  # on the moved clock: the session is fresh
    response = client.get(f"/e-tjanst/ansokan/{draft.pk}/berakning/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def january_draft(karin, time_machine, settings, tmp_path):
    settings.EKB_NORM_PARAMETERS_DIR = str(tmp_path / "norm-parameters")  # nothing loaded
    time_machine.move_to(dt.datetime(2026, 12, 10, 10, tzinfo=dt.UTC), tick=False)
    return do_start_draft(karin.applicant, month=JANUARY)


def test_an_estimate_for_january_uses_last_years_amounts_and_says_so(client, karin, january_draft):
    estimate = estimate_for(january_draft)
    assert (estimate.parameters_year, estimate.provisional_year) == (2026, 2027)
    assert not estimate.failed and estimate.calculation.amount > 0
    assert estimate.calculation.versions["parameters_on"] == "2026-12-01"
    page = estimate_page(client, karin, january_draft)
    assert SENTENCE in page
    assert "Det här är en uppskattning, inte ett beslut." in page
    # The robot also counts register benefits the client did not write (session-4 finding:
    # an estimate of 8 318 kr against a decision of 4 495 kr); the page says so.
    assert "till exempel barnbidrag och underhållsstöd" in page


def test_once_the_amounts_are_loaded_the_estimate_uses_them_and_says_nothing_more(
    client, karin, january_draft, settings, monkeypatch
):
    import io

    from django.core.management import call_command

    monkeypatch.setattr("ekb.flow.journey.resume_waiting_calculations", lambda: 0)
    example = DEFAULT_DIR / "examples" / "riksnorm-table.example.yaml"
    call_command("norm_parameters", "add", str(example), "--write", stdout=io.StringIO())
    estimate = estimate_for(january_draft)
    assert (
        estimate.provisional_year is None and "parameters_on" not in estimate.calculation.versions
    )
    page = estimate_page(client, karin, january_draft)
    assert "Uppskattningen bygger på" not in page
