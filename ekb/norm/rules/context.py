"""What a rule sees: one household-month (scalar path) or a batch of them (vector path).

Both contexts hand out parameters for the month and record which periods were used, so a
calculation can name the exact parameter versions behind each row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from ekb.norm.errors import MissingParametersError
from ekb.norm.household import Household
from ekb.norm.months import days_in_month, first_day, ordinal_label
from ekb.norm.result import Row
from ekb.norm.store import MissingParameter, ParameterStore, Period

if TYPE_CHECKING:
    from ekb.norm.columnar import Batch


def missing_parameter_error(
    exc: MissingParameter, month_label: str, path: str = "month"
) -> MissingParametersError:
    return MissingParametersError(path, exc.name, month_label)


@dataclass
class Facts:
    """Derived facts about the household that several rules share."""

    ages: dict[str, int]
    counted: tuple[str, ...]  # member ids that belong to the household this month
    excluded: dict[str, str]  # member id -> Swedish reason
    persons: int  # counted members
    size: int  # persons sharing the home: the most on the same day, raised by household_size
    # member id -> (first, last) day of the month the member belongs to the household
    days: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class MonthContext:
    household: Household
    store: ParameterStore
    used: dict[str, Period] = field(default_factory=dict)
    facts: Facts | None = None
    rows: list[Row] = field(default_factory=list)  # rows of the rules before this one
    # Look parameters up on this date instead of the month's first day (an estimate from last
    # year's amounts while the new year's are not published). Ages, days and history still
    # come from the household's own month.
    parameters_on: date | None = None

    @property
    def on(self) -> date:
        return first_day(self.household.month)

    @property
    def parameters_date(self) -> date:
        return self.parameters_on or self.on

    @property
    def parameters_label(self) -> str:
        return self.parameters_date.strftime("%Y-%m")

    @property
    def month_label(self) -> str:
        return ordinal_label(self.household.month)

    @property
    def month_days(self) -> int:
        return days_in_month(self.household.month)

    def param(self, name: str) -> Period:
        try:
            period = self.store.get(name, self.parameters_date)
        except MissingParameter as exc:
            raise missing_parameter_error(exc, self.parameters_label) from exc
        self.used[name] = period
        return period

    def ref(self, key: str) -> str:
        try:
            return self.store.reference(key, self.parameters_date)
        except MissingParameter as exc:
            raise missing_parameter_error(exc, self.parameters_label) from exc


@dataclass
class BatchContext:
    """A batch (see ekb.norm.columnar) with per-month parameter tables.

    ``months`` holds the distinct calculation months; ``hh_month`` maps each household to its
    row in the tables, so ``table[hh_month]`` gives every household its own month's value.
    """

    batch: Batch
    store: ParameterStore
    months: np.ndarray
    hh_month: np.ndarray
    derived: dict[str, Any] = field(default_factory=dict)

    def table(self, name: str, build: Callable[[Any], Any], dtype: Any = np.int64) -> np.ndarray:
        """Stack ``build(value)`` for each distinct month into one array (months first)."""
        rows = []
        for ordinal in self.months.tolist():
            try:
                period = self.store.get(name, first_day(int(ordinal)))
            except MissingParameter as exc:
                first = int(np.flatnonzero(self.batch.month == ordinal)[0])
                raise missing_parameter_error(
                    exc, ordinal_label(int(ordinal)), self.batch.household_path(first, "month")
                ) from exc
            rows.append(build(period.value))
        return np.asarray(rows, dtype=dtype)
