"""One application per household and month in the e-service: Kemal and Tove, a couple on one
case, both click "Börja ansökan" for December. Tove is led to Kemal's draft to read and
confirm; a second draft made before the rule cannot send the month twice and nothing is lost."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.messages import get_messages

from ekb.applications.choices import ApplicationKind, DraftStatus
from ekb.applications.models import Application, ApplicationDraft
from ekb.flow import journey
from tests.personas import DECEMBER, draft_url, log_in, walk_renewal


def _said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_tove_starting_december_is_sent_to_read_and_confirm_kemals_draft(client, kemal_and_tove):
    log_in(client, kemal_and_tove.kemal)
    kemals = walk_renewal(client, SimpleNamespace(applicant=kemal_and_tove.kemal))

    log_in(client, kemal_and_tove.tove)
    response = client.post("/e-tjanst/ansokan/", {"month": "2026-12"})
    assert response["Location"] == draft_url(kemals, "bekrafta/")
    assert any("Kemal har redan börjat skriva" in text for text in _said(response))
    assert ApplicationDraft.objects.filter(month=DECEMBER).count() == 1

    assert client.post(draft_url(kemals, "bekrafta/")).status_code == 302
    log_in(client, kemal_and_tove.kemal)
    assert client.post(draft_url(kemals, "kontrollera/"))["Location"] == draft_url(
        kemals, "mottagen/"
    )

    log_in(client, kemal_and_tove.tove)
    again = client.post("/e-tjanst/ansokan/", {"month": "2026-12"})
    assert again["Location"] == "/e-tjanst/"
    assert any("Kemal har redan skickat in ansökan" in text for text in _said(again))
    assert Application.objects.filter(case=kemal_and_tove.case, month=DECEMBER).count() == 1


def test_confirming_a_second_draft_for_a_month_already_sent_says_so_and_keeps_the_draft(
    client, kemal_and_tove
):
    """Two drafts from before the rule (the tester's demo): Kemal's is sent; Tove's waits for
    Kemal. His confirmation of hers is refused in words, not a server error."""
    kemal, tove = kemal_and_tove.kemal, kemal_and_tove.tove
    log_in(client, kemal)
    kemals = walk_renewal(client, SimpleNamespace(applicant=kemal))
    toves = ApplicationDraft.objects.create(
        person=tove,
        case=kemal_and_tove.case,
        month=DECEMBER,
        kind=ApplicationKind.RENEWAL,
        answers={**kemals.answers, "reason": "Tove skrev det här"},
        prefilled=kemals.prefilled,
        co_applicant=kemal,
        status=DraftStatus.AWAITING_CO_APPLICANT,
    )
    journey.confirm_as_co_applicant(kemals, person=tove)
    journey.submit(kemal, draft=kemals)

    response = client.post(draft_url(toves, "bekrafta/"))
    assert response.status_code == 302 and response["Location"] == "/e-tjanst/"
    assert any("redan skickat in en ansökan" in text for text in _said(response))
    toves.refresh_from_db()
    assert toves.application_id is None and toves.answers["reason"] == "Tove skrev det här"
    assert Application.objects.filter(case=kemal_and_tove.case, month=DECEMBER).count() == 1
