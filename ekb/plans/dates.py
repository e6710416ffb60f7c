"""The plan's dates: a follow-up within the rule's months, never in the past."""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ekb.lib.swedish_calendar import is_working_day
from ekb.plans.rules import follow_up_max_months


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it is shorter (30 Nov + 3 = 28 Feb
    or 29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def latest_follow_up(today: dt.date) -> dt.date:
    return add_months(today, follow_up_max_months(today))


def check_follow_up_date(due_on: dt.date | None, today: dt.date, field: str = "follow_up_on"):
    """Refuse a missing date, a date in the past, a date further ahead than the rule allows and a
    day that is not a working day (weekend or holiday)."""
    if due_on is None:
        raise ValidationError({field: _("Ange ett datum för uppföljningen (ÅÅÅÅ-MM-DD).")})
    if due_on < today:
        raise ValidationError(
            {field: _("Datumet för uppföljningen har redan passerat. Välj i dag eller senare.")}
        )
    last = latest_follow_up(today)
    if due_on > last:
        raise ValidationError(
            {
                field: _(
                    "Planen ska följas upp inom %(months)s månader. Välj ett datum senast %(last)s."
                )
                % {"months": follow_up_max_months(today), "last": last.isoformat()}
            }
        )
    # The follow-up is a meeting with the client: the office is closed on weekends and holidays.
    if not is_working_day(due_on):
        raise ValidationError(
            {field: _("Välj en arbetsdag: %(day)s är helgdag.") % {"day": due_on.isoformat()}}
        )


def follow_up_limit(plan) -> dt.date | None:
    """The last day the plan's next follow-up may be held: the rule's months after the latest
    follow-up held, or after the plan was established when none has been held since (a new
    version is established at a held meeting with the client, so that counts too). None while
    no version is established. Counted from these facts, never from the day of a rebooking."""
    held = plan.follow_ups.filter(held_on__isnull=False).aggregate(day=Max("held_on"))["day"]
    established = plan.versions.filter(established_at__isnull=False).aggregate(
        at=Max("established_at")
    )["at"]
    anchors = [day for day in (held, established and timezone.localdate(established)) if day]
    if not anchors:
        return None
    anchor = max(anchors)
    return add_months(anchor, follow_up_max_months(anchor))
