"""The decision letter: a PDF in plain Swedish with everything förvaltningslagen asks for,
no full personnummer, stored once."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import pytest
from pypdf import PdfReader

from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.models import CalculationSnapshot, Decision, DecisionLine
from ekb.norm import calculate
from ekb.notices.letters import (
    LetterError,
    do_store_letter,
    letter_html,
    masked_identity_number,
    render_decision_letter,
)
from ekb.notices.models import DecisionLetter
from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f

# The letter itself: the real PDF, as production stores it.
pytestmark = pytest.mark.usefixtures("real_letters")

OCTOBER = dt.date(2025, 10, 1)
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
AUTOMATION_DECISION = "socialnämndens beslut den 15 januari 2026, § 4, om automatiserade beslut"


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def make_decision(org, *, decided=True, automated=False, made_orally=False, lines=None):
    case = f.case(org.norr, assigned=org.anna)
    applicant = case.household.members.get(role=MemberRole.APPLICANT).person
    child = f.person(dt.date(2021, 8, 1), first_name="Lisa")
    HouseholdMember.objects.create(
        household=case.household, person=child, role=MemberRole.CHILD, valid_from=OCTOBER
    )
    document = {
        "month": "2025-10",
        "members": [
            {"id": f"p{applicant.pk}", "role": "applicant", "birth_date": "1985-04-02"},
            {"id": f"p{child.pk}", "role": "child", "birth_date": "2021-08-01",
             "lunch_at_home": False},
        ],
        "costs": [{"type": "rent", "amount": 6800}, {"type": "electricity", "amount": 300}],
        "incomes": [
            {"member": f"p{child.pk}", "type": "child_allowance", "amount": 1250},
            {"member": f"p{child.pk}", "type": "maintenance_support", "amount": 1873},
        ],
    }  # fmt: skip
    result = calculate(document)
    snapshot = CalculationSnapshot.objects.create(
        case=case,
        month=OCTOBER,
        input=document,
        result=result.to_dict(),
        norm=result.norm,
        reasonable_costs=result.reasonable_costs,
        countable_income=result.countable_income,
        amount=result.amount,
    )
    decision = Decision.objects.create(
        case=case,
        calculation=snapshot,
        status=DecisionStatus.DECIDED if decided else DecisionStatus.DRAFT,
        decided_at=dt.datetime(2025, 10, 3, 10, 0, tzinfo=STOCKHOLM) if decided else None,
        decided_by=None if automated else org.anna,
        delegation_reference=AUTOMATION_DECISION
        if automated
        else "3.1 Försörjningsstöd enligt norm",
        automated=automated,
        made_orally=made_orally,
    )
    for line in lines or [
        dict(
            purpose=Purpose.LIVELIHOOD,
            outcome=Outcome.GRANTED,
            amount_applied=Decimal("11987"),
            amount=Decimal("11987"),
            reasons="Du och ditt hushåll har inte tillräckliga inkomster för oktober 2025.",
            legal_reference="12 kap. 1 § socialtjänstlagen (2025:400)",
        ),
        dict(
            purpose=Purpose.DENTAL,
            outcome=Outcome.REFUSED,
            amount_applied=Decimal("4500"),
            amount=Decimal("0"),
            reasons="Vi bedömer att du inte behöver behandlingen nu.\n\nTandläkaren skriver att den kan vänta.",
            legal_reference="12 kap. 1 § socialtjänstlagen (2025:400)",
        ),
    ]:
        DecisionLine.objects.create(
            decision=decision, period_start=OCTOBER, period_end=dt.date(2025, 10, 31), **line
        )
    return decision, applicant


@pytest.fixture
def decided(org):
    return make_decision(org)


def test_the_letter_is_a_pdf_with_the_decision_the_amount_and_the_case_number(decided):
    decision, _ = decided
    pdf = render_decision_letter(decision)
    assert pdf.startswith(b"%PDF")
    text = flat(text_of(pdf))
    assert "Beslut om ekonomiskt bistånd" in text
    assert decision.case.number in text
    assert "11 987 kr" in text
    assert "Beviljas" in text and "Avslås" in text
    assert "oktober 2025" in text
    assert "3 oktober 2025" in text  # the date of the decision
    assert "Testby kommun" in text and "Norr" in text


def test_the_letter_gives_the_reasons_and_the_legal_reference_of_every_line(decided):
    text = flat(text_of(render_decision_letter(decided[0])))
    assert "Du och ditt hushåll har inte tillräckliga inkomster för oktober 2025." in text
    assert "Tandläkaren skriver att den kan vänta." in text
    assert "12 kap. 1 § socialtjänstlagen (2025:400)" in text


def test_the_letter_summarises_the_calculation(decided):
    text = flat(text_of(render_decision_letter(decided[0])))
    assert "Så har vi räknat" in text
    assert "Riksnorm för hushållet 8 010 kr" in text
    assert "Skäliga kostnader 7 100 kr" in text
    assert "Inkomster som räknas − 3 123 kr" in text
    assert "Bistånd enligt beräkningen 11 987 kr" in text
    assert "Barnbidrag (Lisa)" in text


def test_the_letter_tells_how_to_appeal(decided):
    text = flat(text_of(render_decision_letter(decided[0])))
    assert "Om du inte är nöjd med beslutet" in text
    assert "inom tre veckor från den dag du tog del av beslutet" in text
    assert "förvaltningsrätten" in text
    assert "socialnämnden i Testby kommun" in text
    assert "44 §§ förvaltningslagen (2017:900)" in text


def test_the_letter_names_who_decided_and_the_delegation_point(decided):
    text = flat(text_of(render_decision_letter(decided[0])))
    assert "Beslutet är fattat av Anna, handläggare." in text
    assert "punkt 3.1 Försörjningsstöd enligt norm" in text


def test_the_letter_shows_the_date_part_of_the_personnummer_only(decided):
    decision, applicant = decided
    text = text_of(render_decision_letter(decision))
    number = applicant.identity_number
    assert masked_identity_number(number) in flat(text)
    squeezed = "".join(text.split())
    for full in (number, applicant.formatted_identity_number, number[2:]):
        assert full.replace("-", "") not in squeezed.replace("-", "")
    assert number[8:] not in squeezed


def test_the_pdf_is_swedish_titled_and_tagged(decided):
    reader = PdfReader(io.BytesIO(render_decision_letter(decided[0])))
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]).lower().startswith("sv")
    assert "/StructTreeRoot" in root
    assert decided[0].case.number in reader.metadata.title


def test_an_automated_decision_says_so_and_cites_section_28(org):
    decision, _ = make_decision(org, automated=True)
    text = flat(text_of(render_decision_letter(decision)))
    assert "Beslutet är fattat automatiskt" in text
    assert "28 § förvaltningslagen (2017:900)" in text
    assert "Beslutet är fattat av" not in text
    # The committee's decision to automate is cited, and no delegation "punkt" is printed.
    assert AUTOMATION_DECISION in text
    assert "delegationsordningen" not in text


def test_an_oral_decision_is_confirmed_in_writing(org):
    decision, _ = make_decision(org, made_orally=True)
    text = flat(text_of(render_decision_letter(decision)))
    assert "Du har redan fått beslutet muntligt" in text
    assert "vid vårt möte den 3 oktober 2025" in text


def test_a_draft_is_marked_as_not_a_decision(org):
    decision, _ = make_decision(org, decided=False)
    assert "Det här är inte ett beslut" in flat(text_of(render_decision_letter(decision)))


def test_storing_the_letter_keeps_the_pdf_and_its_sha256(decided):
    import hashlib

    letter = do_store_letter(decided[0])
    pdf = bytes(DecisionLetter.objects.get(pk=letter.pk).pdf)
    assert pdf.startswith(b"%PDF")
    assert letter.sha256 == hashlib.sha256(pdf).hexdigest()
    assert "11 987 kr" in flat(text_of(pdf))


def test_storing_again_returns_the_stored_letter_and_never_renders_anew(decided, monkeypatch):
    decision, _ = decided
    first = do_store_letter(decision)

    def must_not_render(_decision):
        raise AssertionError("rendered again")

    # Every way of storing a letter (with or without the PDF conversion) writes it from its HTML.
    monkeypatch.setattr("ekb.notices.letters.letter_html", must_not_render)
    again = do_store_letter(decision)
    assert again.pk == first.pk and again.sha256 == first.sha256
    assert DecisionLetter.objects.filter(decision=decision).count() == 1


def test_without_the_pdf_conversion_the_stored_letter_keeps_every_word_of_it_as_html(
    decided, settings
):
    # The test suite's seam (EKB_RENDER_LETTER_PDF off, tests/conftest.py): only the PDF
    # conversion is skipped, and the bytes are plainly not a PDF.
    settings.EKB_RENDER_LETTER_PDF = False
    decision, _ = decided
    stored = bytes(do_store_letter(decision).pdf)
    assert stored.decode() == letter_html(decision)
    assert not stored.startswith(b"%PDF") and "11 987 kr" in flat(stored.decode())


def test_a_draft_decision_gets_no_stored_letter(org):
    decision, _ = make_decision(org, decided=False)
    with pytest.raises(LetterError, match="inte fattat"):
        do_store_letter(decision)
    assert not DecisionLetter.objects.exists()
