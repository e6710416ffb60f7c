"""Register data about incomes, modelled on SSBTEK, behind one interface with a fake.

    from ekb.integrations.registers import get_register_client

    report = get_register_client().fetch(["198504021234", ...], dt.date(2025, 10, 1))
    report.incomes                      # [RegisterIncome(...)] from the sources that answered
    report.statuses[Source.CSN].status  # "ok" or "unavailable"
    report.statuses[Source.CSN].message # "" or "kunde inte kontrolleras"

Backends, chosen by ``settings.EKB_REGISTER_BACKEND``:

* ``"fake"`` (the default outside production): invented, deterministic data for demos and
  tests (ekb/integrations/registers/fake.py). ``EKB_FAKE_REGISTER_DOWN="csn,akassa"`` in
  settings or the environment switches chosen sources off.
* ``"off"`` (the default in production): every source answers "kunde inte kontrolleras".

A real SSBTEK client (SOAP with mutual TLS to Försäkringskassan, carrying the municipality's
organisation number, the caseworker, the case, the purpose and the legal basis in every
query) is out of scope for now; it will be one more ``PerSourceClient`` here.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ekb.integrations.registers.base import PerSourceClient, parse_sources
from ekb.integrations.registers.fake import FakeRegisterClient
from ekb.integrations.registers.types import (
    SOURCE_LABELS_SV,
    UNAVAILABLE_TEXT,
    RegisterClient,
    RegisterIncome,
    RegisterReport,
    RegisterRequestError,
    Source,
    SourceResult,
    SourceStatus,
    UnavailableReason,
)

__all__ = [
    "SOURCE_LABELS_SV",
    "UNAVAILABLE_TEXT",
    "FakeRegisterClient",
    "OffRegisterClient",
    "PerSourceClient",
    "RegisterClient",
    "RegisterIncome",
    "RegisterReport",
    "RegisterRequestError",
    "Source",
    "SourceResult",
    "SourceStatus",
    "UnavailableReason",
    "get_register_client",
    "months_to_check",
    "override_register_client",
]


class OffRegisterClient(PerSourceClient):
    """No register connection: every source answers "kunde inte kontrolleras"."""

    backend = "off"

    def fetch_source(self, source, identity_numbers, month):
        raise NotImplementedError  # never reached: every source is down

    def __init__(self) -> None:
        super().__init__(down=[s.value for s in Source])

    def _unavailable(self, source, reason, exc=None):
        return super()._unavailable(source, UnavailableReason.NOT_CONFIGURED, exc)


def _fake_down_setting() -> str:
    value = getattr(settings, "EKB_FAKE_REGISTER_DOWN", None)
    if value is None:
        value = os.environ.get("EKB_FAKE_REGISTER_DOWN", "")
    if not isinstance(value, str):
        value = ",".join(str(v) for v in value)
    return value


_overrides: list[RegisterClient] = []


@contextmanager
def override_register_client(client: RegisterClient) -> Iterator[RegisterClient]:
    """For tests and demos: ``get_register_client()`` returns ``client`` inside the block, also
    in code that does not take a client argument."""
    _overrides.append(client)
    try:
        yield client
    finally:
        _overrides.remove(client)


def get_register_client() -> RegisterClient:
    """The configured backend. Fails loudly on a misconfiguration, never on a source."""
    if _overrides:
        return _overrides[-1]
    production = bool(getattr(settings, "PRODUCTION", False))
    backend = getattr(settings, "EKB_REGISTER_BACKEND", None) or ("off" if production else "fake")
    if backend == "fake":
        if production:
            raise ImproperlyConfigured(
                "EKB_REGISTER_BACKEND=fake invents incomes and must not be used in production; "
                "use 'off' until a real register client exists."
            )
        try:
            down = parse_sources(_fake_down_setting())
        except ValueError as exc:
            raise ImproperlyConfigured(f"EKB_FAKE_REGISTER_DOWN: {exc}") from exc
        return FakeRegisterClient(down=down)
    if backend == "off":
        return OffRegisterClient()
    raise ImproperlyConfigured(
        f"EKB_REGISTER_BACKEND={backend!r} is unknown; use 'fake' or 'off' "
        "(a real SSBTEK client is not built yet)."
    )


def months_to_check(month: dt.date) -> list[dt.date]:
    """SSBTEK practice: the application month M, the control month M−1 (the primary source)
    and the comparison month M−2 (to fill gaps and to see changes)."""
    first = month.replace(day=1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    before = (previous - dt.timedelta(days=1)).replace(day=1)
    return [first, previous, before]
