"""Client login with e-ID (BankID, Freja+ ...) behind one interface.

A real provider is an OIDC broker that returns the person's identity number after the client
has signed in; it is configured per municipality. In demo mode only, `DemoEid` lets a tester
pick one of the demo municipality's persons instead. Nothing else can enable it: it refuses to
work unless settings.EKB_DEMO is on (which settings refuse in production), and it only accepts
persons of a municipality marked as the demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings


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

    def verify(self, identity_number: str, *, also=()) -> EidIdentity:
        if not self.demo_persons(also=also).filter(identity_number=identity_number).exists():
            raise EidUnavailable("Not a demo person.")
        return EidIdentity(identity_number=identity_number, method=self.method)


def demo_eid_enabled() -> bool:
    return bool(settings.EKB_DEMO)
