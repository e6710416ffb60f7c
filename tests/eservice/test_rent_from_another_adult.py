"""The e-service asks whether another adult in the home pays towards the rent (fresh-eye
finding, session 4). Sara's household has Nora (19, works, not in school): another adult, not
in the norm. On the housing page Sara is asked "Betalar Nora något till dig för hyran?"; a yes
with an amount is Sara's income "Hyresdel från annan vuxen i hemmet", a "Nej, inget" is an
answer the caseworker sees in the warning, still for the caseworker to assess."""

from __future__ import annotations

from decimal import Decimal

from ekb.applications.models import Application
from ekb.decisions.calculation import latest_calculation
from tests.eservice.household_fixtures import (
    JOHAN,
    NORA,
    berg_fixture,  # noqa: F401 - the fixture
    family_answers,
    person,
)
from tests.personas import NOVEMBER, draft_url, log_in, start_draft

HOUSING = {"rent": "9800", "electricity": "600"}


def to_housing(client, berg, *, nora_gone=False):
    log_in(client, berg.sara)
    draft = start_draft(client, NOVEMBER)
    changes = {}
    if nora_gone:
        nora = f"m-p{person(NORA).pk}-"
        changes = {nora + "role": "gone", nora + "moved_out": "2026-10-31"}
    assert client.post(draft_url(draft, "hushall/"), family_answers(**changes)).status_code == 302
    return draft


def send(client, draft, housing):
    assert client.post(draft_url(draft, "boende/"), housing).status_code == 302
    for step, data in (
        ("inkomster/", None),
        ("kostnader/", {}),
        ("behov/", {}),
        ("situation/", {"reason": "Jag har blivit arbetslös.", "assets": ""}),
    ):
        if data is None:  # the income page as shown: the rent contribution is one of its rows
            draft.refresh_from_db()
            rows = draft.answers.get("incomes", [])
            data = {"income-count": str(len(rows))}
            for i, row in enumerate(rows):
                data.update(
                    {
                        f"income-{i}-member": row["member"],
                        f"income-{i}-type": row["type"],
                        f"income-{i}-amount": str(row["amount"]),
                    }
                )
        assert client.post(draft_url(draft, step), data).status_code == 302, step
    client.post(draft_url(draft, "kontrollera/"))
    log_in(client, person(JOHAN))
    assert client.post(draft_url(draft, "bekrafta/")).status_code == 302
    return Application.objects.get(month=draft.month)


def test_sara_is_asked_whether_nora_pays_towards_the_rent_and_must_answer(client, berg):
    draft = to_housing(client, berg)
    page = client.get(draft_url(draft, "boende/")).content.decode()
    assert "Betalar Nora något till dig för hyran? Hur mycket i månaden?" in page
    assert "Nej, inget" in page
    response = client.post(draft_url(draft, "boende/"), HOUSING)
    assert response.status_code == 400
    assert "Svara om Nora betalar något till dig för hyran." in response.content.decode()
    response = client.post(
        draft_url(draft, "boende/"), {**HOUSING, "rent_contribution-answer": "yes"}
    )
    assert response.status_code == 400
    assert "Skriv hur mycket Nora betalar" in response.content.decode()


def test_without_another_adult_in_the_home_sara_is_not_asked_about_rent_from_one(client, berg):
    draft = to_housing(client, berg, nora_gone=True)
    page = client.get(draft_url(draft, "boende/")).content.decode()
    assert "för hyran?" not in page
    assert client.post(draft_url(draft, "boende/"), HOUSING).status_code == 302


def test_nora_paying_2000_kr_is_counted_as_saras_income_and_raises_no_rent_warning(client, berg):
    draft = to_housing(client, berg)
    application = send(
        client,
        draft,
        {**HOUSING, "rent_contribution-answer": "yes", "rent_contribution-amount": "2000"},
    )
    line = application.lines.get(type="rent_contribution")
    assert (line.member, line.amount) == (berg.sara, Decimal("2000"))
    incomes = latest_calculation(application).input["incomes"]
    assert {"member": f"p{berg.sara.pk}", "type": "rent_contribution", "amount": "2000.00"} in (
        incomes
    )
    assert not application.warnings.filter(rule="other_adult_rent").exists()


def test_saras_no_is_shown_to_the_caseworker_in_the_rent_warning(client, berg):
    draft = to_housing(client, berg)
    client.post(draft_url(draft, "boende/"), {**HOUSING, "rent_contribution-answer": "no"})
    page = client.get(draft_url(draft, "boende/")).content.decode()
    assert 'value="no" checked' in page  # the answer is kept when she comes back
    application = send(client, draft, {**HOUSING, "rent_contribution-answer": "no"})
    assert application.lines.get(type="rent_contribution").amount == 0
    warning = application.warnings.get(rule="other_adult_rent")
    assert "Nora" in warning.message
    assert "har svarat att ingen hyresdel betalas" in warning.message
    assert "Bedöm om" in warning.message  # still the caseworker's to assess


def test_saras_no_is_not_an_unnamed_income_on_the_income_page_and_survives_saving_it(
    client, berg
):
    draft = to_housing(client, berg)
    client.post(draft_url(draft, "boende/"), {**HOUSING, "rent_contribution-answer": "no"})

    page = client.get(draft_url(draft, "inkomster/")).content.decode()
    assert "Inkomst 1" not in page
    assert 'value="rent_contribution"' not in page  # asked on the housing page, not here

    saved = client.post(draft_url(draft, "inkomster/"), {"income-count": "0"})
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert [r["type"] for r in draft.answers["incomes"]] == ["rent_contribution"]
