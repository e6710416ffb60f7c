"""The journey after commit: an application is stored before anything that can fail runs; a step
that fails leaves it received and visible with a warning that says why, and can be run again."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from ekb.applications.choices import ApplicationKind, ApplicationStatus
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus, WarningStatus
from ekb.flow import journey
from ekb.flow.inbox import inbox_for
from ekb.flow.models import Step, StepRun, StepStatus
from ekb.notices.models import DecisionLetter
from ekb.payments.models import Payment
from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f
from tests.flow.conftest import load_2027_table
from tests.personas import grant_everything, lines

JANUARY = dt.date(2027, 1, 1)
DECEMBER = dt.date(2026, 12, 1)
WAITING = "Beräkningen kunde inte göras: 2027 års riksnorm är inte beslutad ännu"


def apply_for(karin, month):
    return journey.receive_application(
        karin.case,
        month,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )


def test_a_renewal_for_january_is_stored_and_waits_for_next_years_norm_with_a_warning(
    december_first, org
):
    application = apply_for(december_first, JANUARY)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.lines.filter(type="rent", amount=Decimal("7200")).exists()
    assert latest_calculation(application) is None
    run = application.step_runs.get(step=Step.PREPARE)
    assert (run.status, run.reason_code, run.detail["year"]) == (
        StepStatus.FAILED,
        "norm_not_published",
        2027,
    )
    warning = application.warnings.get(rule="flow_prepare")
    assert warning.message.startswith(WAITING)
    inbox = inbox_for(org.anna)
    assert application in inbox["renewals"] and warning in inbox["warnings"]


def test_december_is_calculated_on_the_same_day(december_first):
    application = apply_for(december_first, DECEMBER)
    assert latest_calculation(application).amount > 0
    assert application.step_runs.get(step=Step.PREPARE).status == StepStatus.DONE
    assert not application.warnings.filter(rule="flow_prepare").exists()


def test_loading_next_years_amounts_makes_every_waiting_calculation_and_closes_its_warning(
    december_first, parameter_layer, monkeypatch
):
    application = apply_for(december_first, JANUARY)
    out = load_2027_table(monkeypatch)
    assert "Startade 1 väntande beräkning." in out
    snapshot = latest_calculation(application)
    assert snapshot is not None and snapshot.amount > 0
    assert snapshot.rule_versions["parameters"]["riksnorm/adults"]["version"] == "SFS 2026:9999"
    assert application.step_runs.get(step=Step.PREPARE).status == StepStatus.DONE
    assert application.warnings.get(rule="flow_prepare").status == WarningStatus.CLOSED


def test_a_caseworker_runs_a_waiting_calculation_again_from_the_application_page(
    december_first, org, client, parameter_layer, monkeypatch
):
    application = apply_for(december_first, JANUARY)
    run = application.step_runs.get(step=Step.PREPARE)
    client.force_login(org.anna)
    page = client.get(f"/handlaggare/ansokningar/{application.pk}/").content.decode()
    assert "Försök igen" in page and WAITING in page
    assert "Beslutet kan fattas när beräkningen är gjord" in page  # not an empty heading
    retry = f"/handlaggare/ansokningar/{application.pk}/steg/{run.pk}/forsok-igen/"
    still_missing = client.post(retry, follow=True).content.decode()
    assert WAITING in still_missing
    run.refresh_from_db()
    assert (run.status, run.attempts) == (StepStatus.FAILED, 2)
    monkeypatch.setattr("ekb.flow.journey.resume_waiting_calculations", lambda: 0)
    load_2027_table(monkeypatch)
    client.post(retry)
    run.refresh_from_db()
    assert run.status == StepStatus.DONE and latest_calculation(application) is not None


def test_another_units_caseworker_cannot_retry_a_step_and_learns_nothing(
    december_first, org, client
):
    application = apply_for(december_first, JANUARY)
    run = application.step_runs.get(step=Step.PREPARE)
    client.force_login(org.bertil)
    response = client.post(f"/handlaggare/ansokningar/{application.pk}/steg/{run.pk}/forsok-igen/")
    assert response.status_code == 404
    run.refresh_from_db()
    assert run.attempts == 1


def test_a_child_who_turned_21_stops_the_calculation_but_not_the_application(december_first, org):
    adult_son = f.person(dt.date(2005, 6, 1), first_name="Adam")
    HouseholdMember.objects.create(
        household=december_first.case.household,
        person=adult_son,
        role=MemberRole.CHILD,
        valid_from=dt.date(2025, 1, 1),
    )
    application = apply_for(december_first, DECEMBER)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    run = application.step_runs.get(step=Step.PREPARE)
    assert run.reason_code == "household"
    assert application.warnings.get(rule="flow_prepare").message.startswith(
        "Beräkningen kunde inte göras: "
    )


def test_a_letter_that_cannot_be_made_leaves_the_decision_made_and_is_made_on_retry(
    renewal, org, monkeypatch
):
    real_letter = journey.do_store_letter

    def broken_letter(decision):
        raise OSError("font cache unavailable")

    monkeypatch.setattr(journey, "do_store_letter", broken_letter)
    decision = grant_everything(renewal.application, org.anna)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DECIDED
    assert not DecisionLetter.objects.filter(decision=decision).exists()
    assert Payment.objects.filter(decision_line__decision=decision).exists()  # its own step
    warning = renewal.application.warnings.get(rule="flow_letter")
    assert "Beslutsbrevet kunde inte skapas" in warning.message
    assert "font" not in warning.message  # a technical detail is for the log, not the page

    monkeypatch.setattr(journey, "do_store_letter", real_letter)
    out = io.StringIO()
    call_command("flow", "retry", stdout=out)
    assert out.getvalue().startswith("1 steg kördes om; 0 misslyckade")
    assert DecisionLetter.objects.filter(decision=decision).exists()
    warning.refresh_from_db()
    assert warning.status == WarningStatus.CLOSED


def test_a_step_delivered_twice_plans_each_payment_once(renewal, org):
    decision = grant_everything(renewal.application, org.anna)
    run = StepRun.objects.get(step=Step.PAYMENTS, decision=decision)
    planned = Payment.objects.filter(decision_line__decision=decision).count()
    assert planned >= 1
    journey.run_step(run.pk)  # a second delivery of the same task: already done
    StepRun.objects.filter(pk=run.pk).update(status=StepStatus.PENDING)
    journey.run_step(run.pk)  # even run again for real, the action plans nothing twice
    assert Payment.objects.filter(decision_line__decision=decision).count() == planned


def test_a_decision_that_waits_for_approval_gets_no_letter_or_payments_until_it_is_made(
    renewal, org
):
    from ekb.decisions.lines import LineInput

    big = [LineInput("livelihood", "granted", Decimal("99000"), reasons="Prövat särskilt.")]
    decision = journey.decide_application(renewal.application, big, acting_user=org.anna)
    assert decision.status != DecisionStatus.DECIDED
    assert not StepRun.objects.filter(decision=decision).exists()


@pytest.mark.parametrize("command", [["status"], ["retry", "--application", "999999"]])
def test_the_flow_command_names_no_person(renewal, command):
    out = io.StringIO()
    try:
        call_command("flow", *command, stdout=out)
    except Exception as error:  # noqa: BLE001
        out.write(str(error))
    assert renewal.applicant.first_name not in out.getvalue()
    assert renewal.applicant.identity_number not in out.getvalue()


@pytest.mark.parametrize("raw", ["99999999999999999999", "-3", "abc"])
def test_a_retry_for_an_application_id_no_database_can_hold_is_a_clear_error(db, raw):
    with pytest.raises(CommandError, match="--application"):
        call_command("flow", "retry", "--application", raw, stdout=io.StringIO())


def test_a_retry_for_an_unknown_reason_code_is_refused_with_the_known_codes(db):
    with pytest.raises(CommandError, match="norm_not_published"):
        call_command("flow", "retry", "--reason", "norm_not_publishd", stdout=io.StringIO())
