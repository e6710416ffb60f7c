"""One application per household and month: Kemal and Tove, a couple on one case, both log in
and start December. Before, each got a draft, each confirmed the other's, and the month was
decided and paid twice. Now the second is led to the first, and a second application that gets
as far as being sent is refused (409 in the API) with the draft kept."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Sum

from ekb.applications.actions import MonthAlreadyApplied, do_receive_application
from ekb.applications.choices import ApplicationKind, ApplicationStatus, DraftStatus
from ekb.applications.drafts import PartnerIsWriting, do_start_draft
from ekb.applications.models import Application, ApplicationDraft
from ekb.flow import journey
from ekb.payments.models import Payment
from tests.personas import DECEMBER, grant_everything, lines

RENT = {"costs": [{"type": "rent", "amount": "7200"}, {"type": "electricity", "amount": "400"}]}


def _december(couple):
    return Application.objects.filter(case=couple.case, month=DECEMBER)


def test_tove_starting_december_after_kemal_is_led_to_his_draft_not_given_a_second(
    kemal_and_tove,
):
    kemals = do_start_draft(kemal_and_tove.kemal, month=DECEMBER)
    with pytest.raises(PartnerIsWriting) as refused:
        do_start_draft(kemal_and_tove.tove, month=DECEMBER)
    assert refused.value.draft == kemals and kemals.co_applicant == kemal_and_tove.tove
    assert "Kemal har redan börjat skriva" in refused.value.messages[0]
    assert ApplicationDraft.objects.filter(month=DECEMBER).count() == 1


def test_kemal_and_tove_both_apply_for_december_and_the_month_is_decided_and_paid_once(
    kemal_and_tove, org
):
    kemal, tove = kemal_and_tove.kemal, kemal_and_tove.tove
    sent = journey.submit(kemal, month=DECEMBER, answers=RENT)
    assert sent.waiting_for_co_applicant
    with pytest.raises(journey.Conflict) as second:  # the API's 409
        journey.submit(tove, month=DECEMBER, answers=RENT)
    assert "Kemal har redan börjat skriva" in second.value.messages[0]

    confirmed = journey.confirm_as_co_applicant(sent.draft, person=tove)
    assert confirmed.application is not None
    with pytest.raises(journey.Conflict) as after:
        journey.submit(tove, month=DECEMBER, answers=RENT)
    assert "Kemal har redan skickat in ansökan" in after.value.messages[0]
    assert _december(kemal_and_tove).count() == 1

    decision = grant_everything(confirmed.application, org.anna)
    paid = Payment.objects.filter(decision_line__decision__application__case=kemal_and_tove.case)
    assert paid.exists()
    granted = sum(line.amount for line in decision.lines.all())
    assert paid.aggregate(total=Sum("amount"))["total"] == granted  # the month once, not twice


def test_a_second_draft_made_before_the_rule_is_refused_when_sent_and_keeps_what_tove_typed(
    kemal_and_tove,
):
    """Two drafts from before the fix (the tester's demo): each confirms the other's; the second
    to be sent is a conflict, and Tove's draft keeps her answers for her to read again."""
    kemal, tove = kemal_and_tove.kemal, kemal_and_tove.tove
    kemals = do_start_draft(kemal, month=DECEMBER)
    toves = ApplicationDraft.objects.create(
        person=tove,
        case=kemal_and_tove.case,
        month=DECEMBER,
        kind=ApplicationKind.RENEWAL,
        answers={**kemals.answers, **RENT, "reason": "Tove skrev det här"},
        prefilled=kemals.prefilled,
        co_applicant=kemal,
    )
    journey.submit(kemal, draft=kemals)
    journey.submit(tove, draft=toves)  # both wait for the other's confirmation
    assert journey.confirm_as_co_applicant(kemals, person=tove).application is not None
    with pytest.raises(journey.Conflict) as second:
        journey.confirm_as_co_applicant(toves, person=kemal)
    assert "redan skickat in en ansökan för den här månaden" in second.value.messages[0]

    toves.refresh_from_db()
    assert toves.application_id is None and toves.status != DraftStatus.SUBMITTED
    assert toves.answers["reason"] == "Tove skrev det här"
    assert _december(kemal_and_tove).count() == 1


def test_a_caseworker_cannot_register_a_second_renewal_for_a_month_already_applied_for(
    renewal,
):
    with pytest.raises(MonthAlreadyApplied):
        journey.receive_application(
            renewal.case, DECEMBER, ApplicationKind.RENEWAL, lines(), client_person_id=None
        )
    assert Application.objects.filter(case=renewal.case, month=DECEMBER).count() == 1


def test_a_withdrawn_application_or_a_supplementary_one_does_not_hold_the_month(renewal):
    """Tilläggsansökan is for an extra need in a month already applied for; after a withdrawal
    the household may apply for the month again."""
    extra = do_receive_application(
        renewal.case, DECEMBER, ApplicationKind.SUPPLEMENTARY, lines(), client_person_id=None
    )
    assert extra.month == DECEMBER
    Application.objects.filter(pk=renewal.application.pk).update(status=ApplicationStatus.WITHDRAWN)
    again = do_receive_application(
        renewal.case, DECEMBER, ApplicationKind.RENEWAL, lines(), client_person_id=None
    )
    assert again.status == ApplicationStatus.SUBMITTED


def test_the_database_refuses_a_second_application_for_the_month_whatever_the_code(renewal):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            case=renewal.case,
            month=DECEMBER,
            kind=ApplicationKind.NEW,
            status=ApplicationStatus.DECIDED,
        )
