"""The daily run: a follow-up that is due (or due within the rule's reminder days) opens a task
for the caseworker (TaskKind.PLAN_FOLLOW_UP_DUE), once per follow-up. The beat schedule calls
``open_follow_up_tasks``; a task opened twice for the same follow-up is the same task."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from ekb.cases.choices import TaskKind
from ekb.cases.tasks import do_open_task
from ekb.plans.actions import follow_up_source
from ekb.plans.models import PlanFollowUp
from ekb.plans.rules import follow_up_remind_days


def follow_ups_due(today: dt.date):
    """The follow-ups not yet held whose date is within the reminder days, in open cases."""
    horizon = today + dt.timedelta(days=follow_up_remind_days(today))
    return (
        PlanFollowUp.objects.filter(
            held_on__isnull=True, due_on__lte=horizon, plan__case__closed_on__isnull=True
        )
        .select_related("plan__case")
        .order_by("due_on", "id")
    )


def open_follow_up_tasks(today: dt.date) -> int:
    """Open the reminder task of each follow-up due; returns how many follow-ups have one."""
    count = 0
    for follow_up in follow_ups_due(today):
        do_open_task(
            follow_up.plan.case,
            kind=TaskKind.PLAN_FOLLOW_UP_DUE,
            text=_("Planen ska följas upp senast %(day)s.") % {"day": follow_up.due_on.isoformat()},
            source=follow_up_source(follow_up),
            due_on=follow_up.due_on,
        )
        count += 1
    return count
