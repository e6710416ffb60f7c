import datetime as dt

import pytest

from ekb.demo.build import DEFAULT_SEED, build_demo, demo_municipality

AS_OF = dt.date(2026, 9, 15)
HOUSEHOLDS = 60


@pytest.fixture
def demo(db):
    """A small demo municipality, built once per test."""
    build_demo(households=HOUSEHOLDS, seed=DEFAULT_SEED, as_of=AS_OF)
    return demo_municipality()
