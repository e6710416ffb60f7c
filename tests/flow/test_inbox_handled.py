"""Items leave the inbox when handled (issue 11): a renewal proposed for approval is the
decider's row, not the caseworker's; a warning acknowledged, a supplement answered and then
decided, an appeal dismissed, lapsed or sent to the court, a client's message read each leave.
A renewal past its due date stays marked after the client got the delay notice, with the new
date she was told."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.applications.supplements import do_answer_supplement, do_request_supplement
from ekb.cases.messages import do_mark_client_messages_read, do_send_message
from ekb.decisions.models import Decision, MunicipalityPolicy
from ekb.decisions.warnings import do_acknowledge_warning
from ekb.flow.appeals import dismiss_appeal
from ekb.flow.inbox import inbox_for, inbox_rows
from ekb.flow.waiting import send_delay_notices
from ekb.notices.appeals import do_forward_appeal, do_record_timeliness, do_submit_appeal
from ekb.notices.choices import Timeliness
from tests.personas import at_ten, bearer, grant_everything

pytestmark = pytest.mark.django_db
TUESDAY = dt.date(2026, 11, 24)  # Karin's renewal was due on Monday 23 November


def kinds(user, today=None) -> list[str]:
    return [r.kind for r in inbox_rows(inbox_for(user), today=today)]


@pytest.fixture
def four_eyes(org, renewal):
    MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)
    renewal.decision = grant_everything(renewal.application, org.anna)
    return renewal


def test_while_annas_proposal_waits_for_the_decider_the_renewal_is_not_hers_to_decide(
    org, four_eyes
):
    assert "renewals" not in kinds(org.anna)
    assert kinds(org.cecilia).count("waiting_decisions") == 1


def test_sent_back_anna_has_one_row_for_the_renewal_the_decision_sent_back(org, four_eyes):
    from ekb.decisions.four_eyes import do_send_back_decision

    do_send_back_decision(four_eyes.decision, comment="Hyresavin saknas.", acting_user=org.cecilia)

    assert [k for k in kinds(org.anna) if k in ("renewals", "sent_back_decisions")] == [
        "sent_back_decisions"
    ]


def test_the_api_inbox_leaves_out_the_renewal_that_waits_for_the_decider(client, org, four_eyes):
    items = client.get("/api/v1/inbox", headers=bearer(client, "anna")).json()

    assert "renewals" not in [i["kind"] for i in items]


def test_the_deciders_row_carries_the_applications_past_due_mark(org, four_eyes, time_machine):
    time_machine.move_to(at_ten(TUESDAY), tick=False)

    (row,) = [r for r in inbox_rows(inbox_for(org.cecilia)) if r.kind == "waiting_decisions"]
    assert row.past_due


def test_an_acknowledged_warning_leaves(org, renewal):
    warning = renewal.application.warnings.create(
        case=renewal.case, rule="manual", fingerprint="manual:rent", message="Kontrollera hyran."
    )
    assert "warnings" in kinds(org.anna)

    do_acknowledge_warning(warning, comment="Kontrollerad.", acting_user=org.anna)

    assert "warnings" not in kinds(org.anna)


@pytest.fixture
def answered(org, renewal):
    request = do_request_supplement(
        renewal.case,
        what="Hyresavi",
        why="Hyran har ändrats.",
        due_date=dt.date(2026, 12, 4),
        application=renewal.application,
        acting_user=org.anna,
    )
    do_answer_supplement(request, answer="Bifogar.", client_person_id=renewal.applicant.pk)
    return renewal


def test_an_answered_supplement_leaves_when_the_renewal_is_decided(org, answered):
    assert "answered_supplements" in kinds(org.anna)

    grant_everything(answered.application, org.anna)

    assert "answered_supplements" not in kinds(org.anna)


def test_an_answered_supplement_leaves_when_the_proposal_goes_to_the_decider(org, answered):
    MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)

    grant_everything(answered.application, org.anna)

    assert "answered_supplements" not in kinds(org.anna)


def test_a_read_client_message_leaves(org, renewal):
    do_send_message(renewal.case, "Hej!", person=renewal.applicant)
    assert "client_messages" in kinds(org.anna)

    do_mark_client_messages_read(renewal.case, acting_user=org.anna)

    assert "client_messages" not in kinds(org.anna)


@pytest.fixture
def appealed(org, karin, time_machine):
    november = Decision.objects.filter(case=karin.case).latest("decided_at")
    time_machine.move_to(at_ten(dt.date(2026, 11, 23)), tick=False)
    return do_submit_appeal(november, "Hyran är fel.", person=karin.applicant)


def test_an_appeal_sent_to_the_court_leaves(org, appealed):
    assert "appeals" in kinds(org.anna)
    appeal = do_record_timeliness(appealed, Timeliness.IN_TIME, acting_user=org.anna)

    do_forward_appeal(appeal, "Kommunen står fast vid beslutet.", acting_user=org.anna)

    assert "appeals" not in kinds(org.anna)


def test_a_dismissed_appeal_leaves(org, appealed):
    appeal = do_record_timeliness(appealed, Timeliness.LATE, acting_user=org.anna)

    dismiss_appeal(appeal, acting_user=org.anna)

    assert "appeals" not in kinds(org.anna)


# --- past due: still late after the delay notice, with the date the client was told ------------


def test_after_the_delay_notice_the_mark_stays_with_the_date_karin_was_given(
    org, renewal, time_machine
):
    time_machine.move_to(at_ten(TUESDAY), tick=False)
    send_delay_notices()

    (row,) = [r for r in inbox_rows(inbox_for(org.anna)) if r.kind == "renewals"]
    assert (row.past_due, row.promised_on, row.past_promise) == (
        True,
        dt.date(2026, 11, 27),
        False,
    )
    (later,) = [
        r
        for r in inbox_rows(inbox_for(org.anna), today=dt.date(2026, 11, 30))
        if r.kind == "renewals"
    ]
    assert later.past_promise


def test_the_inbox_page_and_the_api_give_the_date_karin_was_told(
    client, org, renewal, time_machine
):
    time_machine.move_to(at_ten(TUESDAY), tick=False)
    send_delay_notices()
    client.force_login(org.anna)

    page = client.get("/handlaggare/inkorg/").text
    assert "Efter måldatum" in page
    assert "Klienten har fått besked om beslut senast 27 november 2026." in page
    items = client.get("/api/v1/inbox", headers=bearer(client, "anna")).json()
    (item,) = [i for i in items if i["kind"] == "renewals"]
    assert (item["past_due"], item["promised_on"]) == (True, "2026-11-27")
