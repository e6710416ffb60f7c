"""Benefits paid for the household's children are compared for the household as a whole
(fresh-eye finding, HIGH): Sara writes the household's barnbidrag, 1 875 kr, under her own name
(the e-service lets her pick one person); Försäkringskassan splits 2 650 kr as 1 325 kr to Sara
and 1 325 kr to Johan, her co-applicant. Compared person by person, Johan's share was accepted
by rule ("hämtas alltid från registret") beside Sara's own line, so the household's barnbidrag
counted as 1 875 + 1 325 = 3 200 kr. It must count once: the client's total until the caseworker
accepts the register's, then the register's, never both (ekb.decisions.register_proposals).

Sara and Johan Berg with their children Ella (5) and Måns (2) renew for December 2026, with Anna
as their caseworker; the fake register answers as scripted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ekb.applications.actions import LineData
from ekb.applications.choices import ApplicationKind, LineKind
from ekb.applications.models import RegisterProposal
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import WarningStatus
from ekb.decisions.models import MunicipalityPolicy
from ekb.decisions.register_proposals import untried_proposals_message
from ekb.flow import journey
from ekb.integrations.registers import override_register_client
from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f
from tests.personas import DECEMBER, NOVEMBER, grant_everything, lines, quiet_register

SARAS_LINE = Decimal("1875")  # the household's barnbidrag as Sara wrote it
SHARE = Decimal("1325")  # each parent's half of 2 650 kr in the register


def _child_allowance(application) -> Decimal:
    """The barnbidrag the calculation counts for the household, whoever's name it is on."""
    return sum(
        (
            Decimal(e["amount"])
            for e in latest_calculation(application).input["incomes"]
            if e["type"] in ("child_allowance", "large_family_supplement")
        ),
        Decimal(0),
    )


@pytest.fixture
def bergs(org, karin, stack):
    # `karin` for the frozen clock and Anna's delegation order; the Bergs are a case of their own.
    sara = f.person(dt.date(1990, 3, 14), first_name="Sara", last_name="Berg")
    johan = f.person(dt.date(1988, 9, 2), first_name="Johan", last_name="Berg")
    ella = f.person(dt.date(2021, 5, 9), first_name="Ella", last_name="Berg")
    mans = f.person(dt.date(2024, 1, 30), first_name="Måns", last_name="Berg")
    case = f.case(org.norr, assigned=org.anna, applicant=sara)
    for person, role in ((johan, MemberRole.CO_APPLICANT), (ella, MemberRole.CHILD),
                         (mans, MemberRole.CHILD)):  # fmt: skip
        HouseholdMember.objects.create(
            household=case.household, person=person, role=role, valid_from=dt.date(2025, 1, 1)
        )
    register = quiet_register(sara, johan, ella, mans)
    stack.enter_context(override_register_client(register))
    return type("Bergs", (), {"case": case, "sara": sara, "johan": johan, "register": register})


def _script_the_split(bergs) -> None:
    for parent in (bergs.sara, bergs.johan):
        bergs.register.script(
            parent.identity_number, {"fk": [("child_allowance", SHARE, "Barnbidrag")]}
        )


def _renewal(bergs, *, saras_line=True):
    extra = (
        [LineData(LineKind.INCOME, "child_allowance", SARAS_LINE, member_id=bergs.sara.pk)]
        if saras_line
        else []
    )
    return journey.receive_application(
        bergs.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000", extra=extra),
        client_person_id=bergs.sara.pk,
    )


def test_saras_barnbidrag_for_the_household_counts_once_never_beside_johans_register_share(
    bergs, org
):
    _script_the_split(bergs)
    application = _renewal(bergs)
    before = latest_calculation(application)
    # Before the caseworker acts: the client's total, 1 875 kr, and not 1 875 + 1 325 kr.
    assert _child_allowance(application) == SARAS_LINE
    assert not application.register_proposals.filter(status="accepted").exists()
    # One proposal for the household: the register's 2 650 kr against the client's 1 875 kr.
    proposal = application.register_proposals.get()
    assert (proposal.type, proposal.amount, proposal.status) == (
        "child_allowance",
        2 * SHARE,
        RegisterProposal.Status.PENDING,
    )
    assert proposal.household_rows() == {
        "register": [("Sara", SHARE), ("Johan", SHARE)],
        "client": [("Sara", "child_allowance", SARAS_LINE)],
    }
    warning = application.warnings.get(rule="register_proposals", status=WarningStatus.OPEN)
    assert "Barnbidrag för hushållet: 2\u00a0650 kr enligt registret" in warning.message
    # If accepted, the register's total replaces the client's: 775 kr more income, not 2 650.
    assert Decimal(warning.detail["amount_if_accepted"]) == before.amount - (2 * SHARE - SARAS_LINE)

    journey.accept_register_proposal(proposal, acting_user=org.anna)
    after = latest_calculation(application)
    assert _child_allowance(application) == 2 * SHARE
    assert after.amount == before.amount - (2 * SHARE - SARAS_LINE)
    assert not application.register_proposals.filter(status="pending").exists()


def test_when_anna_rejects_the_register_total_sara_and_johan_keep_the_clients_1875_kr(bergs, org):
    _script_the_split(bergs)
    application = _renewal(bergs)
    before = latest_calculation(application).amount
    proposal = application.register_proposals.get()
    journey.reject_register_proposal(
        proposal, reason="Barnbidraget för december är utbetalt med 1 875 kr.", acting_user=org.anna
    )
    # Rejected, the client's line alone counts: never 1 325 kr too little.
    assert _child_allowance(application) == SARAS_LINE
    assert latest_calculation(application).amount == before
    assert application.register_proposals.count() == 1  # not proposed again


def test_a_household_that_stated_no_barnbidrag_gets_the_registers_2650_kr_by_rule(bergs):
    _script_the_split(bergs)
    application = _renewal(bergs, saras_line=False)
    assert _child_allowance(application) == 2 * SHARE
    proposals = application.register_proposals.all()
    assert {(p.member_id, p.amount) for p in proposals} == {
        (bergs.sara.pk, SHARE),
        (bergs.johan.pk, SHARE),
    }
    assert all(p.accepted_by_rule for p in proposals)


def test_the_register_confirming_the_households_total_split_otherwise_proposes_nothing(bergs):
    _script_the_split(bergs)
    extra = [LineData(LineKind.INCOME, "child_allowance", 2 * SHARE, member_id=bergs.sara.pk)]
    application = journey.receive_application(
        bergs.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000", extra=extra),
        client_person_id=bergs.sara.pk,
    )
    assert _child_allowance(application) == 2 * SHARE
    assert not application.register_proposals.exists()


@pytest.mark.parametrize("share", [Decimal("937.50"), SHARE])
def test_the_bergs_renewal_is_never_decided_automatically_while_the_household_proposal_is_untried(
    bergs, org, share
):
    # The control: the register's halves add up to Sara's 1 875 kr, nothing to try, and the
    # renewal is decided automatically; so the untried household proposal is what stops it.
    MunicipalityPolicy.objects.update_or_create(
        municipality=org.muni,
        defaults={
            "automated_renewals": True,
            "automated_max_amount": Decimal("30000"),
            "automated_max_change_percent": 50,
            "automation_decision": "Socialnämndens beslut den 15 januari 2026, § 4",
        },
    )
    # A month before, granted by Anna, so the renewal would otherwise qualify.
    earlier = journey.receive_application(
        bergs.case,
        NOVEMBER,
        ApplicationKind.RENEWAL,
        lines(
            salary="3000",
            extra=[
                LineData(LineKind.INCOME, "child_allowance", SARAS_LINE, member_id=bergs.sara.pk)
            ],
        ),
        client_person_id=bergs.sara.pk,
    )
    grant_everything(earlier, org.anna)
    for parent in (bergs.sara, bergs.johan):
        bergs.register.script(
            parent.identity_number, {"fk": [("child_allowance", share, "Barnbidrag")]}
        )
    application = _renewal(bergs)
    untried = share == SHARE
    assert application.decisions.filter(automated=True).exists() == (not untried)
    assert (untried_proposals_message(application) is not None) == untried


def test_the_bergs_letter_names_each_parents_barnbidrag_from_forsakringskassan_once(bergs, org):
    from ekb.decisions.proposal import propose_lines
    from tests.personas import letter_text

    _script_the_split(bergs)
    application = _renewal(bergs)
    journey.accept_register_proposal(application.register_proposals.get(), acting_user=org.anna)
    proposed = propose_lines(application, latest_calculation(application))
    text = letter_text(journey.decide_application(application, proposed, acting_user=org.anna))
    for name in ("Sara", "Johan"):
        sentence = (
            f"Vi har räknat med 1\u00a0325 kr i barnbidrag för {name}, som Försäkringskassan har "
            "lämnat uppgift om."
        )
        assert text.count(sentence.replace("\u00a0", " ")) + text.count(sentence) == 1, text
    assert "2\u00a0650 kr i barnbidrag" not in text and "2 650 kr i barnbidrag" not in text


def test_annas_application_page_shows_one_household_barnbidrag_with_each_parents_share(
    client, bergs, org
):
    from tests.factories import PASSWORD

    _script_the_split(bergs)
    application = _renewal(bergs)
    assert client.login(username="anna", password=PASSWORD)
    page = client.get(f"/handlaggare/ansokningar/{application.pk}/").content.decode()
    assert "Hushållet" in page and "2\u00a0650,00" in page
    assert "Sara 1\u00a0325,00" in page and "Johan 1\u00a0325,00" in page
    assert "Sara 1\u00a0875,00" in page
    assert "aldrig båda" in page


def test_the_staff_api_lists_the_household_barnbidrag_as_one_fact_with_both_sides(
    client, bergs, org
):
    from tests.personas import bearer

    _script_the_split(bergs)
    application = _renewal(bergs)
    auth = bearer(client, "anna")
    listed = client.get(f"/api/v1/applications/{application.pk}/register-proposals", headers=auth)
    assert listed.status_code == 200
    (fact,) = listed.json()
    assert fact["household"] is True
    assert (fact["type"], fact["amount"], fact["client_amount"]) == (
        "child_allowance",
        "2650.00",
        "1875.00",
    )
    assert fact["register_lines"] == [
        {"person_id": bergs.sara.pk, "type": "child_allowance", "amount": "1325.00"},
        {"person_id": bergs.johan.pk, "type": "child_allowance", "amount": "1325.00"},
    ]
    assert fact["client_lines"] == [
        {"person_id": bergs.sara.pk, "type": "child_allowance", "amount": "1875.00"}
    ]
    accepted = client.post(
        f"/api/v1/register-proposals/{fact['id']}/accept", {}, content_type="application/json",
        headers=auth,
    )  # fmt: skip
    assert accepted.status_code == 200, accepted.content
    assert _child_allowance(application) == 2 * SHARE
