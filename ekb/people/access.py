"""The persons the front doors need, read through the domain (no view queries ``Person``).

These are not access rules on their own: the caller has already decided, through a door, that
the person is theirs to see (the logged-in client, a member of a case the caseworker may open,
the person an e-ID login verified). Keeping the reads here keeps the front doors free of
queries, so the test in tests/test_front_doors.py can see every read the doors make.
"""

from __future__ import annotations

from ekb.lib.ids import parse_id
from ekb.people.models import Person


def client_person(person_id: int) -> Person:
    """The logged-in client (the id comes from the e-ID session or the client's token)."""
    return Person.objects.get(pk=person_id)


def person_by_identity_number(identity_number: str) -> Person:
    """The person an e-ID login verified."""
    return Person.objects.get(identity_number=identity_number)


def person_by_id(person_id) -> Person | None:
    """A person by id, or None (also for an id the key column cannot hold)."""
    pk = parse_id(person_id)
    return Person.objects.filter(pk=pk).first() if pk else None


def first_names(person_ids) -> dict[int, str]:
    """First names by id, for pages that name household members."""
    return dict(Person.objects.filter(pk__in=list(person_ids)).values_list("pk", "first_name"))
