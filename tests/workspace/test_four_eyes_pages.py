"""The decision pages of issue 11: the decider approves, changes with reasons or sends back;
the caseworker sees why and proposes again; deciding asks for confirmation with the total; the
letter can be previewed before deciding; each line shows what was granted against what was
applied for."""

from __future__ import annotations

import pytest

from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus, Purpose
from ekb.decisions.models import Decision, MunicipalityPolicy
from ekb.decisions.proposal import propose_lines
from tests.factories import PASSWORD
from tests.personas import acknowledging, decision_form, grant_everything

BECAUSE = "Hyran saknar underlag: be om hyresavin för december."




def _as(client, username):
    client.logout()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def proposed(renewal, org):
    MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)
    renewal.decision = grant_everything(renewal.application, org.anna)
    assert renewal.decision.status == DecisionStatus.AWAITING_APPROVAL
    return renewal


def test_deciding_asks_for_confirmation_with_the_total_and_decides_only_when_confirmed(
    client, renewal
):
    application = renewal.application
    url = f"/handlaggare/ansokningar/{application.pk}/beslut/"
    _as(client, "anna")
    total = sum(line.amount for line in propose_lines(application, latest_calculation(application)))

    confirm = client.post(url, decision_form(application))

    page = confirm.content.decode()
    assert confirm.status_code == 200
    from ekb.lib.money import format_amount

    assert f"Du beslutar om {format_amount(total)}\u00a0kr för december 2026." in page
    assert 'name="bekraftat" value="ja"' in page
    assert not application.decisions.exists()

    done = client.post(url, decision_form(application, bekraftat="ja"))
    twice = client.post(url, decision_form(application, bekraftat="ja"))  # a double click

    decision = application.decisions.get()
    assert done["Location"] == twice["Location"] == f"/handlaggare/beslut/{decision.pk}/"
    assert decision.status == DecisionStatus.DECIDED


def test_back_from_the_confirmation_the_form_keeps_what_was_typed(client, renewal):
    application = renewal.application
    _as(client, "anna")
    typed = "Hushållet har fått det som normen ger; vi beviljar enligt beräkningen."
    page = client.post(
        f"/handlaggare/ansokningar/{application.pk}/beslut/",
        decision_form(application, andra="ja", **{"lines-0-reasons": typed}),
    ).content.decode()
    assert typed in page and 'name="lines-0-reasons"' in page
    assert not application.decisions.exists()


def test_the_letter_is_previewed_before_deciding_and_nothing_is_stored(client, renewal):
    application = renewal.application
    _as(client, "anna")
    response = client.post(
        f"/handlaggare/ansokningar/{application.pk}/beslut/forhandsgranska/", decision_form(application)
    )
    letter = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "Utkast. Det här är inte ett beslut." in letter
    assert "Beslut om ekonomiskt bistånd" in letter and "december 2026" in letter
    assert not Decision.objects.filter(application=application).exists()


@pytest.mark.usefixtures("real_letters")
def test_the_previewed_letter_is_a_pdf_as_the_client_would_get_it(client, renewal):
    _as(client, "anna")
    response = client.post(
        f"/handlaggare/ansokningar/{renewal.application.pk}/beslut/forhandsgranska/",
        decision_form(renewal.application),
    )
    assert response["Content-Type"] == "application/pdf" and response.content[:4] == b"%PDF"


def test_a_preview_of_a_form_with_a_bad_amount_says_what_to_correct(client, renewal):
    _as(client, "anna")
    response = client.post(
        f"/handlaggare/ansokningar/{renewal.application.pk}/beslut/forhandsgranska/",
        decision_form(renewal.application, **{"lines-0-amount": "tusen"}),
    )
    assert response.status_code == 400
    assert "Brevet kan inte förhandsgranskas" in response.content.decode()


def test_the_decider_sees_three_choices_and_the_proposer_none(client, proposed):
    url = f"/handlaggare/beslut/{proposed.decision.pk}/"
    page = _as(client, "cecilia").get(url).content.decode()
    for choice in ("Godkänn och fatta beslutet", "Ändra och fatta beslutet", "Skicka tillbaka"):
        assert choice in page
    page = _as(client, "anna").get(url).content.decode()
    assert "Skicka tillbaka" not in page and "Godkänn" not in page


def test_sent_back_with_a_comment_anna_sees_why_changes_it_and_the_manager_approves(
    client, proposed
):
    decision, application = proposed.decision, proposed.application
    manager = _as(client, "cecilia")
    refused = manager.post(f"/handlaggare/beslut/{decision.pk}/skicka-tillbaka/", {"comment": ""})
    assert refused.status_code == 400 and "Skriv varför" in refused.content.decode()

    sent = manager.post(f"/handlaggare/beslut/{decision.pk}/skicka-tillbaka/", {"comment": BECAUSE})
    assert sent.status_code == 302
    again = manager.post(
        f"/handlaggare/beslut/{decision.pk}/skicka-tillbaka/", {"comment": BECAUSE}
    )
    assert again.status_code == 302  # a double click sends it back once
    assert manager.get("/handlaggare/inkorg/").content.decode().count("Beslut att godkänna") == 0

    anna = _as(client, "anna")
    inbox = anna.get("/handlaggare/inkorg/").content.decode()
    assert "Beslut återsänt" in inbox and BECAUSE in inbox
    page = anna.get(f"/handlaggare/ansokningar/{application.pk}/").content.decode()
    assert BECAUSE in page and "Fatta beslut" in page
    assert BECAUSE in anna.get(f"/handlaggare/beslut/{decision.pk}/").content.decode()

    done = anna.post(
        f"/handlaggare/ansokningar/{application.pk}/beslut/", decision_form(application, bekraftat="ja")
    )
    assert done["Location"] == f"/handlaggare/beslut/{decision.pk}/"
    assert "Beslut återsänt" not in anna.get("/handlaggare/inkorg/").content.decode()

    manager = _as(client, "cecilia")
    assert "Beslut att godkänna" in manager.get("/handlaggare/inkorg/").content.decode()
    manager.post(f"/handlaggare/beslut/{decision.pk}/godkann/")
    decision.refresh_from_db()
    assert (decision.status, decision.decided_by.username) == (DecisionStatus.DECIDED, "cecilia")
    assert "Beslut att godkänna" not in manager.get("/handlaggare/inkorg/").content.decode()


def test_the_decider_changes_a_line_with_reasons_and_the_page_shows_the_change(client, proposed):
    decision = proposed.decision
    lines = list(decision.lines.order_by("id"))
    data = {"lines-TOTAL_FORMS": str(len(lines)), "lines-INITIAL_FORMS": str(len(lines))}
    for i, line in enumerate(lines):
        data |= {
            f"lines-{i}-purpose": line.purpose,
            f"lines-{i}-outcome": line.outcome,
            f"lines-{i}-amount": str(line.amount),
            f"lines-{i}-reasons": line.reasons,
        }
    rent = next(i for i, line in enumerate(lines) if line.purpose == Purpose.RENT)
    data[f"lines-{rent}-amount"] = str(lines[rent].amount + 800)
    data[f"lines-{rent}-reasons"] = "Hyran höjs från december enligt hyresavin; vi beviljar den."
    url = f"/handlaggare/beslut/{decision.pk}/andra/"
    manager = _as(client, "cecilia")

    refused = manager.post(url, data | {"change_reasons": ""})
    assert refused.status_code == 400
    assert "Skriv skälen till att du ändrar förslaget." in refused.content.decode()

    changed = manager.post(url, data | {"change_reasons": "Handläggaren missade den nya hyran."})
    assert changed.status_code == 302
    page = manager.get(f"/handlaggare/beslut/{decision.pk}/").content.decode()
    assert "Ändrat av beslutsfattaren" in page and "missade den nya hyran" in page
    assert "Föreslaget: Bifall" in page
    decision.refresh_from_db()
    assert (decision.status, decision.changed_by.username) == (DecisionStatus.DECIDED, "cecilia")


def test_the_decision_page_shows_where_the_decision_departs_from_the_application(
    client, renewal, org
):
    from ekb.flow import journey

    application = renewal.application
    lines = propose_lines(application, latest_calculation(application))
    rent = next(line for line in lines if line.purpose == Purpose.RENT)
    rent.amount = rent.amount_applied - 1000
    rent.outcome = "partly_granted"
    rent.reasons = "Hyran är högre än vad som är skäligt; vi beviljar 6 200 kr."
    decision = journey.decide_application(
        application,
        lines,
        acting_user=org.anna,
        acknowledgements=acknowledging(application),
        children_consideration="Elias bor kvar; skillnaden påverkar inte hans vardag.",
    )
    page = _as(client, "anna").get(f"/handlaggare/beslut/{decision.pk}/").content.decode()
    assert "6\u00a0200\u00a0kr beviljat mot 7\u00a0200\u00a0kr sökt" in page
    assert "Avviker" in page
    assert "Som sökt (400\u00a0kr)" in page  # electricity, granted as applied for


def test_the_confirmation_shows_a_typo_against_the_calculation_before_it_is_decided(
    client, renewal
):
    """A fresh-eye tester typed 52 200 kr for a calculated 5 220 kr: the confirmation said only
    "Inget belopp sökt" for försörjningsstöd."""
    application = renewal.application
    _as(client, "anna")
    proposed = propose_lines(application, latest_calculation(application))
    i = next(n for n, line in enumerate(proposed) if line.purpose == Purpose.LIVELIHOOD)
    calculated = proposed[i].calculated
    typo = calculated * 10

    confirm = client.post(
        f"/handlaggare/ansokningar/{application.pk}/beslut/",
        decision_form(application, **{f"lines-{i}-amount": str(typo), f"lines-{i}-reasons": BECAUSE}),
    )

    page = confirm.content.decode().replace("\u00a0", " ")
    from ekb.lib.money import format_amount

    expected = f"{format_amount(typo)} kr beviljat mot {format_amount(calculated)} kr beräknat"
    assert expected.replace("\u00a0", " ") in page
    assert "Beräkningen ger" in page


def test_the_decider_adds_a_purpose_on_the_change_form_with_reasons(client, proposed):
    decision = proposed.decision
    lines = list(decision.lines.order_by("id"))
    n = len(lines)
    data = {"lines-TOTAL_FORMS": str(n + 1), "lines-INITIAL_FORMS": str(n)}
    for i, line in enumerate(lines):
        data |= {
            f"lines-{i}-purpose": line.purpose,
            f"lines-{i}-outcome": line.outcome,
            f"lines-{i}-amount": str(line.amount),
            f"lines-{i}-reasons": line.reasons,
        }
    data |= {
        f"lines-{n}-purpose": Purpose.DENTAL,
        f"lines-{n}-outcome": "granted",
        f"lines-{n}-amount": "1 200",
        "change_reasons": "Tandvården stod i journalen men inte i förslaget.",
    }
    url = f"/handlaggare/beslut/{decision.pk}/andra/"
    manager = _as(client, "cecilia")
    form = manager.get(f"/handlaggare/beslut/{decision.pk}/").content.decode()
    assert "Lägg till ett ändamål" in form

    refused = manager.post(url, data | {f"lines-{n}-reasons": ""})
    assert refused.status_code == 400
    assert "Ändamålet finns inte i ansökan" in refused.content.decode()

    reasons = "Akut tandvård enligt kostnadsberäkningen; den kan inte vänta."
    changed = manager.post(url, data | {f"lines-{n}-reasons": reasons})
    assert changed.status_code == 302
    page = manager.get(f"/handlaggare/beslut/{decision.pk}/").content.decode()
    assert "Tillagt av beslutsfattaren" in page and reasons in page
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DECIDED
    assert decision.lines.get(purpose=Purpose.DENTAL).added_by_decider


def test_a_calculated_amount_sent_by_the_browser_does_not_hide_a_departure(client, renewal):
    """A third tester set the hidden "calculated" field to her typo: the confirmation said "Som
    beräknat". The references are the system's (decisions.decide._set_references)."""
    application = renewal.application
    _as(client, "anna")
    proposed = propose_lines(application, latest_calculation(application))
    i = next(n for n, line in enumerate(proposed) if line.purpose == Purpose.LIVELIHOOD)
    calculated = proposed[i].calculated
    typo = calculated * 10
    url = f"/handlaggare/ansokningar/{application.pk}/beslut/"
    tampered = {
        f"lines-{i}-amount": str(typo),
        f"lines-{i}-calculated": str(typo),
        f"lines-{i}-reasons": "",  # no reasons: the departure must still ask for them
    }

    refused = client.post(url, decision_form(application, **tampered))

    assert refused.status_code == 400
    assert "Skriv skälen" in refused.content.decode()
    confirm = client.post(url, decision_form(application, **(tampered | {f"lines-{i}-reasons": BECAUSE})))
    page = confirm.content.decode().replace("\u00a0", " ")
    from ekb.lib.money import format_amount

    expected = f"{format_amount(typo)} kr beviljat mot {format_amount(calculated)} kr beräknat"
    assert expected.replace("\u00a0", " ") in page
