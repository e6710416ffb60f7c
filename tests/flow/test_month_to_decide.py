"""The month a meeting decides comes from the meeting's date, not from the day its page is
opened: a meeting on 30 November for December's money is December's on 1 December too (also
after December was decided in it), a meeting on 1 December decides December, and one on
30 December decides January 2027 with January's norm."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command

from ekb.applications.choices import ApplicationKind
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.proposal import propose_lines
from ekb.flow import journey
from ekb.flow.meetings import (
    confirm_amounts,
    first_open_month,
    meeting_money,
    month_to_decide,
    prepare_for_meeting,
    prepare_for_meetings_on,
    record_oral_decision,
)
from ekb.meetings.choices import MeetingKind
from ekb.meetings.models import Meeting
from ekb.norm.store import DEFAULT_DIR
from tests.meetings.helpers import local
from tests.personas import DECEMBER, acknowledging, grant_everything, lines

SEPTEMBER = dt.date(2026, 9, 1)
JANUARY = dt.date(2027, 1, 1)
TABLE_2027 = DEFAULT_DIR / "examples" / "riksnorm-table.example.yaml"


def meeting_on(case, user, when: dt.datetime) -> Meeting:
    return Meeting.objects.create(
        case=case, caseworker=user, starts_at=when, kind=MeetingKind.VISIT, created_by=user
    )


def opened_on(time_machine, day: dt.date, hour: int = 9) -> None:
    time_machine.move_to(local(day, hour), tick=False)


def decide_orally(meeting, user):
    money = meeting_money(meeting)
    amounts = {row.key: row.amount for row in money.rows if row.editable}
    application = confirm_amounts(
        meeting, amounts=amounts, confirmed=set(amounts), added=[], acting_user=user
    )
    proposal = propose_lines(application, latest_calculation(application))
    return record_oral_decision(
        meeting, application, proposal, acting_user=user,
        acknowledgements=acknowledging(application),
    )  # fmt: skip


@pytest.mark.parametrize("page_day", [dt.date(2026, 11, 30), dt.date(2026, 12, 1)])
def test_a_meeting_on_30_november_decides_december_also_when_opened_on_1_december(
    karin, org, time_machine, page_day
):
    meeting = meeting_on(karin.case, org.anna, local(dt.date(2026, 11, 30), 14))
    opened_on(time_machine, page_day)
    assert month_to_decide(meeting) == DECEMBER
    assert meeting_money(meeting).month == DECEMBER


def test_december_decided_in_the_meeting_on_30_november_stays_its_month_on_1_december(
    karin, org, time_machine
):
    meeting = meeting_on(karin.case, org.anna, local(dt.date(2026, 11, 30), 14))
    opened_on(time_machine, dt.date(2026, 11, 30), 15)
    prepare_for_meeting(meeting, acting_user=org.anna)
    decision = decide_orally(meeting, org.anna)
    assert decision.application.month == DECEMBER
    opened_on(time_machine, dt.date(2026, 12, 1))
    money = meeting_money(meeting)
    # By the day alone, 1 December with December decided would be January's meeting.
    assert first_open_month(karin.case, dt.date(2026, 12, 1)) == JANUARY
    assert money.month == DECEMBER and money.decisions == [decision]


def test_amounts_confirmed_on_1_december_for_the_meeting_on_30_november_count_from_the_meeting(
    karin, org, time_machine
):
    meeting = meeting_on(karin.case, org.anna, local(dt.date(2026, 11, 30), 14))
    opened_on(time_machine, dt.date(2026, 11, 30), 15)
    prepare_for_meeting(meeting, acting_user=org.anna)
    opened_on(time_machine, dt.date(2026, 12, 1))
    money = meeting_money(meeting)
    amounts = {row.key: row.amount for row in money.rows if row.editable}
    application = confirm_amounts(
        meeting, amounts=amounts, confirmed=set(amounts), added=[], acting_user=org.anna
    )
    assert application.month == DECEMBER
    assert dt.date.fromisoformat(
        application.document["registered_by_staff"]["received_on"]
    ) == dt.date(2026, 11, 30)
    assert month_to_decide(meeting) == DECEMBER  # confirmed in it: still its month


@pytest.mark.parametrize("hour", [0, 9])
def test_a_meeting_on_1_december_decides_december(karin, org, time_machine, hour):
    # 00:30 in Stockholm is still 30 November in UTC: the meeting's own (Swedish) day counts.
    meeting = meeting_on(karin.case, org.anna, local(dt.date(2026, 12, 1), hour, 30))
    for page_day in (dt.date(2026, 11, 25), dt.date(2026, 12, 1), dt.date(2026, 12, 20)):
        opened_on(time_machine, page_day)
        assert month_to_decide(meeting) == DECEMBER


def test_a_meeting_in_a_month_not_yet_decided_decides_that_month_first(karin, org, time_machine):
    # Karin's September has no decision: a meeting on 28 September is September's, as the
    # e-service suggests the earliest month not applied for; opened in October it stays so.
    meeting = meeting_on(karin.case, org.anna, local(dt.date(2026, 9, 28), 10))
    opened_on(time_machine, dt.date(2026, 10, 2))
    assert month_to_decide(meeting) == SEPTEMBER


def test_a_meeting_when_both_months_are_decided_has_no_month_left(karin, org, time_machine):
    meeting = meeting_on(karin.case, org.anna, local(dt.date(2026, 10, 29), 10))
    assert month_to_decide(meeting) is None  # October and November are decided


def test_the_daily_preparation_takes_each_meeting_s_own_month(karin, org, time_machine):
    meeting = meeting_on(karin.case, org.anna, local(dt.date(2026, 11, 30), 14))
    opened_on(time_machine, dt.date(2026, 11, 30), 5)
    assert prepare_for_meetings_on(dt.date(2026, 11, 30)) == 1
    assert meeting_money(meeting).snapshot.month == DECEMBER


# --- over the year switch -------------------------------------------------------------------


@pytest.fixture
def december_decided(karin, org, time_machine, settings, tmp_path, monkeypatch):
    """The 2027 norm table is loaded and Karin's December is decided (on 10 December)."""
    settings.EKB_NORM_PARAMETERS_DIR = str(tmp_path / "norm-parameters")
    monkeypatch.setattr("sys.stdin", io.StringIO())
    call_command("norm_parameters", "add", str(TABLE_2027), "--write", stdout=io.StringIO())
    opened_on(time_machine, dt.date(2026, 12, 10))
    december = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    grant_everything(december, org.anna)
    karin.december = latest_calculation(december)
    return karin


@pytest.mark.parametrize("page_day", [dt.date(2026, 12, 30), dt.date(2027, 1, 2)])
def test_a_meeting_on_30_december_decides_january_2027_with_january_s_norm(
    december_decided, org, time_machine, page_day
):
    karin = december_decided
    meeting = meeting_on(karin.case, org.anna, local(dt.date(2026, 12, 30), 10))
    opened_on(time_machine, page_day)
    assert month_to_decide(meeting) == JANUARY
    snapshot = prepare_for_meeting(meeting, acting_user=org.anna)
    assert snapshot.month == JANUARY
    table = yaml.safe_load(TABLE_2027.read_text(encoding="utf-8"))
    # Karin alone with Elias (7 years old): one adult, one child 7–10, two in the household.
    expected = (
        Decimal(table["adults"]["single"])
        + Decimal(table["children"]["7-10"])
        + Decimal(table["common_household_costs"][2])
    )
    assert snapshot.norm == expected != karin.december.norm
    assert snapshot.result["versions"] != karin.december.result["versions"]
