"""What every population register backend answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.translation import gettext as _

from ekb.people.identity_number import InvalidIdentityNumber, parse_identity_number


@dataclass(frozen=True)
class RegisteredPerson:
    identity_number: str  # 12 digits
    birth_date: dt.date
    first_name: str = ""
    last_name: str = ""
    # The register's relation to the person asked about: self, partner, child or none.
    relation: str = "none"


@dataclass(frozen=True)
class PopulationAnswer:
    persons: list[RegisteredPerson] = field(default_factory=list)
    # In words a person reads, shown beside each proposed member.
    source: str = ""
    available: bool = True

    def registered(self, identity_number: str) -> bool:
        return any(p.identity_number == identity_number for p in self.persons)


class PopulationClient(Protocol):
    backend: str

    def persons_at_address(self, identity_number: str, *, on: dt.date) -> PopulationAnswer:
        """The persons registered at the same address as ``identity_number`` on the day ``on``,
        that person first."""


def source_text(on: dt.date) -> str:
    return _("Folkbokföringen (Skatteverket), hämtad %(date)s") % {"date": on.isoformat()}


def only_the_person(identity_number: str) -> list[RegisteredPerson]:
    try:
        birth = parse_identity_number(identity_number).birth_date
    except InvalidIdentityNumber:
        return []
    return [RegisteredPerson(identity_number, birth, relation="self")]


class OffPopulationClient:
    """No register connection: only the person asked about, marked as not checked."""

    backend = "off"

    def persons_at_address(self, identity_number: str, *, on: dt.date) -> PopulationAnswer:
        return PopulationAnswer(
            persons=only_the_person(identity_number),
            source=_("Folkbokföringen kunde inte kontrolleras"),
            available=False,
        )
