from __future__ import annotations

import pytest

from ekb.audit.models import AccessLogEntry
from tests.factories import PASSWORD
from tests.personas import staff_log_in


def test_the_start_page_renders_for_anyone(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Ekonomiskt bistånd" in response.content.decode()


def test_staff_log_in_through_the_form_and_the_login_is_logged(client, org):
    response = client.post("/handlaggare/logga-in/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302
    assert AccessLogEntry.objects.filter(action="staff_login", actor_user_id=org.anna.pk).exists()


def test_a_wrong_password_shows_an_error_summary_and_keeps_the_username(client, org):
    response = client.post(
        "/handlaggare/logga-in/", {"username": "anna", "password": "nope-nope-nope"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in page and "Fel användarnamn eller lösenord" in page
    assert 'value="anna"' in page


def test_after_five_failures_the_account_is_locked_even_for_the_right_password(client, org):
    for _ in range(5):
        client.post("/handlaggare/logga-in/", {"username": "anna", "password": "nope-nope-nope"})
    response = client.post("/handlaggare/logga-in/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 200
    assert "tillfälligt låst" in response.content.decode()
    assert AccessLogEntry.objects.filter(action="staff_locked_out").exists()


def test_the_lock_lifts_after_its_time(client, org, time_machine):
    import datetime as dt

    from django.utils import timezone

    start = timezone.now()
    time_machine.move_to(start, tick=False)
    for _ in range(5):
        client.post("/handlaggare/logga-in/", {"username": "anna", "password": "nope-nope-nope"})
    time_machine.move_to(start + dt.timedelta(minutes=16), tick=False)
    response = client.post("/handlaggare/logga-in/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302


def test_the_case_list_shows_only_visible_cases_and_logs_which(client, org, cases):
    staff_log_in(client, "anna")
    response = client.get("/handlaggare/")
    page = response.content.decode()
    assert cases.norr_annas.number in page and cases.norr_protected_annas.number in page
    assert cases.soder_bertils.number not in page and cases.norr_protected_idas.number not in page
    row = AccessLogEntry.objects.get(action="list_cases")
    assert set(row.detail["case_ids"]) == {
        cases.norr_annas.pk,
        cases.norr_idas.pk,
        cases.norr_protected_annas.pk,
    }


def test_a_caseworker_opens_a_case_of_her_unit_and_the_read_is_logged(client, org, cases):
    staff_log_in(client, "anna")
    response = client.get(f"/handlaggare/arenden/{cases.norr_idas.pk}/")
    assert response.status_code == 200
    assert cases.norr_idas.number in response.content.decode()
    row = AccessLogEntry.objects.get(action="open_case")
    assert (row.case_id, row.outcome, row.actor_username, row.action_text) == (
        cases.norr_idas.pk,
        "permitted",
        "anna",
        "Öppnade ärendet",
    )
    assert row.request_id == response["X-Request-ID"]


def test_a_caseworker_gets_404_for_a_case_of_another_unit_and_the_denial_is_logged(
    client, org, cases
):
    staff_log_in(client, "anna")
    response = client.get(f"/handlaggare/arenden/{cases.soder_bertils.pk}/")
    assert response.status_code == 404
    row = AccessLogEntry.objects.get(action="open_case")
    assert (row.case_id, row.outcome) == (cases.soder_bertils.pk, "denied")


def test_pages_require_login(client, org, cases):
    response = client.get(f"/handlaggare/arenden/{cases.norr_annas.pk}/")
    assert response.status_code == 302 and "/handlaggare/logga-in/" in response["Location"]


def test_the_log_auditor_reads_the_access_log_and_that_read_is_logged_too(client, org, cases):
    staff_log_in(client, "anna")
    client.get(f"/handlaggare/arenden/{cases.soder_bertils.pk}/")
    client.logout()
    staff_log_in(client, "helena")
    response = client.get("/handlaggare/atkomstlogg/", {"case_id": cases.soder_bertils.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nekad" in page and "Öppnade ärendet" in page
    # Unfiltered, the page lists every row, the review's own row included, and none is cut off.
    response = client.get("/handlaggare/atkomstlogg/")
    shown = list(response.context["page"].object_list)
    assert response.context["page"].paginator.count == len(shown) == AccessLogEntry.objects.count()
    assert AccessLogEntry.objects.filter(
        action="read_access_log", actor_user_id=org.helena.pk
    ).exists()


@pytest.mark.parametrize("persona", ["anna", "cecilia", "gustav"])
def test_only_the_log_auditor_may_read_the_access_log(client, org, persona):
    staff_log_in(client, persona)
    assert client.get("/handlaggare/atkomstlogg/").status_code == 403
    assert AccessLogEntry.objects.filter(action="read_access_log", outcome="denied").exists()


def test_the_pages_speak_english_when_the_user_chooses_it(client, org, cases):
    staff_log_in(client, "anna")
    client.post("/i18n/setlang/", {"language": "en", "next": "/handlaggare/"})
    response = client.get("/handlaggare/")
    assert "Cases" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


def test_the_browser_language_alone_does_not_switch_to_english(client, org, cases):
    staff_log_in(client, "anna")
    response = client.get("/handlaggare/", headers={"Accept-Language": "en-GB,en"})
    assert "Ärenden" in response.content.decode()
