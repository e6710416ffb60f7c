"""The case page leads with what the caseworker needs now (the open application with days waiting,
open warnings, the next meeting) and folds the history; acknowledging a warning or sending a
message from it answers with only that part of the page when the page's script asks (htmx), so
what is typed elsewhere stays, and still works as a plain form without script."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.cases.models import Message
from ekb.decisions.choices import WarningStatus
from ekb.meetings.actions import do_book_meeting
from tests.personas import TODAY, december_renewal

HTMX = {"HX-Request": "true"}


@pytest.fixture
def warned(karin, org, client):
    """Karin's December renewal with an income change the robot warns about."""
    karin.application = december_renewal(karin, salary="6000")
    karin.warning = karin.application.warnings.get(rule="income_change")
    client.force_login(org.anna)
    karin.url = f"/handlaggare/arenden/{karin.case.pk}/"
    karin.ack_url = f"{karin.url}varningar/{karin.warning.pk}/kvittera/"
    return karin


def test_the_case_page_opens_with_the_open_application_its_warning_and_the_next_meeting(
    warned, org, client
):
    do_book_meeting(
        warned.case,
        starts_at=TODAY + dt.timedelta(days=3),
        kind="visit",
        place="Storgatan 1",
        interpreter_language="",
        acting_user=org.anna,
    )
    page = client.get(warned.url).content.decode()
    now = page[page.index("Att göra nu") : page.index(">Hushållet<")]
    assert f"/ansokningar/{warned.application.pk}/" in now and "Ansökan 2026-12" in now
    assert "Inkomsterna har ändrats" in now and "2026-11-23" in now and "Storgatan 1" in now
    history = page[page.index(">Historik<") :]
    assert "<details>" in history and "Händelser" in history


def test_an_application_waiting_more_than_fourteen_days_is_marked(warned, client, time_machine):
    time_machine.move_to(TODAY + dt.timedelta(days=15), tick=False)
    client.force_login(warned.case.assigned_caseworker)
    page = client.get(warned.url).content.decode()
    assert "över 14 dagar" in page[: page.index(">Hushållet<")]


def test_acknowledging_from_the_page_script_answers_with_only_that_warning(warned, client):
    response = client.post(warned.ack_url, {"comment": "Ny anställning."}, headers=HTMX)
    part = response.content.decode()
    assert response.status_code == 200 and "<html" not in part
    assert f'id="warning-{warned.warning.pk}"' in part and "Ny anställning." in part
    warned.warning.refresh_from_db()
    assert warned.warning.status == WarningStatus.ACKNOWLEDGED


def test_acknowledging_without_a_comment_from_the_page_script_keeps_the_warning_open(
    warned, client
):
    part = client.post(warned.ack_url, {"comment": "  "}, headers=HTMX).content.decode()
    assert "Kvittera varningen" in part and 'role="alert"' in part
    warned.warning.refresh_from_db()
    assert warned.warning.status == WarningStatus.OPEN


def test_acknowledging_without_script_goes_back_to_the_case_page(warned, client):
    response = client.post(warned.ack_url, {"comment": "Ny anställning."})
    assert response.status_code == 302 and response["Location"].endswith("#warnings")
    warned.warning.refresh_from_db()
    assert warned.warning.status == WarningStatus.ACKNOWLEDGED


def test_a_refused_acknowledgement_without_script_shows_the_page_with_the_error(warned, client):
    response = client.post(warned.ack_url, {"comment": ""})
    assert response.status_code == 400
    assert "Detta fält måste fyllas i." in response.content.decode()


def test_a_warning_of_another_case_is_not_acknowledged_through_this_case(
    warned, org, client, kemal_and_tove
):
    other = f"/handlaggare/arenden/{kemal_and_tove.case.pk}/varningar/{warned.warning.pk}/kvittera/"
    assert client.post(other, {"comment": "Fel ärende."}).status_code == 404
    warned.warning.refresh_from_db()
    assert warned.warning.status == WarningStatus.OPEN


def test_sending_a_message_from_the_page_script_answers_with_the_messages_only(warned, client):
    response = client.post(f"{warned.url}meddelanden/", {"text": "Vi ses på tisdag."}, headers=HTMX)
    part = response.content.decode()
    assert response.status_code == 200 and "<html" not in part
    assert "Meddelandet är skickat." in part and "Vi ses på tisdag." in part
    assert Message.objects.filter(case=warned.case, text="Vi ses på tisdag.").exists()


def test_an_empty_message_from_the_page_script_is_refused_in_the_part(warned, client):
    part = client.post(f"{warned.url}meddelanden/", {"text": ""}, headers=HTMX).content.decode()
    assert "Detta fält måste fyllas i." in part
    assert not Message.objects.filter(case=warned.case, from_user__isnull=False).exists()
