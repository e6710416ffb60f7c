"""Telling a client that something is new in the case (ekb.integrations.notify and
ekb.cases.notifications): after commit, once per event, never a personal detail, and nothing for
a client without contact details."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from ekb.applications.supplements import do_request_supplement
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.cases.messages import do_send_message
from ekb.cases.models import ClientNotification
from ekb.integrations.notify import DemoNotifier, get_notifier, override_notifier
from ekb.people.models import MemberRole
from tests.personas import add_member, grant_everything

pytestmark = pytest.mark.django_db

TEXT = (
    "Det finns något nytt i ditt ärende. Logga in på https://ekb.example.se/e-tjanst/ för att läsa."
)


@pytest.fixture
def outbox(stack):
    return stack.enter_context(override_notifier(DemoNotifier()))


@pytest.fixture
def reachable(renewal):
    renewal.applicant.email = "karin@example.se"
    renewal.applicant.save(update_fields=["email"])
    return renewal


def test_a_decision_sends_karin_one_email_that_names_nothing_but_the_e_service(
    org, reachable, outbox
):
    grant_everything(reachable.application, org.anna)

    assert [(m.medium, m.to, m.text) for m in outbox.sent] == [("email", "karin@example.se", TEXT)]
    assert "Karin" not in outbox.sent[0].text and "kr" not in outbox.sent[0].text


def test_a_supplement_request_and_a_message_from_the_caseworker_each_send_one(
    org, reachable, outbox
):
    do_request_supplement(
        reachable.case,
        what="Hyresavi",
        why="Hyran har ändrats.",
        due_date=dt.date(2026, 11, 30),
        application=reachable.application,
        acting_user=org.anna,
    )
    do_send_message(reachable.case, "Hej Karin!", user=org.anna)

    assert len(outbox.sent) == 2
    assert list(ClientNotification.objects.values_list("event_kind", "medium")) == [
        ("supplement_requested", "email"),
        ("message_from_caseworker", "email"),
    ]


def test_the_clients_own_message_sends_nothing(reachable, outbox):
    do_send_message(reachable.case, "Hej!", person=reachable.applicant)

    assert outbox.sent == []


def test_a_client_without_contact_details_gets_nothing_and_the_decision_is_made(
    org, renewal, outbox
):
    decision = grant_everything(renewal.application, org.anna)

    assert decision.status == "decided"
    assert outbox.sent == []
    assert not ClientNotification.objects.exists()


def test_a_client_with_only_a_phone_number_gets_an_sms(org, renewal, outbox):
    renewal.applicant.phone = "070-123 45 67"
    renewal.applicant.save(update_fields=["phone"])

    grant_everything(renewal.application, org.anna)

    assert [(m.medium, m.to) for m in outbox.sent] == [("sms", "070-123 45 67")]


def test_nothing_is_sent_before_the_transaction_commits_or_when_it_rolls_back(
    org, reachable, outbox
):
    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        do_send_message(reachable.case, "Hej Karin!", user=org.anna)
        assert outbox.sent == []
        raise Undo

    assert outbox.sent == []


def test_the_payments_of_one_pay_day_are_one_notice(reachable, outbox):
    with transaction.atomic():
        for payment_id in (1, 2, 3, 4):
            append_event(reachable.case, EventKind.PAYMENT_PAID, data={"payment_id": payment_id})

    assert len(outbox.sent) == 1


def test_both_adults_of_a_couple_are_told_each_once(org, kemal_and_tove, outbox):
    kemal_and_tove.kemal.email = "kemal@example.se"
    kemal_and_tove.kemal.save(update_fields=["email"])
    kemal_and_tove.tove.phone = "+46701234567"
    kemal_and_tove.tove.save(update_fields=["phone"])

    do_send_message(kemal_and_tove.case, "Hej!", user=org.anna)

    assert sorted((m.medium, m.to) for m in outbox.sent) == [
        ("email", "kemal@example.se"),
        ("sms", "+46701234567"),
    ]


def test_a_child_in_the_household_is_never_told(org, reachable, outbox):
    from tests import factories as f

    teenager = f.person(dt.date(2010, 1, 1), first_name="Ture", last_name="Lundqvist")
    teenager.email = "ture@example.se"
    teenager.save(update_fields=["email"])
    add_member(reachable.case, teenager, MemberRole.CHILD)

    do_send_message(reachable.case, "Hej Karin!", user=org.anna)

    assert [m.to for m in outbox.sent] == ["karin@example.se"]


def test_the_demo_sender_is_refused_in_production(settings):
    settings.EKB_NOTIFY_BACKEND, settings.EKB_ENV = "demo", "production"

    with pytest.raises(ImproperlyConfigured):
        get_notifier()


def test_switched_off_nothing_is_recorded_as_sent(org, reachable, settings):
    settings.EKB_NOTIFY_BACKEND = "off"

    do_send_message(reachable.case, "Hej Karin!", user=org.anna)

    assert not ClientNotification.objects.exists()


def test_running_the_notice_of_an_event_again_sends_nothing_more(org, reachable, outbox):
    from ekb.cases.notifications import notify_event

    message = do_send_message(reachable.case, "Hej Karin!", user=org.anna)
    event = reachable.case.events.get(kind=EventKind.MESSAGE_FROM_CASEWORKER)

    assert notify_event(event.pk) == 0
    assert len(outbox.sent) == 1 and message.pk
