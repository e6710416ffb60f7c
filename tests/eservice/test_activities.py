"""The client's activity schedule in the e-service: her week's sessions with her attendance and
the week's balance; nothing of another client's schedule; no schedule, a plain sentence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.models import Decision, DecisionLine
from ekb.plans.activity_actions import do_add_session, do_record_attendance, do_set_schedule
from ekb.plans.activity_choices import ActivityKind, AttendanceStatus
from tests import factories as f
from tests.personas import at_ten, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def karin(karin):
    """Karin with September too (October and November are hers): covered for December."""
    decision = Decision.objects.create(case=karin.case, status=DecisionStatus.DECIDED)
    DecisionLine.objects.create(
        decision=decision,
        purpose=Purpose.LIVELIHOOD,
        outcome=Outcome.GRANTED,
        amount=Decimal("5000"),
        period_start=dt.date(2026, 9, 1),
        period_end=dt.date(2026, 9, 30),
        legal_reference="12 kap. 1 § SoL",
    )
    return karin


def add(schedule, user, day, start, end, title):
    return do_add_session(
        schedule,
        kind=ActivityKind.JOB_SEEKING,
        title=title,
        starts_at=dt.datetime(day.year, day.month, day.day, start, tzinfo=dt.UTC),
        ends_at=dt.datetime(day.year, day.month, day.day, end, tzinfo=dt.UTC),
        place="Jobbtorg Norr",
        acting_user=user,
    )


def test_karin_sees_her_week_and_its_balance(client, karin, org, time_machine):
    schedule = do_set_schedule(
        karin.case, person=karin.applicant, own_job_seeking_hours="6", acting_user=org.anna
    )
    monday = add(schedule, org.anna, dt.date(2026, 11, 23), 8, 12, "Jobbsökarverkstad")
    add(schedule, org.anna, dt.date(2026, 11, 30), 8, 12, "Nästa veckas pass")
    time_machine.move_to(at_ten(dt.date(2026, 11, 23)), tick=False)
    do_record_attendance(monday, status=AttendanceStatus.PRESENT, acting_user=org.anna)
    log_in(client, karin.applicant)
    page = client.get("/e-tjanst/aktiviteter/").content.decode()
    assert "Jobbsökarverkstad" in page and "Närvarande" in page
    assert "Nästa veckas pass" not in page
    assert "Ditt mål är 30" in page  # Elias is under 8
    assert "6 timmar eget jobbsökande" in page
    following = client.get("/e-tjanst/aktiviteter/?vecka=2026-W49").content.decode()
    assert "Nästa veckas pass" in following and "inte registrerad" in following


def test_a_client_without_a_schedule_is_told_so_and_sees_no_one_elses(client, karin, org):
    do_set_schedule(karin.case, person=karin.applicant, acting_user=org.anna)
    other = f.person(dt.date(1990, 1, 1))
    f.case(org.norr, assigned=org.anna, applicant=other)
    log_in(client, other)
    page = client.get("/e-tjanst/aktiviteter/").content.decode()
    assert "Du har inget aktivitetsschema" in page


def test_the_page_needs_a_login(client, karin):
    response = client.get("/e-tjanst/aktiviteter/")
    assert response.status_code == 302


def test_karin_sees_the_christmas_weeks_planned_hours_and_no_shortfall(client, karin, org):
    schedule = do_set_schedule(karin.case, person=karin.applicant, acting_user=org.anna)
    for day in (21, 22, 23):  # 24 and 25 December are closed
        add(schedule, org.anna, dt.date(2026, 12, day), 8, 12, "Jobbsökarverkstad")
    log_in(client, karin.applicant)
    page = client.get("/e-tjanst/aktiviteter/?vecka=2026-W52").content.decode()
    assert "Planerade aktiviteter</dt><dd>12</dd>" in page
    assert "Kvar till målet" not in page and "Planerat under målet" not in page


@pytest.mark.parametrize("week", ["0001-W01", "9999-W52"])
def test_a_week_that_is_no_week_shows_karin_this_week(client, karin, org, week):
    do_set_schedule(karin.case, person=karin.applicant, acting_user=org.anna)
    log_in(client, karin.applicant)
    response = client.get(f"/e-tjanst/aktiviteter/?vecka={week}")
    assert response.status_code == 200
    assert "Veckan kunde inte läsas. Sidan visar den här veckan." in response.content.decode()
