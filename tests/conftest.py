"""Named personas shared by the tests.

Municipality Testby with units Norr and Söder. Anna is a caseworker in Norr, Bertil in Söder,
Ida another caseworker in Norr; Cecilia manages Norr; David is senior caseworker and Erik
labour-market officer in Norr; Fatima sits on the committee; Gustav administers the system;
Helena reviews the access log.
"""

from __future__ import annotations

import datetime as dt
import os
from types import SimpleNamespace

import pytest

from ekb.accounts.roles import Role
from tests import factories as f

# The cast in a case (Karin Lundqvist's renewal and others), for every test folder.
pytest_plugins = ["tests.personas"]


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
    # A worker test's own fixture empties the log (it ends before the flush, this one after).
    if transactional and request.node.get_closest_marker("worker") is None:
        empty_access_log()


def empty_access_log() -> None:
    """Before a transactional test's flush: the append-only log opens only in a retention unlock."""
    from django.db import transaction

    from ekb.audit.models import AccessLogEntry, RetentionUnlock

    with transaction.atomic():
        unlock = RetentionUnlock.objects.create()
        everything = AccessLogEntry.objects.all()
        everything._raw_delete(everything.db)
        unlock.delete()


@pytest.fixture(autouse=True)
def _default_language():
    """A request after the language button (/i18n/setlang/) leaves English active in the thread,
    and a later test that reads a lazy text without a request got English. Every test starts in
    the default language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    # tests/accounts/test_password_hashing.py checks that production uses argon2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- the letter's PDF ---------------------------------------------------------------------------
# Converting a decision letter to PDF (WeasyPrint) made a decision test 2.5-2.9 times slower. The
# tests store the letter's HTML instead (ekb.notices.letters._letter_bytes says why that is
# honest); a test about the letter itself, or that reads the stored or downloaded PDF, asks for
# `real_letters`. The browser tests always get real letters (tests/browser/conftest.py).


@pytest.fixture(autouse=True)
def _letters_without_pdf(settings):
    settings.EKB_RENDER_LETTER_PDF = False


@pytest.fixture
def real_letters(_letters_without_pdf, settings):
    """The stored decision letter is the real PDF, as in production."""
    settings.EKB_RENDER_LETTER_PDF = True


# --- the clock -------------------------------------------------------------------------------
# No test reads the wall clock. Every test starts on the same frozen moment (10:00 UTC on
# EKB_TEST_TODAY, default 2026-11-20); a test that needs another day moves the clock itself.
# `./dev test` runs the tests marked `calendar` again on the days that matter (see ./dev).
DEFAULT_TODAY = "2026-11-20"


def frozen_today() -> dt.date:
    return dt.date.fromisoformat(os.environ.get("EKB_TEST_TODAY") or DEFAULT_TODAY)


@pytest.fixture(autouse=True)
def _frozen_clock(time_machine):
    today = frozen_today()
    time_machine.move_to(
        dt.datetime(today.year, today.month, today.day, 10, tzinfo=dt.UTC), tick=False
    )


# --- after commit ------------------------------------------------------------------------------


def _uses_test_transaction(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    return not transactional and (marker is not None or "db" in request.fixturenames)


@pytest.fixture(autouse=True)
def _journey_runs_after_commit(request, monkeypatch):
    """In production the journey's later steps (ekb.flow) run after the transaction that stored
    the application commits. A test with the `db` fixture runs inside a transaction that never
    commits, so here they run when the outermost transaction of the code under test ends: the
    same order, and a failing step cannot undo what was stored before it. Transactional tests
    (live_server, transactional_db) commit for real and need none of this."""
    if not _uses_test_transaction(request):
        yield
        return
    from django.db import connection, transaction

    request.getfixturevalue("_django_db_helper")
    base = len(connection.atomic_blocks)
    original_exit = transaction.Atomic.__exit__

    def run_flow_callbacks():
        while True:
            pending = [e for e in connection.run_on_commit if getattr(e[1], "ekb_flow", False)]
            if not pending:
                return
            connection.run_on_commit.remove(pending[0])
            pending[0][1]()

    def exit_and_run(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        if self.using in (None, "default") and len(connection.atomic_blocks) == base:
            run_flow_callbacks()
        return result

    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_and_run)
    yield
