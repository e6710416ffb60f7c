"""The FAS morning job: what makes the day's meetings and plans ready before the caseworker
arrives. Run by `ekb flow fas-morning` (cron) or Celery beat (`ekb.flow.fas_morning`).

- a standard calculation (schablonberäkning) for each meeting booked today and on the next
  working day, so the money part of the meeting takes minutes (seed 003: "before every visit");
- a task for each plan follow-up that is due (ekb.plans.follow_up).

Both are idempotent: a second run the same day opens and prepares nothing new."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.utils import timezone

from ekb.celery import app
from ekb.flow.meetings import prepare_for_meetings_on
from ekb.lib.swedish_calendar import next_working_day
from ekb.plans.follow_up import open_follow_up_tasks

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MorningRun:
    calculations: int
    follow_ups: int


def fas_morning(today: dt.date | None = None) -> MorningRun:
    """Each part in its own guard: a failure in the calculations does not keep the plans'
    follow-ups from being opened, nor the other way round (each is logged; the next run tries
    again, both being idempotent)."""
    today = today or timezone.localdate()
    prepared = 0
    for day in (today, next_working_day(today + dt.timedelta(days=1))):
        try:
            prepared += prepare_for_meetings_on(day)
        except Exception:  # noqa: BLE001 - the other day and the follow-ups below still run
            logger.exception("FAS morning: the standard calculations for %s failed", day)
    follow_ups = 0
    try:
        follow_ups = open_follow_up_tasks(today)
    except Exception:  # noqa: BLE001 - logged; tomorrow's run opens what is still due
        logger.exception("FAS morning: the plan follow-ups failed")
    return MorningRun(calculations=prepared, follow_ups=follow_ups)


@app.task(name="ekb.flow.fas_morning")
def fas_morning_task() -> dict:
    run = fas_morning()
    return {"calculations": run.calculations, "follow_ups": run.follow_ups}
