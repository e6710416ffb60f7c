"""The fake population register's families are demo clients: the first person at each address
is a former client the demo e-ID offers, and a co-applicant she names can log in to confirm."""

from __future__ import annotations

import datetime as dt

from ekb.demo.population import add_population_demo_households
from ekb.integrations.eid import DemoEid
from ekb.people.models import HouseholdMember
from tests import factories as f


def test_the_register_families_first_persons_are_demo_clients_once(db, settings):
    settings.EKB_DEMO = True
    muni = f.municipality(code="9999", name="Ekbacka kommun", is_demo=True)
    assert add_population_demo_households(muni, as_of=dt.date(2026, 11, 20)) == 2
    assert add_population_demo_households(muni, as_of=dt.date(2026, 11, 20)) == 0
    sara = HouseholdMember.objects.get(person__identity_number="198804129818")
    assert sara.role == "applicant" and sara.household.municipality == muni
    assert DemoEid().demo_persons().filter(identity_number="198804129818").exists()
