"""The caseworker's side of an appeal: reconsider (ompröva) the decision or forward it to the court.

Förvaltningslagen 45–46 §§: the municipality checks the appeal came in time, may change the
decision itself, and otherwise sends the appeal to the förvaltningsrätt without delay.

Whether the appeal came in time (`Appeal.in_time`) is decided once, on the day it arrives, by
ekb.cases.client.appeal_in_time: three weeks from the day the appellant themself was notified
(FL 44 §: "från den dag då den som överklagar fick del av beslutet"; a co-applicant's time runs
from their own day, not the applicant's), moved to the next weekday (lag 1930:173 2 §), and
always in time before the appellant was notified.
Nothing here recomputes it: a fact learnt later (a posting day recorded afterwards) can only move
the notification earlier, and must not turn an appeal that was in time when it came into a late
one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import AppealStatus, EventKind
from ekb.cases.models import Appeal


def _handle(appeal: Appeal, status: str, event: EventKind, *, acting_user, channel) -> Appeal:
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != AppealStatus.RECEIVED:
        raise ValidationError({"__all__": _("Överklagandet är redan hanterat.")})
    appeal.status = status
    appeal.handled_by = acting_user
    appeal.handled_at = timezone.now()
    appeal.save(update_fields=["status", "handled_by", "handled_at"])
    append_event(appeal.case, event, actor=acting_user, data={"appeal_id": appeal.pk})
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=appeal.case_id, channel=channel)
    return appeal


@transaction.atomic
def do_forward_appeal(appeal: Appeal, *, acting_user, channel=Channel.WEB) -> Appeal:
    return _handle(
        appeal,
        AppealStatus.FORWARDED,
        EventKind.APPEAL_FORWARDED,
        acting_user=acting_user,
        channel=channel,
    )


@transaction.atomic
def do_record_reconsideration(appeal: Appeal, *, acting_user, channel=Channel.WEB) -> Appeal:
    """The decision was changed as the client asked (a new decision is made on the application)."""
    return _handle(
        appeal,
        AppealStatus.RECONSIDERED,
        EventKind.APPEAL_RECONSIDERED,
        acting_user=acting_user,
        channel=channel,
    )
