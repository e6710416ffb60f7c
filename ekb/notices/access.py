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
