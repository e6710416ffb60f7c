"""The Berg family of the fake population register (ekb/integrations/population/
fake_population.yaml): Sara (applicant) and Johan, Alva (7), Leo (10, lives with them half the
month) and Nora (19, not in school), all registered at Ekbackavägen 12. Sara has lived in the
municipality before (a household without an open case), so the e-service knows where she applies."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from ekb.decisions.delegation import load_delegation_order
from ekb.integrations.population import FakePopulationClient, override_population_client
from ekb.integrations.registers import override_register_client
from ekb.integrations.registers.fake import FakeRegisterClient
from ekb.people.models import Household, HouseholdMember, MemberRole, Person

SARA, JOHAN, ALVA, LEO, NORA = (
    "198804129818",
    "198609039824",
    "201906209836",
    "201602149849",
    "200705089852",
)


@pytest.fixture(name="berg")
def berg_fixture(org, frozen, stack):
    load_delegation_order(org.muni)
    sara = Person.objects.create(
        identity_number=SARA, first_name="Sara", last_name="Berg", birth_date=dt.date(1988, 4, 12)
    )
    home = Household.objects.create(municipality=org.muni)
    HouseholdMember.objects.create(
        household=home, person=sara, role=MemberRole.APPLICANT, valid_from=dt.date(2024, 1, 1)
    )
    stack.enter_context(override_population_client(FakePopulationClient()))
    register = FakeRegisterClient(generate=False)
    stack.enter_context(override_register_client(register))
    return SimpleNamespace(sara=sara, household=home)


def person(number: str) -> Person:
    return Person.objects.get(identity_number=number)


def family_answers(**changes):
    """Johan is Sara's sambo, Alva (7) and Leo (10) her children, Leo half the month at home,
    Nora (19) works and lives at home: another adult, not in the norm."""
    johan, alva, leo, nora = (f"m-p{person(n).pk}-" for n in (JOHAN, ALVA, LEO, NORA))
    data = {
        johan + "role": "co_applicant",
        alva + "role": "child",
        alva + "school": "1",
        alva + "days": "",
        leo + "role": "child",
        leo + "school": "1",
        leo + "days": "15",
        nora + "role": "other_adult",
        nora + "school": "0",
        nora + "days": "",
        "household_comment": "",
    }
    data.update(changes)
    return data
