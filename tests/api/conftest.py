"""The client API's demo municipality: two households on försörjningsstöd, Karin with her son and
Lena with Omar, in Vera's caseload; time frozen on 20 November 2026."""

from __future__ import annotations

import contextlib
import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import override_settings

from ekb.accounts.roles import Role
from ekb.applications.choices import ApplicationKind
from ekb.decisions.delegation import load_delegation_order
from ekb.flow import journey
from ekb.integrations.registers import override_register_client
from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f
from tests.personas import TODAY, grant_everything, lines, quiet_register


def household_on_support(unit, caseworker, register, *, first_name, co_applicant=False):
    applicant = f.person(dt.date(1988, 4, 22), first_name=first_name)
    case = f.case(unit, assigned=caseworker, applicant=applicant)
    child = f.person(dt.date(2019, 6, 3), first_name="Elias")
    HouseholdMember.objects.create(
        household=case.household,
        person=child,
        role=MemberRole.CHILD,
        valid_from=dt.date(2025, 1, 1),
    )
    partner = None
    if co_applicant:
        partner = f.person(dt.date(1986, 9, 1), first_name="Omar")
        HouseholdMember.objects.create(
            household=case.household,
            person=partner,
            role=MemberRole.CO_APPLICANT,
            valid_from=dt.date(2025, 1, 1),
        )
    for person in (applicant, child, partner):
        if person is not None:
            register.script(person.identity_number, {})
    november = journey.receive_application(
        case,
        dt.date(2026, 11, 1),
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=applicant.pk,
    )
    grant_everything(november, caseworker)
    return SimpleNamespace(case=case, applicant=applicant, child=child, partner=partner)


@pytest.fixture
def demo(db, time_machine, settings, tmp_path):
    time_machine.move_to(TODAY, tick=False)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    muni = f.municipality(code="9999", name="Ekbacka kommun", is_demo=True)
    unit = f.unit(muni, "norr", "Norr")
    vera = f.staff("vera", muni, (Role.CASEWORKER, unit))
    load_delegation_order(muni)
    register = quiet_register()
    with contextlib.ExitStack() as stack:
        stack.enter_context(override_register_client(register))
        stack.enter_context(override_settings(EKB_DEMO=True))
        karin = household_on_support(unit, vera, register, first_name="Karin")
        lena = household_on_support(unit, vera, register, first_name="Lena", co_applicant=True)
        yield SimpleNamespace(muni=muni, unit=unit, vera=vera, karin=karin, lena=lena)
