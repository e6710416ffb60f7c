"""Absences and who covers: the section manager registers that a caseworker of the unit is away
and names a colleague of the unit who covers; while she is away, the cover's inbox also holds
hers (flow.inbox reads ``covered_users``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.models import Absence, User
from ekb.accounts.roles import Role

# Who is away and who covers: the unit's caseworkers. Who registers it: the unit's manager.
ABSENT_ROLES = frozenset({Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.LABOUR_MARKET_OFFICER})
REGISTRAR_ROLES = frozenset({Role.SECTION_MANAGER})


def unit_staff(units) -> list[User]:
    """The active caseworkers of the units, by name: the people a manager can mark as away and
    name as cover."""
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role__in=ABSENT_ROLES,
            role_assignments__unit_id__in=units,
        )
        .distinct()
        .prefetch_related("role_assignments")
        .order_by("first_name", "last_name", "username")
    )


@transaction.atomic
def do_register_absence(
    user: User,
    *,
    starts_on: dt.date,
    ends_on: dt.date,
    covered_by: User | None,
    acting_user: User,
) -> Absence:
    """The manager of a unit registers that a caseworker of the unit is away, with a cover from
    the same unit. A second absence overlapping one already registered is refused, so a double
    submit does not register it twice."""
    managed = acting_user.units_with_roles(REGISTRAR_ROLES)
    errors: dict[str, str] = {}
    if not managed & user.units_with_roles(ABSENT_ROLES):
        errors["user"] = str(_("Välj en handläggare i din enhet."))
    if covered_by is not None:
        if covered_by.pk == user.pk:
            errors["covered_by"] = str(
                _("Den som är frånvarande kan inte vara sin egen ersättare.")
            )
        elif not covered_by.is_active or not managed & covered_by.units_with_roles(ABSENT_ROLES):
            errors["covered_by"] = str(_("Välj en ersättare i din enhet."))
    if ends_on < starts_on:
        errors["ends_on"] = str(_("Slutdatum kan inte vara före startdatum."))
    elif ends_on < timezone.localdate():
        errors["ends_on"] = str(_("Frånvaron har redan tagit slut."))
    if not errors:
        User.objects.select_for_update().filter(pk=user.pk).first()  # one at a time per person
        overlapping = Absence.objects.filter(
            user=user, starts_on__lte=ends_on, ends_on__gte=starts_on
        ).exists()
        if overlapping:
            errors["__all__"] = str(_("Det finns redan en frånvaro för samma dagar."))
    if errors:
        raise ValidationError(errors)
    absence = Absence(
        user=user,
        starts_on=starts_on,
        ends_on=ends_on,
        covered_by=covered_by,
        registered_by=acting_user,
    )
    absence.full_clean()
    absence.save()
    return absence


def _covered_on(user: User, on: dt.date | None):
    """The absences on the day that the user covers for."""
    on = on or timezone.localdate()
    return Absence.objects.filter(covered_by=user, starts_on__lte=on, ends_on__gte=on)


def covered_users(user: User, on: dt.date | None = None) -> list[int]:
    """The user and every colleague she covers for on the day: whose cases her inbox holds."""
    away = _covered_on(user, on)
    return [user.pk, *sorted(set(away.values_list("user_id", flat=True)))]


def covered_colleagues(user: User, on: dt.date | None = None) -> dict[int, str]:
    """The colleagues she covers for on the day, by id, with the name her inbox shows beside
    their items ("för Noah Nilsson, frånvarande")."""
    away = _covered_on(user, on).select_related("user")
    return {a.user_id: a.user.display_name for a in away if a.user_id != user.pk}


def absences_in_units(units, on: dt.date | None = None) -> list[Absence]:
    """The absences of the units' staff that are not over, the current first: the manager's
    panel of who is away and who covers."""
    on = on or timezone.localdate()
    return list(
        Absence.objects.filter(
            user__role_assignments__role__in=ABSENT_ROLES,
            user__role_assignments__unit_id__in=units,
            ends_on__gte=on,
        )
        .distinct()
        .select_related("user", "covered_by")
        .order_by("starts_on", "user__first_name", "user__username")[:50]
    )
