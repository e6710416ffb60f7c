"""A renewal where nothing changed is one confirmation from last month's application ("Inget har
ändrats"): one page with the pre-filled summary and one button; stored at once, sent once."""

from __future__ import annotations

import pytest

from ekb.applications.choices import ApplicationKind, LineKind
from ekb.applications.models import Application, ApplicationDraft
from tests.personas import DECEMBER, draft_url

pytestmark = pytest.mark.django_db


def _start_unchanged(client):
    response = client.post("/e-tjanst/ansokan/", {"month": "2026-12", "unchanged": "1"})
    draft = ApplicationDraft.objects.get(month=DECEMBER)
    assert response["Location"] == draft_url(draft, "inget-har-andrats/")
    return draft


def test_the_status_page_offers_nothing_changed_for_next_month(as_karin):
    page = as_karin.get("/e-tjanst/").text
    assert "Inget har ändrats" in page
    assert 'name="unchanged"' in page and 'value="2026-12"' in page


def test_karin_confirms_last_months_application_in_two_clicks(as_karin, karin):
    draft = _start_unchanged(as_karin)
    page = as_karin.get(draft_url(draft, "inget-har-andrats/")).text
    assert "Samma som förra månaden" in page
    assert "7\u00a0200\u00a0kr" in page and "3\u00a0000\u00a0kr" in page
    assert "Inget har ändrats – skicka ansökan" in page

    response = as_karin.post(draft_url(draft, "inget-har-andrats/"))

    assert response["Location"] == draft_url(draft, "mottagen/")
    application = Application.objects.get(case=karin.case, month=DECEMBER)
    assert application.kind == ApplicationKind.RENEWAL
    facts = sorted(
        (line.kind, line.type, str(line.amount))
        for line in application.lines.filter(kind__in=[LineKind.COST, LineKind.INCOME])
    )
    assert facts == [
        ("cost", "electricity", "400.00"),
        ("cost", "rent", "7200.00"),
        ("income", "salary", "3000.00"),
    ]


def test_a_double_click_sends_one_application(as_karin, karin):
    draft = _start_unchanged(as_karin)
    as_karin.post(draft_url(draft, "inget-har-andrats/"))

    again = as_karin.post(draft_url(draft, "inget-har-andrats/"))

    assert again["Location"] == draft_url(draft, "mottagen/")
    assert Application.objects.filter(case=karin.case, month=DECEMBER).count() == 1


def test_after_a_change_the_client_checks_her_answers_instead(as_karin):
    draft = _start_unchanged(as_karin)
    as_karin.post(draft_url(draft, "boende/"), {"rent": "7500", "electricity": "400"})

    response = as_karin.get(draft_url(draft, "inget-har-andrats/"))

    assert response["Location"] == draft_url(draft, "kontrollera/")
    assert not Application.objects.filter(month=DECEMBER).exists()


def test_a_couple_sends_it_to_the_co_applicant_to_confirm(client, kemal_and_tove, org):
    from ekb.flow import journey
    from tests.personas import NOVEMBER, grant_everything, lines, log_in

    november = journey.receive_application(
        kemal_and_tove.case,
        NOVEMBER,
        ApplicationKind.RENEWAL,
        lines(),
        client_person_id=kemal_and_tove.kemal.pk,
    )
    grant_everything(november, org.anna)
    log_in(client, kemal_and_tove.kemal)
    draft = _start_unchanged(client)

    response = client.post(draft_url(draft, "inget-har-andrats/"), follow=True)

    assert "Tove behöver logga in och bekräfta ansökan" in response.text
    assert not Application.objects.filter(month=DECEMBER).exists()


def test_going_through_a_page_without_changing_anything_still_counts_as_unchanged(as_karin):
    draft = _start_unchanged(as_karin)
    as_karin.post(draft_url(draft, "boende/"), {"rent": "7 200", "electricity": "400"})

    response = as_karin.get(draft_url(draft, "inget-har-andrats/"))

    assert response.status_code == 200
