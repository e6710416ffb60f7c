"""The application page's forms: errors come back on the page with what was typed."""

from __future__ import annotations

from tests.factories import PASSWORD


def test_a_negative_override_comes_back_with_the_typed_reason(client, org, renewal):
    assert client.login(username="anna", password=PASSWORD)
    rent = renewal.application.lines.get(type="rent")
    response = client.post(
        f"/handlaggare/uppgifter/{rent.pk}/andra/", {"amount": "-10", "reason": "Fel i avin"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Beloppet kan inte vara negativt." in page and "Fel i avin" in page
    rent.refresh_from_db()
    assert not rent.overridden


def test_acknowledging_without_a_comment_is_refused_on_the_page(client, org, renewal):
    warning = renewal.application.warnings.create(
        case=renewal.case, rule="test", fingerprint="test:1", message="Kontrollera hyran."
    )
    assert client.login(username="anna", password=PASSWORD)
    response = client.post(f"/handlaggare/varningar/{warning.pk}/kvittera/", {"comment": ""})
    assert response.status_code == 400
    warning.refresh_from_db()
    assert warning.status == "open"


def test_a_supplement_due_yesterday_is_refused_with_a_message_naming_the_date(client, org, renewal):
    assert client.login(username="anna", password=PASSWORD)
    response = client.post(
        f"/handlaggare/ansokningar/{renewal.application.pk}/komplettering/",
        {"what": "Hyresavi", "why": "Ny hyra", "due_date": "2026-11-19"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Sista dag kan inte vara före i dag." in page
    assert 'value="Hyresavi"' in page
    assert not renewal.case.supplement_requests.exists()


def test_the_domains_errors_speak_english_when_the_caseworker_chooses_it(client, org, renewal):
    assert client.login(username="anna", password=PASSWORD)
    client.post("/i18n/setlang/", {"language": "en", "next": "/handlaggare/"})
    response = client.post(
        f"/handlaggare/ansokningar/{renewal.application.pk}/komplettering/",
        {"what": "Lease", "why": "New rent", "due_date": "2026-11-19"},
    )
    assert "The last day cannot be before today." in response.content.decode()


def test_the_caseworker_reads_the_clients_own_words_on_the_application_page(client, org, karin):
    # Karin writes why she applies and what she owns; Anna must read it before deciding.
    from ekb.applications.drafts import do_save_draft, do_start_draft
    from ekb.flow import journey

    draft = do_start_draft(karin.applicant)
    do_save_draft(
        draft,
        {
            "costs": [{"type": "rent", "amount": "7200"}],
            "reason": "Min a-kassa tog slut i oktober.",
            "assets": "En bil värd ungefär 15 000 kr.",
            "household_comment": "Elias bor hos sin pappa varannan vecka.",
        },
        person=karin.applicant,
    )
    application = journey.submit(karin.applicant, draft=draft).application
    assert client.login(username="anna", password=PASSWORD)
    page = client.get(f"/handlaggare/ansokningar/{application.pk}/").content.decode()
    assert "Klientens egna ord" in page
    assert "Min a-kassa tog slut i oktober." in page
    assert "En bil värd ungefär 15 000 kr." in page
    assert "Elias bor hos sin pappa varannan vecka." in page
