"""Staff who chose English read the calculation's rows in English; the engine's Swedish labels
stay the source (and the letter stays Swedish). Issue 11, "Words"."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from ekb.workspace.norm_words import row_label_in_language
from tests.factories import PASSWORD

LABELS = {
    "Personliga kostnader, ensamstående": "Personal costs, single",
    "Personliga kostnader, barn 7–10 år": "Personal costs, child 7–10 years",
    "Personliga kostnader, barn 0 år, utan lunch, i hushållet 12 av 31 dagar": (
        "Personal costs, child 0 years, without lunch, in the household 12 of 31 days"
    ),
    "Gemensamma hushållskostnader, 3 personer, hushållets andel 2/3 av 3 330 kr": (
        "Common household costs, 3 persons, the household's share 2/3 of 3 330 kr"
    ),
    "Boendekostnad (hyra)": "Housing cost (rent)",
    "Barns arbetsinkomst": "Child's earned income",
    "Barnbidrag": "Child allowance",
}


def test_each_kind_of_row_label_reads_in_english_and_stays_swedish_in_swedish():
    with translation.override("en"):
        assert {sv: row_label_in_language(sv) for sv in LABELS} == LABELS
    with translation.override("sv"):
        assert all(row_label_in_language(sv) == sv for sv in LABELS)


def test_a_caseworker_who_chose_english_reads_karins_calculation_in_english(client, renewal):
    assert client.login(username="anna", password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/handlaggare/ansokningar/{renewal.application.pk}/").content.decode()
    assert "Personal costs, single (Karin)" in page
    assert "Housing cost (rent)" in page
    assert "Personliga kostnader" not in page and "Gemensamma hushållskostnader" not in page
