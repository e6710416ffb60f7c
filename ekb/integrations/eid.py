"""Client login with e-ID (BankID, Freja+ ...) behind one interface.

A real provider is an OIDC broker that returns the person's identity number after the client
has signed in; it is configured per municipality. In demo mode only, `DemoEid` lets a tester
pick one of the demo municipality's persons instead. Nothing else can enable it: it refuses to
work unless settings.EKB_DEMO is on (which settings refuse in production), and it only accepts
persons of a municipality marked as the demo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ekb.people.identity_number import InvalidIdentityNumber, parse_identity_number

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The demo e-ID's search answers with at most this many persons; more asks for a narrower search.
MAX_DEMO_HITS = 20
_NUMBER_SHAPE = re.compile(r"^[\d\s+-]+$")


@dataclass(frozen=True)
class EidIdentity:
    identity_number: str  # 12 digits
    method: str  # "demo", "bankid", ...


class EidUnavailable(Exception):
    pass


class EidProvider(Protocol):
    method: str

    def verify(self, identity_number: str) -> EidIdentity: ...


class DemoEid:
    method = "demo"

    def __init__(self) -> None:
        if not settings.EKB_DEMO:
            raise EidUnavailable("The demo e-ID exists only in demo mode.")

    def demo_persons(self, *, also=()):
        """The demo municipality's applicants and co-applicants, and the persons ``also`` names
        (ids: ekb.applications.drafts.demo_co_applicant_ids, a co-applicant a demo client named in a new
        application's household, who can log in and confirm it before they are a member; see
        ekb.eservice.household). The caller passes them in: drafts sit above the integrations."""
        from django.db.models import Q

        from ekb.people.models import Person

        return (
            Person.objects.filter(
                Q(
                    memberships__household__municipality__is_demo=True,
                    memberships__role__in=["applicant", "co_applicant"],
                    memberships__valid_to__isnull=True,
                )
                | Q(pk__in=also)
            )
            .distinct()
            .order_by("last_name", "first_name")
        )

    def search(self, text: str, *, also=()) -> DemoSearch:
        """Demo persons (not protected) whose name or personnummer matches ``text``: every word
        starts a first or last name, or the digits are (part of) a personnummer."""
        text = " ".join((text or "").split())
        persons = self.demo_persons(also=also).filter(protected_identity=False)
        if _NUMBER_SHAPE.match(text):
            try:
                number = parse_identity_number(text).number
            except InvalidIdentityNumber:
                digits = re.sub(r"\D", "", text)
                persons = persons.filter(identity_number__contains=digits)
            else:
                persons = persons.filter(identity_number=number)
        else:
            for token in text.split():
                persons = persons.filter(_name_starts(token))
        found = list(persons[: MAX_DEMO_HITS + 1])
        return DemoSearch(found[:MAX_DEMO_HITS], more=len(found) > MAX_DEMO_HITS)

    def suggested(self, *, also=()) -> list[Suggestion]:
        """A few demo persons in different situations to start from: the first (by name) who
        lives alone, who applies with a partner, who is a parent alone, who is a parent with a
        partner, and anyone named as a co-applicant in a demo client's application (``also``)."""
        from django.db.models import Count, Q

        from ekb.people.models import Household

        current = Q(members__valid_to__isnull=True)
        households = (
            Household.objects.filter(
                municipality__is_demo=True,
            )
            .annotate(
                partners=Count("members", filter=current & Q(members__role="co_applicant")),
                children=Count("members", filter=current & Q(members__role="child")),
                protected=Count(
                    "members", filter=current & Q(members__person__protected_identity=True)
                ),
            )
            .filter(protected=0)
        )
        situations = [
            (_("Bor ensam"), Q(partners=0, children=0)),
            (_("Söker tillsammans med sin partner"), Q(partners__gt=0, children=0)),
            (_("Ensamstående förälder"), Q(partners=0, children__gt=0)),
            (_("Familj med barn"), Q(partners__gt=0, children__gt=0)),
        ]
        picked: list[Suggestion] = []
        for situation, condition in situations:
            person = (
                self.demo_persons()
                .filter(
                    protected_identity=False,
                    memberships__role="applicant",
                    memberships__valid_to__isnull=True,
                    memberships__household__in=households.filter(condition).values("pk"),
                )
                .first()
            )
            if person is not None:
                picked.append(Suggestion(person, situation))
        named = self.demo_persons(also=also).filter(pk__in=also, protected_identity=False)
        for person in named[:3]:
            picked.append(
                Suggestion(person, _("Medsökande i en ansökan som väntar på bekräftelse"))
            )
        return picked

    def verify(self, identity_number: str, *, also=()) -> EidIdentity:
        if not self.demo_persons(also=also).filter(identity_number=identity_number).exists():
            raise EidUnavailable("Not a demo person.")
        return EidIdentity(identity_number=identity_number, method=self.method)


@dataclass(frozen=True)
class DemoSearch:
    persons: list
    more: bool  # more than MAX_DEMO_HITS matched


@dataclass(frozen=True)
class Suggestion:
    person: object
    situation: StrOrPromise  # translated when shown


def _name_starts(token: str):
    from django.db.models import Q

    # SQLite folds only ASCII: Å/Ä/Ö are also tried in lower case and with a capital letter.
    q = Q()
    for variant in {token, token.lower(), token.capitalize()}:
        q |= Q(first_name__istartswith=variant) | Q(last_name__istartswith=variant)
        q |= Q(last_name__icontains=f"-{variant}")
    return q


def demo_eid_enabled() -> bool:
    return bool(settings.EKB_DEMO)
