"""Messages between the client and the caseworker."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.cases.models import Case, Message


@transaction.atomic
def do_send_message(
    case: Case, text: str, *, person=None, user=None, channel=Channel.WEB
) -> Message:
    if not text.strip():
        raise ValidationError({"text": "Skriv ett meddelande."})
    if len(text) > 5000:
        raise ValidationError({"text": "Meddelandet är för långt. Skriv högst 5 000 tecken."})
    message = Message.objects.create(
        case=case, from_person=person, from_user=user, text=text.strip()
    )
    if user is not None:
        append_event(
            case, EventKind.MESSAGE_FROM_CASEWORKER, actor=user, data={"message_id": message.pk}
        )
    record(
        action=Action.CHANGE_CASE,
        user=user,
        client_person_id=person.pk if person else None,
        case_id=case.pk,
        channel=channel,
    )
    return message


def do_mark_client_messages_read(case: Case, *, acting_user) -> int:
    """The assigned caseworker has opened the case and seen the client's messages: the inbox
    stops listing them. Someone else opening the case leaves them unread."""
    if case.assigned_caseworker_id != acting_user.pk:
        return 0
    return Message.objects.filter(
        case=case, from_person__isnull=False, read_at__isnull=True
    ).update(read_at=timezone.now())
