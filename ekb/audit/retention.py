"""Retention (gallring) of the access log: the only way rows leave it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ekb.audit.log import record
from ekb.audit.models import AccessLogEntry, Action, Channel, RetentionUnlock


@transaction.atomic
def do_purge_access_log(*, before: dt.datetime, acting_user=None) -> int:
    unlock = RetentionUnlock.objects.create()
    # QuerySet.delete() bypasses the model's delete() guard; the trigger lets it pass only now.
    old = AccessLogEntry.objects.filter(at__lt=before)
    deleted = old._raw_delete(old.db)
    unlock.delete()
    record(
        action=Action.RETENTION, user=acting_user, channel=Channel.CLI, detail={"deleted": deleted}
    )
    return deleted
