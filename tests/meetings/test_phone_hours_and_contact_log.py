"""Open phone hours per caseworker, and calls and messages logged on the case and counted as
the caseworker's client work in the month."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ekb.meetings.contact import (
    case_contacts,
    contact_people,
    contacts_in_month,
    do_log_contact,
    do_set_phone_hours,
    phone_hours_of,
)
from ekb.meetings.models import ContactDirection, ContactKind
from tests.personas import NOVEMBER, OCTOBER

NINE, TEN, ELEVEN = dt.time(9), dt.time(10), dt.time(11)


def _call(case, user, at, minutes=10):
    return do_log_contact(
        case,
        kind=ContactKind.CALL,
        direction=ContactDirection.FROM_CLIENT,
        at=at,
        duration_minutes=minutes,
        note="Frågade om hyran.",
        acting_user=user,
    )


def test_anna_sets_phone_hours_on_two_days_and_karin_sees_them_with_her_name(karin, org):
    do_set_phone_hours(org.anna, {0: (NINE, TEN), 3: (TEN, ELEVEN), 4: (None, None)})
    assert [(h.weekday, h.starts, h.ends) for h in phone_hours_of(org.anna)] == [
        (0, NINE, TEN),
        (3, TEN, ELEVEN),
    ]
    [anna] = contact_people(karin.case)
    assert anna.user == org.anna and [h.weekday for h in anna.hours] == [0, 3]


def test_new_phone_hours_replace_the_old_ones(org):
    do_set_phone_hours(org.anna, {0: (NINE, TEN), 1: (NINE, TEN)})
    do_set_phone_hours(org.anna, {2: (TEN, ELEVEN)})
    assert [h.weekday for h in phone_hours_of(org.anna)] == [2]


@pytest.mark.parametrize(
    "day",
    [(TEN, NINE), (TEN, TEN), (NINE, None), (None, TEN)],
    ids=["ends-before-start", "no-length", "no-end", "no-start"],
)
def test_a_day_that_does_not_make_sense_is_refused_and_nothing_changes(org, day):
    do_set_phone_hours(org.anna, {0: (NINE, TEN)})
    with pytest.raises(ValidationError) as refused:
        do_set_phone_hours(org.anna, {1: (NINE, TEN), 2: day})
    assert "day_2" in refused.value.message_dict
    assert [h.weekday for h in phone_hours_of(org.anna)] == [0]


def test_a_weekend_day_is_refused(org):
    with pytest.raises(ValidationError):
        do_set_phone_hours(org.anna, {5: (NINE, TEN)})


def test_the_client_also_sees_the_labour_market_officer_when_the_work_is_split(karin, org):
    karin.case.labour_market_officer = org.erik
    karin.case.save(update_fields=["labour_market_officer"])
    do_set_phone_hours(org.erik, {1: (NINE, TEN)})
    people = contact_people(karin.case)
    assert [p.user for p in people] == [org.anna, org.erik]
    assert people[1].hours[0].weekday == 1


def test_a_logged_call_is_on_the_case_latest_first(karin, org):
    first = _call(karin.case, org.anna, dt.datetime(2026, 11, 18, 9, 0, tzinfo=dt.UTC))
    second = _call(karin.case, org.anna, dt.datetime(2026, 11, 19, 9, 0, tzinfo=dt.UTC))
    assert case_contacts(karin.case) == [second, first]


def test_a_call_in_the_future_or_of_ten_hours_is_refused(karin, org):
    with pytest.raises(ValidationError) as refused:
        _call(karin.case, org.anna, dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC))
    assert "at" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _call(karin.case, org.anna, dt.datetime(2026, 11, 19, 9, 0, tzinfo=dt.UTC), minutes=600)
    assert "duration_minutes" in refused.value.message_dict
    assert case_contacts(karin.case) == []


def test_contacts_in_month_counts_each_caseworkers_own_calls_in_that_month_only(karin, org, cases):
    in_november = _call(karin.case, org.anna, dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC))
    _call(karin.case, org.anna, dt.datetime(2026, 10, 30, 9, 0, tzinfo=dt.UTC))
    idas = _call(cases.norr_idas, org.ida, dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC))
    month = contacts_in_month([org.anna.pk, org.ida.pk, org.david.pk], NOVEMBER)
    assert month == {org.anna.pk: [in_november], org.ida.pk: [idas], org.david.pk: []}
    assert len(contacts_in_month([org.anna.pk], OCTOBER)[org.anna.pk]) == 1
