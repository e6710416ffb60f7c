"""The demo e-ID finds every demo person by name or personnummer, not only the first 200, and
suggests a few persons in different situations to start from (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from ekb.integrations.eid import MAX_DEMO_HITS, DemoEid
from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f


@pytest.fixture
def demo_town(db):
    muni = f.municipality(code="9999", name="Ekbacka kommun", is_demo=True)
    norr = f.unit(muni, "norr", "Norr")
    alone = f.person(first_name="Östen", last_name="Ågren")
    f.case(norr, applicant=alone)
    parent = f.person(first_name="Karin", last_name="Lundqvist-Berg")
    f.household(muni, applicant=parent, children=[f.person(dt.date(2015, 1, 1))])
    hidden = f.person(first_name="Karin", last_name="Skyddad", protected=True)
    f.case(norr, applicant=hidden)
    outside = f.person(first_name="Karin", last_name="Annanstad")
    f.household(f.municipality(), applicant=outside)
    return {"alone": alone, "parent": parent, "hidden": hidden, "outside": outside}


@override_settings(EKB_DEMO=True)
def test_a_demo_person_is_found_by_any_part_of_the_name_whatever_the_case(demo_town):
    eid = DemoEid()
    assert eid.search("östen").persons == [demo_town["alone"]]
    assert eid.search("ÅGREN").persons == [demo_town["alone"]]
    assert eid.search("karin lu").persons == [demo_town["parent"]]
    assert eid.search("Berg").persons == [demo_town["parent"]]  # a double surname's second part


@override_settings(EKB_DEMO=True)
def test_a_demo_person_is_found_by_the_full_personnummer_or_part_of_it(demo_town):
    eid = DemoEid()
    parent = demo_town["parent"]
    assert eid.search(parent.formatted_identity_number).persons == [parent]
    assert eid.search(parent.identity_number[2:]).persons == [parent]  # ÅÅMMDDNNNN
    assert parent in eid.search(parent.identity_number[:8]).persons


@override_settings(EKB_DEMO=True)
def test_protected_persons_and_persons_outside_the_demo_are_never_found(demo_town):
    eid = DemoEid()
    assert eid.search("Karin").persons == [demo_town["parent"]]
    assert eid.search(demo_town["hidden"].identity_number).persons == []
    assert eid.search(demo_town["outside"].identity_number).persons == []


@override_settings(EKB_DEMO=True)
def test_a_broad_search_says_there_are_more_than_it_shows(demo_town):
    muni = demo_town["alone"].memberships.get().household.municipality
    for _ in range(MAX_DEMO_HITS + 1):
        f.household(muni, applicant=f.person(first_name="Many", last_name="Samename"))
    found = DemoEid().search("Samename")
    assert len(found.persons) == MAX_DEMO_HITS and found.more


@override_settings(EKB_DEMO=True)
def test_the_suggestions_are_persons_in_different_situations_never_protected(demo_town):
    suggested = {s.person: str(s.situation) for s in DemoEid().suggested()}
    assert suggested == {
        demo_town["alone"]: "Bor ensam",
        demo_town["parent"]: "Ensamstående förälder",
    }


@override_settings(EKB_DEMO=True)
def test_a_couple_is_suggested_through_the_applicant(demo_town):
    muni = demo_town["alone"].memberships.get().household.municipality
    applicant = f.person(first_name="Lena", last_name="Par")
    home = f.household(muni, applicant=applicant)
    HouseholdMember.objects.create(
        household=home,
        person=f.person(first_name="Omar", last_name="Par"),
        role=MemberRole.CO_APPLICANT,
        valid_from=dt.date(2025, 1, 1),
    )
    suggested = {str(s.situation): s.person for s in DemoEid().suggested()}
    assert suggested["Söker tillsammans med sin partner"] == applicant
