"""The daily job that flags every client who reached the activity requirement (three months in
a row of försörjningsstöd, ekb.plans.activity) with a task for the caseworker, once per run of
months. Run by `ekb flow activity-requirement` (cron) or Celery beat
(`ekb.flow.flag_activity_requirement`, CELERY_BEAT_SCHEDULE in settings). Each case in its own
transaction: one that fails does not hold back the others; ids only in the log."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from ekb.cases.choices import TaskKind
from ekb.cases.models import Case
from ekb.celery import app
from ekb.flow.activity import tell_arbetsformedlingen_covered
from ekb.plans.activity_actions import flag_case_now, flagged_person_id

logger = logging.getLogger(__name__)


def flag_activity_requirement(today: dt.date | None = None) -> int:
    """Open the tasks of every open case; returns how many were opened. A person flagged for a
    new run of months is reported to Arbetsförmedlingen once, with the task (the committee's
    information duty; ekb.integrations.arbetsformedlingen), after the task is stored."""
    today = today or timezone.localdate()
    opened = 0
    for case in Case.objects.filter(closed_on__isnull=True).order_by("pk").iterator():
        try:
            tasks = flag_case_now(case, today)
        except Exception:  # noqa: BLE001 - the next run tries again
            logger.exception("activity requirement for case %s failed", case.pk)
            continue
        opened += len(tasks)
        flagged = {
            person_id
            for task in tasks
            if task.kind == TaskKind.ACTIVITY_REQUIREMENT_REACHED
            and (person_id := flagged_person_id(task.source))
        }
        if flagged:
            try:
                tell_arbetsformedlingen_covered(
                    case, acting_user=None, from_date=today, person_ids=flagged
                )
            except Exception:  # noqa: BLE001 - the task stands; the report is retried by hand
                logger.exception("report to Arbetsförmedlingen for case %s failed", case.pk)
    return opened


@app.task(name="ekb.flow.flag_activity_requirement")
def flag_activity_requirement_task() -> int:
    return flag_activity_requirement()
