"""Writing the access log. Every read and change of personal data calls `record`."""

from __future__ import annotations

from ekb.audit.models import AccessLogEntry, Action, Channel, Outcome
from ekb.lib.request_id import current_request_id


def record(
    *,
    action: Action,
    outcome: Outcome = Outcome.PERMITTED,
    user=None,
    client_person_id: int | None = None,
    case_id: int | None = None,
    person_id: int | None = None,
    channel: Channel = Channel.WEB,
    detail: dict | None = None,
) -> AccessLogEntry:
    roles = ""
    if user is not None and getattr(user, "is_authenticated", False):
        roles = ",".join(sorted(user.role_set()))
    else:
        user = None
    return AccessLogEntry.objects.create(
        actor_user_id=user.pk if user else None,
        actor_username=user.username if user else "",
        actor_person_id=client_person_id,
        actor_roles=roles,
        action=action.value,
        action_text=action.label,
        case_id=case_id,
        person_id=person_id,
        outcome=outcome.value,
        channel=channel.value,
        request_id=current_request_id(),
        detail=detail or {},
    )
