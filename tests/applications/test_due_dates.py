"""Every application has a due date from the municipality's own target (rules/targets.yaml): a
complete renewal the next working day, a new application within 7 days, on the Swedish calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.applications.choices import ApplicationKind
from ekb.applications.due_dates import add_target, due_date, targets
from ekb.applications.supplements import do_request_supplement
from ekb.flow import journey
from tests import factories as f
from tests.personas import DECEMBER, at_ten, lines

pytestmark = pytest.mark.django_db


def test_a_complete_renewal_received_on_a_friday_is_due_on_monday(renewal):
    # 20 November 2026 is a Friday.
    assert due_date(renewal.application) == dt.date(2026, 11, 23)


def test_a_renewal_received_the_day_before_christmas_eve_is_due_after_the_holidays(
    karin, time_machine
):
    time_machine.move_to(at_ten(dt.date(2026, 12, 23)), tick=False)
    application = journey.receive_application(
        karin.case,
        dt.date(2027, 1, 1),
        ApplicationKind.RENEWAL,
        lines(),
        client_person_id=karin.applicant.pk,
    )
    # Julafton, juldagen, annandag jul and the weekend are not working days.
    assert due_date(application) == dt.date(2026, 12, 28)


def test_a_new_application_is_due_within_seven_days(org, karin):
    applicant = f.person(dt.date(1990, 1, 1), first_name="Sara", last_name="Holm")
    karin.register.script(applicant.identity_number, {})
    case = f.case(org.norr, assigned=None, applicant=applicant)
    application = journey.receive_application(
        case, DECEMBER, ApplicationKind.NEW, lines(), client_person_id=applicant.pk
    )
    assert due_date(application) == dt.date(2026, 11, 27)


def test_a_renewal_waiting_for_a_supplement_is_due_within_seven_days_and_next_working_day_after_the_answer(
    org, renewal, time_machine
):
    request = do_request_supplement(
        renewal.case,
        what="Hyresavi",
        why="Hyran har ändrats.",
        due_date=dt.date(2026, 11, 25),
        application=renewal.application,
        acting_user=org.anna,
    )
    assert due_date(renewal.application) == dt.date(2026, 11, 27)

    time_machine.move_to(at_ten(dt.date(2026, 11, 24)), tick=False)
    journey.answer_supplement(request, "Här är avin.", person=renewal.applicant)

    assert due_date(renewal.application) == dt.date(2026, 11, 25)


def test_seven_days_that_end_on_a_sunday_move_to_monday():
    # Saturday 21 November + 7 days = Saturday 28 November -> Monday 30 November.
    assert add_target(dt.date(2026, 11, 21), {"days": 7}) == dt.date(2026, 11, 30)


def test_the_targets_cite_their_source():
    rules = targets(dt.date(2026, 11, 20))
    assert "Kolada U31463" in rules["source"]
    assert rules["renewal_complete"] == {"working_days": 1}


def test_an_application_not_yet_received_has_no_due_date(renewal):
    renewal.application.submitted_at = None
    assert due_date(renewal.application) is None
