"""Intake (mottagning): the note of a first contact before a case is opened or an application arrives."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.models import IntakeNote


@transaction.atomic
def do_record_intake(
    case,
    *,
    text: str,
    follow_up: list[str],
    first_meeting_at=None,
    acting_user,
    channel=Channel.WEB,
):
    if not text.strip():
        raise ValidationError({"text": _("Skriv en bedömning från mottagningen.")})
    note = IntakeNote.objects.create(
        case=case,
        text=text.strip(),
        follow_up=[p.strip() for p in follow_up if p.strip()],
        first_meeting_at=first_meeting_at,
        author=acting_user,
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)
    return note
