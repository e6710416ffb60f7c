"""Staff doors to appeals: 404 for missing and not-yours alike, every read logged. (The client's
own decisions, applications and supplement requests are in client_access.py.)"""

from __future__ import annotations

from ekb.audit.models import Action, Channel
from ekb.cases.access import access_via_case
from ekb.notices.models import Appeal


def access_appeal_by_id(user, appeal_id, *, action=Action.CHANGE_CASE, channel=Channel.WEB):
    return access_via_case(
        user, Appeal, appeal_id, action=action, channel=channel, related=("decision",)
    )


def case_appeals(case) -> list[Appeal]:
    """The case's appeals with their decisions, the latest first, for a case the caller has
    opened through ``cases.access``."""
    return list(
        Appeal.objects.filter(case=case).select_related("decision").order_by("-received_at")
    )


def access_court_bundle(user, appeal_id, *, channel=Channel.WEB):
    """The bundle sent to the court with an appeal (staff only; the read is logged)."""
    from django.http import Http404

    from ekb.notices.models import CourtBundle

    appeal = access_appeal_by_id(user, appeal_id, action=Action.OPEN_CASE, channel=channel)
    bundle = CourtBundle.objects.filter(appeal=appeal).first()
    if bundle is None:
        raise Http404("Handlingen finns inte.")
    return bundle
