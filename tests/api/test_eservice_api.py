"""The client's API with a demo e-ID token: apply, follow the case, answer a supplement request,
read the decision and its letter, appeal, and write to the caseworker.

Time is frozen on 20 November 2026, so "next month" is December."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from ekb.applications.choices import SupplementStatus
from ekb.applications.models import Application, Attachment
from ekb.applications.supplements import do_request_supplement
from ekb.audit.models import AccessLogEntry
from ekb.cases.messages import do_send_message
from ekb.decisions.models import Decision
from ekb.notices.models import Appeal
from tests import factories as f
from tests.personas import (
    assert_valid,
    demo_eid_bearer,
    grant_everything,
    submit_application,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


RENEWAL = {
    "contract": "application.v1",
    "costs": [
        {"type": "rent", "amount": "7450"},
        {"type": "electricity", "amount": 400},
        {"type": "dental_care", "amount": "2400.00", "description": "Två lagningar"},
    ],
}


# --- applying ------------------------------------------------------------------------------


def test_a_demo_client_submits_a_renewal_and_the_events_say_it_is_received(client, demo):
    auth = demo_eid_bearer(client, demo.karin.applicant)
    response = submit_application(client, auth, RENEWAL)
    assert response.status_code == 201, response.content
    application = response.json()
    assert (application["month"], application["kind"], application["status"]) == (
        "2026-12",
        "renewal",
        "submitted",
    )
    assert application["status_text"] == "Mottagen"
    assert_valid("application.v1", application["document"])
    changes = {(c["type"], c["before"], c["after"]) for c in application["document"]["changes"]}
    assert changes == {("rent", "7200.00", "7450.00"), ("dental_care", None, "2400.00")}
    assert {row["source"] for row in application["document"]["costs"]} == {"client"}

    events = client.get("/api/v1/me/events", headers=auth)
    assert events.status_code == 200
    document = events.json()
    assert_valid("case-events.v1", document)
    received = [e for e in document["events"] if e["kind"] == "application_received"]
    assert received[-1]["data"] == {"application_id": application["id"], "month": "2026-12"}
    assert (document["status"]["state"], document["status"]["label"]) == ("received", "Mottagen")
    assert (
        document["status"]["timeline"][-1]["text"]
        == "Vi har tagit emot din ansökan för december 2026."
    )

    mine = client.get("/api/v1/me/applications", headers=auth).json()
    assert [a["month"] for a in mine] == ["2026-12", "2026-11"]
    assert AccessLogEntry.objects.filter(
        action="client_open_own_case", actor_person_id=demo.karin.applicant.pk, channel="api"
    ).exists()


def test_submitting_twice_creates_one_application(client, demo):
    auth = demo_eid_bearer(client, demo.karin.applicant)
    first = submit_application(client, auth, RENEWAL, **{"Idempotency-Key": "abc-123"})
    again = submit_application(client, auth, RENEWAL, **{"Idempotency-Key": "abc-123"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert again["Idempotency-Key"] == "abc-123"
    assert Application.objects.filter(case=demo.karin.case, month=dt.date(2026, 12, 1)).count() == 1

    changed = submit_application(client, auth, {"costs": [{"type": "rent", "amount": "9000"}]})
    assert changed.status_code == 409
    assert "redan skickat in" in changed.json()["errors"]["month"][0]
    assert Application.objects.filter(case=demo.karin.case, month=dt.date(2026, 12, 1)).count() == 1


def test_a_couple_who_both_send_december_get_one_application_and_a_409_for_the_second(client, demo):
    """Lena and Omar each send December from their own login: one application for the
    household, and the second gets 409 in words naming who wrote or sent it."""
    december = dt.date(2026, 12, 1)
    lena = demo_eid_bearer(client, demo.lena.applicant)
    first = submit_application(client, lena, RENEWAL)
    assert first.status_code == 202, first.content
    omar = demo_eid_bearer(client, demo.lena.partner)
    second = submit_application(client, omar, RENEWAL)
    assert second.status_code == 409, second.content
    assert "Lena har redan börjat skriva" in second.json()["errors"]["month"][0]

    draft_id = first.json()["draft_id"]
    confirmed = client.post(f"/api/v1/me/drafts/{draft_id}/confirm", headers=omar)
    assert confirmed.status_code == 201, confirmed.content
    again = submit_application(client, omar, RENEWAL)
    assert again.status_code == 409
    assert "Lena har redan skickat in ansökan" in again.json()["errors"]["month"][0]
    assert Application.objects.filter(case=demo.lena.case, month=december).count() == 1


def test_a_renewal_may_confirm_last_months_facts_as_they_are(client, demo):
    auth = demo_eid_bearer(client, demo.karin.applicant)
    prefill = client.get("/api/v1/me/prefill", headers=auth).json()
    assert prefill["kind"] == "renewal" and prefill["month"] == "2026-12"
    assert {m["role"] for m in prefill["household"]} == {"applicant", "child"}

    response = submit_application(
        client, auth, {"month": "2026-12", "household_comment": "Elias bor hos mig hela månaden."}
    )
    assert response.status_code == 201
    document = response.json()["document"]
    assert_valid("application.v1", document)
    assert document["changes"] == []
    assert document["household_comment"] == "Elias bor hos mig hela månaden."
    assert {c["type"] for c in document["costs"]} == {"rent", "electricity"}


def test_wrong_answers_get_422_with_the_field_paths_in_swedish(client, demo):
    auth = demo_eid_bearer(client, demo.karin.applicant)
    response = submit_application(
        client,
        auth,
        {
            "incomes": [{"type": "salary", "amount": "3000", "member": "p99999999"}],
            "costs": [
                {"type": "rent", "amount": "-7450"},
                {"type": "yacht", "amount": "100"},
                {"type": "winter_clothing", "amount": "900"},
            ],
        },
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["costs[0].amount"] == ["Beloppet kan inte vara negativt."]
    assert errors["costs[1].type"] == ["Välj vad det gäller."]
    assert errors["costs[2].description"] == ["Beskriv vad du behöver pengar till."]
    assert errors["incomes[0].member"] == ["Välj vem i hushållet inkomsten gäller."]
    assert not Application.objects.filter(month=dt.date(2026, 12, 1)).exists()

    month = submit_application(client, auth, {"month": "december"})
    assert month.status_code == 422
    assert month.json()["errors"]["month"] == ["Skriv månaden som ÅÅÅÅ-MM, till exempel 2026-12."]
    long_ago = submit_application(client, auth, {"month": "1990-01"})
    assert long_ago.json()["errors"]["month"] == [
        "Du kan söka för den här månaden eller nästa månad."
    ]

    someone_else = submit_application(
        client, auth, {"costs": [{"type": "glasses", "amount": "900", "member": "p99999999"}]}
    )
    assert someone_else.status_code == 422
    assert "costs[0].member" in someone_else.json()["errors"]


def test_with_a_co_applicant_the_application_waits_for_the_second_login(client, demo):
    lena = demo_eid_bearer(client, demo.lena.applicant)
    waiting = submit_application(client, lena, RENEWAL)
    assert waiting.status_code == 202
    assert waiting.json()["status"] == "awaiting_co_applicant"
    assert not Application.objects.filter(month=dt.date(2026, 12, 1)).exists()

    omar = demo_eid_bearer(client, demo.lena.partner)
    drafts = client.get("/api/v1/me/drafts", headers=omar).json()
    assert [d["awaiting_my_confirmation"] for d in drafts] == [True]
    confirmed = client.post(f"/api/v1/me/drafts/{drafts[0]['id']}/confirm", headers=omar)
    assert confirmed.status_code == 201, confirmed.content

    twice = client.post(f"/api/v1/me/drafts/{drafts[0]['id']}/confirm", headers=omar)
    assert twice.status_code == 200 and twice.json()["id"] == confirmed.json()["id"]
    again = submit_application(client, lena, RENEWAL)
    assert again.status_code == 200 and again.json()["id"] == confirmed.json()["id"]

    karin = demo_eid_bearer(client, demo.karin.applicant)
    stranger = client.post(f"/api/v1/me/drafts/{drafts[0]['id']}/confirm", headers=karin)
    assert stranger.status_code == 404


# --- supplement requests and files ---------------------------------------------------------


@pytest.fixture
def asked(client, demo):
    auth = demo_eid_bearer(client, demo.karin.applicant)
    application_id = submit_application(client, auth, RENEWAL).json()["id"]
    supplement = do_request_supplement(
        demo.karin.case,
        what="Kostnadsförslag från tandläkaren",
        why="Tandvården är en kostnad utöver normen.",
        due_date=dt.date(2026, 12, 4),
        application=Application.objects.get(pk=application_id),
        acting_user=demo.vera,
    )
    return SimpleNamespace(auth=auth, supplement=supplement, application_id=application_id)


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_the_client_sees_the_open_request_and_answers_it_with_a_file(client, demo, asked):
    listed = client.get("/api/v1/me/supplement-requests", headers=asked.auth).json()
    assert [(r["id"], r["status"], r["due_date"]) for r in listed] == [
        (asked.supplement.pk, "open", "2026-12-04")
    ]
    assert client.get("/api/v1/me/events", headers=asked.auth).json()["status"]["state"] == (
        "supplement_requested"
    )

    response = client.post(
        f"/api/v1/me/supplement-requests/{asked.supplement.pk}/answer",
        {"answer": "Här är kostnadsförslaget.", "files": [upload("forslag.pdf", PDF)]},
        headers=asked.auth,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "answered"
    assert [(a["name"], a["content_type"]) for a in body["attachments"]] == [
        ("forslag.pdf", "application/pdf")
    ]
    events = client.get("/api/v1/me/events", headers=asked.auth).json()
    assert events["events"][-1]["kind"] == "supplement_answered"
    assert events["status"]["state"] == "being_handled"


def test_a_file_of_the_wrong_type_gets_422_and_nothing_is_saved(client, demo, asked, settings):
    response = client.post(
        f"/api/v1/me/supplement-requests/{asked.supplement.pk}/answer",
        {
            "answer": "Intyget och kostnadsförslaget.",
            "files": [upload("forslag.pdf", PDF), upload("intyg.pdf", b"MZ\x90\x00 not a pdf")],
        },
        headers=asked.auth,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "files[1]": ["intyg.pdf: Filen måste vara en PDF eller en bild (JPG eller PNG)."]
    }
    asked.supplement.refresh_from_db()
    assert asked.supplement.status == SupplementStatus.OPEN
    assert not Attachment.objects.exists()
    assert media_files(settings) == []  # the first, valid file did not stay behind either


def test_a_file_too_large_gets_422_with_the_limit(client, demo, asked, settings):
    settings.EKB_MAX_UPLOAD_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    response = client.post(
        f"/api/v1/me/supplement-requests/{asked.supplement.pk}/answer",
        {"files": [upload("skannat.pdf", big)]},
        headers=asked.auth,
    )
    assert response.status_code == 422
    assert "högst 1 MB" in response.json()["errors"]["files[0]"][0]
    assert not Attachment.objects.exists()


def test_another_households_request_is_not_found(client, demo, asked):
    lena = demo_eid_bearer(client, demo.lena.applicant)
    response = client.post(
        f"/api/v1/me/supplement-requests/{asked.supplement.pk}/answer",
        {"answer": "Hej"},
        headers=lena,
    )
    assert response.status_code == 404
    assert client.get("/api/v1/me/supplement-requests", headers=lena).json() == []


# --- decisions, letters and appeals --------------------------------------------------------


@pytest.fixture
def decided(client, demo):
    auth = demo_eid_bearer(client, demo.karin.applicant)
    application = Application.objects.get(pk=submit_application(client, auth, RENEWAL).json()["id"])
    decision = grant_everything(application, demo.vera)
    return SimpleNamespace(auth=auth, decision=decision)


# The letter is read as the PDF it is: its fixtures store it so too.
@pytest.mark.usefixtures("real_letters")
def test_the_client_reads_the_decision_downloads_the_letter_and_appeals(client, demo, decided):
    decisions = client.get("/api/v1/me/decisions", headers=decided.auth).json()
    latest = decisions[0]
    assert latest["id"] == decided.decision.pk and latest["month"] == "2026-12"
    assert latest["lines"] and latest["lines"][0]["legal_reference"]
    assert latest["letter_url"] == f"/api/v1/me/decisions/{decided.decision.pk}/letter.pdf"
    # Issue 9: listing the decisions does not notify the client, so no appeal time runs yet
    # (this asserted a deadline of 2026-12-11 counted from the decision day before).
    assert latest["seen_at"] is latest["notified_on"] is latest["appeal_deadline"] is None
    opened = client.get(f"/api/v1/me/decisions/{decided.decision.pk}", headers=decided.auth)
    assert opened.status_code == 200
    # Opened on Friday 20 November 2026: three weeks later is Friday 11 December (FL 44 §).
    assert (opened.json()["notified_on"], opened.json()["appeal_deadline"]) == (
        "2026-11-20",
        "2026-12-11",
    )

    letter = client.get(latest["letter_url"], headers=decided.auth)
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF")
    assert decided.decision.notifications.filter(
        person=demo.karin.applicant, how="eservice"
    ).exists()

    empty = client.post(
        f"/api/v1/me/decisions/{decided.decision.pk}/appeal",
        {"text": "  "},
        content_type="application/json",
        headers=decided.auth,
    )
    assert empty.status_code == 422
    assert empty.json()["errors"]["text"] == ["Skriv vad du vill ändra i beslutet och varför."]

    text = {"text": "Tandvården borde beviljas helt."}
    appealed = client.post(
        f"/api/v1/me/decisions/{decided.decision.pk}/appeal",
        text,
        content_type="application/json",
        headers=decided.auth,
    )
    twice = client.post(
        f"/api/v1/me/decisions/{decided.decision.pk}/appeal",
        text,
        content_type="application/json",
        headers=decided.auth,
    )
    assert (appealed.status_code, twice.status_code) == (201, 200)
    assert appealed.json()["id"] == twice.json()["id"] and appealed.json()["in_time"] is True
    events = client.get("/api/v1/me/events", headers=decided.auth).json()
    assert_valid("case-events.v1", events)
    assert events["status"]["state"] == "appeal_received"
    appeals = client.get("/api/v1/me/decisions", headers=decided.auth).json()[0]["appeals"]
    assert [a["status"] for a in appeals] == ["received"]


def test_another_persons_decision_and_letter_are_not_found_and_the_denial_is_logged(
    client, demo, decided
):
    lena = demo_eid_bearer(client, demo.lena.applicant)
    theirs = decided.decision.pk
    letter = client.get(f"/api/v1/me/decisions/{theirs}/letter.pdf", headers=lena)
    missing = client.get("/api/v1/me/decisions/99999999/letter.pdf", headers=lena)
    appeal = client.post(
        f"/api/v1/me/decisions/{theirs}/appeal",
        {"text": "Jag överklagar."},
        content_type="application/json",
        headers=lena,
    )
    assert letter.status_code == missing.status_code == appeal.status_code == 404
    assert letter.json() == missing.json()
    denied = AccessLogEntry.objects.filter(actor_person_id=demo.lena.applicant.pk, outcome="denied")
    assert {row.detail.get("decision") for row in denied} == {theirs, 99999999}
    assert all(row.case_id is None and row.channel == "api" for row in denied)
    assert theirs not in [d["id"] for d in client.get("/api/v1/me/decisions", headers=lena).json()]
    assert not decided.decision.notifications.exists()
    assert not decided.decision.appeals.exists()


def test_a_decision_waiting_for_approval_is_not_shown_to_the_client(client, demo, decided):
    Decision.objects.filter(pk=decided.decision.pk).update(status="awaiting_approval")
    assert client.get("/api/v1/me/decisions", headers=decided.auth).json()[0]["month"] == "2026-11"
    response = client.get(
        f"/api/v1/me/decisions/{decided.decision.pk}/letter.pdf", headers=decided.auth
    )
    assert response.status_code == 404


# Issue 11 (fresh-eye tester): the client could not send papers with an appeal.
def test_the_client_api_takes_an_appeal_with_files(client, decided):
    auth = decided.auth
    url = f"/api/v1/me/decisions/{decided.decision.pk}/appeal-with-files"
    bad = client.post(
        url,
        {"text": "Se avtalet.", "files": [upload("x.pdf", b"MZ")]},
        headers=auth,
    )
    assert bad.status_code == 422
    assert "x.pdf: Filen måste vara en PDF" in bad.json()["errors"]["files[0]"][0]
    assert not Appeal.objects.exists()

    made = client.post(
        url, {"text": "Se avtalet.", "files": [upload("hyresavtal.pdf", PDF)]}, headers=auth
    )
    again = client.post(
        url, {"text": "Se avtalet.", "files": [upload("hyresavtal.pdf", PDF)]}, headers=auth
    )
    assert (made.status_code, again.status_code) == (201, 200), made.content
    assert made.json()["id"] == again.json()["id"]
    assert [a["name"] for a in made.json()["attachments"]] == ["hyresavtal.pdf"]
    assert Attachment.objects.count() == 1


# --- messages, tokens and the published API ------------------------------------------------


def test_the_client_writes_to_the_caseworker_and_reads_the_answer(client, demo):
    auth = demo_eid_bearer(client, demo.karin.applicant)
    sent = client.post(
        "/api/v1/me/messages",
        {"text": "Kan vi ses nästa vecka?"},
        content_type="application/json",
        headers=auth,
    )
    assert sent.status_code == 201 and sent.json()["sender"] == "client"
    do_send_message(demo.karin.case, "Ja, tisdag kl. 10.", user=demo.vera)
    thread = client.get("/api/v1/me/messages", headers=auth).json()
    assert [(m["sender"], m["text"]) for m in thread] == [
        ("client", "Kan vi ses nästa vecka?"),
        ("caseworker", "Ja, tisdag kl. 10."),
    ]
    blank = client.post(
        "/api/v1/me/messages", {"text": ""}, content_type="application/json", headers=auth
    )
    assert blank.status_code == 422 and blank.json()["errors"]["text"] == ["Skriv ett meddelande."]


def test_the_client_api_needs_a_client_token(client, demo):
    assert client.get("/api/v1/me/events").status_code == 401
    staff = client.post(
        "/api/v1/auth/token",
        {"username": "vera", "password": f.PASSWORD},
        content_type="application/json",
    ).json()["token"]
    staff_auth = {"Authorization": f"Bearer {staff}"}
    assert client.get("/api/v1/me/events", headers=staff_auth).status_code == 401
    assert submit_application(client, staff_auth, RENEWAL).status_code == 401


def test_the_openapi_document_describes_the_client_api(client, demo):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/applications",
        "/api/v1/me/applications",
        "/api/v1/me/events",
        "/api/v1/me/supplement-requests",
        "/api/v1/me/supplement-requests/{request_id}/answer",
        "/api/v1/me/decisions",
        "/api/v1/me/decisions/{decision_id}/letter.pdf",
        "/api/v1/me/decisions/{decision_id}/appeal",
        "/api/v1/me/messages",
    } <= set(paths)
    post = paths["/api/v1/applications"]["post"]
    assert {"200", "201", "409", "422"} <= set(post["responses"])
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
