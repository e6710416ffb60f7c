"""What a caseworker or a section manager reads carries no internal ids ("#123", "pk", "id 45")
and writes every amount in kronor the Swedish way, with a space between the thousands ("7 100
kr", "7 432,00"), never "7100 kr" or "7432.00" (issue 11, "Words")."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from ekb.payments.models import Payment
from tests.factories import PASSWORD
from tests.personas import acknowledging, grant_everything

INTERNAL_ID = re.compile(r"#\s?\d+|\bpk\b|\bid[ :=]\s?\d+", re.IGNORECASE)
# A number of kronor of four digits or more written without its thousands space, or with a
# decimal point: "7100 kr", "7432.00".
RAW_AMOUNT = re.compile(r"(?<![\d,.])\d{4,}(?:[.,]\d{1,2})?\s?kr\b|\b\d+\.\d{2}\b")


class _Visible(HTMLParser):
    """The text a person reads: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style") and self.skip > 0

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split(" "))


def problems(text: str) -> dict[str, list[str]]:
    return {
        "ids": INTERNAL_ID.findall(text),
        "amounts": RAW_AMOUNT.findall(text),
    }


def test_the_checks_catch_what_they_are_for():
    assert problems("Beslut #45 om 7100 kr") == {"ids": ["#45"], "amounts": ["7100 kr"]}
    assert problems("Summa 7432.00") == {"ids": [], "amounts": ["7432.00"]}
    assert problems("Beslut 2026-11-20 om 7\u00a0100 kr, 7\u00a0432,00, 455 kr") == {
        "ids": [],
        "amounts": [],
    }


@pytest.fixture
def decided(client, org, renewal):
    decision = grant_everything(
        renewal.application, org.anna, acknowledgements=acknowledging(renewal.application)
    )
    return decision


def _pages(client, renewal, decision) -> dict[str, str]:
    return {
        "inbox": "/handlaggare/inkorg/",
        "start": "/handlaggare/",
        "case": f"/handlaggare/arenden/{renewal.case.pk}/",
        "household": f"/handlaggare/arenden/{renewal.case.pk}/hushall/",
        "application": f"/handlaggare/ansokningar/{renewal.application.pk}/",
        "decision": f"/handlaggare/beslut/{decision.pk}/",
    }


def test_a_caseworkers_pages_show_no_internal_ids_and_swedish_amounts(
    client, org, renewal, decided
):
    assert client.login(username="anna", password=PASSWORD)
    found = {}
    for name, url in _pages(client, renewal, decided).items():
        response = client.get(url)
        assert response.status_code == 200, name
        found[name] = problems(visible_text(response.content.decode()))
    assert found == dict.fromkeys(found, {"ids": [], "amounts": []})


def test_the_section_managers_payment_list_shows_no_internal_ids_and_swedish_amounts(
    client, org, renewal, decided
):
    assert Payment.objects.filter(case=renewal.case).exists()
    assert client.login(username="cecilia", password=PASSWORD)
    page = client.get("/handlaggare/utbetalningar/").content.decode()
    assert problems(visible_text(page)) == {"ids": [], "amounts": []}
