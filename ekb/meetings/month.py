"""The FAS month view: per caseworker (her own view) and per unit (the section manager's), the
clients due this month by their rule, the meetings booked, held and missed, the monthly target,
and ALL client work by kind with the mix of durations. Seed 003 warns that a bare count of 40
turns into "five unnecessary visits": the kinds and lengths are shown beside the count.

Logged calls and messages (meetings.ContactLog, issue 12 strand E) count as client work too: they
come in through a contact source (`register_contact_source`), a function
``(user_ids, month) -> Iterable[ContactWork]`` wired where that model lives."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.models import Unit, User
from ekb.cases.models import Case
from ekb.lib.months import month_end
from ekb.meetings.choices import MeetingKind, MeetingStatus
from ekb.meetings.models import Meeting, MeetingFrequency
from ekb.meetings.rules import due_after, interval_of, meeting_rule, monthly_target


@dataclass(frozen=True)
class ContactWork:
    """One piece of client work that is not a booked meeting (a logged call, a message)."""

    user_id: int
    kind: str  # a stable code, e.g. "call"
    label: str  # what the month view calls it
    minutes: int | None = None


ContactSource = Callable[[list[int], dt.date], Iterable[ContactWork]]


def logged_contacts(user_ids: list[int], month: dt.date) -> Iterable[ContactWork]:
    """The calls and messages staff logged on their cases (ekb.meetings.contact): client work
    that is not a booked meeting, counted beside the meetings (seed 003: not only visits)."""
    from ekb.meetings.contact import contacts_in_month

    for user_id, logs in contacts_in_month(user_ids, month).items():
        for log in logs:
            yield ContactWork(user_id, log.kind, str(log.get_kind_display()), log.duration_minutes)


CONTACT_SOURCES: list[ContactSource] = [logged_contacts]


def register_contact_source(source: ContactSource) -> None:
    if source not in CONTACT_SOURCES:
        CONTACT_SOURCES.append(source)


@dataclass
class CaseMonth:
    """One client of the caseworker in the month (her own view only)."""

    case_id: int
    number: str
    due_on: dt.date
    due: bool
    booked: int = 0
    held: int = 0
    missed: int = 0

    @property
    def met(self) -> bool:
        return self.held > 0


@dataclass
class WorkMonth:
    """One caseworker's month, or a unit's sum of them."""

    name: str
    target: int = 0
    cases: int = 0
    due: int = 0
    due_met: int = 0
    booked: int = 0
    held: int = 0
    missed: int = 0
    by_kind: Counter = field(default_factory=Counter)
    durations: list[int] = field(default_factory=list)
    minutes: int = 0
    kind_list: list[int] = field(default_factory=list)  # by_kind in the view's column order

    @property
    def short_of_target(self) -> int:
        return max(self.target - self.held, 0)

    def add(self, other: WorkMonth) -> None:
        for name in ("target", "cases", "due", "due_met", "booked", "held", "missed", "minutes"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.by_kind.update(other.by_kind)
        self.durations = [a + b for a, b in zip(self.durations, other.durations, strict=True)]


@dataclass
class MonthView:
    month: dt.date
    rows: list[WorkMonth]
    total: WorkMonth
    kinds: list[tuple[str, str]]  # (code, label): the columns of "all client work"
    duration_labels: list[str]
    cases: list[CaseMonth] = field(default_factory=list)


def duration_labels(groups: list[int]) -> list[str]:
    labels = [_("under %(n)s min") % {"n": groups[0]}]
    labels += [
        _("%(a)s–%(b)s min") % {"a": low, "b": high - 1}
        for low, high in zip(groups, groups[1:], strict=False)
    ]
    labels.append(_("%(n)s min eller mer") % {"n": groups[-1]})
    return labels


def duration_group(minutes: int, groups: list[int]) -> int:
    return next((i for i, bound in enumerate(groups) if minutes < bound), len(groups))


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _name(user: User) -> str:
    return user.display_name or user.username


def month_view(
    units: Iterable[int],
    month: dt.date,
    *,
    caseworker: User | None = None,
    visible=None,
    contacts: Iterable[ContactSource] | None = None,
) -> MonthView:
    """The month in the units, per caseworker; with ``caseworker`` only hers, with her clients
    listed (``visible``: the cases she may see, from ekb.cases.access). Counts in a few queries."""
    first, last = month.replace(day=1), month_end(month)
    rule = meeting_rule(first)
    groups = list(rule["duration_groups"])
    units = list(units)

    cases = Case.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=first),
        unit_id__in=units,
        opened_on__lte=last,
        assigned_caseworker__isnull=False,
    )
    if caseworker is not None:
        cases = cases.filter(assigned_caseworker=caseworker)
    if visible is not None:
        cases = cases.filter(pk__in=visible)
    case_rows = list(cases.values("pk", "number", "opened_on", "assigned_caseworker_id", "unit_id"))
    case_ids = [c["pk"] for c in case_rows]

    last_held = dict(
        Meeting.objects.filter(
            case_id__in=case_ids,
            status=MeetingStatus.HELD,
            starts_at__lt=_aware(first, dt.time.min),
        )
        .values("case_id")
        .annotate(latest=Max("starts_at"))
        .values_list("case_id", "latest")
    )
    # The case's own interval (or its return to the rule): the latest row in force in the month.
    latest_rows: dict[int, MeetingFrequency] = {}
    for f in MeetingFrequency.objects.filter(case_id__in=case_ids, valid_from__lte=last).order_by(
        "valid_from", "set_at", "id"
    ):
        latest_rows[f.case_id] = f  # the latest in force wins
    intervals = {pk: interval_of(f, first) for pk, f in latest_rows.items()}
    rule_interval = interval_of(None, first)

    meetings = Meeting.objects.filter(
        starts_at__range=(_aware(first, dt.time.min), _aware(last, dt.time.max)),
        case__unit_id__in=units,
    ).exclude(status=MeetingStatus.CANCELLED)
    if caseworker is not None:
        # Her own view: her meetings, and her cases' meetings held by a colleague (the case's
        # labour-market officer, a cover): a client met by either is met (seed 004 §2.5).
        meetings = meetings.filter(Q(caseworker=caseworker) | Q(case_id__in=case_ids))
    meeting_rows = list(
        meetings.values("case_id", "caseworker_id", "status", "kind", "duration_minutes")
    )

    def counted(m) -> bool:
        """Whose work the meeting is: in her own view only her own meetings are counted."""
        return caseworker is None or m["caseworker_id"] == caseworker.pk

    worker_ids = {c["assigned_caseworker_id"] for c in case_rows} | {
        m["caseworker_id"] for m in meeting_rows if counted(m)
    }
    users = {u.pk: u for u in User.objects.filter(pk__in=worker_ids)}
    unit_of_worker: dict[int, int] = {}
    for c in case_rows:
        unit_of_worker.setdefault(c["assigned_caseworker_id"], c["unit_id"])
    targets = {u.pk: monthly_target(u, first) for u in Unit.objects.filter(pk__in=units)}
    default_target = rule["meetings_per_month"]

    rows: dict[int, WorkMonth] = {
        pk: WorkMonth(
            name=_name(user),
            target=targets.get(unit_of_worker.get(pk, 0), default_target),
            durations=[0] * (len(groups) + 1),
        )
        for pk, user in users.items()
    }
    per_case: dict[int, CaseMonth] = {}
    for c in case_rows:
        held_before = last_held.get(c["pk"])
        due_on = due_after(
            timezone.localtime(held_before).date() if held_before else None,
            c["opened_on"],
            intervals.get(c["pk"], rule_interval),
        )
        per_case[c["pk"]] = CaseMonth(c["pk"], c["number"], due_on, due_on <= last)
        row = rows[c["assigned_caseworker_id"]]
        row.cases += 1
        row.due += due_on <= last

    for m in meeting_rows:
        one = per_case.get(m["case_id"])
        if one is not None:
            setattr(one, m["status"], getattr(one, m["status"]) + 1)
        if not counted(m):
            continue
        row = rows[m["caseworker_id"]]
        if m["status"] == MeetingStatus.BOOKED:
            row.booked += 1
        elif m["status"] == MeetingStatus.MISSED:
            row.missed += 1
        elif m["status"] == MeetingStatus.HELD:
            row.held += 1
            row.by_kind[m["kind"]] += 1
            row.minutes += m["duration_minutes"]
            row.durations[duration_group(m["duration_minutes"], groups)] += 1
    owner = {c["pk"]: c["assigned_caseworker_id"] for c in case_rows}
    for one in per_case.values():
        if one.due and one.met:
            rows[owner[one.case_id]].due_met += 1

    extra_kinds: dict[str, str] = {}
    sources = CONTACT_SOURCES if contacts is None else list(contacts)
    for source in sources:
        for work in source(list(rows), first):
            if work.user_id not in rows:
                continue
            rows[work.user_id].by_kind[work.kind] += 1
            extra_kinds.setdefault(work.kind, str(work.label))
            if work.minutes:
                rows[work.user_id].minutes += work.minutes

    ordered = sorted(rows.values(), key=lambda r: r.name)
    total = WorkMonth(name=str(_("Hela enheten")), durations=[0] * (len(groups) + 1))
    for row in ordered:
        total.add(row)
    kinds = [(k.value, str(k.label)) for k in MeetingKind] + list(extra_kinds.items())
    for row in [*ordered, total]:
        row.kind_list = [row.by_kind.get(code, 0) for code, _label in kinds]
    listed = sorted(per_case.values(), key=lambda c: (not c.due, c.due_on, c.number))
    return MonthView(
        month=first,
        rows=ordered,
        total=total,
        kinds=kinds,
        duration_labels=[str(label) for label in duration_labels(groups)],
        cases=listed if caseworker is not None else [],
    )
