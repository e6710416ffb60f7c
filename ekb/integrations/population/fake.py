"""A fake population register, good enough to demo with: the addresses in fake_population.yaml,
and for any other number just that person. Deterministic: the same question always gets the
same answer. ``FakePopulationClient(addresses=[...])`` scripts other addresses in tests."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import yaml

from ekb.integrations.population.base import (
    PopulationAnswer,
    RegisteredPerson,
    only_the_person,
    source_text,
)
from ekb.people.identity_number import parse_identity_number

DATA_FILE = Path(__file__).with_name("fake_population.yaml")


@cache
def fake_addresses() -> tuple:
    with DATA_FILE.open(encoding="utf-8") as fh:
        return tuple(yaml.safe_load(fh)["addresses"])


def _person(row: dict, asked: str) -> RegisteredPerson:
    number = str(row["identity_number"])
    relation = "self" if number == asked else row.get("relation", "none")
    if number != asked and relation == "self":
        relation = "partner"  # the first person's partner relation, seen from the other side
    return RegisteredPerson(
        identity_number=number,
        birth_date=parse_identity_number(number).birth_date,
        first_name=row.get("first_name", ""),
        last_name=row.get("last_name", ""),
        relation=relation,
    )


class FakePopulationClient:
    backend = "fake"

    def __init__(self, addresses: list[dict] | None = None) -> None:
        self.addresses = addresses if addresses is not None else fake_addresses()

    def persons_at_address(self, identity_number: str, *, on: dt.date) -> PopulationAnswer:
        for address in self.addresses:
            rows = address["persons"]
            if any(str(r["identity_number"]) == identity_number for r in rows):
                persons = [_person(r, identity_number) for r in rows]
                # The person asked about first, then the others as the register lists them;
                # nobody born after the day asked about.
                persons.sort(key=lambda p: p.identity_number != identity_number)
                persons = [p for p in persons if p.birth_date <= on]
                return PopulationAnswer(persons=persons, source=source_text(on))
        return PopulationAnswer(persons=only_the_person(identity_number), source=source_text(on))
