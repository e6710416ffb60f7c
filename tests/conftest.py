"""Named personas shared by the tests.

Municipality Testby with units Norr and Söder. Anna is a caseworker in Norr, Bertil in Söder,
Ida another caseworker in Norr; Cecilia manages Norr; David is senior caseworker and Erik
labour-market officer in Norr; Fatima sits on the committee; Gustav administers the system;
Helena reviews the access log.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ekb.accounts.roles import Role
from tests import factories as f


@pytest.fixture
def org(db):
    muni = f.municipality()
    norr = f.unit(muni, "norr", "Norr")
    soder = f.unit(muni, "soder", "Söder")
    people = SimpleNamespace(
        muni=muni,
        norr=norr,
        soder=soder,
        anna=f.staff("anna", muni, (Role.CASEWORKER, norr)),
        ida=f.staff("ida", muni, (Role.CASEWORKER, norr)),
        bertil=f.staff("bertil", muni, (Role.CASEWORKER, soder)),
        cecilia=f.staff("cecilia", muni, (Role.SECTION_MANAGER, norr)),
        david=f.staff("david", muni, (Role.SENIOR_CASEWORKER, norr)),
        erik=f.staff("erik", muni, (Role.LABOUR_MARKET_OFFICER, norr)),
        fatima=f.staff("fatima", muni, (Role.COMMITTEE_MEMBER, None)),
        gustav=f.staff("gustav", muni, (Role.ADMINISTRATOR, None)),
        helena=f.staff("helena", muni, (Role.LOG_AUDITOR, None)),
    )
    return people


@pytest.fixture
def cases(org):
    return SimpleNamespace(
        norr_annas=f.case(org.norr, assigned=org.anna),
        norr_idas=f.case(org.norr, assigned=org.ida),
        norr_protected_annas=f.case(org.norr, assigned=org.anna, protected=True),
        norr_protected_idas=f.case(org.norr, assigned=org.ida, protected=True),
        soder_bertils=f.case(org.soder, assigned=org.bertil),
        soder_protected=f.case(org.soder, assigned=org.bertil, protected=True),
    )


@pytest.fixture(autouse=True)
def _empty_access_log_before_flush(request):
    """Transactional tests end with a flush of every table, which the append-only access log
    refuses. Empty it first the one way the database allows: inside a retention unlock."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    yield
    if transactional:
        from django.db import transaction

        from ekb.audit.models import AccessLogEntry, RetentionUnlock

        with transaction.atomic():
            unlock = RetentionUnlock.objects.create()
            everything = AccessLogEntry.objects.all()
            everything._raw_delete(everything.db)
            unlock.delete()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    # tests/accounts/test_password_hashing.py checks that production uses argon2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
