"""The appeal to förvaltningsrätten as one PDF (förvaltningslagen 46 §: the appeal "och övriga
handlingar i ärendet" go to the court promptly).

    court_bundle_pdf(appeal, opinion, *, author) -> (bytes, pages)
    do_store_court_bundle(appeal, opinion, *, acting_user) -> CourtBundle

In this order: a cover letter with the municipality's opinion (yttrande) in the caseworker's
words and what the rättidsprövning and omprövning found; the appealed decision's letter (and the
omprövning's, which the appeal then covers); the calculation the decision rests on; the client's
appeal; and the papers the client sent with it (PDF as they are, images one to a page). No full
personnummer is printed (as in the letter: the date part and XXXX)."""

from __future__ import annotations

import base64
import hashlib
import io

from django.template.loader import render_to_string
from django.utils import timezone

from ekb.decisions.phrases import format_date
from ekb.notices.choices import Timeliness
from ekb.notices.letters import (
    _household_persons,
    _pdf,
    calculation_table,
    decision_date,
    render_decision_letter,
)
from ekb.notices.models import Appeal, CourtBundle, DecisionLetter


def _letter_pdf(decision) -> bytes:
    """The letter as it was sent; rendered afresh only where the stored one is not a PDF (the
    test suite stores the HTML unless it asks for real letters)."""
    stored = DecisionLetter.objects.filter(decision_id=decision.pk).first()
    if stored is not None and bytes(stored.pdf).startswith(b"%PDF"):
        return bytes(stored.pdf)
    return render_decision_letter(decision)


def _image_pdf(attachment) -> bytes:
    with attachment.file.open("rb") as fh:
        data = base64.b64encode(fh.read()).decode("ascii")
    html = render_to_string(
        "notices/court_image.html",
        {"name": attachment.name, "src": f"data:{attachment.content_type};base64,{data}"},
    )
    return _pdf(html)


def _attachment_pdf(attachment) -> bytes | None:
    if attachment.content_type == "application/pdf":
        with attachment.file.open("rb") as fh:
            return fh.read()
    if attachment.content_type.startswith("image/"):
        return _image_pdf(attachment)
    return None


def _common(appeal: Appeal) -> dict:
    case = appeal.case
    decision = appeal.decision
    return {
        "municipality_name": case.municipality.name,
        "unit_name": case.unit.name,
        "case_number": case.number,
        "decided_on_text": format_date(decision_date(decision)),
        "received_on_text": format_date(timezone.localdate(appeal.received_at)),
        "persons": _household_persons(decision, decision_date(decision)),
        "appellant": appeal.person.full_name,
    }


def court_bundle_pdf(appeal: Appeal, opinion: str, *, author) -> tuple[bytes, int]:
    """The bundle's bytes and its number of pages."""
    from pypdf import PdfReader, PdfWriter

    decision = appeal.decision
    reconsideration = appeal.reconsideration
    attachments = list(appeal.attachments.order_by("id"))
    common = _common(appeal)
    enclosures = ["Det överklagade beslutet (beslutsbrevet)"]
    if reconsideration is not None:
        enclosures.append(
            f"Beslutet efter omprövning den {format_date(decision_date(reconsideration))}"
        )
    calculation = calculation_table(reconsideration or decision)
    if calculation is not None:
        enclosures.append("Beräkningen som beslutet bygger på")
    enclosures.append("Överklagandet")
    enclosures.extend(f"Bifogad fil: {a.name}" for a in attachments)
    cover = render_to_string(
        "notices/court_cover.html",
        {
            **common,
            "opinion": [p.strip() for p in opinion.split("\n\n") if p.strip()],
            "in_time": appeal.timeliness == Timeliness.IN_TIME,
            "timeliness_on_text": format_date(timezone.localdate(appeal.timeliness_at))
            if appeal.timeliness_at
            else "",
            "reconsidered_on_text": format_date(decision_date(reconsideration))
            if reconsideration is not None
            else "",
            "enclosures": enclosures,
            "author": author.display_name,
            "today_text": format_date(timezone.localdate()),
        },
    )
    parts = [_pdf(cover), _letter_pdf(decision)]
    if reconsideration is not None:
        parts.append(_letter_pdf(reconsideration))
    if calculation is not None:
        parts.append(
            _pdf(
                render_to_string(
                    "notices/court_calculation.html", {**common, "calculation": calculation}
                )
            )
        )
    parts.append(
        _pdf(
            render_to_string(
                "notices/court_appeal.html",
                {**common, "paragraphs": [p for p in appeal.text.split("\n") if p.strip()]},
            )
        )
    )
    for attachment in attachments:
        pdf = _attachment_pdf(attachment)
        if pdf is not None:
            parts.append(pdf)
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    writer.add_metadata({"/Title": f"Överklagande, ärende {appeal.case.number}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def do_store_court_bundle(appeal: Appeal, opinion: str, *, acting_user) -> CourtBundle:
    """Make and keep the bundle (called inside do_forward_appeal, which logs and records the
    event); a bundle already stored is the one sent."""
    existing = CourtBundle.objects.filter(appeal_id=appeal.pk).first()
    if existing is not None:
        return existing
    pdf, pages = court_bundle_pdf(appeal, opinion, author=acting_user)
    return CourtBundle.objects.create(
        appeal=appeal,
        opinion=opinion,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        page_count=pages,
        created_by=acting_user,
    )
