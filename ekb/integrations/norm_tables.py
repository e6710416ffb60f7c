"""A new year's norm amounts: the government's table in, dated parameter periods out.

Loading next year's riksnorm is a checked, documented step, not a code change. ``ekb norm
parameters add TABLE.yaml`` (a Django command, ekb/flow/management/commands/norm_parameters.py)
does the talking; everything it decides lives here, pure: reading the table
(``parse_table``), comparing it with the amounts in force the day before (``changes``),
showing that (``render_changes``), turning it into periods shaped like the package files
(``periods``) and writing them into a layer directory (``write_periods``). The input format
is described in parameters/README.md, with an example in parameters/examples/.

``missing_on``, ``coverage``, ``missing_year`` and ``latest_complete_on`` answer "which
months can be calculated": for ``ekb norm parameters status``, the administrator's notice
and the e-service's estimate from the latest published year.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

from ekb.norm.store import DEFAULT_DIR, MissingParameter, ParameterStore

CHILDREN = "riksnorm/children"
ADULTS = "riksnorm/adults"
COMMON = "riksnorm/common_household_costs"
PRISBASBELOPP = "prisbasbelopp"
WRITTEN = (CHILDREN, ADULTS, COMMON, PRISBASBELOPP)

# A yearly uprating moves amounts by a few per cent; a larger step is more likely a typing
# error (a digit too many or too few) than a decision, so it needs --accept-large-change.
MAX_CHANGE = Decimal("0.15")

# The riksnorm table has rows for households of one to seven persons (more are derived).
HOUSEHOLD_SIZES = 7

# From this month the administrator is reminded that next year's amounts are missing.
NOTICE_FROM_MONTH = 11

ADULT_ROWS = (("single", "Vuxen, ensamstående"), ("cohabiting", "Vuxna, sambor (tillsammans)"))
TOP_KEYS = {
    "kind",
    "sfs",
    "valid_from",
    "legal_reference",
    "source",
    "children",
    "adults",
    "common_household_costs",
    "prisbasbelopp",
}
SFS = re.compile(r"SFS \d{4}:\d+")


class TableError(ValueError):
    """The table cannot be loaded; ``problems`` lists every reason, in Swedish."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Table:
    sfs: str
    valid_from: date
    legal_reference: str
    source: str
    # band key ("1-2") -> the band as in children.yaml (ages, label, amount, without_lunch)
    children: dict[str, dict[str, Any]]
    adults: dict[str, int]
    common: tuple[int, ...]  # persons 1..7
    prisbasbelopp: dict[str, Any] | None  # amount, sfs, legal_reference, source


@dataclass(frozen=True)
class Change:
    parameter: str
    row: str  # Swedish label
    before: int | None  # None: nothing in force the day before (a gap)
    after: int

    @property
    def percent(self) -> Decimal | None:
        if not self.before:
            return None
        return (Decimal(self.after - self.before) * 100 / self.before).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )

    @property
    def large(self) -> bool:
        """More than MAX_CHANGE either way, or nothing to compare with."""
        if self.before is None:
            return True
        return abs(self.after - self.before) > self.before * MAX_CHANGE


# -- reading and checking the table -------------------------------------------------------


def band_key(band: dict[str, Any]) -> str:
    low, high = band["min_age"], band["max_age"]
    return str(low) if low == high else f"{low}-{high}"


def reference_bands(store: ParameterStore, before: date) -> list[dict[str, Any]]:
    """The age bands of the latest children's table before ``before``: the rows a new table
    must have (the bands are data, like the amounts; a reform of them is not a yearly table)."""
    for period in reversed(store.periods(CHILDREN)):
        if period.valid_from < before and period.value is not None:
            return list(period.value["bands"])
    raise TableError(["det finns ingen tidigare tabell för barn att jämföra åldersgrupperna med"])


def _kronor(value: Any, where: str, problems: list[str]) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if value is None:
        problems.append(f"{where}: saknas")
    else:
        problems.append(f"{where}: ska vara ett helt positivt belopp i kronor, inte {value!r}")
    return None


def _text(doc: dict, key: str, problems: list[str], where: str = "") -> str:
    value = doc.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}{key}: saknas (text)")
        return ""
    return value.strip()


def read_table(path: Path | str) -> dict[str, Any]:
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TableError([f"{path} är inte giltig YAML: {exc}"]) from exc
    if not isinstance(doc, dict):
        raise TableError([f"{path}: ska vara en tabell med nycklar (sfs, valid_from, ...)"])
    return doc


def parse_table(doc: dict[str, Any], store: ParameterStore) -> Table:
    """The table, checked: every row there, whole positive kronor, in force from the first
    of a month. Raises TableError with every problem found, not only the first."""
    problems: list[str] = []
    for key in sorted(set(map(str, doc)) - TOP_KEYS):
        problems.append(f"{key}: okänd nyckel")
    if doc.get("kind", "riksnorm-table") != "riksnorm-table":
        problems.append("kind: ska vara riksnorm-table")
    sfs = _text(doc, "sfs", problems)
    if sfs and not SFS.fullmatch(sfs):
        problems.append(f"sfs: ska skrivas som 'SFS 2026:1234', inte {sfs!r}")
    valid_from = doc.get("valid_from")
    if not isinstance(valid_from, date):
        problems.append(f"valid_from: ska vara ett datum (ÅÅÅÅ-MM-DD), inte {valid_from!r}")
        raise TableError(problems)  # nothing else can be compared without the date
    if valid_from.day != 1:
        problems.append(f"valid_from: ska vara den första i en månad, inte {valid_from}")
    legal_reference = _text(doc, "legal_reference", problems)
    source = _text(doc, "source", problems)

    children: dict[str, dict[str, Any]] = {}
    given = {str(k).replace("–", "-"): v for k, v in (doc.get("children") or {}).items()}
    bands = reference_bands(store, valid_from)
    for band in bands:
        key = band_key(band)
        where = f"children.{key}"
        raw = given.pop(key, None)
        shape = {"min_age": band["min_age"], "max_age": band["max_age"], "label": band["label"]}
        # None: the table has no "utan lunch" amount for the band (7 years and older). A band
        # whose amount was ``unknown`` before still has the column: the new table must give it.
        if band.get("without_lunch") is None:
            if isinstance(raw, dict):
                problems.append(f"{where}: ska vara ett belopp (ingen kolumn utan lunch)")
                continue
            children[key] = {
                **shape,
                "amount": _kronor(raw, where, problems),
                "without_lunch": None,
            }
        else:
            if not isinstance(raw, dict):
                problems.append(f"{where}: ska ha with_lunch och without_lunch")
                continue
            children[key] = {
                **shape,
                "amount": _kronor(raw.get("with_lunch"), f"{where}.with_lunch", problems),
                "without_lunch": _kronor(
                    raw.get("without_lunch"), f"{where}.without_lunch", problems
                ),
            }
    for key in sorted(given):
        problems.append(f"children.{key}: okänd åldersgrupp")

    adults_raw = doc.get("adults") or {}
    adults = {key: _kronor(adults_raw.get(key), f"adults.{key}", problems) for key, _ in ADULT_ROWS}
    for key in sorted(set(map(str, adults_raw)) - {k for k, _ in ADULT_ROWS}):
        problems.append(f"adults.{key}: okänd rad")

    common_raw = {str(k): v for k, v in (doc.get("common_household_costs") or {}).items()}
    sizes = [str(n) for n in range(1, HOUSEHOLD_SIZES + 1)]
    common = tuple(
        _kronor(common_raw.get(n), f"common_household_costs.{n}", problems) for n in sizes
    )
    for key in sorted(set(common_raw) - set(sizes)):
        problems.append(f"common_household_costs.{key}: okänd hushållsstorlek (1–7)")

    pbb = doc.get("prisbasbelopp")
    prisbasbelopp = None
    if pbb is not None:
        if not isinstance(pbb, dict):
            problems.append("prisbasbelopp: ska ha amount, sfs och source")
        else:
            prisbasbelopp = {
                "amount": _kronor(pbb.get("amount"), "prisbasbelopp.amount", problems),
                "sfs": _text(pbb, "sfs", problems, "prisbasbelopp."),
                "source": _text(pbb, "source", problems, "prisbasbelopp."),
                "legal_reference": pbb.get("legal_reference")
                or _previous_reference(store, PRISBASBELOPP, valid_from),
            }
            if not prisbasbelopp["legal_reference"]:
                problems.append(
                    "prisbasbelopp.legal_reference: saknas (och inget tidigare år att ta den från)"
                )
    if problems:
        raise TableError(problems)
    # (Amounts that were None are reported as problems above, so none is left here.)
    adults_read = {key: _read(amount) for key, amount in adults.items()}
    common_read = tuple(map(_read, common))
    return Table(
        sfs, valid_from, legal_reference, source, children, adults_read, common_read, prisbasbelopp
    )


def _read(amount: int | None) -> int:
    """An amount of a table without problems (``_kronor`` reports every None as one)."""
    assert amount is not None
    return amount


def _previous_reference(store: ParameterStore, name: str, before: date) -> str | None:
    for period in reversed(store.periods(name)):
        if period.valid_from < before and period.legal_reference:
            return period.legal_reference
    return None


# -- comparing with the amounts in force --------------------------------------------------


def _before(store: ParameterStore, name: str, on: date) -> Any:
    try:
        return store.get(name, on).value
    except MissingParameter:
        return None


def _known(amount: Any) -> int | None:
    """An amount to compare with; ``unknown`` (an amount not confirmed, see
    ekb.norm.rules.personal) is nothing to compare with, like a gap."""
    return amount if isinstance(amount, int) and not isinstance(amount, bool) else None


def changes(table: Table, store: ParameterStore) -> list[Change]:
    """Every row of the table against the amount in force the day before it applies."""
    day_before = table.valid_from - timedelta(days=1)
    out: list[Change] = []
    old = _before(store, CHILDREN, day_before)
    old_bands = {band_key(b): b for b in old["bands"]} if old else {}
    for key, new in table.children.items():
        prev = old_bands.get(key, {})
        out.append(Change(CHILDREN, f"Barn {new['label']}", prev.get("amount"), new["amount"]))
        if new["without_lunch"] is not None:
            out.append(
                Change(
                    CHILDREN,
                    f"Barn {new['label']}, utan lunch hemma",
                    _known(prev.get("without_lunch")),
                    new["without_lunch"],
                )
            )
    old = _before(store, ADULTS, day_before) or {}
    for key, label in ADULT_ROWS:
        out.append(Change(ADULTS, label, old.get(key), table.adults[key]))
    old = (_before(store, COMMON, day_before) or {}).get("by_size") or []
    for n, amount in enumerate(table.common, start=1):
        label = f"Gemensamma kostnader, {n} {'person' if n == 1 else 'personer'}"
        out.append(Change(COMMON, label, old[n - 1] if n <= len(old) else None, amount))
    if table.prisbasbelopp:
        old = _before(store, PRISBASBELOPP, day_before) or {}
        out.append(
            Change(PRISBASBELOPP, "Prisbasbelopp", old.get("amount"), table.prisbasbelopp["amount"])
        )
    return out


def _kr(amount: int | None) -> str:
    return "–" if amount is None else f"{amount:,}".replace(",", " ")


def render_changes(table: Table, rows: list[Change]) -> str:
    """A Swedish table: row, before, after, change in per cent (large changes marked)."""
    day_before = table.valid_from - timedelta(days=1)
    width = max(len(c.row) for c in rows)
    lines = [
        f"Normbelopp från {table.valid_from} ({table.sfs}) jämförda med {day_before}",
        "",
        f"{'rad':<{width}}  {'före':>8}  {'efter':>8}  {'ändring':>9}",
    ]
    for c in rows:
        pct = c.percent
        change = "ny" if pct is None else f"{pct:+}".replace(".", ",") + " %"
        mark = "  <- mer än ±15 %" if c.large else ""
        lines.append(f"{c.row:<{width}}  {_kr(c.before):>8}  {_kr(c.after):>8}  {change:>9}{mark}")
    return "\n".join(lines) + "\n"


# -- periods and files --------------------------------------------------------------------


def periods(
    table: Table, accepted_reason: str | None = None, correction: str | None = None
) -> dict[str, dict[str, Any]]:
    """The new period of each parameter, shaped like the package files' periods; the reasons
    given for a large change or for correcting amounts already in force are kept in a note."""
    bands = [dict(band) for band in table.children.values()]

    def period(value: Any, version: str, reference: str | None, source: str) -> dict[str, Any]:
        out = {
            "valid_from": table.valid_from,
            "version": version,
            "legal_reference": reference,
            "source": source,
            "value": value,
        }
        notes = []
        if accepted_reason:
            notes.append(f"Ändring över ±15 % godtagen vid inläsningen: {accepted_reason}")
        if correction:
            notes.append(f"Rättelse av belopp som redan gällde: {correction}")
        if notes:
            out["note"] = "; ".join(notes)
        return out

    out = {
        CHILDREN: period({"bands": bands}, table.sfs, table.legal_reference, table.source),
        ADULTS: period(dict(table.adults), table.sfs, table.legal_reference, table.source),
        COMMON: period(
            {"by_size": list(table.common)}, table.sfs, table.legal_reference, table.source
        ),
    }
    if table.prisbasbelopp:
        pbb = table.prisbasbelopp
        out[PRISBASBELOPP] = period(
            {"amount": pbb["amount"]}, pbb["sfs"], pbb["legal_reference"], pbb["source"]
        )
    return out


def rewrites_in_force(table: Table, store: ParameterStore, today: date) -> list[str]:
    """The parameters whose amounts already in force (on or before ``today``) this table would
    change. Months already calculated and decided were paid with those amounts, so replacing
    them is a correction that needs a reason; loading a year that is late (no amounts yet, the
    calculations wait) or identical amounts again are not."""
    if table.valid_from > today:
        return []
    changed = []
    for name, period in periods(table).items():
        try:
            current = store.get(name, table.valid_from)
        except MissingParameter:
            continue
        if current.value != period["value"]:
            changed.append(name)
    return changed


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _start(period: dict[str, Any]) -> date:
    start = _as_date(period["valid_from"])
    # The new period starts on a date, and the layer's periods were read by the store the
    # table was checked against (``ekb norm parameters add``), which refuses any that do not.
    assert start is not None
    return start


def write_periods(directory: Path | str, new: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Write each period into ``directory/<name>.yaml`` (a layer over the package files).

    Returns name -> "new", "unchanged" or "replaced": the same table again changes nothing;
    another table for the same date replaces that date's period (and only it)."""
    directory = Path(directory)
    status: dict[str, str] = {}
    for name, period in new.items():
        path = directory / f"{name}.yaml"
        if path.exists():
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        else:
            base = yaml.safe_load((DEFAULT_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
            doc = {"description": base.get("description"), "unit": base.get("unit")}
        old = list(doc.get("periods") or [])
        same_date = [p for p in old if _as_date(p.get("valid_from")) == period["valid_from"]]
        if same_date and {**same_date[0], "valid_from": period["valid_from"]} == period:
            status[name] = "unchanged"
            continue
        status[name] = "replaced" if same_date else "new"
        kept = [p for p in old if _as_date(p.get("valid_from")) != period["valid_from"]]
        doc["periods"] = sorted([*kept, period], key=_start)
        _write_atomically(path, doc)
    return status


class _PlainDumper(yaml.SafeDumper):
    """No &anchors/*aliases: the files are read and compared by people."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _write_atomically(path: Path, doc: dict[str, Any]) -> None:
    # A running server re-reads the layer when a file changes; it must never see half a file.
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (
        "# Written by `ekb norm parameters add`; a layer over ekb/norm/parameters.\n"
        + yaml.dump(
            doc,
            Dumper=_PlainDumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=None,
            width=100,
        )
    )
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- which months can be calculated -------------------------------------------------------


def missing_on(store: ParameterStore, on: date) -> list[str]:
    """The parameters with no value in force on ``on`` (empty: the month can be calculated)."""
    missing = []
    for name in sorted(store.names()):
        try:
            store.get(name, on)
        except MissingParameter:
            missing.append(name)
    return missing


def _year_missing(store: ParameterStore, year: int) -> list[str]:
    found: set[str] = set()
    for month in range(1, 13):
        found.update(missing_on(store, date(year, month, 1)))
    return sorted(found)


def coverage(store: ParameterStore, through_year: int) -> list[tuple[int, list[str]]]:
    """(year, missing parameter names) from the first year every parameter has a period
    through ``through_year``; an empty list means every month of the year can be calculated."""
    firsts = [store.periods(name)[0].valid_from.year for name in store.names()]
    start = max(firsts) if firsts else through_year
    return [(year, _year_missing(store, year)) for year in range(start, through_year + 1)]


def missing_year(store: ParameterStore, on: date) -> int | None:
    """Next year, if its amounts are not loaded yet on ``on``; otherwise None."""
    next_year = on.year + 1
    return next_year if missing_on(store, date(next_year, 1, 1)) else None


def loading_due(store: ParameterStore, today: date) -> int | None:
    """The year whose amounts an administrator should load now: from 1 November, next year
    until it is loaded. Earlier in the year nothing is due (the table is not out yet)."""
    return missing_year(store, today) if today.month >= NOTICE_FROM_MONTH else None


def latest_complete_on(store: ParameterStore, month: date, years_back: int = 5) -> date | None:
    """The latest first-of-month at or before ``month`` on which every parameter is in force
    (e.g. 2026-12-01 for January 2027 while 2027 is not published), or None."""
    on = date(month.year, month.month, 1)
    for _ in range(12 * years_back):
        if not missing_on(store, on):
            return on
        on = (on - timedelta(days=1)).replace(day=1)
    return None
