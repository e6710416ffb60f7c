"""The demo's dates are coherent: built today, nothing in it happened later than now: no
application received, event, journal note, supplement answer or decision after the moment of the
build (issue 11). Built for a day that has passed, it is the same demo whenever it is built."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ekb.applications.models import Application, SupplementRequest
from ekb.cases.models import CaseEvent, JournalEntry
from ekb.decisions.models import CalculationSnapshot, Decision
from ekb.demo.build import DEFAULT_SEED, build_demo, demo_municipality
from ekb.demo.fingerprint import fingerprint
from ekb.payments.models import Payment
from tests.demo.conftest import HOUSEHOLDS


def test_a_demo_built_this_morning_has_nothing_dated_after_now(db, time_machine):
    # The 10th at 11.00 in Stockholm: renewals come in between the 3rd and the 16th, all day.
    time_machine.move_to(dt.datetime(2026, 11, 10, 10, tzinfo=dt.UTC), tick=False)
    now = timezone.now()
    build_demo(households=HOUSEHOLDS, seed=DEFAULT_SEED, as_of=timezone.localdate(), now=now)
    muni = demo_municipality()
    applications = Application.objects.filter(case__municipality=muni)
    assert applications.filter(submitted_at__date=timezone.localdate()).exists()
    assert not applications.filter(submitted_at__gt=now).exists()
    checks = {
        "events": CaseEvent.objects.filter(case__municipality=muni, occurred_at__gt=now),
        "journal": JournalEntry.objects.filter(case__municipality=muni, signed_at__gt=now),
        "decisions": Decision.objects.filter(case__municipality=muni, decided_at__gt=now),
        "calculations": CalculationSnapshot.objects.filter(
            case__municipality=muni, created_at__gt=now
        ),
        "supplements": SupplementRequest.objects.filter(
            application__case__municipality=muni, answered_at__gt=now
        ),
        "payments": Payment.objects.filter(case__municipality=muni, paid_at__gt=now),
    }
    assert {name: rows.count() for name, rows in checks.items()} == dict.fromkeys(checks, 0)


@pytest.mark.parametrize("hour", [1, 23])
def test_a_demo_for_a_day_that_has_passed_is_the_same_at_any_hour_of_the_build(db, hour):
    as_of = timezone.localdate().replace(day=1)
    build_demo(households=20, seed=DEFAULT_SEED, as_of=as_of)
    first = fingerprint(demo_municipality())
    later = timezone.now().replace(hour=hour)
    build_demo(households=20, seed=DEFAULT_SEED, as_of=as_of, now=later, reset=True)
    assert fingerprint(demo_municipality()) == first
