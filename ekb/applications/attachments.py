"""Files a client sends: accepted by their first bytes, stored under their digest, several at
once all or nothing (``do_upload_attachments``)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

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


MAX_FILES = 10  # at once, in one request (the client API's contract: schemas/, ekb/api/eservice.py)


@dataclass(frozen=True)
class _Checked:
    name: str
    content_type: str
    content: bytes
    digest: str


def _problem(uploaded) -> str | None:
    """What is wrong with one file, in words for the client; None when it may be stored."""
    if uploaded.size > settings.EKB_MAX_UPLOAD_MB * 1024 * 1024:
        return _("Filen är för stor. Den får vara högst %(mb)s MB.") % {
            "mb": settings.EKB_MAX_UPLOAD_MB
        }
    if uploaded.size == 0:
        return _("Filen är tom. Välj en annan fil.")
    return None


def _checked(files, at_most: int) -> list[_Checked]:
    """Every file read and checked before any is stored; every bad file is named."""
    if len(files) > at_most:
        raise ValidationError(
            {"files": _("Du kan skicka högst %(n)s filer åt gången.") % {"n": at_most}}
        )
    checked, errors = [], {}
    for i, uploaded in enumerate(files):
        problem = _problem(uploaded)
        if problem is None:
            content = uploaded.read()
            kind = sniff(content[:16])
            if kind is None:
                problem = _("Filen måste vara en PDF eller en bild (JPG eller PNG).")
        if problem is not None:
            errors[f"files[{i}]"] = [
                _("%(name)s: %(problem)s") % {"name": uploaded.name, "problem": problem}
            ]
            continue
        assert kind is not None  # a file without a known kind has a problem above
        content_type, extension = kind
        checked.append(
            _Checked(
                clean_file_name(uploaded.name, extension),
                content_type,
                content,
                hashlib.sha256(content).hexdigest(),
            )
        )
    if errors:
        raise ValidationError(errors)
    return checked


@contextmanager
def do_upload_attachments(
    case: Case,
    files,
    *,
    person,
    supplement_request=None,
    channel=Channel.WEB,
    at_most: int = MAX_FILES,
) -> Iterator[list[Attachment]]:
    """The files a client sends at once (the e-service's two pages and the client API), all or
    nothing. Every file is checked first, by its size and its first bytes (not its name); a bad
    file raises a ValidationError that names each bad file under ``files[i]`` (too many files:
    under ``files``), and nothing is stored. Used as a with-block: what the block does with the
    stored attachments (answer the request, send a note) belongs to the same all or nothing. If
    the block raises, the rows roll back and the stored files are deleted again, so no file of
    the client's stays behind without its row. Call it outside any other transaction.

        with do_upload_attachments(case, files, person=person) as attachments:
            do_send_message(case, note, person=person)
    """
    checked = _checked(list(files), at_most)
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            for item in checked:
                attachment = Attachment(
                    case=case,
                    supplement_request=supplement_request,
                    uploaded_by_person=person,
                    name=item.name,
                    content_type=item.content_type,
                    size=len(item.content),
                    sha256=item.digest,
                )
                attachment.file.save(item.digest, ContentFile(item.content), save=False)
                stored.append(attachment)
                attachment.save()
                record(
                    action=Action.CHANGE_CASE,
                    client_person_id=person.pk,
                    case_id=case.pk,
                    channel=channel,
                )
            yield stored
    except BaseException:
        for attachment in stored:
            attachment.file.storage.delete(attachment.file.name)
        raise
