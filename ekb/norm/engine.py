"""The engine: parameters + rule sets, calculating one household-month or a batch.

``calculate`` and ``calculate_many`` in ``ekb.norm`` use a default engine built from the
national parameters. Tests, simulations of a proposed reform, or a municipality can build
their own with extra parameter layers and rule sets.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ekb.norm.errors import HouseholdError
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

    def ruleset_for(self, month: int, path: str = "month") -> RuleSet:
        try:
            period = self.store.ruleset(first_day(month))
        except MissingParameter as exc:
            raise missing_parameter_error(exc, ordinal_label(month), path) from exc
        return self.rulesets[period.id]

    def calculate(
        self, household: Any, *, guidelines: Mapping[str, Any] | None = None
    ) -> Calculation:
        hh = parse_household(household)
        ruleset = self.ruleset_for(hh.month)
        ctx = MonthContext(hh, self.store)
        ctx.facts = membership.facts(ctx)
        for rule in ruleset.rules:
            ctx.rows.extend(rule.rows(ctx))
        rows = ctx.rows
        warnings = guideline_rules.warnings(ctx, guidelines)
        return Calculation.from_rows(
            ordinal_label(hh.month), rows, warnings, self.versions(ruleset, ctx, guidelines)
        )

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


@cache
def default_engine() -> Engine:
    return Engine()


def calculate(household: Any, *, guidelines: Mapping[str, Any] | None = None) -> Calculation:
    """Calculate försörjningsstöd for one household-month (contract v1), row by row."""
    return default_engine().calculate(household, guidelines=guidelines)


def calculate_many(households: Any, *, validate: bool = True) -> Any:
    """Totals for many household-months at once; see ekb.norm.columnar for the formats.

    ``validate=False`` (columnar input only) skips the batch checks for input already
    validated where it was written, e.g. rows the database accepted through the same
    contract. It saves a few percent of the time; on invalid input the result is then
    undefined (wrong totals or an IndexError instead of a HouseholdError naming the field).
    Dicts are always checked. Missing parameters and a child of 21 or more still raise.
    """
    return default_engine().calculate_many(households, validate=validate)


__all__ = ["Engine", "HouseholdError", "Household", "calculate", "calculate_many"]
