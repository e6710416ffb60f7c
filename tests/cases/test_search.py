"""Finding a case by personnummer, samordningsnummer, name or case number (issue 11): only among
the cases the role may see, and every search is in the access log, also one that finds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ekb.audit.models import AccessLogEntry, Action
from ekb.cases.search import CASE_NUMBER, IDENTITY_NUMBER, NAME, search_cases, search_digest
from ekb.people.identity_number import make_test_number
from tests import factories as f
from tests.factories import PASSWORD
from tests.personas import bearer

pytestmark = pytest.mark.django_db


def _searches(username):
    return list(
        AccessLogEntry.objects.filter(actor_username=username, action=Action.SEARCH_CASES).order_by(
            "id"
        )
    )


def _dashed(number: str) -> str:
    return f"{number[:8]}-{number[8:]}"


def test_anna_finds_karins_case_by_her_personnummer_in_either_form(org, karin):
    number = karin.applicant.identity_number

    twelve = search_cases(org.anna, _dashed(number))
    ten = search_cases(org.anna, f"{number[2:8]}-{number[8:]}")

    assert twelve.kind == ten.kind == IDENTITY_NUMBER
    assert [hit.case for hit in twelve.hits] == [karin.case]
    assert [hit.case for hit in ten.hits] == [karin.case]
    assert twelve.hits[0].applicant_name == "Karin Lundqvist"


def test_a_child_in_the_household_leads_to_the_case_too(org, karin):
    found = search_cases(org.anna, _dashed(karin.son.identity_number))

    assert [hit.case for hit in found.hits] == [karin.case]


def test_a_name_finds_the_case_whatever_the_case_of_the_letters(org, karin):
    for text in ("lundqvist", "Karin Lundq", "ELIAS"):
        found = search_cases(org.anna, text)
        assert found.kind == NAME
        assert [hit.case for hit in found.hits] == [karin.case], text


def test_swedish_letters_match_in_lower_case_on_every_database(org):
    home = f.case(
        org.norr, assigned=org.anna, applicant=f.person(first_name="Åsa", last_name="Öberg-Ek")
    )

    for text in ("åsa", "öberg", "Ek"):
        assert [hit.case for hit in search_cases(org.anna, text).hits] == [home], text


def test_a_case_number_fragment_finds_the_case(org, karin):
    found = search_cases(org.anna, karin.case.number[-6:])

    assert found.kind == CASE_NUMBER
    assert karin.case in [hit.case for hit in found.hits]


def test_a_protected_case_is_not_found_by_someone_who_may_not_open_it(org, cases):
    applicant = cases.norr_protected_idas.household.members.get().person
    text = _dashed(applicant.identity_number)

    assert search_cases(org.ida, text).hits[0].case == cases.norr_protected_idas
    # David (senior caseworker) may not see protected cases: the same answer as no match at all.
    assert search_cases(org.david, text).hits == []
    assert search_cases(org.david, _dashed(make_test_number(dt.date(1970, 1, 1), 999))).hits == []


def test_a_personnummer_that_cannot_be_one_is_refused_with_a_reason(org):
    with pytest.raises(ValidationError) as error:
        search_cases(org.anna, "19850402-1235")

    assert "Kontrollsiffran" in " ".join(error.value.messages)


def test_a_search_of_one_letter_is_refused(org):
    with pytest.raises(ValidationError):
        search_cases(org.anna, " k ")


def test_every_search_is_logged_with_a_digest_and_the_cases_not_the_text(org, karin):
    number = karin.applicant.identity_number

    search_cases(org.anna, _dashed(number))
    search_cases(org.anna, "Nobody Anywhere")

    found, nothing = _searches("anna")
    assert found.detail == {
        "search": IDENTITY_NUMBER,
        "digest": search_digest(IDENTITY_NUMBER, number),
        "case_ids": [karin.case.pk],
        "person_ids": [karin.applicant.pk],
    }
    assert nothing.detail["case_ids"] == []
    assert nothing.detail["digest"] == search_digest(NAME, "Nobody Anywhere")
    assert number not in str(found.detail) and "Nobody" not in str(nothing.detail)


def test_anna_searches_on_her_start_page_and_the_personnummer_stays_out_of_the_address(
    client, org, karin
):
    assert client.login(username="anna", password=PASSWORD)

    page = client.post("/handlaggare/", {"q": _dashed(karin.applicant.identity_number)})

    html = page.content.decode()
    assert page.status_code == 200
    assert "Karin Lundqvist" in html and karin.case.number in html
    assert page.request["PATH_INFO"] == "/handlaggare/"
    assert 'method="post"' in html and 'name="q"' in html


def test_a_wrong_personnummer_on_the_start_page_says_why(client, org):
    assert client.login(username="anna", password=PASSWORD)

    html = client.post("/handlaggare/", {"q": "19850402-1235"}).content.decode()

    assert "Kontrollsiffran stämmer inte" in html
    assert 'aria-invalid="true"' in html


def test_the_api_searches_in_the_body_and_logs_it_as_an_api_search(client, org, karin):
    auth = bearer(client, "anna")

    answer = client.post(
        "/api/v1/cases/search", {"q": "lundqvist"}, content_type="application/json", headers=auth
    )

    assert answer.status_code == 200
    body = answer.json()
    assert body["searched_for"] == NAME
    assert [hit["number"] for hit in body["hits"]] == [karin.case.number]
    assert body["hits"][0]["applicant"] == "Karin Lundqvist"
    assert [row.channel for row in _searches("anna")] == ["api"]
