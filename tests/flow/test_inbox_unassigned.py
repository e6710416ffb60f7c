"""A case nobody is assigned to still reaches the unit's inboxes: a case decided from the intake
list without a caseworker must not lose its client's renewals and messages (fresh-eye tester,
session 5: they were in nobody's inbox)."""

from __future__ import annotations

import pytest

from ekb.applications.choices import ApplicationKind
from ekb.cases.messages import do_send_message
from ekb.flow import journey
from ekb.flow.inbox import inbox_for
from tests.personas import DECEMBER, lines

pytestmark = pytest.mark.django_db


def test_karins_renewal_and_message_reach_the_unit_when_her_case_has_no_caseworker(org, karin):
    karin.case.assigned_caseworker = None
    karin.case.save(update_fields=["assigned_caseworker"])
    renewal = journey.receive_application(
        karin.case, DECEMBER, ApplicationKind.RENEWAL, lines(salary="3000")
    )
    message = do_send_message(karin.case, "Jag har fått jobb.", person=karin.applicant)

    for colleague in (org.anna, org.ida, org.cecilia):
        box = inbox_for(colleague)
        assert renewal in box["renewals"], colleague.username
        assert message in box["client_messages"], colleague.username
    elsewhere = inbox_for(org.bertil)  # Söder: not his unit's case
    assert renewal not in elsewhere["renewals"] and message not in elsewhere["client_messages"]


def test_an_assigned_case_stays_in_its_caseworkers_inbox_only(org, karin):
    message = do_send_message(karin.case, "Hej!", person=karin.applicant)

    assert message in inbox_for(org.anna)["client_messages"]
    assert message not in inbox_for(org.ida)["client_messages"]
