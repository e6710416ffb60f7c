""" "Mitt ärende" with more than one month waiting (fresh-eye finding, session 4): Karin has sent
December and January and both wait for a decision; she sees both months, not only the latest.
And the money planned for one pay day is told once, with the total, not once per payment."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import translation

from ekb.applications.choices import ApplicationKind
from ekb.cases.status import fold
from ekb.flow import journey
from tests.personas import lines, log_in

JANUARY = dt.date(2027, 1, 1)


@pytest.mark.calendar
def test_karin_sees_december_and_january_both_waiting_on_her_home_page(
    client, renewal, time_machine
):
    time_machine.move_to(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC), tick=False)
    log_in(client, renewal.applicant)
    journey.receive_application(
        renewal.case,
        JANUARY,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=renewal.applicant.pk,
    )
    page = client.get("/e-tjanst/").content.decode()
    state = page.split('id="state-heading"')[1].split("</section>")[0]
    assert "Ansökan för december 2026" in state
    assert "Ansökan för januari 2027" in state


def test_karin_reads_one_line_per_pay_day_with_the_total(as_karin, karin):
    page = as_karin.get("/e-tjanst/").content.decode()
    timeline = page.split('id="timeline-heading"')[1]
    for day in ("Pengarna betalas ut",):
        texts = [t for t in timeline.split("<li>") if day in t]
        dates = [t.split(day)[1].split(":")[0] for t in texts]
        assert len(dates) == len(set(dates)), texts


AT = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def planned(amount, pay_date):
    data = {"amount": amount, "pay_date": pay_date}
    return SimpleNamespace(
        kind="payment_planned", data=data, occurred_at=AT, visible_to_client=True
    )


def test_two_payments_on_one_pay_day_are_one_line_with_the_total():
    with translation.override("sv"):
        status = fold(
            [
                planned("7200.00", "2026-12-23"),
                planned("4830.50", "2026-12-23"),
                planned("500.00", "2027-01-23"),
            ]
        )
    texts = [entry.text for entry in status.timeline]
    assert texts == [
        "Pengarna betalas ut 23 december 2026: 12\u00a0030,50\u00a0kr.",
        "Pengarna betalas ut 23 januari 2027: 500\u00a0kr.",
    ]
