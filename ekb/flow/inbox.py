"""The caseworker's inbox: what needs doing, per kind, scoped to what the user may see.

The inbox names clients and shows warning texts (some health-related): it is a list a person
sees, so showing it is a read of every case on it and is logged with their ids."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ekb.accounts.absences import covered_colleagues, covered_users
from ekb.accounts.roles import Role
from ekb.applications.choices import ApplicationKind, ApplicationStatus, SupplementStatus
from ekb.applications.due_dates import due_dates
from ekb.applications.models import Application, DelayNotice, SupplementRequest
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.access import visible_cases
from ekb.cases.models import Case, Message, Task
from ekb.cases.search import applicant_names
from ekb.decisions.choices import DecisionStatus, WarningStatus
from ekb.decisions.models import CaseWarning, Decision
from ekb.notices.appeals import forward_due_on
from ekb.notices.choices import AppealStatus
from ekb.notices.models import Appeal

OPEN_APPLICATION = [ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROGRESS]
# A proposal made and not yet decided: the caseworker has done her part. The decider has a
# "decision to approve" row; a proposal sent back is the caseworker's "decision sent back" row.
# Either way the application and its answered supplements are no longer hers to decide.
PROPOSED = [
    DecisionStatus.AWAITING_APPROVAL,
    DecisionStatus.AWAITING_COMMITTEE,
    DecisionStatus.SENT_BACK,
]


def inbox_for(user, *, channel=Channel.WEB) -> dict:
    cases = visible_cases(user)
    # Your cases, and while a colleague is away the cases of hers you cover (accounts.absences).
    mine = cases.filter(assigned_caseworker_id__in=covered_users(user))
    manager_units = user.units_with_roles({Role.SECTION_MANAGER})
    proposed = Decision.objects.filter(status__in=PROPOSED, application__isnull=False).values(
        "application_id"
    )
    applications = (
        Application.objects.filter(status__in=OPEN_APPLICATION)
        .exclude(pk__in=proposed)
        .select_related("case", "delay_notice")
        .order_by("submitted_at")
    )
    waiting = Decision.objects.filter(
        case__in=cases,
        status__in=[DecisionStatus.AWAITING_APPROVAL, DecisionStatus.AWAITING_COMMITTEE],
    ).exclude(created_by=user)
    if not manager_units:
        # Without a manager role only four-eyes proposals from colleagues in the unit reach you.
        waiting = waiting.filter(status=DecisionStatus.AWAITING_APPROVAL)
    # Your own cases, and the cases you may see that nobody has: a case decided from the intake
    # list without an assigned caseworker must not lose its client's answers, appeals and
    # messages (a fresh-eye tester found them in nobody's inbox).
    ours = Q(case__in=mine) | Q(case__in=cases, case__assigned_caseworker__isnull=True)
    box = {
        "new_applications": applications.filter(ours, kind=ApplicationKind.NEW)[:100],
        "renewals": applications.filter(ours).exclude(kind=ApplicationKind.NEW)[:100],
        "answered_supplements": SupplementRequest.objects.filter(
            ours, status=SupplementStatus.ANSWERED
        )
        .filter(application__status__in=OPEN_APPLICATION)
        .exclude(application_id__in=proposed)
        .select_related("case", "application")[:100],
        # Intake sees the warnings of new applications that have no caseworker yet, such as a
        # calculation that waits for next year's amounts.
        "warnings": CaseWarning.objects.filter(ours, status=WarningStatus.OPEN)
        .select_related("case", "application")
        .order_by("created_at")[:100],
        "appeals": Appeal.objects.filter(ours, status=AppealStatus.RECEIVED).select_related("case")[
            :100
        ],
        "client_messages": Message.objects.filter(
            ours, from_person__isnull=False, read_at__isnull=True
        )
        .select_related("case")
        .order_by("sent_at")[:100],
        "waiting_decisions": waiting.select_related(
            "case", "created_by", "application", "application__delay_notice"
        ).order_by("created_at")[:100],
        # Four eyes: a proposal the decider sent back waits for the one who proposed it (and
        # for the case's caseworker); it leaves the inbox when it is proposed again.
        "sent_back_decisions": Decision.objects.filter(
            Q(created_by=user) | ours, case__in=cases, status=DecisionStatus.SENT_BACK
        )
        .select_related("case", "sent_back_by", "application", "application__delay_notice")
        .order_by("sent_back_at")[:100],
        # Tasks (ekb.cases.tasks): a missed plan condition, an absence from an assigned activity,
        # a missed meeting. They stand in for consequences the law leaves to a decision.
        "tasks": Task.objects.filter(ours, closed_at__isnull=True)
        .select_related("case")
        .order_by("opened_at")[:100],
    }
    box = {kind: list(rows) for kind, rows in box.items()}
    case_ids = sorted({row.case_id for rows in box.values() for row in rows})
    if case_ids:
        record(
            action=Action.LIST_CASES,
            user=user,
            channel=channel,
            detail={"case_ids": case_ids, "list": "inbox"},
        )
    return box


# --- rows: one table of everything that waits ---------------------------------------------------

RULES_FILE = Path(__file__).parent / "rules" / "inbox.yaml"
WHAT = {
    "new_applications": _("Ny ansökan"),
    "renewals": _("Återansökan"),
    "answered_supplements": _("Komplettering besvarad"),
    "warnings": _("Varning"),
    "appeals": _("Överklagande"),
    "client_messages": _("Meddelande"),
    "waiting_decisions": _("Beslut att godkänna"),
    "sent_back_decisions": _("Beslut återsänt"),
    "tasks": pgettext_lazy("a task for the caseworker", "Uppgift"),
}
SORTS = ("received", "kind", "client", "month")
APPLICATION_KINDS = ("new_applications", "renewals")
# A proposal on an application keeps the application's lateness: the decider, and the
# caseworker it was sent back to, see that the client waits past the due date.
DECISION_KINDS = ("waiting_decisions", "sent_back_decisions")


@functools.cache
def _versions() -> list[dict]:
    with RULES_FILE.open(encoding="utf-8") as fh:
        return sorted(yaml.safe_load(fh)["versions"], key=lambda v: v["valid_from"])


def overdue_after_days(on: dt.date) -> int:
    """Days an application may wait for a decision before it is marked (rules/inbox.yaml)."""
    in_force = [v for v in _versions() if v["valid_from"] <= on] or _versions()[:1]
    return in_force[-1]["overdue_after_days"]


@dataclass(frozen=True)
class InboxRow:
    kind: str
    what: str
    case: Case
    client: str
    month: dt.date | None
    received_on: dt.date
    days_waiting: int
    overdue: bool
    item: object  # the application, warning, appeal ... the row links to
    past_due: bool = False  # an application past its own due date (applications.due_dates)
    # An appeal is due at the court a week after it came (FL 46 §; notices/rules/appeal.yaml).
    due_on: dt.date | None = None
    # Past due, the client was told why and by when (applications.DelayNotice): the date she was
    # promised, as her status page gives it. Still late: the past-due mark stays.
    promised_on: dt.date | None = None
    past_promise: bool = False  # the promised date has passed too
    # The colleague whose case it is, when she is away and the reader covers for her.
    covering_for: str = ""


def _facts(kind: str, item) -> tuple[dt.date | None, dt.datetime]:
    """The month the row is about and when it arrived, per kind."""
    application = getattr(item, "application", None)
    month = item.month if kind in ("new_applications", "renewals") else None
    if month is None and application is not None:
        month = application.month
    arrived = {
        "new_applications": lambda: item.submitted_at,
        "renewals": lambda: item.submitted_at,
        "answered_supplements": lambda: item.answered_at,
        "warnings": lambda: item.created_at,
        "appeals": lambda: item.received_at,
        "client_messages": lambda: item.sent_at,
        "waiting_decisions": lambda: item.created_at,
        "sent_back_decisions": lambda: item.sent_back_at,
        "tasks": lambda: item.opened_at,
    }[kind]()
    return month, arrived


def _application_of(kind: str, item) -> Application | None:
    """The application whose due date the row carries: its own, or the one a proposal is on."""
    if kind in APPLICATION_KINDS:
        return item
    if kind in DECISION_KINDS and item.application_id:
        return item.application
    return None


def _promised_on(application: Application | None) -> dt.date | None:
    """The new date the client's delay notice gave (selected with the row, no query)."""
    if application is None:
        return None
    try:
        return application.delay_notice.new_due_on
    except DelayNotice.DoesNotExist:
        return None


def inbox_rows(
    box: dict, *, sort: str = "received", today: dt.date | None = None, reader=None
) -> list[InboxRow]:
    """Everything in the inbox as one list: who, what, which month, when it came and how long it
    has waited; an application waiting longer than the target for a decision is marked. With
    ``reader``, the items of a colleague she covers for say whose they are."""
    today = today or timezone.localdate()
    covering = covered_colleagues(reader, today) if reader is not None else {}
    limit = overdue_after_days(today)
    cases = [item.case for items in box.values() for item in items]
    names = applicant_names(cases)
    applications = [i for k in APPLICATION_KINDS for i in box.get(k, [])]
    applications += [
        i.application for k in DECISION_KINDS for i in box.get(k, []) if i.application_id
    ]
    due = due_dates(applications) if applications else {}
    rows = []
    for kind, items in box.items():
        for item in items:
            month, arrived = _facts(kind, item)
            received_on = timezone.localdate(arrived) if arrived else today
            days = (today - received_on).days
            due_on = forward_due_on(item) if kind == "appeals" else None
            application = _application_of(kind, item)
            due_day = due.get(application.pk) if application is not None else None
            promised_on = _promised_on(application)
            rows.append(
                InboxRow(
                    kind=kind,
                    what=str(WHAT[kind]),
                    case=item.case,
                    client=names.get(item.case.household_id, ""),
                    month=month,
                    received_on=received_on,
                    days_waiting=days,
                    overdue=(kind in ("new_applications", "renewals") and days > limit)
                    or (due_on is not None and today > due_on),
                    item=item,
                    past_due=due_day is not None and due_day < today,
                    due_on=due_on,
                    promised_on=promised_on,
                    past_promise=promised_on is not None and promised_on < today,
                    covering_for=covering.get(item.case.assigned_caseworker_id, ""),
                )
            )
    keys = {
        "received": lambda r: (r.received_on, r.what),
        "kind": lambda r: (r.what, r.received_on),
        "client": lambda r: (r.client, r.received_on),
        "month": lambda r: (r.month or dt.date.max, r.received_on),
    }
    return sorted(rows, key=keys.get(sort, keys["received"]))
