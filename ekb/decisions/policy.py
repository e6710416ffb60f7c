"""The municipality's settings for deciding and paying (four eyes, automated renewals, the pay
day, the debtor account)."""

from __future__ import annotations

from ekb.decisions.models import MunicipalityPolicy


def policy_for(municipality) -> MunicipalityPolicy:
    """The municipality's policy, or an unsaved one with the defaults when none is recorded."""
    return MunicipalityPolicy.objects.filter(
        municipality=municipality
    ).first() or MunicipalityPolicy(municipality=municipality)
