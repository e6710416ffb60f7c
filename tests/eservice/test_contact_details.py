"""The client gives (or removes) the e-mail address or mobile number where we tell her that
something is new in the case."""

from __future__ import annotations

import pytest

from tests.personas import log_in

pytestmark = pytest.mark.django_db

URL = "/e-tjanst/kontaktuppgifter/"


def test_karin_adds_her_email_and_the_status_page_links_to_the_form(client, renewal):
    log_in(client, renewal.applicant)
    assert URL in client.get("/e-tjanst/").text

    response = client.post(URL, {"email": " karin@example.se ", "phone": ""})

    assert response.status_code == 302
    renewal.applicant.refresh_from_db()
    assert (renewal.applicant.email, renewal.applicant.phone) == ("karin@example.se", "")


def test_a_wrong_address_is_said_in_swedish_and_what_she_typed_stays(client, renewal):
    log_in(client, renewal.applicant)

    response = client.post(URL, {"email": "karin@", "phone": "07O-12"})

    assert response.status_code == 400
    page = response.text
    assert "Skriv en e-postadress som namn@exempel.se" in page
    assert "Skriv ett mobilnummer med siffror" in page
    assert 'value="karin@"' in page and 'value="07O-12"' in page
    renewal.applicant.refresh_from_db()
    assert renewal.applicant.email == ""


def test_emptying_both_fields_removes_the_details(client, renewal):
    renewal.applicant.phone = "0701234567"
    renewal.applicant.save(update_fields=["phone"])
    log_in(client, renewal.applicant)

    client.post(URL, {"email": "", "phone": ""})

    renewal.applicant.refresh_from_db()
    assert renewal.applicant.phone == ""


def test_the_form_needs_a_login(client, renewal):
    assert client.get(URL)["Location"] == "/e-tjanst/logga-in/"
