"""The daily job that flags every client who reached the activity requirement (three months in
a row of försörjningsstöd, ekb.plans.activity) with a task for the caseworker, once per run of
months. Run by `ekb flow activity-requirement` (cron) or Celery beat
(`ekb.flow.flag_activity_requirement`, CELERY_BEAT_SCHEDULE in settings). Each case in its own
transaction: one that fails does not hold back the others; ids only in the log."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from ekb.cases.models import Case
from ekb.celery import app
from ekb.plans.activity_actions import flag_case_now

logger = logging.getLogger(__name__)


def flag_activity_requirement(today: dt.date | None = None) -> int:
    """Open the tasks of every open case; returns how many were opened."""
    today = today or timezone.localdate()
    opened = 0
    for case in Case.objects.filter(closed_on__isnull=True).order_by("pk").iterator():
        try:
            opened += len(flag_case_now(case, today))
        except Exception:  # noqa: BLE001 - the next run tries again
            logger.exception("activity requirement for case %s failed", case.pk)
    return opened


@app.task(name="ekb.flow.flag_activity_requirement")
def flag_activity_requirement_task() -> int:
    return flag_activity_requirement()
