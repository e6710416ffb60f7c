"""Staff who chose English read the delegation points in English; the decision stores and the
letter cites them in Swedish. Issue 11, "Words"."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from ekb.decisions.delegation import reference_in_language
from tests.factories import PASSWORD
from tests.personas import grant_everything

SWEDISH = "punkt 3.1 (Bistånd till försörjningsstöd enligt riksnormen och skäliga kostnader)"
ENGLISH = "point 3.1 (Financial support under the national norm and reasonable costs)"
RENT = "punkt 3.2 (Bistånd till boendekostnad, hushållsel och hemförsäkring)"
RENT_EN = "point 3.2 (Assistance for housing costs, household electricity and home insurance)"


@pytest.fixture
def decided(renewal, org):
    with translation.override("en"):  # the caseworker's language does not reach the record
        renewal.decision = grant_everything(renewal.application, org.anna)
    return renewal


def decision_page(client, decision, language):
    assert client.login(username="anna", password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(f"/handlaggare/beslut/{decision.pk}/").content.decode()


def test_the_decision_stores_and_the_letter_cites_the_swedish_point(decided):
    assert decided.decision.delegation_reference == f"{SWEDISH}; {RENT}"
    letter = bytes(decided.decision.letter.pdf).decode()
    assert SWEDISH in letter and "Financial support" not in letter


def test_a_caseworker_who_chose_english_reads_the_delegation_point_in_english(client, decided):
    page = decision_page(client, decided.decision, "en")
    assert f"{ENGLISH}; {RENT_EN}" in page and "Bistånd till" not in page


def test_a_caseworker_who_reads_swedish_reads_the_stored_point(client, decided):
    assert f"{SWEDISH}; {RENT}" in decision_page(client, decided.decision, "sv")


def test_a_point_the_order_has_no_english_for_stays_as_stored(decided):
    municipality = decided.case.municipality_id
    older = "delegationsordningen, punkt 9.9 (En punkt som inte finns längre); " + SWEDISH
    with translation.override("en"):
        assert reference_in_language(older, municipality) == (
            "delegationsordningen, punkt 9.9 (En punkt som inte finns längre); " + ENGLISH
        )
    with translation.override("sv"):
        assert reference_in_language(older, municipality) == older


def test_a_caseworker_who_chose_english_is_told_in_english_a_decision_is_above_her_delegation(
    renewal, org
):
    from ekb.decisions.delegation import delegation_for

    with translation.override("en"):
        reason = delegation_for(org.anna, renewal.case, "livelihood", "granted", 10**6).reason
    assert (
        reason == "The amount is above your delegation. The decision goes to the section manager."
    )
