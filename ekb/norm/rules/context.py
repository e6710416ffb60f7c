"""What a rule sees: a batch of household-months, with the parameters of their months.

One household calculated alone (``calculate``) is a batch of one; the rules are the same.
The context hands out parameter tables per distinct month, records which parameter periods
were used (the versions a decision stores) and, for explaining one household, the legal
references in force.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from ekb.norm.batch import Batch
from ekb.norm.errors import MissingParametersError
from ekb.norm.months import first_day
from ekb.norm.store import MissingParameter, ParameterStore, Period


def missing_parameter_error(
    exc: MissingParameter, month_label: str, path: str = "month"
) -> MissingParametersError:
    return MissingParametersError(path, exc.name, month_label)


@dataclass
class Context:
    """``months`` holds the distinct calculation months and ``hh_month`` each household's
    row among them, so ``table[hh_month]`` gives every household its own month's value.
    ``on`` is the date each month's parameters are looked up on: its first day, or for one
    household an earlier date (``calculate(..., parameters_on=...)``; ages, days and history
    still come from the month itself)."""

    batch: Batch
    store: ParameterStore
    months: np.ndarray
    hh_month: np.ndarray
    on: tuple[date, ...] = ()
    used: dict[str, Period] = field(default_factory=dict)
    derived: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.on:
            self.on = tuple(first_day(int(m)) for m in self.months.tolist())
        self.month_days = self.batch.month_days()  # per household (one value broadcast)

    @property
    def one_month(self) -> bool:
        """The usual month-end batch (and every single household): one month for all."""
        return self.months.size == 1

    def period(self, name: str, i: int = 0) -> Period:
        """The period of ``name`` for the ``i``-th distinct month; a gap raises naming the
        first household of that month."""
        try:
            period = self.store.get(name, self.on[i])
        except MissingParameter as exc:
            first = 0 if self.one_month else int(np.flatnonzero(self.hh_month == i)[0])
            raise missing_parameter_error(
                exc, self.on[i].strftime("%Y-%m"), self.batch.household_path(first, "month")
            ) from exc
        self.used[name] = period
        return period

    def table(
        self,
        name: str,
        build: Callable[[Any], Any],
        dtype: Any = np.int64,
        needed: np.ndarray | None = None,
    ) -> np.ndarray:
        """Stack ``build(value)`` for each distinct month into one array (months first).
        ``needed`` (bool per month): only those months are looked up, the others get the
        first needed month's row (a parameter may be a gap in a month no one needs it)."""
        rows = {}
        for i in range(self.months.size):
            if needed is None or needed[i]:
                rows[i] = self._built(self.period(name, i), build)
        fill = next(iter(rows.values()))
        return np.asarray([rows.get(i, fill) for i in range(self.months.size)], dtype=dtype)

    def _built(self, period: Period, build: Callable[[Any], Any]) -> Any:
        """``build(period.value)``, kept on the store for the next calculation (a period never
        changes; a builder that closes over values is not kept)."""
        if build.__closure__:
            return build(period.value)
        key = (period.name, period.valid_from, build.__code__)
        found = self.store.built.get(key)
        if found is None:
            found = self.store.built[key] = build(period.value)
        return found

    def ref(self, key: str) -> str:
        """A dated legal reference (parameters/legal_references.yaml), for explaining."""
        try:
            return self.store.reference(key, self.on[0])
        except MissingParameter as exc:
            raise missing_parameter_error(exc, self.on[0].strftime("%Y-%m")) from exc
