"""In the e-service, the appeal time starts when Karin opens the decision itself (its page or its
letter), never when a page merely lists it (förvaltningslagen 44 §); a deadline on a day off
moves to the next weekday (lag 1930:173 2 §). Karin's November decision was made on Friday
20 November 2026 (tests/personas.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.decisions.models import Decision
from ekb.notices.models import Appeal
from tests.personas import at_ten, log_in

pytestmark = pytest.mark.calendar


@pytest.fixture
def decision(karin):
    return Decision.objects.filter(case=karin.case).latest("decided_at")


def test_loading_the_status_page_and_the_list_of_decisions_does_not_start_the_clock(
    as_karin, decision
):
    home = as_karin.get("/e-tjanst/")
    listing = as_karin.get("/e-tjanst/beslut/")
    assert home.status_code == listing.status_code == 200
    assert f"/e-tjanst/beslut/{decision.pk}/" in home.content.decode()
    assert not decision.notifications.exists()


def test_the_appeal_form_alone_does_not_start_the_clock_and_says_so(as_karin, decision):
    page = as_karin.get(f"/e-tjanst/beslut/{decision.pk}/overklaga/").content.decode()
    assert "Tiden för att överklaga har inte börjat räknas än." in page
    assert not decision.notifications.exists()


def test_opening_the_decision_on_a_saturday_gives_the_monday_three_weeks_later(
    client, karin, decision, time_machine
):
    # Saturday 21 November 2026 + 3 weeks = Saturday 12 December: the next weekday, Monday 14th.
    time_machine.move_to(at_ten(dt.date(2026, 11, 21)), tick=False)
    log_in(client, karin.applicant)
    page = client.get(f"/e-tjanst/beslut/{decision.pk}/").content.decode()
    assert "Vi måste ha fått ditt överklagande senast 14 december 2026." in page
    assert decision.notifications.filter(how="eservice").exists()


def test_downloading_the_letter_starts_the_clock(as_karin, decision):
    letter = as_karin.get(f"/e-tjanst/beslut/{decision.pk}/brev.pdf")
    assert letter.status_code == 200
    assert decision.notifications.filter(how="eservice").exists()


def test_an_appeal_on_the_monday_after_christmas_is_in_time(client, karin, decision, time_machine):
    # Opened on Friday 4 December 2026: three weeks end on Friday 25 December (juldagen), then
    # annandag jul and a Sunday: the deadline is Monday 28 December.
    time_machine.move_to(at_ten(dt.date(2026, 12, 4)), tick=False)
    log_in(client, karin.applicant)
    client.get(f"/e-tjanst/beslut/{decision.pk}/")
    time_machine.move_to(at_ten(dt.date(2026, 12, 28)), tick=False)
    client.cookies.clear()
    log_in(client, karin.applicant)
    page = client.get(f"/e-tjanst/beslut/{decision.pk}/overklaga/").content.decode()
    assert "Vi måste ha fått ditt överklagande senast 28 december 2026." in page
    response = client.post(
        f"/e-tjanst/beslut/{decision.pk}/overklaga/", {"text": "Hyran är högre än ni räknat."}
    )
    assert response.status_code == 302
    assert Appeal.objects.get(decision=decision).in_time
    followed = client.get(response["Location"]).content.decode()
    assert "kom in efter sista dagen" not in followed
