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
