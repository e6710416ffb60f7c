"""The labour-market officer (arbetsmarknadssekreterare) of a case: the split way of organising
the work (seed 004 §2.5), where she plans with the client towards work and the caseworker
decides the money. Both see the case through the unit-wide rule in ekb.cases.access; this
module only names who is who, so each sees the other's meetings and plan steps."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ekb.accounts.models import User
from ekb.accounts.roles import Role
from ekb.audit.log import record
from ekb.audit.models import Action, Channel, Outcome
from ekb.cases.access import MANAGER_ROLES, UNIT_ROLES, may_see_case, visible_cases
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.cases.models import Case

OFFICER_ROLES = frozenset({Role.LABOUR_MARKET_OFFICER})


def officer_options(case: Case) -> list[User]:
    """The active labour-market officers of the case's unit, by name: who may be chosen."""
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.LABOUR_MARKET_OFFICER,
            role_assignments__unit_id=case.unit_id,
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def may_set_officer(user, case: Case) -> bool:
    """Anyone who works the unit's cases (caseworker, senior caseworker, labour-market officer,
    section manager) may name the case's labour-market officer; not on a closed case."""
    if case.closed_on is not None or not may_see_case(user, case):
        return False
    return case.unit_id in user.units_with_roles(UNIT_ROLES | MANAGER_ROLES)


@transaction.atomic
def do_set_labour_market_officer(
    case: Case, officer: User | None, *, acting_user, channel=Channel.WEB
) -> None:
    """Name (or, with None, remove) the case's labour-market officer. She must hold the role in
    the case's unit; access stays unit-wide, so naming her gives nobody new access."""
    if not may_set_officer(acting_user, case):
        record(
            action=Action.CHANGE_CASE,
            outcome=Outcome.DENIED,
            user=acting_user,
            case_id=case.pk,
            channel=channel,
        )
        raise PermissionDenied
    if officer is not None and officer.pk not in {o.pk for o in officer_options(case)}:
        raise ValidationError({"officer": _("Välj en arbetsmarknadssekreterare i ärendets enhet.")})
    if officer is not None and not may_see_case(officer, case):
        # Protected identity is a hard gate: naming her must not be a way around it.
        raise ValidationError(
            {
                "officer": _(
                    "Ärendet har skyddade personuppgifter och kan inte delas med en "
                    "arbetsmarknadssekreterare."
                )
            }
        )
    if case.labour_market_officer_id == (officer.pk if officer else None):
        return  # nothing changes: a second click leaves no second event
    case.labour_market_officer = officer
    case.save(update_fields=["labour_market_officer"])
    # Staff read it in the case's history; the client sees the officer's name on her status
    # page, not as news of its own (no e-mail or SMS for it).
    append_event(
        case,
        EventKind.LABOUR_MARKET_OFFICER_SET,
        actor=acting_user,
        data={"officer_id": officer.pk if officer else None},
        visible_to_client=False,
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)


def officer_cases(user) -> QuerySet[Case]:
    """The open cases where the user is the labour-market officer (her start page lists them);
    the caller logs the ids it shows. Scoped through the same rule as every case list."""
    return (
        visible_cases(user)
        .filter(labour_market_officer=user, closed_on__isnull=True)
        .select_related("assigned_caseworker", "unit")
        .order_by("number")
    )
