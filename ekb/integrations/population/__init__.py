"""The population register (folkbokföringen, Skatteverket): who is registered at the applicant's
address, behind one interface with a fake, as ekb.integrations.registers does for incomes.

    from ekb.integrations.population import get_population_client

    answer = get_population_client().persons_at_address("198804129818", on=dt.date(2026, 11, 20))
    answer.persons   # [RegisteredPerson(...)], the applicant first
    answer.source    # "Folkbokföringen (Skatteverket), hämtad 2026-11-20"

What the register proposes is a suggestion: the client confirms or corrects the household in the
e-service, and the caseworker can change it with a reason (ekb.cases.household).

Backends, chosen by ``settings.EKB_POPULATION_BACKEND``:

* ``"fake"`` (the default outside production): fake_population.yaml beside this file;
* ``"off"`` (the default in production): only the applicant, marked "kunde inte kontrolleras".

A real client (Skatteverket's Navet or SPAR, with the municipality's agreement) is out of scope.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ekb.integrations.population.base import (
    OffPopulationClient,
    PopulationAnswer,
    PopulationClient,
    RegisteredPerson,
)
from ekb.integrations.population.fake import FakePopulationClient

__all__ = [
    "FakePopulationClient",
    "OffPopulationClient",
    "PopulationAnswer",
    "PopulationClient",
    "RegisteredPerson",
    "get_population_client",
    "override_population_client",
]

_overrides: list[PopulationClient] = []


@contextmanager
def override_population_client(client: PopulationClient) -> Iterator[PopulationClient]:
    """For tests and demos: ``get_population_client()`` returns ``client`` inside the block."""
    _overrides.append(client)
    try:
        yield client
    finally:
        _overrides.remove(client)


def get_population_client() -> PopulationClient:
    """The configured backend. Fails loudly on a misconfiguration."""
    if _overrides:
        return _overrides[-1]
    production = bool(getattr(settings, "PRODUCTION", False))
    backend = getattr(settings, "EKB_POPULATION_BACKEND", None) or ("off" if production else "fake")
    if backend == "fake":
        if production:
            raise ImproperlyConfigured(
                "EKB_POPULATION_BACKEND=fake invents households and must not be used in "
                "production; use 'off' until a real population register client exists."
            )
        return FakePopulationClient()
    if backend == "off":
        return OffPopulationClient()
    raise ImproperlyConfigured(
        f"EKB_POPULATION_BACKEND={backend!r} is unknown; use 'fake' or 'off'."
    )
