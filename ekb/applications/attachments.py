"""Files a client sends: accepted by their first bytes, stored under their digest."""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from ekb.applications.models import Attachment
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.models import Case

# Accepted by their first bytes, not by the name or the browser's word for the type.
SIGNATURES = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
}


def sniff(head: bytes) -> tuple[str, str] | None:
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def clean_file_name(name: str, extension: str) -> str:
    stem = re.sub(r"[^\w\-åäöÅÄÖ ]+", "", (name or "fil").rsplit(".", 1)[0]).strip()[:80] or "fil"
    return f"{stem}.{extension}"


@transaction.atomic
def do_upload_attachment(
    case: Case, uploaded, *, person, supplement_request=None, channel=Channel.WEB
) -> Attachment:
    limit = settings.EKB_MAX_UPLOAD_MB * 1024 * 1024
    if uploaded.size > limit:
        raise ValidationError(
            {"file": f"Filen är för stor. Den får vara högst {settings.EKB_MAX_UPLOAD_MB} MB."}
        )
    if uploaded.size == 0:
        raise ValidationError({"file": "Filen är tom. Välj en annan fil."})
    content = uploaded.read()
    kind = sniff(content[:16])
    if kind is None:
        raise ValidationError({"file": "Filen måste vara en PDF eller en bild (JPG eller PNG)."})
    content_type, extension = kind
    digest = hashlib.sha256(content).hexdigest()
    attachment = Attachment(
        case=case,
        supplement_request=supplement_request,
        uploaded_by_person=person,
        name=clean_file_name(uploaded.name, extension),
        content_type=content_type,
        size=len(content),
        sha256=digest,
    )
    attachment.file.save(digest, ContentFile(content), save=False)
    attachment.save()
    record(action=Action.CHANGE_CASE, client_person_id=person.pk, case_id=case.pk, channel=channel)
    return attachment
