"""Trust-based handling: no receipts by default; a caseworker may ask for a supplement."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.applications.choices import SupplementStatus
from ekb.applications.models import SupplementRequest
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind


@transaction.atomic
def do_request_supplement(
    case,
    *,
    what: str,
    why: str,
    due_date: dt.date,
    application=None,
    acting_user,
    channel=Channel.WEB,
):
    errors = {}
    if not what.strip():
        errors["what"] = _("Skriv vad klienten ska komplettera med.")
    if not why.strip():
        errors["why"] = _("Skriv varför kompletteringen behövs.")
    if due_date is None:
        errors["due_date"] = _("Ange ett datum.")
    elif due_date < timezone.localdate():
        errors["due_date"] = _("Sista dag kan inte vara före i dag.")
    if case.closed_on is not None:
        errors["__all__"] = _("Ärendet är avslutat.")
    if errors:
        raise ValidationError(errors)
    request = SupplementRequest.objects.create(
        case=case,
        application=application,
        what=what.strip(),
        why=why.strip(),
        due_date=due_date,
        requested_by=acting_user,
    )
    append_event(
        case,
        EventKind.SUPPLEMENT_REQUESTED,
        actor=acting_user,
        data={"supplement_request_id": request.pk, "due_date": due_date.isoformat()},
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)
    return request


@transaction.atomic
def do_answer_supplement(
    request: SupplementRequest, *, answer: str, client_person_id: int, channel=Channel.WEB
):
    """The client answers with text, with files (attached to the request first), or both.
    The front doors answer through ekb.flow.journey.answer_supplement, which also closes the
    warning that the request was overdue: a supplement request does not reach up to warnings."""
    request = SupplementRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != SupplementStatus.OPEN:
        raise ValidationError({"__all__": _("Begäran är redan besvarad eller återkallad.")})
    if not answer.strip() and not request.attachments.exists():
        raise ValidationError({"answer": _("Skriv ett svar eller bifoga en fil.")})
    request.status = SupplementStatus.ANSWERED
    request.answer = answer.strip()
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answer", "answered_at"])
    append_event(
        request.case, EventKind.SUPPLEMENT_ANSWERED, data={"supplement_request_id": request.pk}
    )
    record(
        action=Action.CHANGE_CASE,
        client_person_id=client_person_id,
        case_id=request.case_id,
        channel=channel,
    )
    return request
