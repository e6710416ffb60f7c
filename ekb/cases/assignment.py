"""Who may take a case, and how loaded each caseworker of the unit is."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from ekb.accounts.models import RoleAssignment, User
from ekb.accounts.roles import Role
from ekb.cases.access import may_assign
from ekb.cases.models import Case


@dataclass(frozen=True)
class CaseworkerLoad:
    caseworker: User
    open_cases: int
    weight: int
    former: bool


def assignment_options(case: Case, user=None) -> list[CaseworkerLoad]:
    """The caseworkers ``user`` may give the case to (``access.may_assign``; all the unit's
    when no user is given), with their caseload and weight, the client's former caseworker
    first. Empty when the user may not assign the case at all."""
    if user is not None and not may_assign(user, case):
        return []
    former_ids = set(
        Case.objects.filter(
            household=case.household, closed_on__isnull=False, assigned_caseworker__isnull=False
        ).values_list("assigned_caseworker_id", flat=True)
    )
    caseworkers = (
        User.objects.filter(
            is_active=True, role_assignments__role=Role.CASEWORKER, role_assignments__unit=case.unit
        )
        .annotate(
            open_cases=Count(
                "assigned_cases", filter=Q(assigned_cases__closed_on__isnull=True), distinct=True
            ),
            load=Sum("assigned_cases__weight", filter=Q(assigned_cases__closed_on__isnull=True)),
        )
        .distinct()
        .prefetch_related("role_assignments")  # may_assign reads each one's roles
    )
    options = [
        CaseworkerLoad(u, u.open_cases, u.load or 0, u.pk in former_ids)
        for u in caseworkers
        if user is None or may_assign(user, case, u)
    ]
    return sorted(options, key=lambda o: (not o.former, o.weight, o.caseworker.username))


def caseloads(units) -> list[CaseworkerLoad]:
    """Every active caseworker of the units with her open cases and their weight, the heaviest
    first: the section manager's panel (one query)."""
    caseworkers = (
        # A subquery, not a join: a caseworker in two of the units must not count her cases twice.
        User.objects.filter(
            is_active=True,
            pk__in=RoleAssignment.objects.filter(role=Role.CASEWORKER, unit_id__in=units).values(
                "user_id"
            ),
        ).annotate(
            open_cases=Count(
                "assigned_cases", filter=Q(assigned_cases__closed_on__isnull=True), distinct=True
            ),
            load=Sum("assigned_cases__weight", filter=Q(assigned_cases__closed_on__isnull=True)),
        )
    )
    loads = [CaseworkerLoad(u, u.open_cases, u.load or 0, False) for u in caseworkers]
    return sorted(loads, key=lambda o: (-o.weight, -o.open_cases, o.caseworker.username))
