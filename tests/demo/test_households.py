"""Persons and households: valid test numbers, protected identity on both sides of the gate."""

from collections import Counter

from ekb.accounts.models import User
from ekb.cases.access import visible_cases
from ekb.cases.models import Case
from ekb.demo import parameters
from ekb.demo.households import HouseholdFactory
from ekb.demo.identity import IdentityNumbers
from ekb.people.identity_number import parse_identity_number
from ekb.people.models import HouseholdMember, Person
from tests.demo.conftest import AS_OF, HOUSEHOLDS


def demo_persons(demo):
    return Person.objects.filter(memberships__household__municipality=demo).distinct()


def test_every_identity_number_is_a_valid_unique_test_number(demo):
    numbers = list(
        demo_persons(demo).values_list("identity_number", "is_coordination_number", "birth_date")
    )
    assert len({n for n, _, _ in numbers}) == len(numbers) >= HOUSEHOLDS
    for number, coordination, birth_date in numbers:
        parsed = parse_identity_number(number, today=AS_OF)
        assert parsed.number == number
        assert parsed.is_coordination_number == coordination
        assert parsed.birth_date == birth_date
        assert 980 <= int(number[8:11]) <= 999  # Skatteverket's test-number range


def test_the_birth_number_tells_the_sex_and_samordningsnummer_occur():
    factory = HouseholdFactory(parameters.load(), seed=1, as_of=AS_OF, numbers=IdentityNumbers())
    members = [m for i in range(400) for m in factory.make(i).members]
    assert all(int(m.identity_number[10]) % 2 == (m.sex == "m") for m in members)
    assert any(m.coordination for m in members)


def test_household_types_follow_the_configured_shares():
    params = parameters.load()
    factory = HouseholdFactory(params, seed=1, as_of=AS_OF, numbers=IdentityNumbers())
    kinds = Counter(factory.make(i).kind for i in range(2000))
    for kind, spec in params["households"]["types"].items():
        assert abs(kinds[kind] / 2000 - spec["share"]) < 0.04, kind
    assert kinds.most_common(1)[0][0] == "single_man"  # single adults without children dominate


def test_children_are_under_21_and_those_aged_19_or_20_are_in_school(demo):
    children = HouseholdMember.objects.filter(household__municipality=demo, role="child")
    assert children.exists()
    for member in children:
        age = (AS_OF - member.person.birth_date).days // 365.25
        assert age <= 20
        if age >= 19:
            assert member.in_school


def test_a_few_persons_have_protected_identity_and_their_cases_are_flagged(demo):
    protected = demo_persons(demo).filter(protected_identity=True)
    assert 5 <= protected.count() <= 10
    flags = {
        (
            case.is_protected,
            HouseholdMember.objects.filter(
                household=case.household, person__protected_identity=True
            ).exists(),
        )
        for case in Case.objects.filter(municipality=demo)
    }
    assert flags == {(True, True), (False, False)}


def test_norr_shows_both_sides_of_the_protected_identity_gate(demo):
    anna = User.objects.get(username="handlaggare.norr")
    chief = User.objects.get(username="chef.norr")
    norr_protected = Case.objects.filter(
        unit__code="norr", is_protected=True, closed_on__isnull=True
    )
    own = norr_protected.filter(assigned_caseworker=anna)
    colleagues = norr_protected.exclude(assigned_caseworker=anna)
    assert own.exists() and colleagues.exists()
    assert set(own) <= set(visible_cases(anna))
    assert not set(colleagues) & set(visible_cases(anna))
    assert set(norr_protected) <= set(visible_cases(chief))


def test_a_full_birth_date_moves_to_the_nearest_date_with_a_free_number():
    numbers = IdentityNumbers()
    wanted = AS_OF.replace(year=1990)
    allocated = [numbers.allocate(wanted, "f", coordination=False) for _ in range(35)]
    assert len({number for number, _ in allocated}) == 35
    assert [day for _, day in allocated[:10]] == [wanted] * 10
    assert {abs((day - wanted).days) for _, day in allocated[10:]} == {1, 2}


def test_barnbidrag_is_counted_only_for_children_under_16():
    """Socialförsäkringsbalken 15 kap. 4 §; a fresh-eye tester found it counted for a 20-year-old."""
    from ekb.demo import dates

    params = parameters.load()
    factory = HouseholdFactory(params, seed=1, as_of=AS_OF, numbers=IdentityNumbers())
    per_child = params["child_benefits"]["child_allowance_per_child"]
    checked = 0
    for i in range(600):
        household = factory.make(i)
        children = [m for m in household.members if m.role == "child"]
        if not children or any(c.days_per_month for c in children):
            continue
        young = [c for c in children if dates.age_on(c.birth_date, AS_OF) < 16]
        allowance = sum(
            a for _who, kind, a in household.household_incomes if kind == "child_allowance"
        )
        if not young:
            assert allowance == 0
            checked += 1
        elif len(young) == 1:
            assert allowance == per_child
            checked += 1
    assert checked > 20
