"""The appeal to förvaltningsrätten as one PDF (förvaltningslagen 46 §: the appeal "och övriga
handlingar i ärendet" go to the court promptly).

    court_bundle_pdf(appeal, opinion, *, author) -> (bytes, pages)
    do_store_court_bundle(appeal, opinion, *, acting_user) -> CourtBundle

In this order: a cover letter with the municipality's opinion (yttrande) in the caseworker's
words and what the rättidsprövning and omprövning found; the appealed decision's letter (and the
omprövning's, which the appeal then covers); the calculation the decision rests on; the client's
appeal; and the papers the client sent with it (PDF as they are, images one to a page).
The bundle is paged once, "sida N av M" on every page, and the cover lists each enclosure with its
pages. The parties are named with their full personnummer: the court must identify them (the
masking of the letters belongs to what the client downloads, logs and URLs; the letters enclosed
are copies as they were sent)."""

from __future__ import annotations

import base64
import hashlib
import io

from django.template.loader import render_to_string
from django.utils import timezone, translation

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
        "persons": _household_persons(decision, decision_date(decision), full_identity=True),
        "appellant": appeal.person.full_name,
    }


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _pages_text(first: int, count: int) -> str:
    if count <= 1:
        return f"sida {first}"
    return f"sidorna {first}\u2013{first + count - 1}"


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _stamp(page, text: str) -> None:
    """Write the bundle's own page number at the top of one page (the parts keep their own
    numbers: a letter is stamped as it was sent), marked as an artifact (PDF/UA)."""
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    page.transfer_rotation_to_content()
    box = page.cropbox
    overlay = PageObject.create_blank_page(width=float(box.width), height=float(box.height))
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    overlay[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/EKBStamp"): font})}
    )
    x = float(box.left) + 57  # 20 mm in, the letter's margin
    y = float(box.top) - 28  # 10 mm down, above the letter's header
    stream = DecodedStreamObject()
    stream.set_data(
        b"/Artifact BMC BT 0 g /EKBStamp 8.5 Tf "
        + f"{x:.2f} {y:.2f} Td ".encode("ascii")
        + _pdf_string(text)
        + b" Tj ET EMC"
    )
    overlay[NameObject("/Contents")] = stream
    page.merge_page(overlay)


def court_bundle_pdf(appeal: Appeal, opinion: str, *, author) -> tuple[bytes, int]:
    """The bundle to förvaltningsrätten, in Swedish whatever the caseworker's page language."""
    with translation.override("sv"):
        return _court_bundle_pdf(appeal, opinion, author=author)


def _court_bundle_pdf(appeal: Appeal, opinion: str, *, author) -> tuple[bytes, int]:
    """The bundle's bytes and its number of pages. The whole bundle is paged once, "sida N av M"
    at the top of every page, and the cover letter lists each enclosure with its pages; the
    parties are named with their full personnummer (the court must identify them; the letters
    enclosed are copies as they were sent)."""
    from pypdf import PdfReader, PdfWriter

    decision = appeal.decision
    reconsideration = appeal.reconsideration
    attachments = list(appeal.attachments.order_by("id"))
    common = _common(appeal)
    parts: list[tuple[str, bytes | None]] = [
        ("Det överklagade beslutet (beslutsbrevet)", _letter_pdf(decision))
    ]
    if reconsideration is not None:
        parts.append(
            (
                f"Beslutet efter omprövning den {format_date(decision_date(reconsideration))}",
                _letter_pdf(reconsideration),
            )
        )
    calculation = calculation_table(reconsideration or decision)
    if calculation is not None:
        parts.append(
            (
                "Beräkningen som beslutet bygger på",
                _pdf(
                    render_to_string(
                        "notices/court_calculation.html", {**common, "calculation": calculation}
                    )
                ),
            )
        )
    parts.append(
        (
            "Överklagandet",
            _pdf(
                render_to_string(
                    "notices/court_appeal.html",
                    {**common, "paragraphs": [p for p in appeal.text.split("\n") if p.strip()]},
                )
            ),
        )
    )
    parts.extend((f"Bifogad fil: {a.name}", _attachment_pdf(a)) for a in attachments)
    counts = [_page_count(pdf) if pdf is not None else 0 for _, pdf in parts]

    def cover_for(cover_pages: int) -> bytes:
        enclosures, page = [], cover_pages + 1
        for (title, _pdf_bytes), count in zip(parts, counts, strict=True):
            enclosures.append({"title": title, "pages": _pages_text(page, count) if count else ""})
            page += count
        return _pdf(
            render_to_string(
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
        )

    # The cover's own length moves every page after it: render until it stands still.
    assumed = 1
    cover = cover_for(assumed)
    for _attempt in range(3):
        actual = _page_count(cover)
        if actual == assumed:
            break
        assumed = actual
        cover = cover_for(assumed)
    writer = PdfWriter()
    for pdf in [cover, *(pdf for _, pdf in parts if pdf is not None)]:
        writer.append(PdfReader(io.BytesIO(pdf)))
    total = len(writer.pages)
    label = f"Överklagande, ärende {appeal.case.number}"
    for number, page in enumerate(writer.pages, start=1):
        _stamp(page, f"{label} \u2013 sida {number} av {total}")
    writer.add_metadata({"/Title": label})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), total


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
