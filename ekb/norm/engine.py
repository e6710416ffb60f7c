"""The engine: parameters + rule sets, calculating one household-month or a batch.

``calculate`` and ``calculate_many`` in ``ekb.norm`` use a default engine built from the
national parameters plus the installation's layer directories (``set_parameter_layers``),
rebuilt when a YAML file in those directories changes, so a new year's amounts loaded with
``ekb norm parameters add`` apply without a restart. Tests, simulations of a proposed
reform, or a municipality can build their own with extra parameter layers and rule sets.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ekb.norm.errors import HouseholdError, MissingParametersError, ParameterError
from ekb.norm.household import Household, parse_household
from ekb.norm.months import first_day, ordinal_label
from ekb.norm.result import Calculation
from ekb.norm.rules import guidelines as guideline_rules
from ekb.norm.rules import membership
from ekb.norm.rules.context import MonthContext, missing_parameter_error
from ekb.norm.rulesets import RULESETS, RuleSet
from ekb.norm.store import DEFAULT_DIR, MissingParameter, ParameterStore

ENGINE_VERSION = "1.0.0"
CONTRACT = "household-month.v1"


class Engine:
    def __init__(
        self,
        parameter_layers: tuple[Path | str, ...] = (),
        rulesets: Mapping[str, RuleSet] | None = None,
    ) -> None:
        self.store = ParameterStore(DEFAULT_DIR, *parameter_layers)
        self.rulesets: dict[str, RuleSet] = {**RULESETS, **(rulesets or {})}

    def ruleset_for(self, month: int, path: str = "month", on: date | None = None) -> RuleSet:
        on = on or first_day(month)
        try:
            period = self.store.ruleset(on)
        except MissingParameter as exc:
            raise missing_parameter_error(exc, on.strftime("%Y-%m"), path) from exc
        return self.rulesets[period.id]

    def calculate(
        self,
        household: Any,
        *,
        guidelines: Mapping[str, Any] | None = None,
        parameters_on: date | None = None,
    ) -> Calculation:
        """One household-month. ``parameters_on``: look every dated parameter, legal reference
        and the rule set up on that date instead of the month's first day (an estimate made
        with an earlier year's amounts); ages, days and history still come from the month."""
        hh = parse_household(household)
        ruleset = self.ruleset_for(hh.month, on=parameters_on)
        ctx = MonthContext(hh, self.store, parameters_on=parameters_on)
        ctx.facts = membership.facts(ctx)
        for rule in ruleset.rules:
            ctx.rows.extend(rule.rows(ctx))
        rows = ctx.rows
        warnings = guideline_rules.warnings(ctx, guidelines)
        versions = self.versions(ruleset, ctx, guidelines)
        if parameters_on is not None:
            versions["parameters_on"] = parameters_on.isoformat()
        return Calculation.from_rows(ordinal_label(hh.month), rows, warnings, versions)

    def versions(
        self, ruleset: RuleSet, ctx: MonthContext, guidelines: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        """The snapshot a decision stores: which rules and which parameter periods were used."""
        return {
            "engine": ENGINE_VERSION,
            "contract": CONTRACT,
            "ruleset": {"id": ruleset.id, "version": ruleset.version},
            "parameters": {
                name: {"valid_from": p.valid_from.isoformat(), "version": p.version}
                for name, p in sorted(ctx.used.items())
            },
            "parameters_digest": self.store.digest,
            "guidelines": (str(guidelines.get("municipality", "")) or "angivna")
            if guidelines
            else None,
        }

    def calculate_many(self, households: Any, *, validate: bool = True) -> Any:
        from ekb.norm.columnar import calculate_batch

        return calculate_batch(self, households, validate=validate)


# -- the default engine and the installation's parameter layers ---------------------------

logger = logging.getLogger(__name__)

# How often (seconds) the default engine looks for changed layer files. Listing a small
# directory costs tens of microseconds, about as much as a calculation; looking at most every
# two seconds keeps ``calculate`` as fast as before while a new year's amounts still apply
# within seconds in every process of a running server.
CHECK_INTERVAL = 2.0


class _Default:
    """The default engine with the layer fingerprint it was built from (one tuple, swapped
    whole, so threads never see an engine with another engine's fingerprint)."""

    lock = threading.Lock()
    layers: tuple[Path, ...] = ()
    built: tuple[Engine, tuple] | None = None
    checked_at = float("-inf")


def set_parameter_layers(paths: Iterable[Path | str]) -> None:
    """The installation's layer directories, applied over the national parameters in order.

    A directory that does not exist is no layer (yet); it is picked up when it appears."""
    with _Default.lock:
        _Default.layers = tuple(Path(p) for p in paths)
        _Default.built = None
        _Default.checked_at = float("-inf")


def parameter_layers() -> tuple[Path, ...]:
    return _Default.layers


def layer_fingerprint(layers: Iterable[Path]) -> tuple:
    """(path, mtime_ns, size) of every YAML file in the layers: changes when a file does."""
    found = []
    for layer in layers:
        if not layer.is_dir():
            found.append((str(layer), None, None))
            continue
        for path in sorted(layer.rglob("*.yaml")):
            try:
                st = path.stat()
            except FileNotFoundError:  # removed while we listed
                continue
            found.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(found)


def default_engine() -> Engine:
    """The national parameters plus the installation's layers, rebuilt when a layer changes."""
    now = time.monotonic()
    built = _Default.built
    if built is not None and now - _Default.checked_at < CHECK_INTERVAL:
        return built[0]
    with _Default.lock:
        built = _Default.built
        layers = _Default.layers
        fingerprint = layer_fingerprint(layers)
        _Default.checked_at = now
        if built is not None and built[1] == fingerprint:
            return built[0]
        try:
            engine = Engine(tuple(p for p in layers if p.is_dir()))
        except (ParameterError, OSError, ValueError, KeyError, TypeError) as exc:
            if built is None:
                raise
            # A layer file being written or broken by hand: keep calculating with the
            # parameters we have and look again at the next check.
            logger.error("norm parameter layers not reloaded: %s", exc)
            return built[0]
        _Default.built = (engine, fingerprint)
        return engine


def reload_parameters() -> Engine:
    """Look at the layer files now (not only every CHECK_INTERVAL): after writing them."""
    _Default.checked_at = float("-inf")
    return default_engine()


def calculate(
    household: Any,
    *,
    guidelines: Mapping[str, Any] | None = None,
    parameters_on: date | None = None,
) -> Calculation:
    """Calculate försörjningsstöd for one household-month (contract v1), row by row.

    ``parameters_on`` calculates the month with the parameters in force on another date (see
    ``Engine.calculate``); a month without parameters raises ``MissingParametersError``."""
    return default_engine().calculate(household, guidelines=guidelines, parameters_on=parameters_on)


def calculate_many(households: Any, *, validate: bool = True) -> Any:
    """Totals for many household-months at once; see ekb.norm.columnar for the formats.

    ``validate=False`` (columnar input only) skips the batch checks for input already
    validated where it was written, e.g. rows the database accepted through the same
    contract. It saves a few percent of the time; on invalid input the result is then
    undefined (wrong totals or an IndexError instead of a HouseholdError naming the field).
    Dicts are always checked. Missing parameters and a child of 21 or more still raise.
    """
    return default_engine().calculate_many(households, validate=validate)


__all__ = [
    "Engine",
    "HouseholdError",
    "Household",
    "MissingParametersError",
    "calculate",
    "calculate_many",
    "default_engine",
    "reload_parameters",
    "set_parameter_layers",
]
