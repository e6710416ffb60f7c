"""The periodic job that finds applications past their due date and tells each client once why
and by when (ekb.applications.due_dates). Run by `ekb flow delay-notices` (cron) or by Celery
beat (`ekb.flow.send_delay_notices`, CELERY_BEAT_SCHEDULE in settings); in-process without a
broker, as every task here. Never reads the wall clock itself beyond `timezone.localdate()`, so
tests freeze time."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from ekb.applications.due_dates import do_send_delay_notice, past_due
from ekb.celery import app

logger = logging.getLogger(__name__)


def send_delay_notices(today: dt.date | None = None) -> int:
    """Send the delay notice of every open application past its due date; returns how many were
    sent. Each in its own transaction: one that fails does not hold back the others, and a
    second run sends nothing twice."""
    today = today or timezone.localdate()
    sent = 0
    for application, _due in past_due(today):
        try:
            if do_send_delay_notice(application, today=today) is not None:
                sent += 1
        except Exception:  # noqa: BLE001 - the next run tries again; ids only in the log
            logger.exception("delay notice for application %s failed", application.pk)
    return sent


@app.task(name="ekb.flow.send_delay_notices")
def send_delay_notices_task() -> int:
    """The periodic job as a Celery task (beat runs it once a day)."""
    return send_delay_notices()
