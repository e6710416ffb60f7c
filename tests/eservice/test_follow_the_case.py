"""Following the case: the status page, supplement requests with files, decisions and letters,
appeals in time and late, messages; and nobody sees another household's papers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ekb.applications.choices import SupplementStatus
from ekb.applications.models import Attachment
from ekb.applications.supplements import do_request_supplement
from ekb.audit.models import AccessLogEntry
from ekb.cases.messages import do_send_message
from ekb.decisions.models import Decision
from ekb.notices.models import Appeal, DecisionNotification
from tests import factories as f
from tests.personas import log_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def asked(karin, org):
    karin.request = do_request_supplement(
        karin.case,
        what="Hyresavi för december",
        why="Hyran har ändrats.",
        due_date=dt.date(2026, 11, 30),
        acting_user=org.anna,
    )
    return karin


@pytest.fixture
def stranger(org):
    return f.case(org.norr).household.members.get().person


def test_the_status_page_shows_state_caseworker_decisions_payments_and_requests(
    as_karin, asked, org
):
    org.anna.phone = "040-123 45 67"
    org.anna.save(update_fields=["phone"])
    page = as_karin.get("/e-tjanst/").content.decode()
    assert "Komplettering begärd" in page  # the state label, from the fold over the events
    assert "Hyresavi för december" in page and "Senast 30 november 2026" in page
    assert "Anna" in page and "040-123 45 67" in page
    assert "Beslut om november 2026" in page and "Beslut om oktober 2026" in page
    # Both months are paid on the day they were decided (today); nothing is paid out yet.
    assert "Betalas ut 20 november 2026" in page and "Utbetald" not in page
    assert "Vi behöver mer underlag från dig senast 30 november 2026." in page  # the timeline


def test_a_client_answers_a_supplement_request_with_a_file(as_karin, asked):
    url = f"/e-tjanst/kompletteringar/{asked.request.pk}/"
    page = as_karin.get(url).content.decode()
    assert "Hyresavi för december" in page and "Hyran har ändrats." in page
    upload = SimpleUploadedFile("hyresavi dec.pdf", PDF, content_type="application/pdf")
    response = as_karin.post(url, {"answer": "Här är avin.", "files": [upload]})
    assert response["Location"] == "/e-tjanst/"
    asked.request.refresh_from_db()
    assert asked.request.status == SupplementStatus.ANSWERED
    attachment = Attachment.objects.get(supplement_request=asked.request)
    assert (attachment.name, attachment.content_type) == ("hyresavi dec.pdf", "application/pdf")
    assert "Komplettering" not in as_karin.get("/e-tjanst/").content.decode().split("<h2")[1]


def test_a_file_alone_is_an_answer(as_karin, asked):
    url = f"/e-tjanst/kompletteringar/{asked.request.pk}/"
    upload = SimpleUploadedFile("avi.pdf", PDF, content_type="application/pdf")
    assert as_karin.post(url, {"answer": "", "files": [upload]}).status_code == 302
    asked.request.refresh_from_db()
    assert "avi.pdf" in asked.request.answer


def test_a_file_of_the_wrong_type_is_refused_and_the_answer_is_kept(as_karin, asked):
    url = f"/e-tjanst/kompletteringar/{asked.request.pk}/"
    fake = SimpleUploadedFile("avi.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = as_karin.post(url, {"answer": "Här är avin.", "files": [fake]})
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        '<a href="#files">avi.pdf: Filen måste vara en PDF eller en bild (JPG eller PNG).' in page
    )
    assert "Här är avin.</textarea>" in page and "Välj filerna igen" in page
    asked.request.refresh_from_db()
    assert asked.request.status == SupplementStatus.OPEN
    assert not Attachment.objects.exists()


def test_a_too_large_file_is_refused_and_nothing_is_half_saved(as_karin, asked, settings):
    settings.EKB_MAX_UPLOAD_MB = 1
    url = f"/e-tjanst/kompletteringar/{asked.request.pk}/"
    good = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    big = SimpleUploadedFile("b.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf")
    response = as_karin.post(url, {"answer": "Två filer.", "files": [good, big]})
    page = response.content.decode()
    assert response.status_code == 400
    assert "b.pdf: Filen är för stor. Den får vara högst 1 MB." in page
    assert "Två filer.</textarea>" in page
    assert not Attachment.objects.exists()  # not even the first, good file
    asked.request.refresh_from_db()
    assert asked.request.status == SupplementStatus.OPEN


def test_an_empty_answer_says_what_to_do(as_karin, asked):
    response = as_karin.post(f"/e-tjanst/kompletteringar/{asked.request.pk}/", {"answer": " "})
    assert response.status_code == 400
    assert "Skriv ett svar eller välj en fil att skicka." in response.content.decode()


# The letter is read as the PDF it is: its fixtures store it so too.
@pytest.mark.usefixtures("real_letters")
def test_reading_a_decision_and_its_letter_starts_the_appeal_period(as_karin, karin):
    decision = Decision.objects.filter(case=karin.case).latest("decided_at")
    DecisionNotification.objects.filter(decision=decision).delete()
    page = as_karin.get(f"/e-tjanst/beslut/{decision.pk}/").content.decode()
    assert "Försörjningsstöd" in page and "Ladda ner beslutsbrevet (PDF)" in page
    assert "senast 11 december 2026" in page  # three weeks from 20 November
    assert decision.notifications.filter(how="eservice").exists()

    letter = as_karin.get(f"/e-tjanst/beslut/{decision.pk}/brev.pdf")
    assert letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF")
    assert "attachment" in letter["Content-Disposition"]
    assert AccessLogEntry.objects.filter(
        action="client_open_own_case", case_id=karin.case.pk, detail__decision=decision.pk
    ).exists()


def test_an_appeal_in_time_reaches_the_case(as_karin, karin):
    decision = Decision.objects.filter(case=karin.case).latest("decided_at")
    page = as_karin.get(f"/e-tjanst/beslut/{decision.pk}/overklaga/").content.decode()
    assert "förvaltningsrätten" in page and "skickar det till kommunen" in page
    empty = as_karin.post(f"/e-tjanst/beslut/{decision.pk}/overklaga/", {"text": ""})
    assert empty.status_code == 400
    assert "Skriv vad du vill ändra i beslutet och varför." in empty.content.decode()
    text = "Jag behöver pengar till hyran, den höjdes."
    response = as_karin.post(f"/e-tjanst/beslut/{decision.pk}/overklaga/", {"text": text})
    assert response["Location"] == f"/e-tjanst/beslut/{decision.pk}/"
    as_karin.post(f"/e-tjanst/beslut/{decision.pk}/overklaga/", {"text": text})  # double click
    appeal = Appeal.objects.get(decision=decision)
    assert appeal.in_time and appeal.person == karin.applicant
    assert karin.case.events.filter(kind="appeal_received").exists()
    assert "Överklagande mottaget" in as_karin.get("/e-tjanst/").content.decode()


def test_a_late_appeal_is_received_and_the_page_says_it_is_late(as_karin, karin, time_machine):
    decision = Decision.objects.filter(case=karin.case).latest("decided_at")
    as_karin.get(f"/e-tjanst/beslut/{decision.pk}/")  # she reads it on 20 November
    time_machine.move_to(dt.datetime(2026, 12, 28, 10, 0, tzinfo=dt.UTC), tick=False)
    as_karin.cookies.clear()  # five weeks later: a new login
    log_in(as_karin, karin.applicant)
    page = as_karin.get(f"/e-tjanst/beslut/{decision.pk}/overklaga/").content.decode()
    assert "Sista dagen för att överklaga var 11 december 2026." in page
    response = as_karin.post(
        f"/e-tjanst/beslut/{decision.pk}/overklaga/", {"text": "Jag var sjuk och kunde inte."}
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get(decision=decision)
    assert appeal.in_time is False
    followed = as_karin.get(response["Location"]).content.decode()
    assert "kom in efter sista dagen" in followed


def test_a_decision_not_yet_decided_is_not_shown(as_karin, karin):
    decision = Decision.objects.filter(case=karin.case).latest("decided_at")
    Decision.objects.filter(pk=decision.pk).update(status="awaiting_approval")
    assert as_karin.get(f"/e-tjanst/beslut/{decision.pk}/").status_code == 404


def test_another_households_decision_letter_and_request_are_404_and_logged(client, asked, stranger):
    decision = Decision.objects.filter(case=asked.case).latest("decided_at")
    DecisionNotification.objects.filter(decision=decision).delete()
    log_in(client, stranger)
    urls = [
        f"/e-tjanst/beslut/{decision.pk}/",
        f"/e-tjanst/beslut/{decision.pk}/brev.pdf",
        f"/e-tjanst/beslut/{decision.pk}/overklaga/",
        f"/e-tjanst/kompletteringar/{asked.request.pk}/",
        "/e-tjanst/beslut/999999/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/e-tjanst/beslut/{decision.pk}/overklaga/", {"text": "x"}).status_code == 404
    )
    denied = AccessLogEntry.objects.filter(
        actor_person_id=stranger.pk, action="client_open_own_case", outcome="denied"
    )
    assert denied.count() == len(urls) + 1
    assert not Appeal.objects.exists()
    assert not decision.notifications.exists()  # a stranger's visit starts no appeal period


def test_a_client_writes_to_the_caseworker_and_reads_the_answer(as_karin, karin, org):
    empty = as_karin.post("/e-tjanst/meddelanden/", {"text": ""})
    assert empty.status_code == 400 and "Skriv ett meddelande." in empty.content.decode()
    response = as_karin.post("/e-tjanst/meddelanden/", {"text": "När kommer pengarna?"})
    assert response["Location"] == "/e-tjanst/meddelanden/"
    do_send_message(karin.case, "Den 23 december.", user=org.anna)
    page = as_karin.get("/e-tjanst/meddelanden/").content.decode()
    assert "När kommer pengarna?" in page and "Den 23 december." in page
    assert "Anna, din handläggare" in page
    assert "1 meddelande från handläggaren" in as_karin.get("/e-tjanst/").content.decode()


def test_the_pages_render_in_english_too(as_karin, asked):
    as_karin.post("/i18n/setlang/", {"language": "en", "next": "/e-tjanst/"})
    decision = Decision.objects.filter(case=asked.case).latest("decided_at")
    for url in (
        "/e-tjanst/",
        f"/e-tjanst/kompletteringar/{asked.request.pk}/",
        f"/e-tjanst/beslut/{decision.pk}/",
        f"/e-tjanst/beslut/{decision.pk}/overklaga/",
        "/e-tjanst/meddelanden/",
        "/e-tjanst/ansokan/",
    ):
        response = as_karin.get(url)
        assert response.status_code == 200, url
        assert '<html lang="en">' in response.content.decode(), url
