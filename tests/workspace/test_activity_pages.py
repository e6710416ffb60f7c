"""The caseworker's activity-requirement pages: the flag per adult, an exemption, a schedule with
a session and attendance, refused forms that keep what was typed, and the list of her clients
who reached the requirement. Other units' staff get 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ekb.audit.models import AccessLogEntry, Action
from ekb.cases.choices import TaskKind
from ekb.cases.models import Task
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.models import Decision, DecisionLine
from ekb.plans.models import ActivityAttendance, ActivityExemption, ActivitySchedule
from tests.personas import DECEMBER, at_ten, staff_log_in

pytestmark = pytest.mark.django_db


def grant_december(case):
    decision = Decision.objects.create(case=case, status=DecisionStatus.DECIDED)
    DecisionLine.objects.create(
        decision=decision,
        purpose=Purpose.LIVELIHOOD,
        outcome=Outcome.GRANTED,
        amount=Decimal("5000"),
        period_start=DECEMBER,
        period_end=dt.date(2026, 12, 31),
        legal_reference="12 kap. 1 § SoL",
    )


@pytest.fixture
def karin_in_december(karin, time_machine):
    """Karin has had October, November and December: covered for January's support."""
    grant_december(karin.case)
    time_machine.move_to(at_ten(dt.date(2026, 12, 7)), tick=False)  # a Monday
    return karin


def url(case, rest=""):
    return f"/handlaggare/arenden/{case.pk}/aktiviteter/{rest}"


def test_the_page_flags_karin_after_three_months_in_a_row(client, karin_in_december):
    staff_log_in(client, "anna")
    page = client.get(url(karin_in_december.case)).content.decode()
    assert "Omfattas av aktivitetskravet" in page and "saknar schema" in page
    case_page = client.get(f"/handlaggare/arenden/{karin_in_december.case.pk}/").content.decode()
    assert "omfattas av aktivitetskravet" in case_page


def test_before_three_months_the_case_page_says_not_covered(client, karin):
    staff_log_in(client, "anna")
    page = client.get(f"/handlaggare/arenden/{karin.case.pk}/").content.decode()
    assert "omfattas inte (månader i följd: 2)" in page


def test_an_exemption_with_a_past_review_date_comes_back_with_what_was_typed(
    client, karin_in_december
):
    staff_log_in(client, "anna")
    case = karin_in_december.case
    response = client.post(
        url(case, "undantag/"),
        {
            "person": karin_in_december.applicant.pk,
            "reason": "school",
            "note": "Komvux heltid",
            "valid_from": "2026-12-01",
            "review_on": "2026-12-01",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Omprövningsdagen kan inte ligga i det förflutna." in page and "Komvux heltid" in page
    assert not ActivityExemption.objects.exists()
    ok = client.post(
        url(case, "undantag/"),
        {
            "person": karin_in_december.applicant.pk,
            "reason": "school",
            "note": "Komvux heltid",
            "valid_from": "2026-12-01",
            "review_on": "2027-03-01",
        },
    )
    assert ok.status_code == 302
    assert "Undantagen: Studier" in client.get(url(case)).content.decode()


def test_a_schedule_a_session_and_an_absence_that_opens_a_task(
    client, karin_in_december, time_machine
):
    staff_log_in(client, "anna")
    case = karin_in_december.case
    refused = client.post(
        url(case, "schema/"),
        {"person": karin_in_december.applicant.pk, "weekly_target_hours": "20"},
    )
    assert (
        refused.status_code == 400 and "30" in refused.content.decode()
    )  # the rule: child under 8
    client.post(
        url(case, "schema/"),
        {"person": karin_in_december.applicant.pk, "own_job_seeking_hours": "5"},
    )
    schedule = ActivitySchedule.objects.get(case=case)
    assert schedule.weekly_target_hours == 30
    added = client.post(
        url(case, f"schema/{schedule.pk}/pass/"),
        {
            f"new{schedule.pk}-kind": "language",
            f"new{schedule.pk}-title": "SFI",
            f"new{schedule.pk}-day": "2026-12-08",
            f"new{schedule.pk}-starts": "09:00",
            f"new{schedule.pk}-ends": "12:00",
            f"new{schedule.pk}-place": "Komvux Norr",
        },
    )
    assert added.status_code == 302 and "vecka=2026-W50" in added["Location"]
    session = schedule.sessions.get()
    time_machine.move_to(at_ten(dt.date(2026, 12, 8)), tick=False)
    staff_log_in(client, "anna")  # a new working day, a new login
    recorded = client.post(
        url(case, f"pass/{session.pk}/narvaro/"), {f"s{session.pk}-status": "absent_without"}
    )
    assert recorded.status_code == 302 and "vecka=2026-W50" in recorded["Location"]
    assert ActivityAttendance.objects.get().status == "absent_without"
    assert Task.objects.filter(case=case, kind=TaskKind.ACTIVITY_ABSENCE).count() == 1
    page = client.get(url(case, "?vecka=2026-W50")).content.decode()
    assert "SFI" in page and "Planerat under målet" in page


def test_another_units_caseworker_gets_404(client, karin_in_december):
    staff_log_in(client, "bertil")
    assert client.get(url(karin_in_december.case)).status_code == 404


def test_the_list_shows_annas_reached_clients_and_logs_the_ids(client, karin_in_december, cases):
    staff_log_in(client, "anna")
    page = client.get("/handlaggare/aktivitetskrav/").content.decode()
    assert karin_in_december.case.number in page
    assert cases.norr_annas.number not in page
    entry = AccessLogEntry.objects.filter(action=Action.LIST_CASES).latest("pk")
    assert entry.detail["case_ids"] == [karin_in_december.case.pk]


def test_declining_without_a_description_comes_back_and_with_one_opens_a_task(
    client, karin_in_december
):
    from ekb.plans.activity_actions import do_set_schedule

    case = karin_in_december.case
    schedule = do_set_schedule(
        case, person=karin_in_december.applicant, acting_user=case.assigned_caseworker
    )
    staff_log_in(client, "anna")
    refused = client.post(
        url(case, f"schema/{schedule.pk}/avbojt/"), {f"d{schedule.pk}-declined_on": "2026-12-04"}
    )
    assert refused.status_code == 400
    assert "Beskriv vilken aktivitet klienten avböjde" in refused.content.decode()
    assert 'value="2026-12-04"' in refused.content.decode()  # nothing lost
    ok = client.post(
        url(case, f"schema/{schedule.pk}/avbojt/"),
        {
            f"d{schedule.pk}-declined_on": "2026-12-04",
            f"d{schedule.pk}-what": "Tackade nej till praktik.",
        },
    )
    assert ok.status_code == 302
    assert Task.objects.filter(case=case, kind=TaskKind.ACTIVITY_DECLINED).count() == 1


def test_the_pages_speak_english_when_chosen(client, karin_in_december):
    from ekb.plans.activity_actions import do_set_schedule
    from tests.personas import log_in

    case = karin_in_december.case
    do_set_schedule(case, person=karin_in_december.applicant, acting_user=case.assigned_caseworker)
    staff_log_in(client, "anna")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(url(case)).content.decode()
    assert f"<h1>Activity requirement – case {case.number}</h1>" in page
    for swedish in ("Aktivitetsschema", "Undantag", "Vem omfattas", "Planerat under målet"):
        assert swedish not in page
    listing = client.get("/handlaggare/aktivitetskrav/").content.decode()
    assert "<h1>My clients with the activity requirement</h1>" in listing
    log_in(client, karin_in_december.applicant)
    own = client.get("/e-tjanst/aktiviteter/").content.decode()
    assert "<h1>My activities</h1>" in own and "Veckans timmar" not in own


def test_anna_asks_arbetsformedlingen_and_the_full_time_programme_fills_the_exemption_form(
    client, karin_in_december, org
):
    from ekb.integrations.arbetsformedlingen import (
        FakeArbetsformedlingen,
        override_arbetsformedlingen,
    )

    karin = karin_in_december
    number = karin.applicant.identity_number
    fake = FakeArbetsformedlingen(
        people={
            number: {
                "programme": "Arbetsmarknadsutbildning",
                "hours_per_week": 40,
                "until": dt.date(2027, 6, 30),
            }
        }  # fmt: skip
    )
    staff_log_in(client, "anna")
    with override_arbetsformedlingen(fake):
        page = client.post(f"/handlaggare/arenden/{karin.case.pk}/aktiviteter/fraga-af/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Arbetsmarknadsutbildning" in html and 'value="2027-06-30"' in html
    assert not ActivityExemption.objects.exists()  # a proposal: Anna records it, or not
    assert AccessLogEntry.objects.filter(
        action=Action.ASK_ARBETSFORMEDLINGEN, person_id=karin.applicant.pk
    ).exists()


def test_another_units_caseworker_cannot_ask_about_karin(client, karin_in_december):
    staff_log_in(client, "bertil")
    url = f"/handlaggare/arenden/{karin_in_december.case.pk}/aktiviteter/fraga-af/"
    assert client.post(url).status_code == 404


# --- the guards on the page -------------------------------------------------------------------


@pytest.mark.parametrize("week", ["0001-W01", "9999-W52", "2026-W99"])
def test_a_week_that_is_no_week_shows_this_week_and_says_so(client, karin_in_december, week):
    from ekb.plans.activity_actions import do_set_schedule

    case = karin_in_december.case
    do_set_schedule(case, person=karin_in_december.applicant, acting_user=case.assigned_caseworker)
    staff_log_in(client, "anna")
    response = client.get(url(case, f"?vecka={week}"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Veckan kunde inte läsas. Sidan visar den här veckan." in page
    assert "Vecka 2026-W50" in page


def test_anna_is_told_when_elias_turns_eight_and_the_rule_target_rises(
    client, karin_in_december, time_machine
):
    from ekb.plans.activity_actions import do_set_schedule

    case = karin_in_december.case
    do_set_schedule(case, person=karin_in_december.applicant, acting_user=case.assigned_caseworker)
    staff_log_in(client, "anna")
    assert "Regelns mål är nu" not in client.get(url(case)).content.decode()
    eighth = karin_in_december.son.birth_date.replace(
        year=karin_in_december.son.birth_date.year + 8
    )
    time_machine.move_to(at_ten(eighth), tick=False)
    staff_log_in(client, "anna")
    page = client.get(url(case)).content.decode()
    assert "Regelns mål är nu 40 timmar i veckan (när målet sattes: 30)." in page


def test_a_session_submitted_twice_is_one_session_and_a_holiday_is_refused(
    client, karin_in_december
):
    from ekb.plans.activity_actions import do_set_schedule

    case = karin_in_december.case
    schedule = do_set_schedule(
        case, person=karin_in_december.applicant, acting_user=case.assigned_caseworker
    )
    staff_log_in(client, "anna")
    form = {
        f"new{schedule.pk}-kind": "language",
        f"new{schedule.pk}-title": "SFI",
        f"new{schedule.pk}-day": "2026-12-09",
        f"new{schedule.pk}-starts": "09:00",
        f"new{schedule.pk}-ends": "12:00",
        f"new{schedule.pk}-place": "Komvux Norr",
    }
    assert client.post(url(case, f"schema/{schedule.pk}/pass/"), form).status_code == 302
    again = client.post(url(case, f"schema/{schedule.pk}/pass/"), form)
    assert again.status_code == 400 and "Passet finns redan i schemat" in again.content.decode()
    christmas = client.post(
        url(case, f"schema/{schedule.pk}/pass/"), {**form, f"new{schedule.pk}-day": "2026-12-25"}
    )
    assert christmas.status_code == 400
    assert "2026-12-25 är inte en arbetsdag" in christmas.content.decode()
    assert schedule.sessions.count() == 1
