"""The caseworker's pages write amounts the Swedish way, with a space between the thousands and
öre after a comma ("7 432,00", never "7432,00" or "7432.00"), and never round öre away."""

from __future__ import annotations

import re
from decimal import Decimal

from ekb.workspace.templatetags.money import belopp
from tests.factories import PASSWORD
from tests.personas import grant_everything

NUMBER_CELL = re.compile(r'<td class="num">(.*?)</td>', re.S)
TAG = re.compile(r"<[^>]+>")
SWEDISH = re.compile(r"-?\d{1,3}(?:\u00a0\d{3})*,\d{2}")


def amounts_in(page: str) -> list[str]:
    cells = [TAG.sub("", cell).strip() for cell in NUMBER_CELL.findall(page)]
    return [cell.split()[0] if " " in cell else cell for cell in cells if cell not in ("", "–")]


def test_the_staff_filter_writes_thousands_and_ore_the_swedish_way():
    assert belopp(Decimal("7432.00")) == "7\u00a0432,00"
    assert belopp(Decimal("5200.5")) == "5\u00a0200,50"  # not rounded to 5 201
    assert belopp(Decimal("-455")) == "-455,00"
    assert belopp(None) == "" and belopp("NaN") == "NaN"


def test_karins_application_decision_and_case_pages_show_amounts_the_swedish_way(
    client, org, renewal
):
    assert client.login(username="anna", password=PASSWORD)
    application_page = client.get(
        f"/handlaggare/ansokningar/{renewal.application.pk}/"
    ).content.decode()
    decision = grant_everything(renewal.application, org.anna)
    decision_page = client.get(f"/handlaggare/beslut/{decision.pk}/").content.decode()
    case_page = client.get(f"/handlaggare/arenden/{renewal.case.pk}/").content.decode()
    for name, page in {
        "application": application_page,
        "decision": decision_page,
        "case": case_page[case_page.index(">Beslut</h3>") :],  # the household table has ages
    }.items():
        amounts = amounts_in(page)
        assert amounts, name
        assert [a for a in amounts if not SWEDISH.fullmatch(a)] == [], name
    assert "7\u00a0200,00" in application_page  # Karin's rent
    assert any("\u00a0" in amount for amount in amounts_in(decision_page))
