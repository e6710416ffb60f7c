"""Arbetsförmedlingen behind an interface with a fake (the activity requirement, prop.
2025/26:207): a full-time programme is a proposal to exempt; the committee tells
Arbetsförmedlingen when a job seeker may be covered."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from ekb.audit.models import AccessLogEntry
from ekb.flow.activity import tell_arbetsformedlingen_covered
from ekb.integrations.arbetsformedlingen import (
    FULL_TIME_PROGRAMME,
    UNAVAILABLE,
    FakeArbetsformedlingen,
    exemption_proposal,
    get_arbetsformedlingen,
    override_arbetsformedlingen,
)

ON = dt.date(2026, 11, 20)
PEOPLE = {
    "199501309869": {"programme": "Arbetsmarknadsutbildning", "hours_per_week": 40,
                     "until": dt.date(2027, 6, 30)},
    "197912019887": {"programme": "Jobbgarantin", "hours_per_week": 20, "full_time": False},
    "198001019801": {"programme": "Praktik", "hours_per_week": 40, "until": dt.date(2026, 10, 31)},
}  # fmt: skip


def test_amira_in_a_full_time_programme_gets_a_proposal_to_exempt_until_it_ends():
    with override_arbetsformedlingen(FakeArbetsformedlingen(people=PEOPLE)):
        proposal = exemption_proposal("199501309869", on=ON)
    assert proposal is not None
    assert proposal.reason == FULL_TIME_PROGRAMME
    assert proposal.review_on == dt.date(2027, 6, 30)
    assert "heltid" in proposal.note and "40 timmar" in proposal.note


def test_part_time_ended_and_unknown_programmes_propose_nothing():
    with override_arbetsformedlingen(FakeArbetsformedlingen(people=PEOPLE)):
        assert exemption_proposal("197912019887", on=ON) is None
        assert exemption_proposal("198001019801", on=ON) is None
        assert exemption_proposal("198804229818", on=ON) is None
        assert get_arbetsformedlingen().programme_status("198804229818", on=ON).registered


def test_the_packaged_fake_knows_the_demo_persons():
    assert exemption_proposal("199501309869", on=ON) is not None  # fake_arbetsformedlingen.yaml


def test_off_checks_nothing_and_sends_nothing(settings):
    settings.EKB_ARBETSFORMEDLINGEN_BACKEND = "off"
    client = get_arbetsformedlingen()
    assert client.programme_status("199501309869", on=ON).status == UNAVAILABLE
    assert exemption_proposal("199501309869", on=ON) is None
    assert not client.report_covered(
        identity_number="199501309869", municipality_code="9999", from_date=ON
    ).sent


def test_the_fake_is_refused_in_production_and_an_unknown_backend_is_an_error(settings):
    settings.EKB_ENV = "production"
    with pytest.raises(ImproperlyConfigured, match="refused in production"):
        get_arbetsformedlingen()
    settings.EKB_ENV = "test"
    settings.EKB_ARBETSFORMEDLINGEN_BACKEND = "soap"
    with pytest.raises(ImproperlyConfigured, match="fake or off"):
        get_arbetsformedlingen()


def test_karin_is_reported_as_covered_and_the_log_says_data_left(karin, org):
    fake = FakeArbetsformedlingen(people={})
    with override_arbetsformedlingen(fake):
        reports = tell_arbetsformedlingen_covered(karin.case, acting_user=org.anna)
    assert [r.kind for r in reports] == ["covered"]  # the applicant; Elias is a child
    assert fake.reports[0].identity_number == karin.applicant.identity_number
    assert fake.reports[0].details["municipality_code"] == org.muni.code
    assert AccessLogEntry.objects.filter(
        case_id=karin.case.pk, person_id=karin.applicant.pk, detail__arbetsformedlingen="covered"
    ).exists()


def test_participation_is_reported_with_the_months_hours():
    fake = FakeArbetsformedlingen(people={})
    report = fake.report_participation(
        identity_number="199501309869", month=dt.date(2026, 11, 1), hours_assigned=160,
        hours_attended=148,
    )  # fmt: skip
    assert report.details == {"month": "2026-11", "hours_assigned": 160, "hours_attended": 148}
