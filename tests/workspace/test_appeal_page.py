"""The caseworker's appeal page: rättidsprövning, omprövning, and on to förvaltningsrätten after
a confirmation; a late appeal dismissed. (tests/notices/test_appeal_handling.py has the rules.)"""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.decisions.models import Decision
from ekb.notices.appeals import do_submit_appeal
from ekb.notices.choices import AppealStatus, Timeliness
from ekb.notices.notification import do_mark_decision_seen
from tests.factories import PASSWORD
from tests.personas import at_ten

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal(karin, time_machine):
    november = Decision.objects.filter(case=karin.case).latest("decided_at")
    time_machine.move_to(at_ten(dt.date(2026, 11, 23)), tick=False)
    do_mark_decision_seen(november, person=karin.applicant)
    time_machine.move_to(at_ten(dt.date(2026, 12, 1)), tick=False)
    return do_submit_appeal(november, "Hyran är fel.", person=karin.applicant)


def url(appeal, tail=""):
    return f"/handlaggare/arenden/{appeal.case_id}/overklaganden/{appeal.pk}/{tail}"


def test_anna_confirms_the_timeliness_and_sends_the_appeal_on_after_a_confirmation(
    client, org, appeal
):
    assert client.login(username="anna", password=PASSWORD)
    page = client.get(url(appeal)).content.decode()
    assert "Enligt datumen kom överklagandet in i rätt tid." in page
    assert "2026-12-08" in page  # with the court a week after it came

    client.post(url(appeal, "rattidsprovning/"), {"timeliness": Timeliness.IN_TIME})
    page = client.get(url(appeal)).content.decode()
    assert "registrerat av" in page
    assert "Ompröva och ändra beslutet" in page

    # No opinion: the form comes back with the error, nothing is sent.
    response = client.post(url(appeal, "forvaltningsratten/"), {"step": "review", "opinion": ""})
    assert response.status_code == 400
    assert "Skriv kommunens yttrande" in response.content.decode()
    review = client.post(
        url(appeal, "forvaltningsratten/"),
        {"step": "review", "opinion": "Kommunen vidhåller beslutet."},
    )
    assert "Bekräfta: skicka till förvaltningsrätten" in review.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.RECEIVED  # not before the confirmation

    client.post(
        url(appeal, "forvaltningsratten/"),
        {"step": "send", "opinion": "Kommunen vidhåller beslutet."},
    )
    client.post(  # a double click sends nothing twice
        url(appeal, "forvaltningsratten/"),
        {"step": "send", "opinion": "Kommunen vidhåller beslutet."},
    )

    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.FORWARDED
    pdf = client.get(url(appeal, "akt.pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_late_appeal_is_dismissed_from_the_page(client, org, karin, time_machine):
    november = Decision.objects.filter(case=karin.case).latest("decided_at")
    time_machine.move_to(at_ten(dt.date(2026, 11, 23)), tick=False)
    do_mark_decision_seen(november, person=karin.applicant)
    time_machine.move_to(at_ten(dt.date(2027, 1, 11)), tick=False)
    appeal = do_submit_appeal(november, "Hyran är fel.", person=karin.applicant)
    assert client.login(username="anna", password=PASSWORD)
    assert "kom överklagandet in för sent" in client.get(url(appeal)).content.decode()

    client.post(url(appeal, "rattidsprovning/"), {"timeliness": Timeliness.LATE})
    response = client.post(url(appeal, "avvisa/"))

    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DISMISSED
    assert response.url == f"/handlaggare/beslut/{appeal.dismissal_id}/"


def test_another_units_caseworker_gets_404_for_the_appeal_and_its_bundle(client, org, appeal):
    assert client.login(username="bertil", password=PASSWORD)

    assert client.get(url(appeal)).status_code == 404
    assert client.get(url(appeal, "akt.pdf")).status_code == 404


def test_an_omprovning_sent_back_shows_the_comment_and_the_form_again_and_the_inbox_leads_there(
    client, org, appeal
):
    from ekb.decisions.four_eyes import do_send_back_decision
    from ekb.decisions.models import MunicipalityPolicy

    MunicipalityPolicy.objects.update_or_create(municipality=org.muni, defaults={"four_eyes": True})
    assert client.login(username="anna", password=PASSWORD)
    client.post(url(appeal, "rattidsprovning/"), {"timeliness": Timeliness.IN_TIME})
    november = appeal.decision
    lines = list(november.lines.order_by("id"))
    data = {
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": str(len(lines)),
        "fully_as_asked": "no",
    }
    for i, line in enumerate(lines):
        data |= {
            f"lines-{i}-purpose": line.purpose,
            f"lines-{i}-outcome": line.outcome,
            f"lines-{i}-amount": str(line.amount + (300 if i == 0 else 0)),
            f"lines-{i}-amount_applied": ""
            if line.amount_applied is None
            else str(line.amount_applied),
            f"lines-{i}-reasons": "Vid omprövningen godtar vi hyran i det nya avtalet; 300 kr mer."
            if i == 0
            else line.reasons,
        }
    data["bekraftat"] = "ja"
    proposed = client.post(url(appeal, "ompreva/"), data, follow=True).content.decode()
    assert "Förslaget väntar nu på beslutsfattaren." in proposed  # not "decided" yet
    assert "Omprövningens beslut är sparat." not in proposed
    proposal = Decision.objects.get(reconsiders=november)
    do_send_back_decision(proposal, comment="Bifoga hyresavtalet först.", acting_user=org.cecilia)

    page = client.get(url(appeal)).content.decode()
    assert "Bifoga hyresavtalet först." in page
    assert "Ompröva och ändra beslutet" in page
    assert "väntar på godkännande" not in page
    # The proposal's own page says what it reconsiders and leads back to the appeal.
    shown = client.get(f"/handlaggare/beslut/{proposal.pk}/").content.decode()
    assert "Omprövning av" in shown
    assert f'href="/handlaggare/beslut/{november.pk}/"' in shown
    assert f'href="/handlaggare/arenden/{appeal.case_id}/#appeals"' in shown
    assert f'href="/handlaggare/ansokningar/{november.application_id}/#decision"' not in shown
    inbox = client.get("/handlaggare/inkorg/").content.decode()
    assert f'href="/handlaggare/arenden/{appeal.case_id}/#appeals"' in inbox
    assert client.post(url(appeal, "ompreva/"), data).status_code == 302
    assert Decision.objects.filter(reconsiders=november, status="awaiting_approval").exists()


def _reconsider_form(appeal, extra: int) -> dict:
    """The omprövning form from the appealed decision, the first line raised by ``extra`` kr."""
    lines = list(appeal.decision.lines.order_by("id"))
    data = {
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": str(len(lines)),
        "fully_as_asked": "no",
    }
    for i, line in enumerate(lines):
        data |= {
            f"lines-{i}-purpose": line.purpose,
            f"lines-{i}-outcome": line.outcome,
            f"lines-{i}-amount": str(line.amount + (extra if i == 0 else 0)),
            f"lines-{i}-amount_applied": ""
            if line.amount_applied is None
            else str(line.amount_applied),
            f"lines-{i}-reasons": "Vid omprövningen godtar vi hyran i det nya avtalet; 600 kr mer."
            if i == 0
            else line.reasons,
        }
    return data


def test_an_omprovning_asks_for_confirmation_beside_the_appealed_decision_and_decides_once(
    client, org, appeal
):
    from ekb.lib.money import format_amount

    assert client.login(username="anna", password=PASSWORD)
    client.post(url(appeal, "rattidsprovning/"), {"timeliness": Timeliness.IN_TIME})
    november = appeal.decision
    first = november.lines.order_by("id").first()
    data = _reconsider_form(appeal, 600)

    confirm = client.post(url(appeal, "ompreva/"), data)
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Bekräfta omprövningen" in page
    now = format_amount(first.amount + 600, space=" ")
    before = format_amount(first.amount, space=" ")
    assert f"{now} kr mot {before} kr i det överklagade beslutet" in page.replace("\xa0", " ")
    assert "Som i det överklagade beslutet" in page  # the lines not changed
    assert not Decision.objects.filter(reconsiders=november).exists()  # nothing before confirming

    back = client.post(url(appeal, "ompreva/"), data | {"andra": "ja"})
    assert back.status_code == 200 and "<details open>" in back.content.decode()
    assert not Decision.objects.filter(reconsiders=november).exists()

    made = client.post(url(appeal, "ompreva/"), data | {"bekraftat": "ja"})
    again = client.post(url(appeal, "ompreva/"), data | {"bekraftat": "ja"})  # a double click
    new = Decision.objects.get(reconsiders=november)
    assert made.url == again.url == f"/handlaggare/beslut/{new.pk}/"
    assert new.status == "decided"

    shown = client.get(made.url).content.decode().replace("\xa0", " ")
    assert "Mot det överklagade beslutet" in shown
    assert f"{now} kr mot {before} kr i det överklagade beslutet" in shown
