"""`ekb demo`: build the demo municipality Ekbacka kommun (see ekb/demo/LOGINS.md)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ekb.demo.build import DEFAULT_SEED, DemoError, build_demo, demo_municipality
from ekb.demo.casework import ROBOT_LIMIT, configure, run_robot

SUMMARY_LABELS = [
    ("staff", "medarbetare"),
    ("households", "hushåll"),
    ("persons", "personer"),
    ("protected_persons", "personer med skyddade personuppgifter"),
    ("cases", "ärenden"),
    ("open_cases", "öppna ärenden"),
    ("application", "ansökningar"),
    ("applicationline", "ansökningsrader"),
    ("calculationsnapshot", "beräkningar"),
    ("decision", "beslut"),
    ("decisionline", "beslutsrader"),
    ("payment", "utbetalningar"),
    ("journalentry", "journalanteckningar"),
    ("caseevent", "händelser"),
    ("meeting", "möten"),
    ("contactlog", "loggade samtal och meddelanden"),
    ("phonehours", "telefontider"),
    ("plan", "genomförandeplaner"),
    ("planversion", "planversioner"),
    ("planfollowup", "uppföljningar av planen"),
    ("activityexemption", "undantag från aktivitetskravet"),
    ("activityschedule", "aktivitetsscheman"),
    ("activitysession", "aktivitetspass"),
    ("activityattendance", "närvaroregistreringar"),
    ("task", "uppgifter"),
]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Datumet ska skrivas ÅÅÅÅ-MM-DD, inte {text!r}.") from None


class Command(BaseCommand):
    help = "Bygger demokommunen Ekbacka kommun med personal, hushåll och 18 månaders historik."

    def add_arguments(self, parser):
        parser.add_argument(
            "--households", type=int, default=1500, help="antal hushåll (standard 1500)"
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="slumpfrö; samma frö ger samma data"
        )
        parser.add_argument(
            "--as-of",
            type=_date,
            default=None,
            help="dagens datum i demon, ÅÅÅÅ-MM-DD (standard i dag)",
        )
        parser.add_argument(
            "--reset", action="store_true", help="ta bort en befintlig demokommun först"
        )
        parser.add_argument(
            "--if-missing", action="store_true", help="gör ingenting om demokommunen redan finns"
        )

    def handle(self, *args, households, seed, as_of, reset, if_missing, **options):
        if reset and if_missing:
            raise CommandError("Välj antingen --reset eller --if-missing.")
        if households < 10:
            raise CommandError("Demon behöver minst 10 hushåll.")
        if if_missing and demo_municipality() is not None:
            return
        as_of = as_of or timezone.localdate()
        verbose = options["verbosity"] > 0
        self.stdout.write(
            f"Bygger demokommunen: {households} hushåll, frö {seed}, per {as_of:%Y-%m-%d}."
        )
        try:
            summary = build_demo(
                households=households,
                seed=seed,
                as_of=as_of,
                now=timezone.now(),  # built today: nothing after this moment
                reset=reset,
                progress=self.stdout.write if verbose else (lambda line: None),
            )
        except DemoError as error:
            raise CommandError(str(error)) from None
        municipality = demo_municipality()
        configure(municipality)
        if households <= ROBOT_LIMIT:
            run_robot(municipality, progress=self.stdout.write if verbose else (lambda line: None))
        else:
            self.stdout.write(f"Över {ROBOT_LIMIT} hushåll: robotens körning hoppas över.")
        self.stdout.write(self.style.SUCCESS(f"Klart på {summary.seconds:.0f} s."))
        for key, label in SUMMARY_LABELS:
            self.stdout.write(f"  {summary.counts.get(key, 0):>12,} {label}".replace(",", " "))
        self.stdout.write("Inloggningar: se ekb/demo/LOGINS.md (lösenord ekb-demo-2026).")
