"""The fake population register's demo families (ekb/integrations/population/
fake_population.yaml) in the demo municipality: the first person at each address is a former
client without an open case, so the demo e-ID offers them and a new application shows the
household the register proposes (issue 9, "Real households")."""

from __future__ import annotations

import datetime as dt

from ekb.integrations.population.fake import fake_addresses
from ekb.people.identity_number import parse_identity_number
from ekb.people.models import Household, HouseholdMember, MemberRole, Person


def add_population_demo_households(municipality, *, as_of: dt.date) -> int:
    added = 0
    for address in fake_addresses():
        first = address["persons"][0]
        number = parse_identity_number(str(first["identity_number"]), today=as_of)
        if Person.objects.filter(identity_number=number.number).exists():
            continue  # never two persons with one number
        person = Person.objects.create(
            identity_number=number.number,
            first_name=first["first_name"],
            last_name=first["last_name"],
            birth_date=number.birth_date,
        )
        home = Household.objects.create(municipality=municipality)
        HouseholdMember.objects.create(
            household=home,
            person=person,
            role=MemberRole.APPLICANT,
            valid_from=as_of.replace(year=as_of.year - 2, day=1),
            source="Folkbokföringen (Skatteverket)",
        )
        added += 1
    return added
