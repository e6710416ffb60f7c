"""The cast in a case, for every test folder (loaded by tests/conftest.py): a renewal in Anna's
caseload, Karin Lundqvist and her son, on försörjningsstöd since October.

Time is frozen on 20 November 2026 so months, pay days and due dates stay the same whenever the
suite runs. Register data comes from the fake register with a scripted answer."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from ekb.applications.actions import LineData
from ekb.applications.choices import ApplicationKind, LineKind
from ekb.decisions.choices import Outcome, Purpose
from ekb.decisions.delegation import load_delegation_order
from ekb.decisions.lines import LineInput
from ekb.flow import journey
from ekb.integrations.registers import override_register_client
from ekb.integrations.registers.fake import FakeRegisterClient
from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f

TODAY = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
OCTOBER, NOVEMBER, DECEMBER = dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(TODAY, tick=False)


def lines(rent="7200", salary=None, extra=()):
    result = [
        LineData(LineKind.COST, "rent", Decimal(rent)),
        LineData(LineKind.COST, "electricity", Decimal("400")),
    ]
    if salary is not None:
        result.append(LineData(LineKind.INCOME, "salary", Decimal(salary)))
    return result + list(extra)


def quiet_register(*persons, **incomes_by_number):
    """A register that knows nothing about these persons, unless told."""
    client = FakeRegisterClient()
    for person in persons:
        client.script(person.identity_number, incomes_by_number.get(person.identity_number, {}))
    return client


def grant_everything(application, user):
    from ekb.decisions.calculation import latest_calculation
    from ekb.decisions.proposal import propose_lines

    proposal = propose_lines(application, latest_calculation(application))
    return journey.decide_application(application, proposal, acting_user=user)


@pytest.fixture
def stack():
    with contextlib.ExitStack() as exit_stack:
        yield exit_stack


@pytest.fixture
def karin(org, frozen, stack):
    load_delegation_order(org.muni)
    applicant = f.person(dt.date(1988, 4, 22), first_name="Karin", last_name="Lundqvist")
    son = f.person(dt.date(2019, 6, 3), first_name="Elias", last_name="Lundqvist")
    case = f.case(org.norr, assigned=org.anna, applicant=applicant)
    HouseholdMember.objects.create(
        household=case.household, person=son, role=MemberRole.CHILD, valid_from=dt.date(2025, 1, 1)
    )
    register = quiet_register(applicant, son)
    # Code that asks the configured register (a recalculation after an override) gets this one too.
    stack.enter_context(override_register_client(register))
    for month in (OCTOBER, NOVEMBER):
        earlier = journey.receive_application(
            case,
            month,
            ApplicationKind.RENEWAL,
            lines(salary="3000"),
            client_person_id=applicant.pk,
        )
        grant_everything(earlier, org.anna)
    return SimpleNamespace(case=case, applicant=applicant, son=son, register=register)


@pytest.fixture
def renewal(karin, org):
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    karin.application = application
    return karin


def livelihood_only(amount, outcome=Outcome.GRANTED, reasons="", calculated=None, applied=None):
    return [LineInput(Purpose.LIVELIHOOD, outcome, Decimal(amount), applied, calculated, reasons)]


@pytest.fixture
def kemal_and_tove(karin, org):
    """A couple on one case in Anna's caseload (karin's fixture gives the clock and the register)."""
    kemal = f.person(dt.date(1984, 3, 2), first_name="Kemal", last_name="Aydin")
    tove = f.person(dt.date(1987, 8, 14), first_name="Tove", last_name="Aydin")
    case = f.case(org.norr, assigned=org.anna, applicant=kemal)
    HouseholdMember.objects.create(
        household=case.household,
        person=tove,
        role=MemberRole.CO_APPLICANT,
        relationship="cohabiting",
        valid_from=dt.date(2025, 1, 1),
    )
    for person in (kemal, tove):
        karin.register.script(person.identity_number, {})
    return SimpleNamespace(case=case, kemal=kemal, tove=tove)
