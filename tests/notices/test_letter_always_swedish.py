"""The decision letter is in Swedish whatever language the caseworker chose for her pages
(språklagen 2009:600 10 §). A fresh-eye tester found "Income support Beviljas" and "Rent:
beviljas" in the letter of a caseworker working in English."""

from __future__ import annotations

import pytest
from django.utils import translation

from ekb.notices.letters import letter_html
from tests.personas import grant_everything

pytestmark = pytest.mark.django_db


def test_annas_letter_is_swedish_when_she_works_in_english(renewal, org):
    with translation.override("en"):
        decision = grant_everything(renewal.application, org.anna)
        html = letter_html(decision)

    assert "Försörjningsstöd" in html
    assert "Income support" not in html and "Rent" not in html


def test_the_letters_table_does_not_say_the_client_applied_for_every_line(renewal, org):
    """A caseworker may add a purpose the client did not apply for (FL 32 §, with reasons): the
    third tester found it listed under "Vad du ansökte om"."""
    html = letter_html(grant_everything(renewal.application, org.anna))

    assert "Vad beslutet gäller" in html
    assert "Vad du ansökte om" not in html
