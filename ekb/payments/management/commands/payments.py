"""`ekb payments run --date YYYY-MM-DD [--municipality CODE] [--out PATH]`: make the payment file.

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
from ekb.payments.actions import do_run_payments


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


def _kronor(amount) -> str:
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",")


class Command(BaseCommand):
    help = "Utbetalningar: skapar betalfilen (ISO 20022 pain.001) för en utbetalningsdag."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        run = sub.add_parser("run", help="skapa betalfilen för en utbetalningsdag")
        run.add_argument("--date", type=_date, required=True, help="utbetalningsdag, ÅÅÅÅ-MM-DD")
        run.add_argument(
            "--municipality",
            default=None,
            help="kommunkod (behövs när det finns fler än en kommun)",
        )
        run.add_argument(
            "--out",
            type=Path,
            default=None,
            help="filen att skriva (standard: <meddelande-id>.xml i aktuell katalog)",
        )

    def handle(self, *args, subcommand, **options):
        if subcommand == "run":
            self._run(options["date"], options["municipality"], options["out"])

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

    def _run(self, pay_date: dt.date, code: str | None, out: Path | None) -> None:
        municipality = self._municipality(code)
        try:
            result = do_run_payments(municipality, pay_date, acting_user=None, channel=Channel.CLI)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if result.missing_account:
            self.stderr.write(
                f"{_payments(len(result.missing_account))} saknar konto för utbetalning och "
                "togs inte med; de ligger kvar som planerade."
            )
        run = result.run
        if run is None:
            self.stdout.write(f"Inga utbetalningar att betala {pay_date.isoformat()}.")
            return
        path = out or Path(f"{run.message_id}.xml")
        _write(path, bytes(run.file))
        what = "Ny betalfil" if result.created else "Inget nytt att betala; befintlig betalfil"
        self.stdout.write(
            f"{what} {run.message_id}: {_payments(run.payment_count)}, "
            f"{_kronor(run.total)} kr, skriven till {path}."
        )
