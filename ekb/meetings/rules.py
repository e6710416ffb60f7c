"""The meeting rule (rules/meetings.yaml): "as a rule once a month", the monthly target per
caseworker, the working hours a meeting is booked in, and a case's own interval with its reason.

`next_meeting_due(case, today)` is the date the case is due to be met by its rule: the latest held
meeting plus the case's interval (or the case's opening day plus it, before any meeting)."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.roles import Role
from ekb.audit.log import record
from ekb.audit.models import Action, Channel, Outcome
from ekb.cases.access import MANAGER_ROLES, may_see_case
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

LONGEST_INTERVAL_WEEKS = 4


@dataclass(frozen=True)
class Interval:
    """How often a case is due: every ``months`` months, or every ``weeks`` weeks."""

    months: int = 0
    weeks: int = 0

    def after(self, day: dt.date) -> dt.date:
        if self.weeks:
            return day + dt.timedelta(weeks=self.weeks)
        return add_months(day, self.months)

    def words(self) -> str:
        """How often, in words: "varje månad", "varannan vecka", "var 3:e månad"."""
        if self.weeks:
            if self.weeks == 1:
                return str(_("varje vecka"))
            if self.weeks == 2:
                return str(_("varannan vecka"))
            return str(_("var %(n)s:e vecka") % {"n": self.weeks})
        if self.months == 1:
            return str(_("varje månad"))
        if self.months == 2:
            return str(_("varannan månad"))
        return str(_("var %(n)s:e månad") % {"n": self.months})


def frequency_in_force(case, on: dt.date) -> MeetingFrequency | None:
    """The case's latest exception in force on the day, or None when it follows the rule (never
    had one, or was returned to the rule)."""
    latest = (
        MeetingFrequency.objects.filter(case=case, valid_from__lte=on)
        .select_related("set_by")
        .order_by("-valid_from", "-set_at", "-id")
        .first()
    )
    return latest if latest is not None and latest.is_exception else None


def interval_of(frequency: MeetingFrequency | None, on: dt.date) -> Interval:
    """The exception's interval, else the rule's (a row that returns to the rule is the rule)."""
    if frequency is not None and frequency.interval_weeks:
        return Interval(weeks=frequency.interval_weeks)
    if frequency is not None and frequency.interval_months:
        return Interval(months=frequency.interval_months)
    return Interval(months=meeting_rule(on)["interval_months"])


def case_interval(case, on: dt.date) -> Interval:
    return interval_of(frequency_in_force(case, on), on)


def interval_months(case, on: dt.date) -> int:
    """The case's own interval in months when one is in force, else the rule's (0 for an
    interval counted in weeks)."""
    return case_interval(case, on).months


def may_set_meeting_frequency(user, case) -> bool:
    """Staff who work the case: anyone who sees it through the unit-wide rule (its caseworker,
    the unit's caseworkers, senior caseworker, labour-market officer and section manager), on an
    open case. Seeing a case is decided in ekb.cases.access; this adds only "not closed"."""
    return case.closed_on is None and may_see_case(user, case)


def _refuse(user, *, case_id=None, detail=None, channel=Channel.WEB) -> NoReturn:
    record(
        action=Action.CHANGE_CASE,
        outcome=Outcome.DENIED,
        user=user,
        case_id=case_id,
        channel=channel,
        detail=detail or {},
    )
    raise PermissionDenied


def do_set_meeting_frequency(
    case,
    *,
    interval_months: int | None = None,
    interval_weeks: int | None = None,
    reason: str,
    valid_from: dt.date | None,
    acting_user,
    channel=Channel.WEB,
) -> MeetingFrequency:
    """Record a case's own meeting interval, in months or in weeks: an exception to the rule
    needs its reason. PermissionDenied (logged) for staff who may not work the case."""
    # The refusal is logged outside the transaction, so the denial stays in the access log.
    if not may_set_meeting_frequency(acting_user, case):
        _refuse(acting_user, case_id=case.pk, channel=channel)
    with transaction.atomic():
        return _set_frequency(
            case,
            interval_months=interval_months,
            interval_weeks=interval_weeks,
            reason=reason,
            valid_from=valid_from,
            acting_user=acting_user,
            channel=channel,
        )


def _set_frequency(
    case, *, interval_months, interval_weeks, reason, valid_from, acting_user, channel
) -> MeetingFrequency:
    errors = {}
    if interval_weeks is not None and interval_months is not None:
        errors["interval_months"] = _("Ange tätheten i antingen månader eller veckor.")
    elif interval_weeks is not None:
        if not 1 <= interval_weeks <= LONGEST_INTERVAL_WEEKS:
            errors["interval_weeks"] = _("Ange hur många veckor det ska gå mellan mötena (1–4).")
    elif not interval_months or not 1 <= interval_months <= LONGEST_INTERVAL_MONTHS:
        errors["interval_months"] = _("Ange hur många månader det ska gå mellan mötena (1–12).")
    if not (reason or "").strip():
        errors["reason"] = _(
            "Skriv skälet till att klienten ska träffas med en annan täthet än regeln."
        )
    if valid_from is None:
        errors["valid_from"] = _("Ange från vilket datum tätheten gäller.")
    if errors:
        raise ValidationError(errors)
    assert valid_from is not None  # checked above
    frequency = MeetingFrequency.objects.create(
        case=case,
        interval_months=interval_months,
        interval_weeks=interval_weeks,
        reason=reason.strip(),
        valid_from=valid_from,
        set_by=acting_user,
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)
    return frequency


def do_return_to_meeting_rule(
    case, *, valid_from: dt.date | None, note: str = "", acting_user, channel=Channel.WEB
) -> MeetingFrequency:
    """End the case's own interval: from ``valid_from`` the rule applies again. Kept as a row,
    so who did it and when stays beside the exceptions before it."""
    if not may_set_meeting_frequency(acting_user, case):
        _refuse(acting_user, case_id=case.pk, channel=channel)
    if valid_from is None:
        raise ValidationError({"valid_from": _("Ange från vilket datum regeln gäller igen.")})
    if frequency_in_force(case, valid_from) is None:
        raise ValidationError({"__all__": _("Ärendet följer redan regeln.")})
    with transaction.atomic():
        frequency = MeetingFrequency.objects.create(
            case=case, reason=note.strip(), valid_from=valid_from, set_by=acting_user
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


def due_after(held_on: dt.date | None, opened_on: dt.date, interval: Interval | int) -> dt.date:
    """The pure rule: the last held meeting (or the opening day) plus the interval (a number is
    months)."""
    if isinstance(interval, int):
        interval = Interval(months=interval)
    return interval.after(held_on or opened_on)


def next_meeting_due(case, today: dt.date) -> dt.date:
    """The date the case is due to be met by its rule, as of ``today`` (may be in the past: then
    the client is overdue)."""
    held_on = last_held_on(case, today)
    return due_after(held_on, case.opened_on, case_interval(case, today))


@dataclass
class CaseMeetingRule:
    """What the case page shows of the case's rhythm: the rule, the exception in force (with
    its reason and who set it), one set for later, and the day the client is next due."""

    rule_months: int
    own: MeetingFrequency | None
    coming: MeetingFrequency | None
    due_on: dt.date
    rule_words: str = ""
    own_words: str = ""


def case_meeting_rule(case, today: dt.date) -> CaseMeetingRule:
    """For a case the caller opened through its door."""
    coming = (
        MeetingFrequency.objects.filter(case=case, valid_from__gt=today)
        .select_related("set_by")
        .order_by("-valid_from", "-set_at", "-id")
        .first()
    )
    own = frequency_in_force(case, today)
    return CaseMeetingRule(
        rule_months=meeting_rule(today)["interval_months"],
        own=own,
        coming=coming,
        due_on=next_meeting_due(case, today),
        rule_words=interval_of(None, today).words(),
        own_words=interval_of(own, today).words() if own else "",
    )


# --- the target ------------------------------------------------------------------------------------


def monthly_target(unit, month: dt.date) -> int:
    """Meetings per caseworker and month: the unit's own target, else its municipality's, else
    the rule's; each the latest in force in the month."""
    return target_source(unit, month)[0]


def may_set_unit_target(user, unit) -> bool:
    """Only a section manager of the unit sets the unit's own target."""
    return bool(
        user and user.is_authenticated and user.is_active
    ) and unit.pk in user.units_with_roles(MANAGER_ROLES)


def may_set_municipality_target(user, municipality) -> bool:
    """The municipality's target is the administrators' (systemförvaltare) of the municipality:
    it is set for every unit, above any one section manager."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.municipality_id == municipality.pk
        and user.has_role(Role.ADMINISTRATOR)
    )


def do_set_meeting_target(
    *,
    unit=None,
    municipality=None,
    meetings_per_month: int | None,
    valid_from: dt.date | None,
    acting_user,
    channel=Channel.WEB,
) -> MeetingTarget:
    """A unit's (or a municipality's) own monthly target per caseworker from ``valid_from``.
    PermissionDenied (logged) for anyone but a section manager of the unit (an administrator
    of the municipality for the municipality's target)."""
    if (unit is None) == (municipality is None):
        raise ValidationError({"__all__": _("Ett mål gäller antingen en kommun eller en enhet.")})
    allowed = (
        may_set_unit_target(acting_user, unit)
        if unit is not None
        else may_set_municipality_target(acting_user, municipality)
    )
    if not allowed:
        where = {"unit_id": unit.pk} if unit is not None else {"municipality_id": municipality.pk}
        _refuse(acting_user, detail={"meeting_target": where}, channel=channel)
    errors: dict[str, Any] = {}
    if meetings_per_month is None or not 1 <= meetings_per_month <= 200:
        errors["meetings_per_month"] = _("Ange antalet möten per handläggare och månad (1–200).")
    if valid_from is None:
        errors["valid_from"] = _("Ange från vilket datum målet gäller.")
    elif valid_from < timezone.localdate().replace(day=1):
        # A past month was counted against the target then in force; a target dated back into
        # it would rewrite what the caseworkers were measured against. This month may still be
        # set (from its first day).
        errors["valid_from"] = _(
            "Ett mål kan inte gälla från en tidigare månad. Välj ett datum från och med %(first)s."
        ) % {"first": timezone.localdate().replace(day=1).isoformat()}
    if errors:
        raise ValidationError(errors)
    assert meetings_per_month is not None and valid_from is not None  # checked above
    with transaction.atomic():
        target = MeetingTarget.objects.create(
            unit=unit,
            municipality=municipality,
            meetings_per_month=meetings_per_month,
            valid_from=valid_from,
            set_by=acting_user,
        )
        record(
            action=Action.CHANGE_CASE,
            user=acting_user,
            channel=channel,
            detail={"meeting_target": target.pk},
        )
    return target


@dataclass
class UnitTargets:
    """One unit's targets as its section manager sees them: the one in force this month, where
    it comes from, and the unit's own targets (set, coming, earlier) newest first."""

    unit: object
    in_force: int
    source: str  # "unit", "municipality" or "rule"
    own: list[MeetingTarget]


def target_source(unit, month: dt.date) -> tuple[int, str]:
    """The target in force in the month and whose it is (unit, municipality or the rule)."""
    last_day = add_months(month.replace(day=1), 1) - ONE_DAY
    for source, filters in (
        ("unit", {"unit": unit}),
        ("municipality", {"municipality_id": unit.municipality_id}),
    ):
        own = (
            MeetingTarget.objects.filter(valid_from__lte=last_day, **filters)
            .order_by("-valid_from", "-set_at", "-id")
            .first()
        )
        if own is not None:
            return own.meetings_per_month, source
    return meeting_rule(month)["meetings_per_month"], "rule"


def unit_targets(units, month: dt.date) -> list[UnitTargets]:
    """The section manager's units (already limited to hers by the caller), by name."""
    rows = []
    for unit in sorted(units, key=lambda u: u.name):
        in_force, source = target_source(unit, month)
        own = list(
            MeetingTarget.objects.filter(unit=unit)
            .select_related("set_by")
            .order_by("-valid_from", "-set_at", "-id")[:20]
        )
        rows.append(UnitTargets(unit, in_force, source, own))
    return rows


ONE_DAY = dt.timedelta(days=1)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
