"""Staff roles and the pairs that may not be held together.

Kept as data beside their reasons so the separation of duties can be read and changed in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Handläggare")
    SENIOR_CASEWORKER = "senior_caseworker", _("Förste socialsekreterare")
    SECTION_MANAGER = "section_manager", _("Sektionschef")
    LABOUR_MARKET_OFFICER = "labour_market_officer", _("Arbetsmarknadssekreterare")
    COMMITTEE_MEMBER = "committee_member", _("Nämndledamot")
    ADMINISTRATOR = "administrator", _("Systemförvaltare")
    LOG_AUDITOR = "log_auditor", _("Logggranskare")


# Roles that work with individual cases of their unit.
CASE_HANDLING_ROLES = frozenset(
    {Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.SECTION_MANAGER, Role.LABOUR_MARKET_OFFICER}
)

# Roles that must not be combined in one person, and why (separation of duties). The reasons are
# translated when read (lazy), for staff who chose English.
INCOMPATIBLE_ROLES: dict[frozenset[str], StrOrPromise] = {
    **{
        frozenset({Role.LOG_AUDITOR, r}): _(
            "Den som granskar loggen får inte själv handlägga ärenden."
        )
        for r in CASE_HANDLING_ROLES
    },
    frozenset({Role.LOG_AUDITOR, Role.ADMINISTRATOR}): (
        _("Den som granskar loggen får inte själv kunna ändra behörigheter.")
    ),
    **{
        frozenset({Role.COMMITTEE_MEMBER, r}): (
            _("En förtroendevald i nämnden får inte samtidigt vara tjänsteperson i ärendena.")
        )
        for r in CASE_HANDLING_ROLES
    },
}


def incompatibility(roles: set[str]) -> StrOrPromise | None:
    """The reason the set of roles cannot be held together, or None when it can."""
    for pair, reason in INCOMPATIBLE_ROLES.items():
        if pair <= roles:
            return reason
    return None
