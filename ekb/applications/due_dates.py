"""When an application is due to be decided, from the municipality's own target (rules/targets.yaml),
and the one notice a client gets when the date passes without a decision (why, and by when)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from pathlib import Path

import yaml
from django.db import IntegrityError, transaction
from django.utils import timezone

from ekb.applications.choices import (
    ApplicationKind,
    ApplicationStatus,
    DelayReason,
    SupplementStatus,
)
from ekb.applications.models import Application, DelayNotice, RegisterProposal, SupplementRequest
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.lib.swedish_calendar import next_working_day

RULES_FILE = Path(__file__).parent / "rules" / "targets.yaml"
OPEN = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROGRESS)


@functools.cache
def _versions() -> list[dict]:
    with RULES_FILE.open(encoding="utf-8") as fh:
        return sorted(yaml.safe_load(fh)["versions"], key=lambda v: v["valid_from"])


def targets(on: dt.date) -> dict:
    """The targets in force on the day (the first version for a day before all of them)."""
    in_force = [v for v in _versions() if v["valid_from"] <= on] or _versions()[:1]
    return in_force[-1]


def add_target(start: dt.date, target: dict) -> dt.date:
    """``start`` plus a target: {working_days: n} or {days: n} (then moved to a working day)."""
    if "working_days" in target:
        day = start
        for _ in range(target["working_days"]):
            day = next_working_day(day + dt.timedelta(days=1))
        return day
    return next_working_day(start + dt.timedelta(days=target["days"]))


class _Supplements:
    """The supplement requests of some applications, read in one query."""

    def __init__(self, application_ids: Iterable[int]):
        self.open: set[int] = set()
        self.answered: dict[int, dt.datetime] = {}
        self.open_due: dict[int, dt.date] = {}
        rows = SupplementRequest.objects.filter(
            application_id__in=list(application_ids),
            status__in=[SupplementStatus.OPEN, SupplementStatus.ANSWERED],
        ).values_list("application_id", "status", "answered_at", "due_date")
        for application_id, status, answered_at, due in rows:
            if status == SupplementStatus.OPEN:
                self.open.add(application_id)
                self.open_due[application_id] = max(due, self.open_due.get(application_id, due))
            elif answered_at is not None:
                latest = self.answered.get(application_id)
                self.answered[application_id] = max(answered_at, latest or answered_at)


def _due(application: Application, supplements: _Supplements) -> dt.date | None:
    if application.submitted_at is None:
        return None
    received = timezone.localdate(application.submitted_at)
    rules = targets(received)
    if application.kind == ApplicationKind.NEW:
        return add_target(received, rules["new"])
    if application.pk in supplements.open:
        return add_target(received, rules["renewal_incomplete"])
    answered = supplements.answered.get(application.pk)
    start = max(received, timezone.localdate(answered)) if answered else received
    return add_target(start, rules["renewal_complete"])


def due_dates(applications: Iterable[Application]) -> dict[int, dt.date | None]:
    """Each application's due date by id, in one query whatever the number of applications."""
    applications = list(applications)
    supplements = _Supplements(a.pk for a in applications)
    return {a.pk: _due(a, supplements) for a in applications}


def due_date(application: Application) -> dt.date | None:
    """The day the application should be decided by (None before it is received)."""
    return due_dates([application])[application.pk]


def expected_decision_date(application: Application) -> dt.date | None:
    """What the client is told: the new date of a delay notice, else the due date."""
    notice = DelayNotice.objects.filter(application=application).first()
    return notice.new_due_on if notice else due_date(application)


def past_due(today: dt.date, *, limit: int = 500) -> list[tuple[Application, dt.date]]:
    """Open applications whose due date is before ``today`` and whose client has had no notice."""
    candidates = list(
        Application.objects.filter(status__in=OPEN, delay_notice__isnull=True)
        .exclude(submitted_at__isnull=True)
        .select_related("case")
        .order_by("submitted_at", "id")[:limit]
    )
    dates = due_dates(candidates)
    late = []
    for application in candidates:
        due = dates[application.pk]
        if due is not None and due < today:
            late.append((application, due))
    return late


@transaction.atomic
def do_send_delay_notice(
    application: Application, *, today: dt.date, acting_user=None, channel=Channel.SYSTEM
) -> DelayNotice | None:
    """Tell the client that the application passed its due date: why (a supplement we wait for,
    or the unit is behind) and the new date. Once per application; None when it was already
    sent, the application is decided meanwhile, or it is not past due."""
    application = (
        Application.objects.select_for_update().select_related("case").get(pk=application.pk)
    )
    if (
        application.status not in OPEN
        or DelayNotice.objects.filter(application=application).exists()
    ):
        return None
    supplements = _Supplements([application.pk])
    due = _due(application, supplements)
    if due is None or due >= today:
        return None
    rules = targets(today)
    if application.pk in supplements.open:
        reason = DelayReason.WAITING_FOR_SUPPLEMENT
        start = max(today, supplements.open_due[application.pk])
        new_due = add_target(start, rules["delayed_waiting_for_supplement"])
    elif application.register_proposals.filter(status=RegisterProposal.Status.PENDING).exists():
        # Facts from registers (Försäkringskassan, Skatteverket ...) wait for the caseworker to
        # compare them with the client's: say so, not that the unit is behind (a fresh-eye
        # tester found the same reason given to everyone).
        reason = DelayReason.CHECKING_INFORMATION
        new_due = add_target(today, rules["delayed_unit_behind"])
    else:
        reason = DelayReason.UNIT_BEHIND
        new_due = add_target(today, rules["delayed_unit_behind"])
    try:
        with transaction.atomic():
            notice = DelayNotice.objects.create(
                application=application, reason=reason, due_on=due, new_due_on=new_due
            )
    except IntegrityError:  # a parallel run sent it a moment ago
        return None
    append_event(
        application.case,
        EventKind.APPLICATION_DELAYED,
        actor=acting_user,
        data={
            "application_id": application.pk,
            "month": f"{application.month:%Y-%m}",
            "reason": str(reason),
            "new_due_date": new_due.isoformat(),
        },
    )
    record(
        action=Action.CHANGE_CASE,
        user=acting_user,
        case_id=application.case_id,
        channel=channel,
        detail={"delay_notice": application.pk},
    )
    return notice
