"""Open phone hours and logged calls and messages (FAS: every caseworker has open phone hours,
seed 003 L347; a simple call log, seed 003 proposal 9).

Phone hours are each caseworker's own, set on her settings page and shown to her clients in the
e-service. A call or message is logged on the case it concerns and counts as client work in the
month view (``contacts_in_month``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.lib.months import month_end
from ekb.meetings.models import ContactDirection, ContactKind, ContactLog, PhoneHours, Weekday

MAX_CALL_MINUTES = 240  # a longer "call" is a typing slip, not client work
MAX_NOTE = 2000


# --- phone hours ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DayHours:
    weekday: int
    starts: dt.time | None
    ends: dt.time | None

    @property
    def day_name(self) -> str:
        return str(Weekday(self.weekday).label)


def phone_hours_of(user) -> list[PhoneHours]:
    """The staff member's phone hours, Monday first (empty when she has set none)."""
    if user is None:
        return []
    return list(PhoneHours.objects.filter(user=user).order_by("weekday", "starts"))


def week_of(user) -> list[DayHours]:
    """Every weekday with its hours or none: what the settings form shows."""
    rows = {row.weekday: row for row in phone_hours_of(user)}
    return [
        DayHours(
            day, rows[day].starts if day in rows else None, rows[day].ends if day in rows else None
        )
        for day in Weekday.values
    ]


@transaction.atomic
def do_set_phone_hours(user, days: dict[int, tuple[dt.time | None, dt.time | None]]) -> None:
    """Replace the staff member's phone hours with ``days`` (weekday -> (starts, ends); both
    empty = no phone hours that day). All or nothing: one wrong day saves none of them."""
    errors: dict[str, list[str]] = {}
    wanted = []
    for weekday, (starts, ends) in sorted(days.items()):
        if weekday not in Weekday.values:
            errors.setdefault("__all__", []).append(
                str(_("Telefontid går att ange måndag–fredag."))
            )
            continue
        if starts is None and ends is None:
            continue
        name = Weekday(weekday).label
        if starts is None or ends is None:
            errors[f"day_{weekday}"] = [
                str(_("Ange både från och till för %(day)s.") % {"day": name})
            ]
        elif ends <= starts:
            errors[f"day_{weekday}"] = [
                str(_("Telefontiden %(day)s måste sluta efter att den börjar.") % {"day": name})
            ]
        else:
            wanted.append(PhoneHours(user=user, weekday=weekday, starts=starts, ends=ends))
    if errors:
        raise ValidationError(errors)
    PhoneHours.objects.filter(user=user).delete()
    PhoneHours.objects.bulk_create(wanted)
    # Her own settings, no case: the log still says who changed what kind of thing.
    record(action=Action.CHANGE_OWN_SETTINGS, user=user, detail={"phone_hours": len(wanted)})


# --- calls and messages --------------------------------------------------------------------


@transaction.atomic
def do_log_contact(
    case,
    *,
    kind: str,
    direction: str,
    at: dt.datetime | None,
    duration_minutes: int | None = None,
    note: str = "",
    acting_user,
    channel=Channel.WEB,
) -> ContactLog:
    """Log a call or a message with the client on the case (it happened; nothing is sent)."""
    errors: dict[str, str] = {}
    if kind not in ContactKind.values:
        errors["kind"] = str(_("Välj samtal eller meddelande."))
    if direction not in ContactDirection.values:
        errors["direction"] = str(_("Välj om klienten hörde av sig eller du."))
    if at is None:
        errors["at"] = str(_("Ange när det var."))
    elif at > timezone.now():
        errors["at"] = str(_("Ett samtal kan inte loggas framåt i tiden."))
    if duration_minutes is not None and not 0 < duration_minutes <= MAX_CALL_MINUTES:
        errors["duration_minutes"] = str(
            _("Längden anges i minuter, 1–%(max)s.") % {"max": MAX_CALL_MINUTES}
        )
    if len(note) > MAX_NOTE:
        errors["note"] = str(_("Anteckningen får vara högst %(max)s tecken.") % {"max": MAX_NOTE})
    if errors or at is None:
        raise ValidationError(errors)
    entry = ContactLog.objects.create(
        case=case,
        kind=kind,
        direction=direction,
        at=at,
        duration_minutes=duration_minutes,
        note=note.strip(),
        by=acting_user,
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)
    return entry


def case_contacts(case, count: int = 20) -> list[ContactLog]:
    """The case's logged calls and messages, the latest first (for a case the caller opened
    through its door)."""
    return list(
        ContactLog.objects.filter(case=case).select_related("by").order_by("-at", "-id")[:count]
    )


def contacts_in_month(user_ids, month: dt.date) -> dict[int, list[ContactLog]]:
    """The calls and messages each user logged in the month (any day of it), for the month
    view's count of client work. Every user asked for has a list, empty when she logged none."""
    first = timezone.make_aware(dt.datetime.combine(month.replace(day=1), dt.time.min))
    last = timezone.make_aware(dt.datetime.combine(month_end(month), dt.time.max))
    result: dict[int, list[ContactLog]] = defaultdict(list)
    for user_id in user_ids:
        result[user_id] = []
    rows = ContactLog.objects.filter(by_id__in=list(user_ids), at__range=(first, last)).order_by(
        "at", "id"
    )
    for row in rows:
        result[row.by_id].append(row)
    return dict(result)


@dataclass(frozen=True)
class ContactPerson:
    """A member of staff the client can call, with her role in the case and her phone hours."""

    user: object
    role: str
    hours: list[PhoneHours]


def contact_people(case) -> list[ContactPerson]:
    """Who the client can call about her case: the caseworker and, when the work is split, the
    labour-market officer, each with her phone hours (for the client's own case)."""
    if case is None:
        return []
    people = []
    if case.assigned_caseworker_id:
        people.append((case.assigned_caseworker, str(_("Handläggare"))))
    if case.labour_market_officer_id:
        people.append((case.labour_market_officer, str(_("Arbetsmarknadssekreterare"))))
    return [ContactPerson(user, role, phone_hours_of(user)) for user, role in people]
