"""The same seed and as-of date always give the same demo; another seed gives another."""

from ekb.demo.build import DEFAULT_SEED, build_demo, demo_municipality
from ekb.demo.fingerprint import fingerprint
from tests.demo.conftest import AS_OF, HOUSEHOLDS


def test_building_twice_with_the_same_seed_and_date_gives_identical_data(demo):
    first = fingerprint(demo)
    build_demo(households=HOUSEHOLDS, seed=DEFAULT_SEED, as_of=AS_OF, reset=True)
    second = fingerprint(demo_municipality())
    assert first == second


def test_a_different_seed_gives_different_households_and_history(demo):
    first = fingerprint(demo)
    build_demo(households=HOUSEHOLDS, seed=DEFAULT_SEED + 1, as_of=AS_OF, reset=True)
    second = fingerprint(demo_municipality())
    for table in ("persons", "cases", "calculations", "payments", "events"):
        assert first[table] != second[table], table
    # The organisation does not depend on the households drawn.
    assert first["units"] == second["units"]


def test_a_different_as_of_date_moves_the_history(demo):
    first = fingerprint(demo)
    build_demo(households=HOUSEHOLDS, seed=DEFAULT_SEED, as_of=AS_OF.replace(month=10), reset=True)
    assert fingerprint(demo_municipality())["applications"] != first["applications"]
