"""What a caseworker sent after her session had ended is kept, shown after the login and sent
again only when she presses the button (ekb.lib.unsent; fresh-eye finding, session 6: a journal
note or the reasons of a decision were lost with a bare login page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from ekb.cases.models import JournalEntry
from tests.factories import PASSWORD
from tests.personas import TODAY

pytestmark = pytest.mark.django_db

NOTE = "Ringde klienten om hyresskulden; hon skickar kontraktet i morgon och vi ses på torsdag."


def test_annas_journal_note_survives_her_session_ending_and_is_sent_only_when_she_says_so(
    client, karin, time_machine
):
    assert client.login(username="anna", password=PASSWORD)
    url = f"/handlaggare/arenden/{karin.case.pk}/journal/"
    client.get("/handlaggare/")
    time_machine.move_to(TODAY + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))

    sent = client.post(url, {"text": NOTE})
    assert sent.status_code == 302 and sent["Location"].startswith("/handlaggare/logga-in/")
    assert not JournalEntry.objects.filter(text=NOTE).exists()

    logged_in = client.post(
        sent["Location"], {"username": "anna", "password": PASSWORD}, follow=False
    )
    assert logged_in["Location"] == "/handlaggare/skicka-igen/"
    page = client.get("/handlaggare/skicka-igen/").content.decode()
    assert NOTE in page and f'action="{url}"' in page
    assert not JournalEntry.objects.filter(text=NOTE).exists()  # shown, not sent

    client.post(url, {"text": NOTE})
    assert JournalEntry.objects.filter(text=NOTE).count() == 1
    # Shown once: the page does not offer it again.
    assert client.get("/handlaggare/skicka-igen/")["Location"] == "/handlaggare/"


def test_a_kept_note_is_not_offered_to_someone_else_logging_in_on_the_same_computer(
    client, karin, org, time_machine
):
    assert client.login(username="anna", password=PASSWORD)
    url = f"/handlaggare/arenden/{karin.case.pk}/journal/"
    client.get("/handlaggare/")  # the browser now knows Anna was here
    time_machine.move_to(TODAY + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))

    sent = client.post(url, {"text": NOTE})
    logged_in = client.post(sent["Location"], {"username": "bertil", "password": PASSWORD})
    landed = client.get(logged_in["Location"], follow=True)
    assert landed.status_code == 200  # not "405": the journal address takes only a POST
    assert NOTE not in landed.content.decode()


def test_a_kept_note_is_forgotten_after_half_an_hour(client, karin, time_machine):
    assert client.login(username="anna", password=PASSWORD)
    url = f"/handlaggare/arenden/{karin.case.pk}/journal/"
    client.get("/handlaggare/")
    time_machine.move_to(TODAY + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
    client.post(url, {"text": NOTE})
    # Half an hour later, on the same computer, the kept text has gone.
    time_machine.move_to(TODAY + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60 + 31 * 60))
    logged_in = client.post(
        "/handlaggare/logga-in/", {"username": "anna", "password": PASSWORD}, follow=False
    )
    assert logged_in["Location"] != "/handlaggare/skicka-igen/"
