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

import numpy as np

from ekb.norm.batch import Batch, Totals, as_batch, check
from ekb.norm.errors import HouseholdError, MissingParametersError, ParameterError
from ekb.norm.money import ORE_PER_KRONA, from_ore
from ekb.norm.months import first_day, ordinal_label
from ekb.norm.result import Calculation
from ekb.norm.rules import guidelines as guideline_rules
from ekb.norm.rules import membership
from ekb.norm.rules.context import Context, missing_parameter_error
from ekb.norm.rulesets import RULESETS, RuleSet
from ekb.norm.store import DEFAULT_DIR, MissingParameter, ParameterStore
from ekb.norm.vocabulary import COST_TYPES

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
        """One household-month, explained row by row: a batch of one through the same rules
        as ``calculate_many``. ``parameters_on``: look every dated parameter, legal reference
        and the rule set up on that date instead of the month's first day (an estimate made
        with an earlier year's amounts); ages, days and history still come from the month."""
        batch, ids = Batch.of_household(household)
        month = int(batch.month[0])
        ruleset = self.ruleset_for(month, on=parameters_on)
        on = (parameters_on,) if parameters_on else ()
        ctx = Context(batch, self.store, batch.month[:1].copy(), np.zeros(1, np.int64), on)
        totals, found = _run(ctx, ruleset)
        rows = [
            row
            for rule, out in zip(ruleset.rules, found, strict=True)
            for row in rule.rows(ctx, ids, out)
        ]
        size = int(ctx.derived["size"][0])
        costs = [
            (COST_TYPES[kind], from_ore(ore))
            for kind, ore in zip(batch.cost_type.tolist(), batch.cost_ore.tolist(), strict=True)
        ]
        warnings = guideline_rules.warnings(costs, size, first_day(month), guidelines)
        versions = self.versions(ruleset, ctx, guidelines)
        if parameters_on is not None:
            versions["parameters_on"] = parameters_on.isoformat()
        result = Calculation.from_rows(ordinal_label(month), rows, warnings, versions)
        _check_rows_add_up(result, totals)
        return result

    def versions(
        self, ruleset: RuleSet, ctx: Context, guidelines: Mapping[str, Any] | None
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

    def calculate_many(self, households: Any, *, validate: bool = True) -> Totals:
        """Totals for a batch. ``validate=False`` skips the checks of ``check()`` for a
        columnar batch that was already checked where it was written (see ``calculate_many``);
        household-month dicts are always parsed and checked."""
        batch = as_batch(households)  # dicts are checked as they are read
        if validate and isinstance(households, Batch | Mapping):
            check(batch)
        if batch.n == 0:
            empty = np.zeros(0, dtype=np.int64)
            return Totals(empty, empty, empty, empty, empty)
        if bool((batch.month == batch.month[0]).all()):  # the usual month-end batch: one month
            months, hh_month = batch.month[:1].copy(), np.zeros(batch.n, dtype=np.int64)
        else:
            months, hh_month = np.unique(batch.month, return_inverse=True)
            hh_month = hh_month.reshape(-1)
        by_ruleset: dict[str, list[int]] = {}
        rulesets = {}
        for i, ordinal in enumerate(months.tolist()):
            first = int(np.flatnonzero(hh_month == i)[0]) if months.size > 1 else 0
            rs = self.ruleset_for(int(ordinal), batch.household_path(first, "month"))
            rulesets[rs.id] = rs
            by_ruleset.setdefault(rs.id, []).append(i)
        if len(by_ruleset) == 1:
            (rid,) = by_ruleset
            return _run(Context(batch, self.store, months, hh_month), rulesets[rid])[0]
        # A batch spanning a reform date: each rule set calculates its own households.
        out = {name: np.zeros(batch.n, dtype=np.int64) for name in Totals.names}
        for rid, month_rows in by_ruleset.items():
            mask = np.isin(hh_month, month_rows)
            sub = batch.take(mask)
            sub_months, sub_hh_month = np.unique(sub.month, return_inverse=True)
            ctx = Context(sub, self.store, sub_months, sub_hh_month.reshape(-1))
            part = _run(ctx, rulesets[rid])[0]
            for name in Totals.names:
                out[name][mask] = getattr(part, name)
        return Totals(**out)


def _run(ctx: Context, ruleset: RuleSet) -> tuple[Totals, list[Any]]:
    """Every rule of the rule set over the batch: the totals, and what each rule found (for
    explaining one household)."""
    n = ctx.batch.n
    membership.facts(ctx)
    acc = {key: np.zeros(n, dtype=np.int64) for key in ("norm", "costs", "income", "exemption")}
    found = [rule.amounts(ctx, acc) for rule in ruleset.rules]
    need = acc["norm"] + acc["costs"]
    countable = acc["income"] + acc["exemption"]
    amount = np.maximum(need - countable, 0)
    return Totals(acc["norm"], acc["costs"], need, countable, amount), found


def _check_rows_add_up(result: Calculation, totals: Totals) -> None:
    """The explained rows must give exactly the totals the rules calculated: a row that
    said one amount while the batch paid another would be the worst kind of bug."""
    for name, value in result.totals().items():
        if value * ORE_PER_KRONA != int(getattr(totals, name)[0]):
            raise RuntimeError(
                f"the rows give {name} {value}, the rules {int(getattr(totals, name)[0])} öre"
            )


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
    found: list[tuple[str, int | None, int | None]] = []
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
    """Totals for many household-months at once; see ekb.norm.batch for the formats.

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
    "MissingParametersError",
    "calculate",
    "calculate_many",
    "default_engine",
    "reload_parameters",
    "set_parameter_layers",
]
