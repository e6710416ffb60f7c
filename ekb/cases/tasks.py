"""Tasks (uppgifter): what a caseworker must look at, opened with its facts and closed with what
she did. Any room may open one (a missed plan condition, an absence from an assigned activity, a
missed meeting); the inbox shows the open ones (ekb.flow.inbox)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.choices import TaskKind
from ekb.cases.models import Case, Task


@transaction.atomic
def do_open_task(
    case: Case,
    *,
    kind: str,
    text: str,
    source: str = "",
    due_on: dt.date | None = None,
    acting_user=None,
    channel=Channel.SYSTEM,
) -> Task:
    """Open a task, or return the open one for the same source (a double click, a rule that runs
    twice): one thing that happened is one task."""
    if kind not in TaskKind.values:
        raise ValidationError({"kind": _("Okänd typ av uppgift.")})
    if not text.strip():
        raise ValidationError({"text": _("Beskriv vad som hänt.")})
    if source:
        existing = Task.objects.filter(case=case, source=source, closed_at__isnull=True).first()
        if existing is not None:
            return existing
    task = Task.objects.create(
        case=case,
        kind=kind,
        text=text.strip(),
        source=source,
        due_on=due_on,
        opened_by=acting_user,
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)
    return task


@transaction.atomic
def do_close_task(task: Task, *, outcome: str, acting_user, channel=Channel.WEB) -> Task:
    if task.closed_at is not None:
        raise ValidationError({"__all__": _("Uppgiften är redan avslutad.")})
    if not outcome.strip():
        raise ValidationError({"outcome": _("Skriv vad du gjorde.")})
    task.closed_at = timezone.now()
    task.closed_by = acting_user
    task.outcome = outcome.strip()
    task.save(update_fields=["closed_at", "closed_by", "outcome"])
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=task.case_id, channel=channel)
    return task


def open_tasks(case: Case) -> list[Task]:
    """The case's open tasks, oldest first (for a case the caller opened through its door)."""
    return list(case.tasks.filter(closed_at__isnull=True).order_by("opened_at", "id"))
