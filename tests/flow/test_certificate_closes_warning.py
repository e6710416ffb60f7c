"""A registered läkarintyg closes the "läkarintyg saknas" warning it answers at once, not only at
the next calculation; a certificate for another person or other months leaves it open."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.cases.models import ReasonForNeed
from ekb.decisions.choices import WarningStatus
from ekb.flow import journey
from tests.personas import december_renewal


@pytest.fixture
def missing(karin, org):
    ReasonForNeed.objects.create(
        case=karin.case,
        person=karin.applicant,
        category="sick_without_certificate",
        valid_from=dt.date(2026, 9, 1),
    )
    karin.application = december_renewal(karin, salary="3000")
    karin.warning = karin.application.warnings.get(rule="medical_certificate_missing")
    assert karin.warning.status == WarningStatus.OPEN
    return karin


def certificate(karin, person, start, end, org):
    return journey.register_certificate(
        karin.case,
        person,
        period_start=start,
        period_end=end,
        extent_percent=100,
        received_on=dt.date(2026, 11, 20),
        acting_user=org.anna,
    )


def test_a_certificate_covering_december_closes_the_missing_certificate_warning(missing, org):
    certificate(missing, missing.applicant, dt.date(2026, 11, 15), dt.date(2027, 2, 28), org)
    missing.warning.refresh_from_db()
    assert missing.warning.status == WarningStatus.CLOSED


def test_a_certificate_that_ends_before_december_leaves_the_warning_open(missing, org):
    certificate(missing, missing.applicant, dt.date(2026, 10, 1), dt.date(2026, 11, 30), org)
    missing.warning.refresh_from_db()
    assert missing.warning.status == WarningStatus.OPEN


def test_a_certificate_for_the_son_leaves_his_mothers_warning_open(missing, org):
    certificate(missing, missing.son, dt.date(2026, 11, 15), dt.date(2027, 2, 28), org)
    missing.warning.refresh_from_db()
    assert missing.warning.status == WarningStatus.OPEN


def test_registering_on_the_case_page_closes_the_warning(missing, org, client):
    client.force_login(org.anna)
    response = client.post(
        f"/handlaggare/arenden/{missing.case.pk}/lakarintyg/",
        {
            "person": missing.applicant.pk,
            "period_start": "2026-11-15",
            "period_end": "2027-02-28",
            "extent_percent": "100",
            "received_on": "2026-11-20",
        },
    )
    assert response.status_code == 302
    missing.warning.refresh_from_db()
    assert missing.warning.status == WarningStatus.CLOSED
