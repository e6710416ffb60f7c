"""State changes on staff: roles are granted only in compatible combinations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ekb.accounts.models import RoleAssignment
from ekb.accounts.roles import incompatibility


@transaction.atomic
def do_grant_role(user, role: str, *, unit=None, acting_user=None) -> RoleAssignment:
    held = {a.role for a in RoleAssignment.objects.select_for_update().filter(user=user)}
    reason = incompatibility(held | {role})
    if reason:
        raise ValidationError({"role": reason})
    assignment = RoleAssignment(user=user, role=role, unit=unit)
    assignment.full_clean()
    assignment.save()
    if hasattr(user, "_role_set"):
        del user._role_set
    return assignment
