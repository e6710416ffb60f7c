"""The meeting's money page (/handlaggare/moten/<id>/berakning/): the prepared calculation, the
amounts gone through with the client, an unforeseen cost added, the oral decision with a
confirmation of the total, then the decision and its letter. A refusal keeps what was typed."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ekb.decisions.choices import DecisionStatus
from ekb.decisions.models import Decision
from ekb.meetings.choices import MeetingKind
from ekb.meetings.models import Meeting
from tests.personas import DECEMBER, decision_form, staff_log_in


@pytest.fixture
def meeting(karin, org):
    return Meeting.objects.create(
        case=karin.case,
        caseworker=org.anna,
        starts_at=dt.datetime(2026, 11, 20, 13, 0, tzinfo=dt.UTC),
        kind=MeetingKind.VISIT,
        created_by=org.anna,
    )


def url(meeting, step=""):
    return f"/handlaggare/moten/{meeting.pk}/berakning/{step}"


def _amounts(page: str) -> dict:
    """The amounts form as the page shows it, every amount confirmed."""
    data = {}
    for key, value in re.findall(r'name="(amount-c\d+|amount-l\d+)"[^>]*value="([^"]*)"', page):
        data[key] = value
        data["confirm-" + key.removeprefix("amount-")] = "on"
    return data


def _decision_form(meeting) -> dict:
    """The robot's proposal for the month's application, as the meeting's decision form posts it."""
    application = meeting.case.applications.get(month=DECEMBER)
    return decision_form(application) | {"made_orally": "on"}


def test_the_page_is_404_for_a_caseworker_of_another_unit(client, meeting):
    staff_log_in(client, "bertil")
    assert client.get(url(meeting)).status_code == 404


def test_the_prepared_calculation_confirmed_added_to_and_decided_orally_with_its_letter(
    client, meeting, org
):
    staff_log_in(client, "anna")
    page = client.get(url(meeting)).content.decode()
    assert "Gör schablonberäkningen" in page
    client.post(url(meeting, "forbered/"))
    page = client.get(url(meeting)).content.decode()
    assert "Schablonberäkning gjord före mötet" in page and "2026-11" in page
    data = _amounts(page) | {
        "added-0-type": "medicine",
        "added-0-amount": "350",
        "added-0-note": "Kvitto från apoteket",
    }
    response = client.post(url(meeting, "belopp/"), data)
    assert response.status_code == 302
    page = client.get(url(meeting)).content.decode()
    assert "Beloppen är bekräftade med klienten vid mötet." in page
    form = _decision_form(meeting)
    confirm = client.post(url(meeting, "beslut/"), form)
    assert confirm.status_code == 200
    assert "Du beslutar om" in confirm.content.decode()
    assert url(meeting, "beslut/") in confirm.content.decode()
    done = client.post(url(meeting, "beslut/"), form | {"bekraftat": "ja"})
    assert done.status_code == 302
    decision = Decision.objects.get(meeting=meeting)
    assert decision.status == DecisionStatus.DECIDED and decision.made_orally
    assert decision.letter.pdf
    page = client.get(url(meeting)).content.decode()
    assert f"/handlaggare/beslut/{decision.pk}/brev.pdf" in page


def test_an_amount_not_confirmed_is_refused_and_what_was_typed_is_kept(client, meeting):
    staff_log_in(client, "anna")
    client.post(url(meeting, "forbered/"))
    data = _amounts(client.get(url(meeting)).content.decode())
    rent = next(k for k, v in data.items() if k.startswith("amount-") and v == "7 200")
    data[rent] = "7 650"
    del data["confirm-" + rent.removeprefix("amount-")]
    response = client.post(url(meeting, "belopp/"), data | {"added-0-note": "Läkarbesök"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Gå igenom beloppet med klienten och bekräfta det" in page
    assert "Skriv varför beloppen ändrades" in page
    assert 'value="7 650"' in page and 'value="Läkarbesök"' in page
    assert not meeting.case.applications.filter(month=dt.date(2026, 12, 1)).exists()


def test_a_decision_departing_without_reasons_is_refused_and_the_form_keeps_it(client, meeting):
    staff_log_in(client, "anna")
    client.post(url(meeting, "forbered/"))
    client.post(url(meeting, "belopp/"), _amounts(client.get(url(meeting)).content.decode()))
    form = _decision_form(meeting)
    form["lines-0-amount"] = "1 000"
    form["lines-0-reasons"] = ""
    form["lines-0-outcome"] = "partly_granted"
    response = client.post(url(meeting, "beslut/"), form | {"bekraftat": "ja"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Beslutet är inte fattat" in page and 'value="1 000"' in page
    assert not Decision.objects.filter(meeting=meeting).exists()


def test_anna_adds_the_job_karin_started_on_the_money_page(client, meeting, karin):
    staff_log_in(client, "anna")
    client.post(url(meeting, "forbered/"))
    page = client.get(url(meeting)).content.decode()
    assert "Ny inkomst 1" in page and "Vems inkomst" in page
    data = _amounts(page) | {
        "income-0-type": "salary",
        "income-0-member": str(karin.applicant.pk),
        "income-0-amount": "4 000",
        "income-0-note": "Anställningsavtal från 1 december",
    }
    assert client.post(url(meeting, "belopp/"), data).status_code == 302
    application = meeting.case.applications.get(month=DECEMBER)
    line = application.lines.get(kind="income", amount=4000)
    assert (line.type, line.member_id) == ("salary", karin.applicant.pk)


def test_an_income_without_an_amount_is_refused_and_what_was_typed_is_kept(client, meeting, karin):
    staff_log_in(client, "anna")
    client.post(url(meeting, "forbered/"))
    data = _amounts(client.get(url(meeting)).content.decode()) | {
        "income-0-type": "salary",
        "income-0-member": str(karin.applicant.pk),
        "income-0-note": "Nytt jobb på lagret",
    }
    response = client.post(url(meeting, "belopp/"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Skriv inkomstens belopp för månaden." in page
    assert 'value="Nytt jobb på lagret"' in page
    assert not meeting.case.applications.filter(month=DECEMBER).exists()


def test_register_data_not_yet_weighed_are_named_with_the_way_to_weigh_them(client, karin, meeting):
    from ekb.applications.choices import ApplicationKind
    from ekb.flow import journey
    from tests.personas import lines

    # Karin says 3 000 kr salary; Skatteverket reports 4 100 kr: a proposal to weigh first.
    karin.register.script(karin.applicant.identity_number, {"skv": [("salary", 4100, "Lön")]})
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    staff_log_in(client, "anna")
    page = client.get(url(meeting)).content.decode()
    assert "Pröva registeruppgifterna innan du beslutar" in page
    assert f"/handlaggare/ansokningar/{application.pk}/#register-proposals" in page
