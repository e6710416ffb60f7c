"""Omprövning (FL 38–39 §§) is a new decision: "reconsidered and changed" can be recorded only
once a decision that changes the appealed one has been made. Recording it without one told the
client the decision had changed while the money and the letter stayed the same (fresh-eye
tester, session 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ekb.decisions.choices import DecisionStatus
from ekb.decisions.models import Decision
from ekb.notices.appeals import do_record_reconsideration, do_submit_appeal, reconsidering_decision
from ekb.notices.choices import AppealStatus
from tests.factories import PASSWORD
from tests.personas import grant_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def appealed(renewal, org):
    decision = Decision.objects.filter(case=renewal.case).latest("decided_at")
    renewal.appeal = do_submit_appeal(decision, "Hyran är fel.", person=renewal.applicant)
    return renewal


def test_anna_cannot_record_a_reconsideration_before_a_new_decision_exists(org, appealed):
    with pytest.raises(ValidationError) as error:
        do_record_reconsideration(appealed.appeal, acting_user=org.anna)

    assert "Fatta först det nya beslutet" in " ".join(error.value.messages)
    appealed.appeal.refresh_from_db()
    assert appealed.appeal.status == AppealStatus.RECEIVED


def test_a_later_decision_for_another_month_is_no_reconsideration(org, appealed, time_machine):
    time_machine.shift(dt.timedelta(hours=1))
    grant_everything(appealed.application, org.anna)  # December; November was appealed

    assert reconsidering_decision(appealed.appeal) is None


def test_after_a_new_decision_on_the_appealed_application_the_reconsideration_is_recorded(
    org, appealed, time_machine
):
    # The omprövning as ekb.flow.appeals.reconsider_appeal stores it, when it waited for approval
    # and was decided afterwards: the lapse is recorded by hand.
    old = appealed.appeal.decision
    time_machine.shift(dt.timedelta(hours=1))
    new = Decision.objects.create(
        case=old.case,
        application=old.application,
        status=DecisionStatus.DECIDED,
        decided_at=timezone.now(),
        decided_by=org.anna,
        created_by=org.anna,
        reconsiders=old,
    )

    assert reconsidering_decision(appealed.appeal) == new
    appeal = do_record_reconsideration(appealed.appeal, acting_user=org.anna)
    assert appeal.status == AppealStatus.RECONSIDERED


def test_the_case_page_links_each_appeal_to_its_own_page(client, org, appealed):
    assert client.login(username="anna", password=PASSWORD)

    html = client.get(f"/handlaggare/arenden/{appealed.case.pk}/").content.decode()

    assert "Handlägg överklagandet" in html
    assert f"/overklaganden/{appealed.appeal.pk}/" in html
    # Nothing is sent to the court from the case page with one click any more.
    assert "Skicka till förvaltningsrätten" not in html
