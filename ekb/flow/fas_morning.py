"""The FAS morning job: what makes the day's meetings and plans ready before the caseworker
arrives. Run by `ekb flow fas-morning` (cron) or Celery beat (`ekb.flow.fas_morning`).

- a standard calculation (schablonberäkning) for each meeting booked today and on the next
  working day, so the money part of the meeting takes minutes (seed 003: "before every visit");
- a task for each plan follow-up that is due (ekb.plans.follow_up).

Both are idempotent: a second run the same day opens and prepares nothing new."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from ekb.celery import app
from ekb.flow.meetings import prepare_for_meetings_on
from ekb.lib.swedish_calendar import next_working_day
from ekb.plans.follow_up import open_follow_up_tasks


@dataclass(frozen=True)
class MorningRun:
    calculations: int
    follow_ups: int


def fas_morning(today: dt.date | None = None) -> MorningRun:
    today = today or timezone.localdate()
    prepared = prepare_for_meetings_on(today) + prepare_for_meetings_on(
        next_working_day(today + dt.timedelta(days=1))
    )
    return MorningRun(calculations=prepared, follow_ups=open_follow_up_tasks(today))


@app.task(name="ekb.flow.fas_morning")
def fas_morning_task() -> dict:
    run = fas_morning()
    return {"calculations": run.calculations, "follow_ups": run.follow_ups}
