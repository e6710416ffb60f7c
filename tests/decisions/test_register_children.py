"""The registers are asked about the children too (tester finding 8, issue 9): barnbidrag is
paid to the parent because of the child, so a register asked about the adults only never
reports it, and the "fetched by design" rule (rules/register_proposals.yaml) was never exercised.

Karin Lundqvist and her son Elias, 7 (tests/personas.py), renew for December against
the fake register as the demo runs it (generated data, nobody scripted)."""

from __future__ import annotations

from decimal import Decimal

from ekb.applications.choices import ApplicationKind, Source
from ekb.applications.models import RegisterProposal
from ekb.decisions.calculation import latest_calculation
from ekb.flow import journey
from ekb.integrations.registers import override_register_client
from ekb.integrations.registers.fake import FakeRegisterClient
from tests.personas import DECEMBER, lines


def test_karin_gets_elias_barnbidrag_counted_by_rule_on_the_robots_first_calculation(karin, stack):
    register = stack.enter_context(override_register_client(FakeRegisterClient()))
    asked = []
    fetch = register.fetch

    def spy(numbers, month):
        asked.append(list(numbers))
        return fetch(numbers, month)

    register.fetch = spy
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    # The applicant first (a family benefit goes to the parent), then the child.
    assert asked[0] == [karin.applicant.identity_number, karin.son.identity_number]
    # Barnbidrag, 1 250 kr for one child (the fake's rate, fake_register.yaml; the real rate
    # is SFB 15 kap.), is fetched by design: the form does not ask for it, so it is accepted by
    # rule on the robot's first calculation and counted as a register line of Karin's.
    proposal = application.register_proposals.get(type="child_allowance")
    assert proposal.status == RegisterProposal.Status.ACCEPTED and proposal.accepted_by_rule
    assert proposal.member == karin.applicant and proposal.amount == Decimal("1250.00")
    line = application.lines.get(type="child_allowance")
    assert line.source == Source.REGISTER and line.amount == Decimal("1250.00")
    incomes = latest_calculation(application).input["incomes"]
    assert {"member": f"p{karin.applicant.pk}", "type": "child_allowance", "amount": "1250.00"} in (
        incomes
    )


def test_another_adult_in_the_home_is_not_asked_about(karin, stack):
    import datetime as dt

    from ekb.cases.household import persons_to_ask_the_register
    from ekb.people.models import HouseholdMember, MemberRole
    from tests import factories as f

    lodger = f.person(dt.date(2000, 1, 5), first_name="Nora")
    HouseholdMember.objects.create(
        household=karin.case.household,
        person=lodger,
        role=MemberRole.OTHER_ADULT,
        valid_from=dt.date(2025, 1, 1),
    )
    members = HouseholdMember.objects.filter(household=karin.case.household).select_related(
        "person"
    )
    assert persons_to_ask_the_register(members) == [
        karin.applicant.identity_number,
        karin.son.identity_number,
    ]
