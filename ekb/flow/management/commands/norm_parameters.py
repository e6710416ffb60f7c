"""`ekb norm parameters add TABLE.yaml` and `ekb norm parameters status`.

Loading a new year's norm amounts is a checked step: the table is read and checked, compared
row by row with the amounts in force the day before, and only written (as dated periods in the
installation's layer, EKB_NORM_PARAMETERS_DIR) with --write or after a "j" at the prompt.
Without either it is a dry run. Calculations that waited for the amounts are then started.
The checks and the files are ekb.integrations.norm_tables (pure); this command only talks.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ekb.integrations import norm_tables as publish
from ekb.norm.engine import parameter_layers, reload_parameters
from ekb.norm.store import DEFAULT_DIR, ParameterStore

STATUS_TEXT = {
    "new": "ny period från {date}",
    "unchanged": "oförändrad (samma tabell är redan inläst)",
    "replaced": "ersatte perioden från {date} (en annan tabell för samma datum fanns)",
}


def _calculations(count: int) -> str:
    return f"{count} väntande beräkning" if count == 1 else f"{count} väntande beräkningar"


class Command(BaseCommand):
    help = "Normbelopp: läs in ett nytt års riksnorm (add) eller visa vilka år som finns (status)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        add = sub.add_parser("add", help="kontrollera och läs in regeringens tabell (YAML)")
        add.add_argument("table", type=Path, help="tabellen, se ekb/norm/parameters/README.md")
        add.add_argument(
            "--to",
            type=Path,
            default=None,
            help="katalogen att skriva till (standard: EKB_NORM_PARAMETERS_DIR)",
        )
        mode = add.add_mutually_exclusive_group()
        mode.add_argument("--write", action="store_true", help="skriv utan att fråga")
        mode.add_argument("--dry-run", action="store_true", help="visa bara skillnaderna")
        add.add_argument(
            "--accept-large-change",
            metavar="SKÄL",
            default=None,
            help="godta ändringar över ±15 %% och skriv skälet i parametrarna",
        )
        add.add_argument(
            "--replace-in-force",
            metavar="SKÄL",
            default=None,
            help="godta att tabellen ändrar belopp som redan gäller (en rättelse) och skriv skälet",
        )
        status = sub.add_parser("status", help="vilka år har alla normbelopp")
        status.add_argument(
            "--to",
            type=Path,
            default=None,
            help="katalogen med inlästa belopp (standard: EKB_NORM_PARAMETERS_DIR)",
        )

    def handle(self, *args, subcommand, **options):
        configured = getattr(settings, "EKB_NORM_PARAMETERS_DIR", "")
        target = options["to"] or (Path(configured) if configured else None)
        if subcommand == "add":
            if target is None:
                raise CommandError("EKB_NORM_PARAMETERS_DIR är inte satt; ange katalog med --to.")
            self._add(options, target)
        else:
            self._status(target)

    def _store(self, target: Path | None) -> ParameterStore:
        # What the engine reads, plus the target (the amounts being compared or listed).
        layers = [p for p in dict.fromkeys([*parameter_layers(), target]) if p and p.is_dir()]
        return ParameterStore(DEFAULT_DIR, *layers)

    def _add(self, options, target: Path) -> None:
        store = self._store(target)
        try:
            table = publish.parse_table(publish.read_table(options["table"]), store)
        except OSError as exc:
            raise CommandError(f"Kan inte läsa {options['table']}: {exc}") from None
        except publish.TableError as exc:
            problems = "\n".join(f"  - {p}" for p in exc.problems)
            raise CommandError(f"Tabellen kan inte läsas in:\n{problems}") from None
        changes = publish.changes(table, store)
        self.stdout.write(publish.render_changes(table, changes))
        in_force = publish.rewrites_in_force(table, store, timezone.localdate())
        correction = (options["replace_in_force"] or "").strip()
        if in_force and not correction:
            raise CommandError(
                f"Tabellen gäller från {table.valid_from} och ändrar belopp som redan gäller "
                f"({', '.join(in_force)}); beräkningar och beslut har gjorts med dem. Är det en "
                'rättelse, kör igen med --replace-in-force "skäl".'
            )
        large = [c for c in changes if c.large]
        reason = (options["accept_large_change"] or "").strip()
        if large and not reason:
            raise CommandError(
                f"{len(large)} rader ändras mer än ±15 % (eller har inget att jämföra med). "
                "Kontrollera mot författningen; är beloppen rätt, kör igen med "
                '--accept-large-change "skäl".'
            )
        if not self._confirmed(options):
            self.stdout.write("Provkörning: inget skrevs. Lägg till --write för att läsa in.")
            return
        new = publish.periods(table, reason if large else None, correction or None)
        status = publish.write_periods(target, new)
        for name, outcome in status.items():
            text = STATUS_TEXT[outcome].format(date=table.valid_from)
            self.stdout.write(f"{name}.yaml: {text}")
        self.stdout.write(f"Normbeloppen finns i {target}.")
        if target not in parameter_layers():
            self.stdout.write(
                "Obs: katalogen är inte EKB_NORM_PARAMETERS_DIR; beräkningarna använder inte "
                "de här beloppen förrän de ligger där."
            )
        # Read the new amounts in this process now, not at the next periodic check, so the
        # calculations started below see them.
        reload_parameters()
        from ekb.flow.journey import resume_waiting_calculations

        started = resume_waiting_calculations()
        self.stdout.write(f"Startade {_calculations(started)}.")

    def _confirmed(self, options) -> bool:
        if options["write"]:
            return True
        if options["dry_run"] or not sys.stdin.isatty():
            return False
        answer = input("Läsa in beloppen? [j/N] ").strip().lower()
        return answer in {"j", "ja", "y", "yes"}

    def _status(self, target: Path | None) -> None:
        store = self._store(target)
        today = timezone.localdate()
        self.stdout.write("Normbelopp per år (alla parametrar för varje månad):")
        for year, missing in publish.coverage(store, max(today.year + 1, _last_year(store))):
            text = "komplett" if not missing else "saknas: " + ", ".join(missing)
            self.stdout.write(f"  {year}  {text}")
        year = publish.missing_year(store, today)
        if year:
            self.stdout.write(
                f"Beloppen för {year} är inte inlästa. "
                "Läs in dem med: ekb norm parameters add TABELL.yaml"
            )
        else:
            self.stdout.write(f"Beloppen för {today.year + 1} är inlästa.")


def _last_year(store: ParameterStore) -> int:
    return max(p.valid_from.year for name in store.names() for p in store.periods(name))
