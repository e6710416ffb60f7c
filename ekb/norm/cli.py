"""``ekb norm calculate FILE|-`` and ``ekb norm explain FILE|-``.

Reads one household-month (JSON, contract v1). ``calculate`` prints the result as JSON (the
five totals as decimal strings, the rows, warnings and versions); ``explain`` prints a
Swedish table. Bad input: exit status 2, the error on stderr, nothing on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from ekb.norm.engine import calculate
from ekb.norm.errors import HouseholdError
from ekb.norm.explain import explain
from ekb.norm.rules.guidelines import load_guidelines

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 too; keep stdout clean
        self.print_usage(sys.stderr)
        print(f"fel: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ekb norm", description="Beräkna försörjningsstöd för en hushållsmånad.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("calculate", "skriv ut beräkningen som JSON"),
        ("explain", "skriv ut beräkningen som en läsbar tabell"),
    ):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("file", help="hushållsmånad som JSON (household-month v1), '-' för stdin")
        cmd.add_argument("--guidelines", help="kommunens riktlinjer (YAML), valfritt")
    return parser


def _read(source: str) -> Any:
    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    # Decimal, not float, for every number: amounts are money.
    return json.loads(text, parse_float=Decimal)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return EXIT_BAD_INPUT


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        household = _read(args.file)
    except OSError as exc:
        return _fail(f"fel: kan inte läsa {args.file}: {exc.strerror or exc}")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return _fail(f"fel: {args.file} är inte giltig JSON: {exc}")
    try:
        guidelines = load_guidelines(args.guidelines) if args.guidelines else None
        result = calculate(household, guidelines=guidelines)
    except HouseholdError as exc:
        return _fail(f"fel i {exc.path}: {exc.message_sv}\nerror in {exc.path}: {exc.message}")
    except OSError as exc:
        return _fail(f"fel: kan inte läsa riktlinjerna: {exc}")
    if args.command == "calculate":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(explain(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
