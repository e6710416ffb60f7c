"""The demo e-ID page: search every demo person by name or personnummer (POST, never in the
URL; logged as a digest, never the text) and log in from a hit or a suggestion."""

from __future__ import annotations

import pytest
from django.test import override_settings

from ekb.audit.models import AccessLogEntry
from tests import factories as f


@pytest.fixture
def demo_persons(db):
    muni = f.municipality(code="9999", name="Ekbacka kommun", is_demo=True)
    norr = f.unit(muni, "norr", "Norr")
    first = f.person(first_name="Abdi", last_name="Aden")
    f.case(norr, applicant=first)
    last = f.person(first_name="Örjan", last_name="Öberg")
    f.case(norr, applicant=last)
    return first, last


@override_settings(EKB_DEMO=True)
def test_a_tester_finds_a_person_far_down_the_alphabet_and_logs_in_as_them(client, demo_persons):
    _first, last = demo_persons
    response = client.post("/e-tjanst/logga-in/demo/", {"q": "öberg"})
    page = response.content.decode()
    assert "1 demoperson hittades" in page
    assert f"Logga in som Örjan Öberg ({last.formatted_identity_number})" in page
    entry = AccessLogEntry.objects.get(action="search_demo_persons")
    assert entry.detail["person_ids"] == [last.pk]
    assert "öberg" not in str(entry.detail).lower()

    client.post("/e-tjanst/logga-in/demo/", {"person": last.identity_number})
    assert client.session["ekb_client_person_id"] == last.pk


@override_settings(EKB_DEMO=True)
def test_a_search_by_personnummer_finds_the_person(client, demo_persons):
    first, last = demo_persons
    page = client.post(
        "/e-tjanst/logga-in/demo/", {"q": last.formatted_identity_number}
    ).content.decode()
    assert "Örjan Öberg" in page.split("Förslag")[0]
    assert "Abdi Aden" not in page.split("Förslag")[0]


@override_settings(EKB_DEMO=True)
def test_a_one_letter_search_is_refused_with_a_clear_message(client, demo_persons):
    page = client.post("/e-tjanst/logga-in/demo/", {"q": "Ö"}).content.decode()
    assert "Skriv minst två tecken" in page
    assert 'value="Ö"' in page  # what was typed stays
    assert not AccessLogEntry.objects.filter(action="search_demo_persons").exists()


@override_settings(EKB_DEMO=True)
def test_no_match_says_so(client, demo_persons):
    page = client.post("/e-tjanst/logga-in/demo/", {"q": "Nobody"}).content.decode()
    assert "Ingen demoperson heter så" in page


@override_settings(EKB_DEMO=True)
def test_the_page_suggests_a_person_to_start_from_without_a_long_list(client, demo_persons):
    page = client.get("/e-tjanst/logga-in/demo/").content.decode()
    assert "Abdi Aden" in page and "Bor ensam" in page
    assert "Örjan Öberg" not in page  # one suggestion per situation, not everybody
