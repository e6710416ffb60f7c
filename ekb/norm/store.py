"""Loading the dated parameter files and looking values up for a month.

Parameters are data (``parameters/*.yaml``); this module only reads them. A store can be
built from several directories: later layers add periods (or replace a period that starts
on the same date), which is how a municipality, a test or a proposed reform adds values
without touching the national files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ekb.norm.errors import ParameterError

DEFAULT_DIR = Path(__file__).with_name("parameters")
# Files named *.example.yaml show an input format; they are never loaded (nor hashed).
EXAMPLE_SUFFIX = ".example.yaml"

# Files with their own shape (not a list of periods of one parameter).
_LEGAL_REFERENCES = "legal_references"
_RULESETS = "rulesets"


@dataclass(frozen=True)
class Period:
    """One dated value of one parameter, as written in its YAML file."""

    name: str
    valid_from: date
    value: Any
    version: str | None
    legal_reference: str | None
    source: str | None = None
    note: str | None = None

    @property
    def tag(self) -> str:
        """What a row stores, e.g. ``riksnorm/adults@2026-01-01 (SFS 2025:1046)``."""
        tag = f"{self.name}@{self.valid_from.isoformat()}"
        return f"{tag} ({self.version})" if self.version else tag


@dataclass(frozen=True)
class RulesetPeriod:
    id: str
    valid_from: date
    description: str


class MissingParameter(LookupError):
    def __init__(self, name: str, on: date) -> None:
        super().__init__(f"no value of {name} in force on {on.isoformat()}")
        self.name = name
        self.on = on


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ParameterError(f"{where}: valid_from {value!r} is not a date") from exc


def _latest(periods: list[Any], on: date) -> Any | None:
    found = None
    for period in periods:  # sorted by valid_from; a handful per parameter
        if period.valid_from <= on:
            found = period
        else:
            break
    return found


class ParameterStore:
    """All parameter periods from one or more directories, looked up by name and date."""

    def __init__(self, *directories: Path | str) -> None:
        dirs = [Path(d) for d in directories] or [DEFAULT_DIR]
        self.directories = tuple(dirs)
        self._periods: dict[str, list[Period]] = {}
        self._references: dict[str, list[Period]] = {}
        self._rulesets: list[RulesetPeriod] = []
        # Tables the rules build from a period's value (ekb.norm.rules.context), kept here
        # because the periods live as long as the store.
        self.built: dict[tuple, Any] = {}
        digest = hashlib.sha256()
        for directory in dirs:
            if not directory.is_dir():
                raise ParameterError(f"parameter directory {directory} does not exist")
            for path in sorted(directory.rglob("*.yaml")):
                if path.name.endswith(EXAMPLE_SUFFIX):
                    continue  # documentation (e.g. examples/), never parameters
                raw = path.read_bytes()
                digest.update(path.relative_to(directory).as_posix().encode())
                digest.update(raw)
                name = path.relative_to(directory).with_suffix("").as_posix()
                try:
                    doc = yaml.safe_load(raw)
                except yaml.YAMLError as exc:
                    raise ParameterError(f"{path}: not valid YAML: {exc}") from exc
                self._load(name, doc, str(path))
        for periods in (*self._periods.values(), *self._references.values()):
            periods.sort(key=lambda p: p.valid_from)
        self._rulesets.sort(key=lambda r: r.valid_from)
        self.digest = digest.hexdigest()

    def _load(self, name: str, doc: Any, where: str) -> None:
        if not isinstance(doc, dict):
            raise ParameterError(f"{where}: expected a mapping")
        if name == _LEGAL_REFERENCES:
            for key, periods in (doc.get("references") or {}).items():
                for raw in periods:
                    self._add(
                        self._references,
                        Period(
                            name=key,
                            valid_from=_as_date(raw.get("valid_from"), where),
                            value=raw["text"],
                            version=None,
                            legal_reference=raw["text"],
                            note=raw.get("note"),
                        ),
                    )
            return
        if name == _RULESETS:
            for raw in doc.get("rulesets") or []:
                rp = RulesetPeriod(
                    id=str(raw["id"]),
                    valid_from=_as_date(raw.get("valid_from"), where),
                    description=str(raw.get("description", "")),
                )
                self._rulesets = [r for r in self._rulesets if r.valid_from != rp.valid_from]
                self._rulesets.append(rp)
            return
        if "periods" not in doc:
            return  # not a parameter file (e.g. a municipal guideline kept alongside)
        for raw in doc["periods"]:
            if raw.get("value") is not None and not str(raw.get("legal_reference") or "").strip():
                # Law as data: an amount a decision would cite must say which law sets it.
                raise ParameterError(
                    f"{where}: {name} från {raw.get('valid_from')}: ett värde utan legal_reference"
                )
            self._add(
                self._periods,
                Period(
                    name=name,
                    valid_from=_as_date(raw.get("valid_from"), where),
                    value=raw.get("value"),
                    version=raw.get("version"),
                    legal_reference=raw.get("legal_reference"),
                    source=raw.get("source"),
                    note=raw.get("note"),
                ),
            )

    @staticmethod
    def _add(table: dict[str, list[Period]], period: Period) -> None:
        periods = table.setdefault(period.name, [])
        # A later layer replaces a period with the same start date rather than duplicating it.
        periods[:] = [p for p in periods if p.valid_from != period.valid_from]
        periods.append(period)

    # -- look-ups ---------------------------------------------------------------------------

    def names(self) -> Iterable[str]:
        return self._periods.keys()

    def periods(self, name: str) -> list[Period]:
        return list(self._periods.get(name, ()))

    def get(self, name: str, on: date) -> Period:
        """The period of ``name`` in force on ``on``; a gap (``value: null``) is missing."""
        period = _latest(self._periods.get(name, []), on)
        if period is None or period.value is None:
            raise MissingParameter(name, on)
        return period

    def reference(self, key: str, on: date) -> str:
        period = _latest(self._references.get(key, []), on)
        if period is None:
            raise MissingParameter(f"legal_references/{key}", on)
        return str(period.value)

    def ruleset(self, on: date) -> RulesetPeriod:
        found = _latest(self._rulesets, on)
        if found is None:
            raise MissingParameter("rulesets", on)
        return found

    def rulesets(self) -> list[RulesetPeriod]:
        return list(self._rulesets)
