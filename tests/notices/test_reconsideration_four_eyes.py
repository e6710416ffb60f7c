"""Omprövning through four eyes (förvaltningslagen 38–39 and 45 §§, issue 11): the new decision
waits for the decider. Approved, and changing the decision fully as the client asked, the appeal
lapses by itself (FL 45 § 2 st.: överklagandet faller), recorded by the system after the
approval; partly changed, it goes on to the court as before."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus, Outcome
from ekb.decisions.models import Decision, MunicipalityPolicy
from ekb.decisions.proposal import propose_lines
from ekb.flow import journey
from ekb.flow.appeals import reconsider_appeal
from ekb.notices.appeals import do_record_timeliness, do_submit_appeal
from ekb.notices.choices import AppealStatus, Timeliness
from ekb.notices.notification import do_mark_decision_seen
from tests.personas import at_ten

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal(org, karin, time_machine):
    MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)
    karin.november = Decision.objects.filter(case=karin.case).latest("decided_at")
    time_machine.move_to(at_ten(dt.date(2026, 11, 23)), tick=False)
    do_mark_decision_seen(karin.november, person=karin.applicant)
    time_machine.move_to(at_ten(dt.date(2026, 12, 1)), tick=False)
    appeal = do_submit_appeal(karin.november, "Hyran är fel.", person=karin.applicant)
    return do_record_timeliness(appeal, Timeliness.IN_TIME, acting_user=org.anna)


def more(november, extra: str):
    application = november.application
    proposal = propose_lines(application, latest_calculation(application))
    for line in proposal:
        if line.purpose == "livelihood":
            line.amount += Decimal(extra)
            line.outcome = Outcome.GRANTED
            line.reasons = f"Vid omprövningen godtar vi hyran; vi beviljar {line.amount:.0f} kr."
    return proposal


def test_approved_and_changed_fully_as_asked_the_appeal_lapses_by_itself(
    org, karin, appeal, time_machine
):
    proposed = reconsider_appeal(
        appeal, more(karin.november, "500"), fully_as_asked=True, acting_user=org.anna
    )
    appeal.refresh_from_db()
    assert (proposed.status, appeal.status) == (
        DecisionStatus.AWAITING_APPROVAL,
        AppealStatus.RECEIVED,
    )
    time_machine.move_to(at_ten(dt.date(2026, 12, 2)), tick=False)

    journey.approve_decision(proposed, acting_user=org.cecilia)

    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.RECONSIDERED
    # The system recorded it, after Cecilia's approval, and when.
    assert appeal.handled_by is None
    assert appeal.handled_at == at_ten(dt.date(2026, 12, 2))
    event = karin.case.events.get(kind="appeal_reconsidered")
    assert event.actor is None
    assert event.data["after_approval_by"] == org.cecilia.pk


def test_approved_but_changed_only_partly_the_appeal_goes_on_to_the_court(org, karin, appeal):
    proposed = reconsider_appeal(
        appeal, more(karin.november, "200"), fully_as_asked=False, acting_user=org.anna
    )

    journey.approve_decision(proposed, acting_user=org.cecilia)

    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.RECEIVED
    assert not karin.case.events.filter(kind="appeal_reconsidered").exists()


def test_the_appeal_page_says_the_system_recorded_the_lapse_after_the_approval(
    client, org, karin, appeal
):
    proposed = reconsider_appeal(
        appeal, more(karin.november, "500"), fully_as_asked=True, acting_user=org.anna
    )
    journey.approve_decision(proposed, acting_user=org.cecilia)
    client.force_login(org.anna)

    page = client.get(f"/handlaggare/arenden/{karin.case.pk}/overklaganden/{appeal.pk}/").text

    assert "Registrera att överklagandet har fallit" not in page
    assert f"av systemet när {org.cecilia.display_name} godkände omprövningen" in page
