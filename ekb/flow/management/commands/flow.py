"""`ekb flow status` and `ekb flow retry`: see and run again the journey's steps that are not done.

Prints ids, steps and reasons only, never personal data."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from ekb.flow.activity_requirement import flag_activity_requirement
from ekb.flow.failures import REASON_CODES
from ekb.flow.fas_morning import fas_morning
from ekb.flow.journey import retry_steps
from ekb.flow.models import StepRun, StepStatus
from ekb.flow.waiting import send_delay_notices
from ekb.lib.ids import parse_id


def _application_id(raw: str) -> int:
    """An application id the database can hold (a larger number is an error, not an overflow)."""
    value = parse_id(raw)
    if value is None:
        raise CommandError(
            f"--application ska vara ett ansökans-id (ett positivt heltal), fick {raw!r}."
        )
    return value


class Command(BaseCommand):
    help = "Visa eller kör om steg i ansökans väg som inte är klara."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="steg som väntar eller misslyckades, per steg och orsak")
        sub.add_parser(
            "delay-notices",
            help="meddela klienter vars ansökan passerat sitt måldatum utan beslut (en gång)",
        )
        sub.add_parser(
            "activity-requirement",
            help="öppna en uppgift för varje klient som nått aktivitetskravet (en gång)",
        )
        sub.add_parser(
            "fas-morning",
            help="schablonberäkningar inför dagens och nästa arbetsdags möten; uppföljningar som ska göras",
        )
        retry = sub.add_parser("retry", help="kör om misslyckade (och gamla väntande) steg")
        retry.add_argument("--application", type=str, help="bara den här ansökans steg (id)")
        retry.add_argument(
            "--reason", choices=REASON_CODES, help="bara steg med den här orsakskoden"
        )
        retry.add_argument(
            "--pending-minutes",
            type=int,
            default=10,
            help="kör också steg som väntat längre än så här många minuter (0: alla väntande)",
        )

    def handle(self, *args, action, **options):
        if action == "status":
            return self._status()
        if action == "delay-notices":
            sent = send_delay_notices()
            self.stdout.write(f"{sent} meddelanden om försenat beslut skickades.")
            return None
        if action == "activity-requirement":
            opened = flag_activity_requirement()
            self.stdout.write(f"{opened} uppgifter om aktivitetskravet öppnades.")
            return None
        if action == "fas-morning":
            run = fas_morning()
            self.stdout.write(
                f"{run.calculations} schablonberäkningar gjordes, "
                f"{run.follow_ups} uppföljningar av planer väntar."
            )
            return None
        return self._retry(**options)

    def _status(self):
        rows = (
            StepRun.objects.exclude(status=StepStatus.DONE)
            .values("step", "status", "reason_code")
            .annotate(n=Count("id"))
            .order_by("step", "status", "reason_code")
        )
        if not rows:
            self.stdout.write("Alla steg är klara.")
        for row in rows:
            reason = f" ({row['reason_code']})" if row["reason_code"] else ""
            self.stdout.write(f"{row['step']:<22} {row['status']:<8} {row['n']:>6}{reason}")

    def _retry(self, *, application=None, reason=None, pending_minutes=10, **_):
        stale = timezone.now() - dt.timedelta(minutes=pending_minutes)
        runs = StepRun.objects.filter(status=StepStatus.FAILED) | StepRun.objects.filter(
            status=StepStatus.PENDING, updated_at__lte=stale
        )
        if application is not None:
            application = _application_id(application)
            runs = runs.filter(application_id=application)
            if (
                not runs.exists()
                and not StepRun.objects.filter(application_id=application).exists()
            ):
                raise CommandError(f"Ansökan {application} har inga steg.")
        if reason:
            runs = runs.filter(reason_code=reason)
        count = retry_steps(runs.select_related("application").order_by("id"))
        remaining = StepRun.objects.filter(status=StepStatus.FAILED).count()
        self.stdout.write(f"{count} steg kördes om; {remaining} misslyckade steg återstår.")
