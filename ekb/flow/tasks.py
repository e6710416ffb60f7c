"""The journey's steps as Celery tasks. Each takes an id, is idempotent (a step already done is
not run again) and can be retried; eager in-process unless a broker is configured."""

from __future__ import annotations

from django.db import InterfaceError, OperationalError

from ekb.celery import app


@app.task(
    name="ekb.flow.run_step",
    autoretry_for=(OperationalError, InterfaceError),  # the database went away: try again later
    retry_backoff=True,
    max_retries=8,
)
def run_step_task(step_run_id: int) -> str:
    from ekb.flow.journey import run_step

    return str(run_step(step_run_id))
