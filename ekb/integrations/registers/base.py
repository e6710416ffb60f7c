"""What every backend shares: checking the question and asking each source on its own, so that
one failing source is marked "kunde inte kontrolleras" and never blocks the others."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable

from django.utils import timezone

from ekb.integrations.registers.types import (
    RegisterIncome,
    RegisterReport,
    RegisterRequestError,
    Source,
    SourceResult,
    SourceStatus,
    UnavailableReason,
)

logger = logging.getLogger("ekb.integrations.registers")

_TWELVE_DIGITS = re.compile(r"^\d{12}$")


def first_of_month(month: dt.date) -> dt.date:
    if not isinstance(month, dt.date) or isinstance(month, dt.datetime):
        raise RegisterRequestError("The month must be a date (the first day of the month).")
    return month.replace(day=1)


def checked_identity_numbers(identity_numbers: Iterable[str]) -> list[str]:
    """The numbers as given, each 12 digits (YYYYMMDDNNNN), duplicates dropped."""
    if isinstance(identity_numbers, str):
        raise RegisterRequestError("Pass a list of identity numbers, not a single string.")
    numbers: list[str] = []
    for position, number in enumerate(identity_numbers):
        if not isinstance(number, str) or not _TWELVE_DIGITS.match(number):
            # The position, never the value: the value may be a real personnummer.
            raise RegisterRequestError(
                f"Identity number at position {position} is not 12 digits (YYYYMMDDNNNN)."
            )
        if number not in numbers:
            numbers.append(number)
    return numbers


def parse_sources(codes: str | Iterable[str] | None) -> frozenset[Source]:
    """``"csn,akassa"`` or ``["csn", "akassa"]`` as sources; unknown codes are an error."""
    if codes is None:
        return frozenset()
    if isinstance(codes, str):
        codes = [c for c in (part.strip().lower() for part in codes.split(",")) if c]
    sources = set()
    for code in codes:
        try:
            sources.add(Source(str(code).strip().lower()))
        except ValueError:
            valid = ", ".join(s.value for s in Source)
            raise ValueError(f"Unknown register source {code!r}; use one of {valid}.") from None
    return frozenset(sources)


class PerSourceClient:
    """Base for backends: implement ``fetch_source``; ``fetch`` adds checking and isolation.

    A source listed in ``down`` is not asked ("switched_off"). A source that raises
    TimeoutError is "timeout"; any other exception is "error". Only the source code, the
    reason code and the exception's class name are logged; never its message."""

    backend = "base"

    def __init__(self, *, down: Iterable[str] | str | None = None) -> None:
        self.down = parse_sources(down)

    def fetch_source(
        self, source: Source, identity_numbers: list[str], month: dt.date
    ) -> list[RegisterIncome]:
        raise NotImplementedError

    def fetch(self, identity_numbers: list[str], month: dt.date) -> RegisterReport:
        numbers = checked_identity_numbers(identity_numbers)
        month = first_of_month(month)
        statuses: dict[Source, SourceResult] = {}
        for source in Source:
            statuses[source] = self._ask(source, numbers, month)
        return RegisterReport(
            month=month, statuses=statuses, backend=self.backend, fetched_at=timezone.now()
        )

    def _ask(self, source: Source, numbers: list[str], month: dt.date) -> SourceResult:
        if source in self.down:
            return self._unavailable(source, UnavailableReason.SWITCHED_OFF)
        try:
            incomes = self.fetch_source(source, numbers, month)
        except TimeoutError as exc:
            return self._unavailable(source, UnavailableReason.TIMEOUT, exc)
        except Exception as exc:  # noqa: BLE001 - any failure of one source degrades only it
            return self._unavailable(source, UnavailableReason.ERROR, exc)
        return SourceResult(source=source, status=SourceStatus.OK, incomes=tuple(incomes))

    def _unavailable(
        self, source: Source, reason: UnavailableReason, exc: BaseException | None = None
    ) -> SourceResult:
        level = logging.INFO if reason == UnavailableReason.SWITCHED_OFF else logging.WARNING
        logger.log(
            level,
            "Register source %s could not be checked (%s%s)",
            source.value,
            reason.value,
            f", {type(exc).__name__}" if exc is not None else "",
        )
        return SourceResult(source=source, status=SourceStatus.UNAVAILABLE, reason=reason)
