"""The appeal deadline runs from the day the client was notified (förvaltningslagen 2017:900
44 §), and a deadline on a Saturday, Sunday, public holiday, midsommarafton, julafton or
nyårsafton moves to the next weekday (lag 1930:173 om beräkning av lagstadgad tid, 2 §).

Karin Lundqvist's November decision (tests/personas.py) was made on Friday 20 November
2026. She is notified when she opens it in the e-service, or two weeks after the letter was
posted with förenklad delgivning (delgivningslagen 2010:1932 24 §), whichever is first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ekb.decisions.models import Decision
from ekb.lib.swedish_calendar import is_working_day, next_working_day
from ekb.notices.appeals import appeal_deadline, do_submit_appeal, notified_on
from ekb.notices.models import DecisionNotification
from ekb.notices.notification import do_mark_decision_seen, do_record_notification
from tests.personas import at_ten

pytestmark = pytest.mark.calendar

D = dt.date


@pytest.fixture
def decision(karin):
    return Decision.objects.filter(case=karin.case).latest("decided_at")


def posted(decision, karin, day, org):
    return do_record_notification(
        decision, karin.applicant, DecisionNotification.How.POSTED_LETTER, day, acting_user=org.anna
    )


def opened_on(decision, karin, day, time_machine):
    time_machine.move_to(at_ten(day), tick=False)
    do_mark_decision_seen(decision, person=karin.applicant)
    decision.refresh_from_db()
    return decision


def test_before_the_client_is_notified_no_deadline_runs_and_an_appeal_is_in_time(
    decision, karin, time_machine
):
    assert notified_on(decision, karin.applicant) is None
    assert appeal_deadline(decision, karin.applicant) is None
    # Three months later she has still not opened the decision and no letter was posted.
    time_machine.move_to(at_ten(D(2027, 2, 22)), tick=False)
    appeal = do_submit_appeal(decision, "Jag vill ha mer till hyran.", person=karin.applicant)
    assert appeal.in_time


# (day Karin opens the decision, last day to appeal, why)
OPENED = [
    # Three weeks from Saturday 21 November 2026 end on Saturday 12 December: Monday 14th.
    (D(2026, 11, 21), D(2026, 12, 14), "a Saturday"),
    # From Friday 4 December: Friday 25 December, juldagen; then annandag jul (Saturday 26th)
    # and Sunday 27th: Monday 28th.
    (D(2026, 12, 4), D(2026, 12, 28), "juldagen, annandag jul"),
    # From Thursday 3 December: julafton, then juldagen, annandag jul, Sunday: Monday 28th.
    (D(2026, 12, 3), D(2026, 12, 28), "julafton"),
    # From Friday 11 December: Friday 1 January 2027, nyårsdagen; then the weekend: Monday 4th.
    (D(2026, 12, 11), D(2027, 1, 4), "nyårsdagen"),
    # From Thursday 10 December: nyårsafton, nyårsdagen, the weekend: Monday 4 January.
    (D(2026, 12, 10), D(2027, 1, 4), "nyårsafton"),
    # From Friday 4 June 2027: Friday 25 June 2027 is midsommarafton (the Friday between 19 and
    # 25 June); midsommardagen, Sunday: Monday 28 June.
    (D(2027, 6, 4), D(2027, 6, 28), "midsommarafton"),
    # An ordinary Friday: three weeks later, Friday 11 December 2026.
    (D(2026, 11, 20), D(2026, 12, 11), "an ordinary weekday"),
]


@pytest.mark.parametrize(("opened", "deadline", "why"), OPENED, ids=[o[2] for o in OPENED])
def test_a_deadline_on_a_day_off_moves_to_the_next_weekday(
    decision, karin, time_machine, opened, deadline, why
):
    decision = opened_on(decision, karin, opened, time_machine)
    assert notified_on(decision, karin.applicant) == opened
    assert appeal_deadline(decision, karin.applicant) == deadline
    assert is_working_day(deadline)


def test_an_appeal_on_the_moved_deadline_day_is_in_time_and_the_day_after_is_late(
    decision, karin, time_machine
):
    # Opened Friday 4 December 2026: three weeks end on juldagen; the deadline is Monday 28th.
    decision = opened_on(decision, karin, D(2026, 12, 4), time_machine)
    time_machine.move_to(dt.datetime(2026, 12, 28, 22, 30, tzinfo=dt.UTC), tick=False)
    # 23:30 in Stockholm on Monday 28 December: still the deadline day.
    in_time = do_submit_appeal(decision, "Jag överklagar.", person=karin.applicant)
    assert in_time.in_time
    time_machine.move_to(at_ten(D(2026, 12, 29)), tick=False)
    late = do_submit_appeal(decision, "Jag överklagar igen.", person=karin.applicant)
    assert not late.in_time


def test_a_posted_letter_counts_as_received_two_weeks_after_it_was_posted(
    decision, karin, org, time_machine
):
    # Posted on Friday 20 November 2026 with förenklad delgivning: deemed received Friday
    # 4 December (14 days, rules/appeal.yaml); three weeks later is juldagen: Monday 28th.
    posted(decision, karin, D(2026, 11, 20), org)
    assert notified_on(decision, karin.applicant) == D(2026, 12, 4)
    assert appeal_deadline(decision, karin.applicant) == D(2026, 12, 28)
    # She opens it in the e-service after the presumed day: the earlier day counts.
    decision = opened_on(decision, karin, D(2026, 12, 7), time_machine)
    assert notified_on(decision, karin.applicant) == D(2026, 12, 4)


def test_opening_the_decision_before_the_posted_letter_arrives_starts_the_time_earlier(
    decision, karin, org, time_machine
):
    posted(decision, karin, D(2026, 11, 20), org)
    decision = opened_on(decision, karin, D(2026, 11, 23), time_machine)
    assert notified_on(decision, karin.applicant) == D(2026, 11, 23)
    assert appeal_deadline(decision, karin.applicant) == D(2026, 12, 14)  # Monday 23 Nov + 3 w


def test_a_posting_day_in_the_future_or_before_the_decision_is_refused(decision, karin, org):
    with pytest.raises(ValidationError) as future:
        posted(decision, karin, D(2026, 11, 21), org)
    with pytest.raises(ValidationError) as before:
        posted(decision, karin, D(2026, 11, 19), org)
    assert "on" in future.value.message_dict and "on" in before.value.message_dict
    assert not DecisionNotification.objects.filter(decision=decision).exists()


def test_the_same_calendar_moves_pay_days_back_and_deadlines_forward():
    # Juldagen 2026 is a Friday: a pay day moves back to Wednesday 23 December (julafton is not
    # a bank day), a deadline forward to Monday 28 December.
    from ekb.payments.paydays import previous_bank_day

    assert previous_bank_day(D(2026, 12, 25)) == D(2026, 12, 23)
    assert next_working_day(D(2026, 12, 25)) == D(2026, 12, 28)


def test_anna_records_the_posting_day_on_the_decision_page(client, decision, karin, org):
    from tests.factories import PASSWORD

    assert client.login(username="anna", password=PASSWORD)
    page = client.get(f"/handlaggare/beslut/{decision.pk}/").content.decode()
    assert "Delgivning och tid för överklagande" in page
    assert "Överklagandetiden börjar när Karin Lundqvist har fått del av beslutet." in page
    url = f"/handlaggare/beslut/{decision.pk}/delgivning/"
    letter = {"person": karin.applicant.pk, "how": "posted_letter"}
    wrong = client.post(url, {**letter, "on": "20/11"}, follow=True).content.decode()
    assert "Skriv dagen som ÅÅÅÅ-MM-DD" in wrong
    future = client.post(url, {**letter, "on": "2026-11-30"}, follow=True).content.decode()
    assert "kan inte vara i framtiden" in future
    saved = client.post(url, {**letter, "on": "2026-11-20"}, follow=True).content.decode()
    assert "Delgivningen är sparad." in saved
    # Deemed notified Friday 4 December; three weeks end on juldagen: Monday 28th.
    assert appeal_deadline(decision, karin.applicant) == D(2026, 12, 28)
    assert "2026-12-28" in saved and "Brev med förenklad delgivning: 2026-12-04" in saved
