"""Register data are proposals (issue 9): a register fact counts only when a caseworker accepts it.

Karin Lundqvist (Anna's caseload, see tests/personas.py) renews for December. The register
is the fake one with a scripted answer; the clock is frozen on 20 November 2026."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ekb.applications.choices import Source
from ekb.applications.models import RegisterProposal
from ekb.audit.models import AccessLogEntry
from ekb.cases.choices import EventKind
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import WarningStatus
from ekb.decisions.models import MunicipalityPolicy
from ekb.flow import journey
from tests.personas import december_renewal

SALARY = Decimal("8269")  # the register salary of the reproduced case in issue 9


def test_one_changed_cost_does_not_pull_in_a_register_salary_that_cuts_the_support_by_8269_kr(
    karin, org
):
    # Karin reports no salary for December. The robot's calculation finds nothing in the
    # register (a quiet register, as in the fixture).
    application = december_renewal(karin)
    before = latest_calculation(application).amount
    # Then Skatteverket reports a salary of 8 269 kr (e.g. the employer's return for another
    # month arrived), and Anna changes one cost: the electricity bill is 450 kr, not 400 kr.
    karin.register.script(karin.applicant.identity_number, {"skv": [("salary", SALARY, "Lön")]})
    electricity = application.lines.get(type="electricity")
    journey.override_line(electricity, Decimal("450"), "Ny faktura.", acting_user=org.anna)

    after = latest_calculation(application)
    # The recalculation counts what Anna changed and nothing else: electricity is a reasonable
    # cost counted in full (SoL 2025:400 12 kap., skäliga kostnader), so 450 − 400 = +50 kr.
    # Before issue 9 the salary was taken in by itself: before + 50 − 8 269.
    assert after.amount == before + Decimal("50")
    assert not application.lines.filter(source=Source.REGISTER).exists()
    proposal = application.register_proposals.get()
    assert (proposal.type, proposal.amount, proposal.status, proposal.register_source) == (
        "salary",
        SALARY,
        RegisterProposal.Status.PENDING,
        "skv",
    )
    # The warning shows what the amount would be if the salary were accepted: Karin has had
    # support for two months (October, November), so no jobbstimulans yet (six months in a row,
    # SoL 2001:453 4 kap. 1 b §): the salary counts in full, 8 269 kr less.
    warning = application.warnings.get(rule="register_proposals")
    assert warning.status == WarningStatus.OPEN
    assert warning.detail["amount_if_accepted"] == str(after.amount - SALARY)
    assert "8\u00a0269 kr enligt registret" in warning.message


def test_a_register_income_the_client_did_not_report_is_proposed_not_counted(karin, org):
    karin.register.script(
        karin.applicant.identity_number, {"fk": [("sickness_benefit", 2500, "Sjukpenning")]}
    )
    application = december_renewal(karin, salary="3000")
    snapshot = latest_calculation(application)
    # Only the 3 000 kr salary Karin reported counts (the sickness benefit is not yet tried).
    assert snapshot.input["incomes"] == [
        {"member": f"p{karin.applicant.pk}", "type": "salary", "amount": "3000.00"}
    ]
    proposal = application.register_proposals.get()
    assert (proposal.type, proposal.amount, proposal.member, proposal.benefit) == (
        "sickness_benefit",
        Decimal("2500"),
        karin.applicant,
        "Sjukpenning",
    )
    warning = application.warnings.get(rule="register_proposals")
    assert "Sjukpenning" in warning.message and "inte med i ansökan" in warning.message
    # Sickness benefit counts in full as income: 2 500 kr less if accepted.
    assert Decimal(snapshot.result["if_proposals_accepted"]["amount"]) == snapshot.amount - 2500


def test_accepting_a_register_amount_replaces_what_the_client_said_and_is_logged(karin, org):
    # Karin says her salary is 3 000 kr; Skatteverket says 3 500 kr.
    karin.register.script(karin.applicant.identity_number, {"skv": [("salary", 3500, "Lön")]})
    application = december_renewal(karin, salary="3000")
    before = latest_calculation(application)
    proposal = application.register_proposals.get()
    assert proposal.client_line.amount == Decimal("3000")  # shown beside what the client said

    journey.accept_register_proposal(proposal, acting_user=org.anna)

    proposal.refresh_from_db()
    assert proposal.status == RegisterProposal.Status.ACCEPTED and proposal.decided_by == org.anna
    client_line = proposal.client_line
    assert client_line.overridden  # the client's figure stays, marked as replaced
    assert (proposal.line.amount, proposal.line.source, proposal.line.overrides) == (
        Decimal("3500"),
        Source.REGISTER,
        client_line,
    )
    after = latest_calculation(application)
    # 3 500 − 3 000 = 500 kr more income, counted in full (no jobbstimulans after two months).
    assert after.amount == before.amount - Decimal("500")
    assert after.created_by == org.anna
    event = karin.case.events.get(kind=EventKind.REGISTER_PROPOSAL_ACCEPTED)
    assert event.actor == org.anna and not event.visible_to_client
    assert event.data["register_proposal_id"] == proposal.pk
    assert AccessLogEntry.objects.filter(
        actor_user_id=org.anna.pk, case_id=karin.case.pk, detail__register_proposal=proposal.pk
    ).exists()
    assert not application.warnings.filter(
        rule="register_proposals", status=WarningStatus.OPEN
    ).exists()


def test_rejecting_needs_a_reason_and_a_rejected_fact_is_never_proposed_again(karin, org):
    karin.register.script(karin.applicant.identity_number, {"skv": [("salary", SALARY, "Lön")]})
    application = december_renewal(karin)
    amount = latest_calculation(application).amount
    proposal = application.register_proposals.get()

    with pytest.raises(ValidationError) as error:
        journey.reject_register_proposal(proposal, reason="  ", acting_user=org.anna)
    assert "reason" in error.value.message_dict
    proposal.refresh_from_db()
    assert proposal.status == RegisterProposal.Status.PENDING  # nothing lost, nothing changed

    journey.reject_register_proposal(
        proposal, reason="Lönen gäller oktober; anställningen slutade då.", acting_user=org.anna
    )
    proposal.refresh_from_db()
    assert proposal.status == RegisterProposal.Status.REJECTED
    assert proposal.reason.startswith("Lönen gäller oktober")
    assert karin.case.events.filter(
        kind=EventKind.REGISTER_PROPOSAL_REJECTED, actor=org.anna
    ).exists()
    # A later recalculation finds the same salary in the register: it stays rejected.
    rent = application.lines.get(type="rent")
    journey.override_line(
        rent, Decimal("7200"), "Kontrollerad mot hyresavtalet.", acting_user=org.anna
    )
    assert application.register_proposals.count() == 1
    assert latest_calculation(application).amount == amount
    assert not application.warnings.filter(
        rule="register_proposals", status=WarningStatus.OPEN
    ).exists()
    with pytest.raises(ValidationError):
        journey.accept_register_proposal(proposal, acting_user=org.anna)  # already tried


def _automating(org) -> None:
    MunicipalityPolicy.objects.update_or_create(
        municipality=org.muni,
        defaults={
            "automated_renewals": True,
            "automated_max_amount": Decimal("20000"),
            "automated_max_change_percent": 50,
            "automation_decision": "Socialnämndens beslut den 15 januari 2026, § 4",
        },
    )


@pytest.mark.parametrize("register_salary", [None, 500])
def test_a_renewal_with_a_register_fact_not_yet_tried_is_never_decided_automatically(
    karin, org, register_salary
):
    # The control (no register fact) is decided automatically, so the guard is what stops it.
    _automating(org)
    if register_salary:
        karin.register.script(
            karin.applicant.identity_number, {"skv": [("salary", register_salary, "Lön")]}
        )
    application = december_renewal(karin, salary="3000")
    has_proposal = application.warnings.filter(rule="register_proposals", status="open").exists()
    assert has_proposal == bool(register_salary)
    assert application.decisions.filter(automated=True).exists() == (not register_salary)


def test_child_allowance_the_client_is_not_asked_about_counts_on_the_robots_first_calculation(
    karin, org
):
    karin.register.script(
        karin.applicant.identity_number, {"fk": [("child_allowance", 1250, "Barnbidrag")]}
    )
    application = december_renewal(karin, salary="3000")
    proposal = application.register_proposals.get()
    assert proposal.status == RegisterProposal.Status.ACCEPTED and proposal.accepted_by_rule
    assert proposal.decided_by is None
    # 3 000 kr salary + 1 250 kr barnbidrag (counted in full as income, SoF 2025:468 12 kap.).
    assert latest_calculation(application).countable_income == Decimal("4250")
    assert not application.warnings.filter(rule="register_proposals").exists()


def test_child_allowance_found_only_on_a_recalculation_is_a_proposal(karin, org):
    application = december_renewal(karin, salary="3000")
    karin.register.script(
        karin.applicant.identity_number, {"fk": [("child_allowance", 1250, "Barnbidrag")]}
    )
    rent = application.lines.get(type="rent")
    journey.override_line(rent, Decimal("7200"), "Kontrollerad.", acting_user=org.anna)
    proposal = application.register_proposals.get()
    assert proposal.status == RegisterProposal.Status.PENDING
    assert latest_calculation(application).countable_income == Decimal("3000")
