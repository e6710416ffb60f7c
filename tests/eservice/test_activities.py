"""The client's activity schedule in the e-service: her week's sessions with her attendance and
the week's balance; nothing of another client's schedule; no schedule, a plain sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.plans.activity_actions import do_add_session, do_record_attendance, do_set_schedule
from ekb.plans.activity_choices import ActivityKind, AttendanceStatus
from tests import factories as f
from tests.personas import log_in

pytestmark = pytest.mark.django_db


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


def test_karin_sees_her_week_and_its_balance(client, karin, org):
    schedule = do_set_schedule(
        karin.case, person=karin.applicant, own_job_seeking_hours="6", acting_user=org.anna
    )
    monday = add(schedule, org.anna, dt.date(2026, 11, 16), 8, 12, "Jobbsökarverkstad")
    add(schedule, org.anna, dt.date(2026, 11, 23), 8, 12, "Nästa veckas pass")
    do_record_attendance(monday, status=AttendanceStatus.PRESENT, acting_user=org.anna)
    log_in(client, karin.applicant)
    page = client.get("/e-tjanst/aktiviteter/").content.decode()
    assert "Jobbsökarverkstad" in page and "Närvarande" in page
    assert "Nästa veckas pass" not in page
    assert "Ditt mål är 30" in page  # Elias is under 8
    assert "6 timmar eget jobbsökande" in page
    following = client.get("/e-tjanst/aktiviteter/?vecka=2026-W48").content.decode()
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
