"""The journey on a real Celery worker over Redis, as in production (PostgreSQL and Redis on
127.0.0.1; skipped where either is missing, e.g. on a laptop or in the SQLite run).

The application's transaction commits for real, Django hands the step to the broker after the
commit, and a worker thread with its own database connection prepares the calculation."""

from __future__ import annotations

import datetime as dt
import socket
import time
from decimal import Decimal

import pytest
from django.db import connection

from ekb.applications.choices import ApplicationKind, LineKind
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.delegation import load_delegation_order
from ekb.decisions.proposal import propose_lines
from ekb.flow import journey
from ekb.flow.models import Step, StepRun, StepStatus
from ekb.integrations.registers import override_register_client
from ekb.notices.models import DecisionLetter
from ekb.payments.models import Payment
from tests import factories as f
from tests.conftest import empty_access_log
from tests.personas import quiet_register

pytestmark = pytest.mark.worker
REDIS = ("127.0.0.1", 6379)


def reachable(address) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(address) == 0


@pytest.fixture
def worker(transactional_db):
    if connection.vendor != "postgresql" or not reachable(REDIS):
        pytest.skip("needs PostgreSQL and Redis (the production setup)")
    from celery.contrib.testing.worker import start_worker

    from ekb.celery import app

    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(
        broker_url="redis://127.0.0.1:6379/15",
        task_always_eager=False,
        task_default_queue="ekb-test",
    )
    drop_connections(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(saved)
        drop_connections(app)
        empty_access_log()  # this fixture ends before the database is flushed


def drop_connections(app) -> None:
    """Celery keeps the broker connection and producer pools it made first; an earlier test in
    the same process (eager, broker memory://) leaves them pointing at the in-memory broker, and
    the step would be sent there instead of to Redis. Drop them, as Celery does after a fork."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._after_fork()


def wait_until_done(**lookup) -> StepRun:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        run = StepRun.objects.filter(**lookup).first()
        if run is not None and run.status != StepStatus.PENDING:
            return run
        time.sleep(0.1)
    pytest.fail(f"the worker did not run the step {lookup}")


def test_a_worker_prepares_decides_writes_the_letter_and_plans_payments_after_commit(
    worker, org, time_machine
):
    time_machine.move_to(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=True)
    load_delegation_order(org.muni)
    applicant = f.person(dt.date(1988, 4, 22), first_name="Karin")
    case = f.case(org.norr, assigned=org.anna, applicant=applicant)
    lines = [journey_line("rent", "7200"), journey_line("electricity", "400")]
    with override_register_client(quiet_register(applicant)):
        application = journey.receive_application(
            case,
            dt.date(2026, 12, 1),
            ApplicationKind.RENEWAL,
            lines,
            client_person_id=applicant.pk,
        )
        run = wait_until_done(application=application, step=Step.PREPARE)
    assert run.status == StepStatus.DONE, run.reason
    snapshot = latest_calculation(application)
    assert snapshot.amount > 0
    # The robot's proposal as it stands (each cost on its own line, as the calculation gives it).
    decision = journey.decide_application(
        application, propose_lines(application, snapshot), acting_user=org.anna
    )
    assert wait_until_done(decision=decision, step=Step.LETTER).status == StepStatus.DONE
    assert wait_until_done(decision=decision, step=Step.PAYMENTS).status == StepStatus.DONE
    assert DecisionLetter.objects.filter(decision=decision).exists()
    # One payment per granted line (the bank file joins them into one transfer per household).
    paid_lines = decision.lines.filter(amount__gt=0).count()
    assert paid_lines >= 1
    assert Payment.objects.filter(decision_line__decision=decision).count() == paid_lines


def journey_line(type_, amount):
    from ekb.applications.actions import LineData

    return LineData(LineKind.COST, type_, Decimal(amount))
