"""`ekb payments prepare|run --date YYYY-MM-DD [--municipality CODE] [--out PATH]`.

`prepare` takes the day's planned payments into runs, one per unit (the system prepares them, e.g.
from cron in the morning); each unit's section manager attests its run in the payment list
(/handlaggare/utbetalningar/). `run` prepares what is not yet prepared and writes the payment file
of each ATTESTED run of the day (a run not yet attested gets no file: the command names it and its
unit and exits with an error; the attested ones get their files all the same).

Prints counts and sums only, never a name or an account. Running it again for the same date makes
no payment twice: with nothing new to pay it writes the existing run's file again, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ekb.accounts.models import Municipality
from ekb.audit.models import Channel
from ekb.payments.models import Payment, PaymentRun
from ekb.payments.runs import do_make_payment_file, do_prepare_payment_run


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Datumet ska skrivas ÅÅÅÅ-MM-DD, inte {text!r}.") from None


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: a reader never sees half a payment file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _payments(count: int) -> str:
    return f"{count} utbetalning" if count == 1 else f"{count} utbetalningar"


def _transfers(count: int) -> str:
    return f"{count} överföring" if count == 1 else f"{count} överföringar"


def _unit(run: PaymentRun) -> str:
    return run.unit.name if run.unit is not None else "flera enheter"


def _kronor(amount) -> str:
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",")


class Command(BaseCommand):
    help = "Utbetalningar: skapar betalfilen (ISO 20022 pain.001) för en utbetalningsdag."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for name, text in (
            ("prepare", "förbered utbetalningarna för en utbetalningsdag (attesteras sedan)"),
            ("run", "skapa betalfilen för de attesterade utbetalningarna en utbetalningsdag"),
        ):
            command = sub.add_parser(name, help=text)
            command.add_argument(
                "--date", type=_date, required=True, help="utbetalningsdag, ÅÅÅÅ-MM-DD"
            )
            command.add_argument(
                "--municipality",
                default=None,
                help="kommunkod (behövs när det finns fler än en kommun)",
            )
            if name == "run":
                command.add_argument(
                    "--out",
                    type=Path,
                    default=None,
                    help="filen att skriva (standard: <meddelande-id>.xml i aktuell katalog; "
                    "fler filer samma dag får meddelande-id:t i namnet)",
                )

    def handle(self, *args, subcommand, **options):
        municipality = self._municipality(options["municipality"])
        try:
            self._prepare(municipality, options["date"])
            if subcommand == "run":
                self._run(municipality, options["date"], options["out"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _municipality(self, code: str | None) -> Municipality:
        if code:
            try:
                return Municipality.objects.get(code=code)
            except Municipality.DoesNotExist:
                raise CommandError(f"Det finns ingen kommun med koden {code!r}.") from None
        found = list(Municipality.objects.order_by("code")[:2])
        if len(found) != 1:
            raise CommandError("Ange kommunen med --municipality KOD.")
        return found[0]

    def _prepare(self, municipality: Municipality, pay_date: dt.date) -> None:
        for urgent in (True, False):
            result = do_prepare_payment_run(
                municipality, pay_date, acting_user=None, urgent=urgent, channel=Channel.CLI
            )
            if result.missing_account:
                self.stderr.write(
                    f"{_payments(len(result.missing_account))} saknar konto för utbetalning och "
                    "togs inte med; de ligger kvar som planerade."
                )
            for run in result.runs if result.created else ():
                lines = Payment.objects.filter(payment_run=run.message_id).count()
                self.stdout.write(
                    f"Förberett {run.message_id} ({_unit(run)}): {_payments(lines)} "
                    f"i {_transfers(run.payment_count)}, {_kronor(run.total)} kr. "
                    "Väntar på attest av enhetens sektionschef."
                )

    def _run(self, municipality: Municipality, pay_date: dt.date, out: Path | None) -> None:
        runs = list(
            PaymentRun.objects.filter(
                municipality=municipality, pay_date=pay_date, reopened_at__isnull=True
            )
            .select_related("unit")
            .order_by("created_at", "pk")
        )
        if not runs:
            self.stdout.write(f"Inga utbetalningar att betala {pay_date.isoformat()}.")
            return
        waiting = [run for run in runs if run.attested_at is None]
        attested = [run for run in runs if run.attested_at is not None]
        for run in attested:
            result = do_make_payment_file(run, acting_user=None, channel=Channel.CLI)
            run = result.run
            path = out if (out and len(attested) == 1) else None
            if path is None:
                path = (
                    (out.parent / f"{run.message_id}.xml") if out else Path(f"{run.message_id}.xml")
                )
            _write(path, bytes(run.file))
            what = "Ny betalfil" if result.created else "Inget nytt att betala; befintlig betalfil"
            self.stdout.write(
                f"{what} {run.message_id}: {_transfers(run.payment_count)}, "
                f"{_kronor(run.total)} kr, skriven till {path}."
            )
        if waiting:
            names = ", ".join(f"{run.message_id} ({_unit(run)})" for run in waiting)
            raise CommandError(
                f"{names} är inte attesterad och får ingen betalfil. Enhetens sektionschef "
                "attesterar i utbetalningslistan; kör sedan kommandot igen."
            )
