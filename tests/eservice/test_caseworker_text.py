"""What "Din handläggare" says on the client's page (tester finding 9, issue 9): after a
decision, "Du får en handläggare när vi har tagit emot din ansökan" is not true."""

from __future__ import annotations

from tests.personas import log_in


def test_karin_decided_without_an_own_caseworker_is_not_told_her_application_is_not_received(
    client, karin
):
    # Karin's October and November were decided (tests/personas.py); her case now has no
    # caseworker of its own (e.g. Anna left the unit).
    karin.case.assigned_caseworker = None
    karin.case.save(update_fields=["assigned_caseworker"])
    log_in(client, karin.applicant)
    page = client.get("/e-tjanst/").content.decode()
    assert "Du får en handläggare när vi har tagit emot din ansökan." not in page
    assert "Ditt ärende har ingen egen handläggare just nu." in page
