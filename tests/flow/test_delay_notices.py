"""When an application passes its due date without a decision, the client is told once why and by
when (as NAV's letter on delayed processing), by a periodic job; the inbox marks the case."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client

from ekb.applications.models import DelayNotice
from ekb.applications.supplements import do_request_supplement
from ekb.cases.choices import EventKind
from ekb.cases.status import status_for_case
from ekb.flow.inbox import inbox_for, inbox_rows
from ekb.flow.waiting import send_delay_notices, send_delay_notices_task
from tests.personas import at_ten, grant_everything, log_in

pytestmark = pytest.mark.django_db

TUESDAY = dt.date(2026, 11, 24)  # Karin's renewal was due on Monday 23 November


def _delay_events(case):
    return list(case.events.filter(kind=EventKind.APPLICATION_DELAYED))


def test_on_the_due_date_nothing_is_sent(renewal, time_machine):
    time_machine.move_to(at_ten(dt.date(2026, 11, 23)), tick=False)

    assert send_delay_notices() == 0
    assert _delay_events(renewal.case) == []


def test_the_day_after_the_due_date_karin_is_told_the_unit_is_behind_and_the_new_date(
    renewal, time_machine
):
    time_machine.move_to(at_ten(TUESDAY), tick=False)

    assert send_delay_notices() == 1

    notice = DelayNotice.objects.get(application=renewal.application)
    assert (notice.reason, notice.due_on, notice.new_due_on) == (
        "unit_behind",
        dt.date(2026, 11, 23),
        dt.date(2026, 11, 27),
    )
    text = status_for_case(renewal.case).timeline[-1].text
    assert "december 2026 dröjer" in text
    assert "många ansökningar" in text
    assert "27 november 2026" in text


def test_the_notice_is_sent_once_however_often_the_job_runs(renewal, time_machine):
    time_machine.move_to(at_ten(TUESDAY), tick=False)
    send_delay_notices()
    time_machine.move_to(at_ten(dt.date(2026, 12, 2)), tick=False)

    assert send_delay_notices() == 0
    assert len(_delay_events(renewal.case)) == 1


def test_waiting_for_a_supplement_the_notice_says_so_and_counts_from_its_last_day(
    org, renewal, time_machine
):
    do_request_supplement(
        renewal.case,
        what="Hyresavi",
        why="Hyran har ändrats.",
        due_date=dt.date(2026, 12, 4),
        application=renewal.application,
        acting_user=org.anna,
    )
    # Incomplete, the renewal is due within 7 days: 27 November.
    time_machine.move_to(at_ten(dt.date(2026, 11, 28)), tick=False)

    assert send_delay_notices() == 1

    notice = DelayNotice.objects.get(application=renewal.application)
    assert (notice.reason, notice.new_due_on) == ("waiting_for_supplement", dt.date(2026, 12, 7))
    assert "väntar på kompletteringen" in status_for_case(renewal.case).timeline[-1].text


def test_a_decided_application_gets_no_notice(org, renewal, time_machine):
    grant_everything(renewal.application, org.anna)
    time_machine.move_to(at_ten(TUESDAY), tick=False)

    assert send_delay_notices() == 0


def test_the_status_page_gives_the_new_date_after_the_notice(client, renewal, time_machine):
    log_in(client, renewal.applicant)
    assert "Vi räknar med att fatta beslut senast 23 november" in client.get("/e-tjanst/").text

    time_machine.move_to(at_ten(TUESDAY), tick=False)
    send_delay_notices()

    page = log_in(Client(), renewal.applicant).get("/e-tjanst/").text  # a new login
    assert "Vi räknar med att fatta beslut senast 27 november." in page


def test_the_inbox_marks_an_application_past_its_due_date(org, renewal):
    on_time = inbox_rows(inbox_for(org.anna), today=dt.date(2026, 11, 23))
    late = inbox_rows(inbox_for(org.anna), today=TUESDAY)

    assert [r.past_due for r in on_time if r.kind == "renewals"] == [False]
    assert [r.past_due for r in late if r.kind == "renewals"] == [True]


def test_the_inbox_page_shows_the_past_due_mark(client, org, renewal, time_machine):
    time_machine.move_to(at_ten(TUESDAY), tick=False)
    client.force_login(org.anna)

    assert "Efter måldatum" in client.get("/handlaggare/inkorg/").text


def test_the_command_and_the_celery_task_run_the_same_job(renewal, time_machine):
    time_machine.move_to(at_ten(TUESDAY), tick=False)
    out = io.StringIO()
    call_command("flow", "delay-notices", stdout=out)

    assert out.getvalue().startswith("1 ")
    assert send_delay_notices_task.apply().get() == 0


def test_the_delay_notice_also_reaches_karin_by_email(renewal, time_machine, stack):
    from ekb.integrations.notify import DemoNotifier, override_notifier

    outbox = stack.enter_context(override_notifier(DemoNotifier()))
    renewal.applicant.email = "karin@example.se"
    renewal.applicant.save(update_fields=["email"])
    time_machine.move_to(at_ten(TUESDAY), tick=False)

    send_delay_notices()
    send_delay_notices()

    assert [m.to for m in outbox.sent] == ["karin@example.se"]


def test_with_register_facts_still_to_check_karin_is_told_that_and_not_that_the_unit_is_behind(
    renewal, time_machine
):
    """A fresh-eye tester: every client was told "många ansökningar", also one whose
    application waited for the caseworker to check Försäkringskassan's figures."""
    from decimal import Decimal

    from ekb.applications.models import RegisterProposal

    RegisterProposal.objects.create(
        application=renewal.application,
        type="child_allowance",
        member=renewal.applicant,
        amount=Decimal("1250"),
        register_source="fk",
        period_month=renewal.application.month,
    )
    time_machine.move_to(at_ten(TUESDAY), tick=False)

    assert send_delay_notices() == 1

    assert DelayNotice.objects.get(application=renewal.application).reason == "checking_information"
    text = status_for_case(renewal.case).timeline[-1].text
    assert "kontrollerar uppgifter" in text and "många ansökningar" not in text
