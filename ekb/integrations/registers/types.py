"""The shapes register data comes in, whichever backend delivers it.

Modelled on SSBTEK (Sammansatt bastjänst för ekonomiskt bistånd): one question about a list of
persons and a month, one answer per source (Försäkringskassan, CSN, Arbetsförmedlingen,
Skatteverket, a-kassa, Pensionsmyndigheten). Each source answers on its own: a source that is
down, fails or times out is marked "kunde inte kontrolleras" and the others still count.
Legal basis for the socialnämnd to ask: socialtjänstlagen (2025:400) 15 kap. 10–12 §§ with
förordning (2008:975); before 2025-07-01 socialtjänstlagen (2001:453) 11 kap. 11 §.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

UNAVAILABLE_TEXT = "kunde inte kontrolleras"


class Source(enum.StrEnum):
    """The register sources, by the short code used in settings (EKB_FAKE_REGISTER_DOWN)."""

    FORSAKRINGSKASSAN = "fk"
    CSN = "csn"
    ARBETSFORMEDLINGEN = "af"
    SKATTEVERKET = "skv"
    AKASSA = "akassa"
    PENSIONSMYNDIGHETEN = "pm"

    @property
    def label(self) -> str:
        return SOURCE_LABELS_SV[self]


SOURCE_LABELS_SV: dict[Source, str] = {
    Source.FORSAKRINGSKASSAN: "Försäkringskassan",
    Source.CSN: "CSN",
    Source.ARBETSFORMEDLINGEN: "Arbetsförmedlingen",
    Source.SKATTEVERKET: "Skatteverket",
    Source.AKASSA: "A-kassan",
    Source.PENSIONSMYNDIGHETEN: "Pensionsmyndigheten",
}


class SourceStatus(enum.StrEnum):
    OK = "ok"
    UNAVAILABLE = "unavailable"


class UnavailableReason(enum.StrEnum):
    """Why a source could not be checked. Codes only: never the error text, which may carry
    personal data from the other side."""

    SWITCHED_OFF = "switched_off"
    TIMEOUT = "timeout"
    ERROR = "error"
    NOT_CONFIGURED = "not_configured"


class RegisterRequestError(ValueError):
    """The question itself is wrong (a malformed identity number, no month). A programming
    error on our side, so it is raised rather than degraded. The message names positions,
    never the identity numbers."""


@dataclass(frozen=True)
class RegisterIncome:
    """One payment a source reports for one person and month.

    ``amount`` is net kronor for the month (after tax), the figure the calculation counts.
    ``income_type`` is one of ekb.norm.vocabulary.INCOME_TYPES; ``benefit`` is the source's
    own Swedish name for it ("Sjukersättning", "Flerbarnstillägg", ...)."""

    identity_number: str = field(repr=False)  # kept out of repr(): reprs end up in logs
    source: Source
    income_type: str
    amount: Decimal
    period_month: dt.date  # the first day of the month the payment concerns
    reference: str  # the source's id for the payment; no personal data
    benefit: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "identity_number": self.identity_number,
            "source": str(self.source),
            "income_type": self.income_type,
            "amount": f"{self.amount:.2f}",
            "period_month": self.period_month.isoformat(),
            "reference": self.reference,
            "benefit": self.benefit,
        }


@dataclass(frozen=True)
class SourceResult:
    """One source's answer: ``ok`` with its incomes (possibly none), or ``unavailable``."""

    source: Source
    status: SourceStatus
    incomes: tuple[RegisterIncome, ...] = ()
    reason: UnavailableReason | None = None

    @property
    def ok(self) -> bool:
        return self.status == SourceStatus.OK

    @property
    def message(self) -> str:
        """Swedish, for the caseworker: empty when ok, else "kunde inte kontrolleras"."""
        return "" if self.ok else UNAVAILABLE_TEXT

    @property
    def label(self) -> str:
        return self.source.label

    @property
    def text(self) -> str:
        """E.g. "CSN: kunde inte kontrolleras" or "CSN: kontrollerad"."""
        return f"{self.label}: {self.message or 'kontrollerad'}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "message": self.message,
            "reason": str(self.reason) if self.reason else "",
            "incomes": [income.to_dict() for income in self.incomes],
        }


@dataclass(frozen=True)
class RegisterReport:
    """The answer to one question: every source's result, in the order of ``Source``."""

    month: dt.date
    statuses: dict[Source, SourceResult]
    backend: str
    fetched_at: dt.datetime

    @property
    def incomes(self) -> list[RegisterIncome]:
        """Every income from the sources that answered."""
        return [income for result in self.statuses.values() for income in result.incomes]

    @property
    def unavailable(self) -> list[Source]:
        return [source for source, result in self.statuses.items() if not result.ok]

    @property
    def complete(self) -> bool:
        return not self.unavailable

    def incomes_for(self, identity_number: str) -> list[RegisterIncome]:
        return [i for i in self.incomes if i.identity_number == identity_number]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, for storing beside a calculation. Holds identity numbers: store it only
        where personal data belongs (the case), never in logs."""
        return {
            "month": self.month.isoformat(),
            "backend": self.backend,
            "fetched_at": self.fetched_at.isoformat(),
            "sources": {str(s): result.to_dict() for s, result in self.statuses.items()},
        }


class RegisterClient(Protocol):
    """What the cases app asks. ``fetch`` never raises for a source that fails; it raises
    RegisterRequestError only for a malformed question."""

    backend: str

    def fetch(self, identity_numbers: list[str], month: dt.date) -> RegisterReport: ...
