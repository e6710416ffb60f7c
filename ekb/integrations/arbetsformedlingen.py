"""Arbetsförmedlingen and the activity requirement (aktivitetskrav, from 2026-07-01), behind one
interface with a fake, as ekb.integrations.registers does for incomes.

    from ekb.integrations.arbetsformedlingen import get_arbetsformedlingen, exemption_proposal

    af = get_arbetsformedlingen()
    af.programme_status("198804229818", on=today)  # ProgrammeStatus(full_time=True, ...)
    exemption_proposal("198804229818", on=today)   # ExemptionProposal(...) or None
    af.report_covered(identity_number=..., municipality_code=..., from_date=...)
    af.report_participation(identity_number=..., month=..., hours_assigned=..., hours_attended=...)

What the law and its preparatory works say (prop. 2025/26:207; the government's press release
of January 2026, repo civictechsweden/g0vse): someone already in a full-time labour-market
programme is not covered by the requirement, and Arbetsförmedlingen judges whether a programme
participant has enough occupation; the committee tells Arbetsförmedlingen when a job seeker may
be covered, and information goes from the committee to Arbetsförmedlingen about those who take
part in activities. The system support for that exchange was still being built with SKR
(press release, January 2026): the real protocol is not known, so only the fake exists.

A programme answer is a PROPOSAL to exempt (as register data are proposals, issue 9): the
caseworker records the exemption with its reason and review date (ekb.plans, strand D1).

Backends, chosen by ``settings.EKB_ARBETSFORMEDLINGEN_BACKEND``:

* ``"fake"`` (the default outside production): invented, deterministic answers from
  fake_arbetsformedlingen.yaml; every report is kept in memory (``fake_reports()``);
* ``"off"`` (the default in production): "kunde inte kontrolleras", and nothing is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

FAKE_DATA = Path(__file__).parent / "fake_arbetsformedlingen.yaml"
OK, UNAVAILABLE = "ok", "unavailable"
UNAVAILABLE_TEXT = "Arbetsförmedlingen kunde inte kontrolleras."
# The exemption reason strand D1's ActivityExemption uses for a full-time programme.
FULL_TIME_PROGRAMME = "full_time_programme"


@dataclass(frozen=True)
class ProgrammeStatus:
    status: str  # OK or UNAVAILABLE
    registered: bool = False  # registered as a job seeker
    programme: str = ""  # the programme's name, "" when in none
    hours_per_week: int = 0
    full_time: bool = False  # Arbetsförmedlingen's own judgement of enough occupation
    until: dt.date | None = None
    message: str = ""


@dataclass(frozen=True)
class ExemptionProposal:
    """A proposal to exempt from the activity requirement; the caseworker decides."""

    reason: str
    note: str
    review_on: dt.date | None


@dataclass(frozen=True)
class Report:
    """What was sent to Arbetsförmedlingen (kept by the fake; a receipt from a real client)."""

    kind: str  # "covered" or "participation"
    identity_number: str
    at: dt.datetime
    details: dict = field(default_factory=dict)
    sent: bool = True


class ArbetsformedlingenClient(Protocol):
    def programme_status(self, identity_number: str, *, on: dt.date) -> ProgrammeStatus: ...

    def report_covered(
        self, *, identity_number: str, municipality_code: str, from_date: dt.date
    ) -> Report:
        """Tell Arbetsförmedlingen that a job seeker may be covered by the requirement."""
        ...

    def report_participation(
        self,
        *,
        identity_number: str,
        month: dt.date,
        hours_assigned: float,
        hours_attended: float,
    ) -> Report:
        """Tell Arbetsförmedlingen about a participant's activities in a month."""
        ...


@cache
def _fake_people() -> dict[str, dict]:
    with FAKE_DATA.open(encoding="utf-8") as fh:
        return {str(p["identity_number"]): p for p in yaml.safe_load(fh)["people"]}


@dataclass
class FakeArbetsformedlingen:
    """Deterministic answers for demos and tests: the people in fake_arbetsformedlingen.yaml;
    anyone else is a registered job seeker in no programme. ``people`` overrides the file."""

    people: dict[str, dict] | None = None
    reports: list[Report] = field(default_factory=list)

    def _known(self) -> dict[str, dict]:
        return self.people if self.people is not None else _fake_people()

    def programme_status(self, identity_number: str, *, on: dt.date) -> ProgrammeStatus:
        person = self._known().get(identity_number)
        if person is None:
            return ProgrammeStatus(status=OK, registered=True)
        until = person.get("until")
        ended = until is not None and until < on
        hours = 0 if ended else int(person.get("hours_per_week", 0))
        return ProgrammeStatus(
            status=OK,
            registered=bool(person.get("registered", True)),
            programme="" if ended else str(person.get("programme", "")),
            hours_per_week=hours,
            full_time=not ended and bool(person.get("full_time", hours >= 40)),
            until=None if ended else until,
        )

    def report_covered(
        self, *, identity_number: str, municipality_code: str, from_date: dt.date
    ) -> Report:
        report = Report(
            kind="covered",
            identity_number=identity_number,
            at=timezone.now(),
            details={"municipality_code": municipality_code, "from": from_date.isoformat()},
        )
        self.reports.append(report)
        return report

    def report_participation(
        self,
        *,
        identity_number: str,
        month: dt.date,
        hours_assigned: float,
        hours_attended: float,
    ) -> Report:
        report = Report(
            kind="participation",
            identity_number=identity_number,
            at=timezone.now(),
            details={
                "month": month.strftime("%Y-%m"),
                "hours_assigned": hours_assigned,
                "hours_attended": hours_attended,
            },
        )
        self.reports.append(report)
        return report


class OffArbetsformedlingen:
    """Production until a real exchange exists: nothing checked, nothing sent."""

    def programme_status(self, identity_number: str, *, on: dt.date) -> ProgrammeStatus:
        return ProgrammeStatus(status=UNAVAILABLE, message=UNAVAILABLE_TEXT)

    def report_covered(
        self, *, identity_number: str, municipality_code: str, from_date: dt.date
    ) -> Report:
        return Report("covered", identity_number, timezone.now(), sent=False)

    def report_participation(
        self,
        *,
        identity_number: str,
        month: dt.date,
        hours_assigned: float,
        hours_attended: float,
    ) -> Report:
        return Report("participation", identity_number, timezone.now(), sent=False)


_FAKE = FakeArbetsformedlingen()
_overrides: list[ArbetsformedlingenClient] = []


@contextmanager
def override_arbetsformedlingen(
    client: ArbetsformedlingenClient,
) -> Iterator[ArbetsformedlingenClient]:
    """For tests and demos: ``get_arbetsformedlingen()`` returns ``client`` inside the block."""
    _overrides.append(client)
    try:
        yield client
    finally:
        _overrides.remove(client)


def get_arbetsformedlingen() -> ArbetsformedlingenClient:
    if _overrides:
        return _overrides[-1]
    backend = settings.EKB_ARBETSFORMEDLINGEN_BACKEND
    if backend == "fake":
        if settings.EKB_ENV == "production":
            raise ImproperlyConfigured(
                "EKB_ARBETSFORMEDLINGEN_BACKEND=fake is refused in production."
            )
        return _FAKE
    if backend == "off":
        return OffArbetsformedlingen()
    raise ImproperlyConfigured(f"Unknown EKB_ARBETSFORMEDLINGEN_BACKEND {backend!r} (fake or off).")


def fake_reports() -> list[Report]:
    """What the process's fake has been told, newest first (the demo shows it)."""
    return list(reversed(_FAKE.reports))


def exemption_proposal(identity_number: str, *, on: dt.date) -> ExemptionProposal | None:
    """A proposal to exempt when Arbetsförmedlingen says the person is in a full-time programme;
    None otherwise, and None when it could not be asked (the caseworker checks by hand)."""
    return proposal_from(get_arbetsformedlingen().programme_status(identity_number, on=on))


def proposal_from(status: ProgrammeStatus) -> ExemptionProposal | None:
    """The proposal an answer gives: to exempt when the person is in a full-time programme."""
    if status.status != OK or not status.full_time:
        return None
    until = f" till och med {status.until.isoformat()}" if status.until else ""
    return ExemptionProposal(
        reason=FULL_TIME_PROGRAMME,
        note=(
            f"Arbetsförmedlingen: deltar på heltid i {status.programme or 'ett program'}"
            f" ({status.hours_per_week} timmar i veckan){until}."
        ),
        review_on=status.until,
    )
