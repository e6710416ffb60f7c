"""Journal entries (dokumentation): dated, signed by the author, never edited after signing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.models import JournalEntry


@transaction.atomic
def do_write_journal_entry(
    case, *, text: str, acting_user, corrects: JournalEntry | None = None, channel=Channel.WEB
):
    if not text.strip():
        raise ValidationError({"text": _("Skriv anteckningen.")})
    if corrects is not None and corrects.case_id != case.pk:
        raise ValidationError({"corrects": _("Rättelsen måste gälla samma ärende.")})
    now = timezone.now()
    entry = JournalEntry.objects.create(
        case=case,
        author=acting_user,
        entry_date=timezone.localdate(),
        text=text.strip(),
        signed_at=now,
        corrects=corrects,
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)
    return entry
