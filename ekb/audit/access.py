"""Who may read the access log, and the log as a reviewer sees it: decided here, not in views.

The access log is itself personal data about staff and clients: only a log auditor
(logggranskare) reads it, and every review is logged with the filter used, before the rows
are read, so the review and the rows it shows are in the same log.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from ekb.accounts.roles import Role
from ekb.audit.log import record
from ekb.audit.models import AccessLogEntry, Action, Outcome


def may_read_access_log(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.LOG_AUDITOR))


def access_log_entries(
    user,
    *,
    case_id: int | None = None,
    username: str = "",
    outcome: str = "",
    review: dict | None = None,
) -> QuerySet[AccessLogEntry]:
    """The entries the reviewer asked for, newest first; PermissionDenied (logged) for others."""
    if not may_read_access_log(user):
        record(action=Action.READ_ACCESS_LOG, outcome=Outcome.DENIED, user=user)
        raise PermissionDenied
    entries = AccessLogEntry.objects.order_by("-at", "-id")
    if case_id:
        entries = entries.filter(case_id=case_id)
    if username:
        entries = entries.filter(actor_username=username)
    if outcome:
        entries = entries.filter(outcome=outcome)
    record(action=Action.READ_ACCESS_LOG, user=user, detail={"filter": review or {}})
    return entries
