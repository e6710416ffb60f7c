"""Who may sign a plan: only its parties (issue 12, "a plan signed by someone who is not a party:
a clear message"). The client's side is the case's applicant and co-applicant today; the staff
side is the case's caseworker, and its labour-market officer where the case has one (the split
organisation of seed 004 §2.5: the officer owns the plan, the caseworker the decisions)."""

from __future__ import annotations

from ekb.cases.models import Case
from ekb.people.models import HouseholdMember, MemberRole
from ekb.plans.choices import SignerRole


def client_role(case: Case, person_id: int) -> str | None:
    """The person's role as a party of the case today, or None when she is not one."""
    role = (
        HouseholdMember.objects.filter(
            household_id=case.household_id,
            person_id=person_id,
            role__in=[MemberRole.APPLICANT, MemberRole.CO_APPLICANT],
            valid_to__isnull=True,
        )
        .values_list("role", flat=True)
        .first()
    )
    if role is None:
        return None
    return SignerRole.APPLICANT if role == MemberRole.APPLICANT else SignerRole.CO_APPLICANT


def staff_role(case: Case, user) -> str | None:
    """The staff member's role as a party of the case, or None. The labour-market officer is read
    with getattr: the field comes with the two ways of organising the work (issue 12 strand E)."""
    if user is None or not user.is_authenticated:
        return None
    if case.assigned_caseworker_id is not None and case.assigned_caseworker_id == user.pk:
        return SignerRole.CASEWORKER
    officer_id = getattr(case, "labour_market_officer_id", None)
    if officer_id is not None and officer_id == user.pk:
        return SignerRole.LABOUR_MARKET_OFFICER
    return None


def client_parties(case: Case) -> list[int]:
    """The person ids of the client's side today (applicant first)."""
    return list(
        HouseholdMember.objects.filter(
            household_id=case.household_id,
            role__in=[MemberRole.APPLICANT, MemberRole.CO_APPLICANT],
            valid_to__isnull=True,
        )
        .order_by("role", "person_id")
        .values_list("person_id", flat=True)
    )
