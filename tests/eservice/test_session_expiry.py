"""A client whose session ends while typing a page of the application loses nothing: after the
e-ID login the page they sent is saved to their draft (and only to their own draft)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import override_settings

from ekb.applications.drafts import do_start_draft
from tests import factories as f
from tests.personas import frozen, karin, log_in, stack  # noqa: F401 - shared fixtures


@pytest.fixture
def demo_client(org):
    muni = f.municipality(code="9999", name="Ekbacka kommun", is_demo=True)
    case = f.case(f.unit(muni, "norr", "Norr"), assigned=org.anna)
    return case.household.members.get().person


def after_the_session_ended(time_machine) -> None:
    later = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC) + dt.timedelta(
        seconds=settings.SESSION_COOKIE_AGE + 60
    )
    time_machine.move_to(later, tick=False)


@override_settings(EKB_DEMO=True)
def test_a_page_sent_after_the_session_ended_is_saved_after_the_login(
    client, demo_client, time_machine
):
    log_in(client, demo_client)
    draft = do_start_draft(demo_client)
    page = f"/e-tjanst/ansokan/{draft.pk}/boende/"
    assert client.get(page).status_code == 200

    after_the_session_ended(time_machine)
    sent = client.post(page, {"rent": "7450", "electricity": "380", "home_insurance": ""})
    assert sent.status_code == 302 and sent["Location"] == "/e-tjanst/logga-in/"
    draft.refresh_from_db()
    assert "7450" not in str(draft.answers)  # nobody is logged in: nothing saved yet

    logged_in = client.post("/e-tjanst/logga-in/demo/", {"person": demo_client.identity_number})
    assert logged_in["Location"] == page
    saved = client.get(page)
    assert saved.status_code == 302  # the page was sent: on to the next step
    draft.refresh_from_db()
    assert {"type": "rent", "amount": "7450.00"} in [
        {k: c[k] for k in ("type", "amount")} for c in draft.answers["costs"]
    ]
    assert "Det du skrev på sidan har skickats nu" in client.get(saved["Location"]).content.decode()


@override_settings(EKB_DEMO=True)
def test_a_page_kept_for_one_person_is_never_saved_to_another_persons_draft(
    client, demo_client, org, time_machine
):
    log_in(client, demo_client)
    draft = do_start_draft(demo_client)
    page = f"/e-tjanst/ansokan/{draft.pk}/boende/"
    after_the_session_ended(time_machine)
    client.post(page, {"rent": "7450", "electricity": "380"})

    muni = demo_client.memberships.get().household.municipality
    other = f.case(f.unit(muni, "soder", "Söder"), assigned=org.anna).household.members.get().person
    client.post("/e-tjanst/logga-in/demo/", {"person": other.identity_number})
    assert client.get(page).status_code == 404
    draft.refresh_from_db()
    assert "7450" not in str(draft.answers)


def test_a_form_from_a_stale_page_gets_a_page_that_says_what_to_do(db, karin):  # noqa: F811
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    log_in(browser, karin.applicant)
    browser.get("/e-tjanst/")
    response = browser.post("/e-tjanst/meddelanden/", {"text": "Hej"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Sidan hade gått ut" in page and 'href="/e-tjanst/skicka-igen/"' in page
    assert "Det du skrev finns kvar" in page
    assert "CSRF verification failed" not in page and "cookie" not in page.lower()


@override_settings(EKB_DEMO=True)
def test_a_message_written_after_the_session_ended_is_shown_to_be_sent_again_after_the_login(
    client, demo_client, time_machine
):
    log_in(client, demo_client)
    client.get("/e-tjanst/")  # the browser now knows who was here
    written = "Jag kan inte komma på mötet på tisdag, kan vi ta det på torsdag i stället?"
    after_the_session_ended(time_machine)
    sent = client.post("/e-tjanst/meddelanden/", {"text": written})
    assert sent["Location"] == "/e-tjanst/logga-in/"

    logged_in = client.post("/e-tjanst/logga-in/demo/", {"person": demo_client.identity_number})
    assert logged_in["Location"] == "/e-tjanst/skicka-igen/"
    page = client.get("/e-tjanst/skicka-igen/").content.decode()
    assert written in page  # shown, not yet sent
    assert 'action="/e-tjanst/meddelanden/"' in page and 'name="text"' in page
    from ekb.cases.models import Message

    assert not Message.objects.exists()
    assert client.post("/e-tjanst/meddelanden/", {"text": written}).status_code in (200, 302)
    assert Message.objects.get().text == written
