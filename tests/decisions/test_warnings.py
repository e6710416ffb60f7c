"""Warnings have a life: raised by rules, acknowledged with a comment, closed when resolved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from ekb.applications.actions import LineData
from ekb.applications.choices import ApplicationKind, LineKind
from ekb.applications.supplements import do_request_supplement
from ekb.cases.certificates import do_register_certificate
from ekb.cases.models import ReasonForNeed
from ekb.decisions.calculation import do_prepare_calculation
from ekb.decisions.choices import WarningStatus
from ekb.decisions.models import CaseWarning
from ekb.decisions.warnings import WarningStateError, do_acknowledge_warning
from ekb.flow import journey
from tests.personas import DECEMBER, lines


def test_an_income_change_of_more_than_twelve_percent_raises_a_warning(karin, org):
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="6000"),
    )
    warning = application.warnings.get(rule="income_change")
    assert "+100 %" in warning.message


def test_an_income_change_within_twelve_percent_raises_none(karin, org):
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3300"),
    )
    assert not application.warnings.filter(rule="income_change").exists()


def test_a_cost_far_above_the_households_history_raises_a_warning(karin, org):
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(rent="12500", salary="3000"),
    )
    assert "Boendekostnad" in application.warnings.get(rule="cost_above_history").message


@pytest.fixture
def warned(karin, org):
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="6000"),
    )
    return application, application.warnings.get(rule="income_change")


def test_acknowledging_needs_a_comment_and_names_the_caseworker(warned, org):
    _, warning = warned
    with pytest.raises(WarningStateError):
        do_acknowledge_warning(warning, comment="  ", acting_user=org.anna)
    do_acknowledge_warning(
        warning, comment="Ny anställning från 1 november, lönebesked sett.", acting_user=org.anna
    )
    warning.refresh_from_db()
    assert (warning.status, warning.acknowledged_by, warning.comment) == (
        WarningStatus.ACKNOWLEDGED,
        org.anna,
        "Ny anställning från 1 november, lönebesked sett.",
    )
    with pytest.raises(WarningStateError):
        do_acknowledge_warning(warning, comment="igen", acting_user=org.ida)


def test_an_open_warning_says_the_figures_of_the_latest_calculation(warned, org):
    application, warning = warned
    salary = application.lines.get(type="salary")
    journey.override_line(
        salary, Decimal("7000"), "Lönen är 7 000 kr enligt lönebeskedet.", acting_user=org.anna
    )
    warning.refresh_from_db()
    assert warning.status == WarningStatus.OPEN
    assert "+133 %" in warning.message and "7\u00a0000 kr" in warning.message
    assert "6\u00a0000 kr" not in warning.message


def test_an_acknowledged_warning_keeps_the_words_that_were_acknowledged(warned, org):
    application, warning = warned
    do_acknowledge_warning(
        warning, comment="Ny anställning, lönebesked sett.", acting_user=org.anna
    )
    acknowledged = warning.message
    salary = application.lines.get(type="salary")
    journey.override_line(
        salary, Decimal("7000"), "Lönen är 7 000 kr enligt lönebeskedet.", acting_user=org.anna
    )
    warning.refresh_from_db()
    assert warning.status == WarningStatus.ACKNOWLEDGED and warning.message == acknowledged


def test_an_acknowledged_warning_is_not_reopened_when_the_calculation_is_redone(warned, org, karin):
    application, warning = warned
    do_acknowledge_warning(warning, comment="Kontrollerat.", acting_user=org.anna)
    do_prepare_calculation(application, acting_user=org.anna, register_client=karin.register)
    warning.refresh_from_db()
    assert warning.status == WarningStatus.ACKNOWLEDGED
    assert application.warnings.filter(rule="income_change").count() == 1


def test_a_warning_whose_cause_is_gone_is_closed_and_never_silently_reopened(warned, org, karin):
    application, warning = warned
    salary = application.lines.get(type="salary")
    journey.override_line(
        salary, Decimal("3000"), "Lönen är 3 000 kr enligt lönebeskedet.", acting_user=org.anna
    )
    warning.refresh_from_db()
    assert warning.status == WarningStatus.CLOSED
    replacement = application.lines.get(type="salary", overridden=False)
    journey.override_line(replacement, Decimal("6000"), "Rättat tillbaka.", acting_user=org.anna)
    warning.refresh_from_db()
    assert warning.status == WarningStatus.CLOSED
    assert CaseWarning.objects.filter(fingerprint=warning.fingerprint).count() == 1


def test_an_overdue_supplement_raises_a_warning_that_closes_when_answered(
    renewal, org, time_machine
):
    request = do_request_supplement(
        renewal.case,
        what="Hyresavi för december",
        why="Hyran har ändrats.",
        due_date=dt.date(2026, 11, 25),
        application=renewal.application,
        acting_user=org.anna,
    )
    time_machine.move_to(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC), tick=False)
    do_prepare_calculation(
        renewal.application, acting_user=org.anna, register_client=renewal.register
    )
    warning = renewal.application.warnings.get(rule="supplement_overdue")
    assert "Hyresavi för december" in warning.message
    journey.answer_supplement(request, "Bifogar hyresavin.", person=renewal.applicant)
    warning.refresh_from_db()
    assert warning.status == WarningStatus.CLOSED


def test_a_missing_medical_certificate_is_warned_about_and_a_registered_one_resolves_it(karin, org):
    ReasonForNeed.objects.create(
        case=karin.case,
        person=karin.applicant,
        category="sick_without_certificate",
        valid_from=dt.date(2026, 9, 1),
    )
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
    )
    missing = application.warnings.get(rule="medical_certificate_missing")
    assert "Läkarintyg saknas för Karin" in missing.message
    do_register_certificate(
        karin.case,
        karin.applicant,
        period_start=dt.date(2026, 11, 15),
        period_end=dt.date(2027, 2, 28),
        extent_percent=100,
        received_on=dt.date(2026, 11, 20),
        acting_user=org.anna,
    )
    do_prepare_calculation(application, acting_user=org.anna, register_client=karin.register)
    missing.refresh_from_db()
    assert missing.status == WarningStatus.CLOSED


def test_a_certificate_that_ends_soon_is_warned_about(karin, org):
    ReasonForNeed.objects.create(
        case=karin.case,
        person=karin.applicant,
        category="work_obstacle_health",
        valid_from=dt.date(2026, 9, 1),
    )
    do_register_certificate(
        karin.case,
        karin.applicant,
        period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 12, 31),
        extent_percent=50,
        received_on=dt.date(2026, 11, 1),
        acting_user=org.anna,
    )
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
    )
    assert (
        "gäller till 2026-12-31"
        in application.warnings.get(rule="medical_certificate_expiring").message
    )


def test_before_july_2026_no_certificate_is_required(karin, org):
    ReasonForNeed.objects.create(
        case=karin.case,
        person=karin.applicant,
        category="sick_without_certificate",
        valid_from=dt.date(2026, 1, 1),
    )
    application = journey.receive_application(
        karin.case,
        dt.date(2026, 6, 1),
        ApplicationKind.SUPPLEMENTARY,
        [LineData(LineKind.COST, "rent", Decimal("7200"))],
    )
    assert not application.warnings.filter(rule="medical_certificate_missing").exists()


def test_a_cost_above_the_municipalitys_guideline_raises_a_warning_with_its_reason(
    karin, org, settings, tmp_path
):
    guideline = tmp_path / f"{org.muni.code}.yaml"
    guideline.write_text(
        (
            Path(__file__).resolve().parents[2] / "ekb" / "decisions" / "guidelines" / "9999.yaml"
        ).read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    settings.EKB_GUIDELINES_DIR = str(tmp_path)
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(rent="9000", salary="3000"),
    )
    warning = application.warnings.get(rule="guideline")
    assert "riktvärdet" in warning.detail["reason"].lower()
    assert latest_rent_counted(application) == Decimal("9000")  # a warning, never a silent cut


def test_without_guidelines_no_guideline_warning_is_raised(karin, org):
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(rent="9000", salary="3000"),
    )
    assert not application.warnings.filter(rule="guideline").exists()


def latest_rent_counted(application):
    from ekb.decisions.calculation import latest_calculation

    rows = latest_calculation(application).result["rows"]
    return sum(Decimal(r["amount"]) for r in rows if r["rule_id"] == "reasonable_costs.rent")
