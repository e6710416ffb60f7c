"""The meeting rule (rules/meetings.yaml): "as a rule once a month", the monthly target per
caseworker, the working hours a meeting is booked in, and a case's own interval with its reason.

`next_meeting_due(case, today)` is the date the case is due to be met by its rule: the latest held
meeting plus the case's interval (or the case's opening day plus it, before any meeting)."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.meetings.choices import MeetingStatus
from ekb.meetings.models import Meeting, MeetingFrequency, MeetingTarget

RULES_FILE = Path(__file__).parent / "rules" / "meetings.yaml"
LONGEST_INTERVAL_MONTHS = 12


@functools.cache
def _versions() -> list[dict]:
    with RULES_FILE.open(encoding="utf-8") as fh:
        return sorted(yaml.safe_load(fh)["versions"], key=lambda v: v["valid_from"])


def meeting_rule(on: dt.date) -> dict:
    """The rule in force on the day (the first version for a day before all of them)."""
    in_force = [v for v in _versions() if v["valid_from"] <= on] or _versions()[:1]
    return in_force[-1]


def working_hours(on: dt.date) -> tuple[dt.time, dt.time]:
    hours = meeting_rule(on)["working_hours"]
    return dt.time.fromisoformat(hours["starts"]), dt.time.fromisoformat(hours["ends"])


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or that month's last day when it is shorter (31 January
    plus one month is 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- a case's interval ---------------------------------------------------------------------------


def frequency_in_force(case, on: dt.date) -> MeetingFrequency | None:
    return (
        MeetingFrequency.objects.filter(case=case, valid_from__lte=on)
        .order_by("-valid_from", "-set_at", "-id")
        .first()
    )


def interval_months(case, on: dt.date) -> int:
    """The case's own interval when one is in force, else the rule's."""
    own = frequency_in_force(case, on)
    return own.interval_months if own else meeting_rule(on)["interval_months"]


@transaction.atomic
def do_set_meeting_frequency(
    case,
    *,
    interval_months: int | None,
    reason: str,
    valid_from: dt.date | None,
    acting_user,
    channel=Channel.WEB,
) -> MeetingFrequency:
    """Record a case's own meeting interval: an exception to the rule needs its reason."""
    errors = {}
    if not interval_months or not 1 <= interval_months <= LONGEST_INTERVAL_MONTHS:
        errors["interval_months"] = _("Ange hur många månader det ska gå mellan mötena (1–12).")
    if not (reason or "").strip():
        errors["reason"] = _(
            "Skriv skälet till att klienten ska träffas med en annan täthet än regeln."
        )
    if valid_from is None:
        errors["valid_from"] = _("Ange från vilket datum tätheten gäller.")
    if errors:
        raise ValidationError(errors)
    assert interval_months is not None and valid_from is not None  # checked above
    frequency = MeetingFrequency.objects.create(
        case=case,
        interval_months=interval_months,
        reason=reason.strip(),
        valid_from=valid_from,
        set_by=acting_user,
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)
    return frequency


# --- when a case is due ----------------------------------------------------------------------------


def last_held_on(case, before: dt.date) -> dt.date | None:
    """The day of the case's latest held meeting on or before ``before``."""
    meeting = (
        Meeting.objects.filter(
            case=case, status=MeetingStatus.HELD, starts_at__lt=_start_of(before + ONE_DAY)
        )
        .order_by("-starts_at")
        .first()
    )
    return timezone.localtime(meeting.starts_at).date() if meeting else None


def due_after(held_on: dt.date | None, opened_on: dt.date, months: int) -> dt.date:
    """The pure rule: the last held meeting (or the opening day) plus the interval."""
    return add_months(held_on or opened_on, months)


def next_meeting_due(case, today: dt.date) -> dt.date:
    """The date the case is due to be met by its rule, as of ``today`` (may be in the past: then
    the client is overdue)."""
    held_on = last_held_on(case, today)
    return due_after(held_on, case.opened_on, interval_months(case, today))


# --- the target ------------------------------------------------------------------------------------


def monthly_target(unit, month: dt.date) -> int:
    """Meetings per caseworker and month: the unit's own target, else its municipality's, else
    the rule's; each the latest in force in the month."""
    last_day = add_months(month.replace(day=1), 1) - ONE_DAY
    for filters in ({"unit": unit}, {"municipality_id": unit.municipality_id}):
        own = (
            MeetingTarget.objects.filter(valid_from__lte=last_day, **filters)
            .order_by("-valid_from", "-set_at", "-id")
            .first()
        )
        if own is not None:
            return own.meetings_per_month
    return meeting_rule(month)["meetings_per_month"]


@transaction.atomic
def do_set_meeting_target(
    *,
    unit=None,
    municipality=None,
    meetings_per_month: int | None,
    valid_from: dt.date | None,
    acting_user,
) -> MeetingTarget:
    errors = {}
    if (unit is None) == (municipality is None):
        errors["__all__"] = _("Ett mål gäller antingen en kommun eller en enhet.")
    if meetings_per_month is None or not 1 <= meetings_per_month <= 200:
        errors["meetings_per_month"] = _("Ange antalet möten per handläggare och månad (1–200).")
    if valid_from is None:
        errors["valid_from"] = _("Ange från vilket datum målet gäller.")
    if errors:
        raise ValidationError(errors)
    assert meetings_per_month is not None and valid_from is not None  # checked above
    target = MeetingTarget.objects.create(
        unit=unit,
        municipality=municipality,
        meetings_per_month=meetings_per_month,
        valid_from=valid_from,
        set_by=acting_user,
    )
    record(action=Action.CHANGE_CASE, user=acting_user, detail={"meeting_target": target.pk})
    return target


ONE_DAY = dt.timedelta(days=1)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
