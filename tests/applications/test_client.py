"""The client's actions: drafts, co-applicant confirmation, submission once, supplements."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ekb.applications.attachments import do_upload_attachments
from ekb.applications.choices import ApplicationKind, DraftStatus, SubmittedVia
from ekb.applications.drafts import do_save_draft, do_start_draft, do_submit_draft
from ekb.applications.models import Application, Attachment
from ekb.applications.supplements import do_answer_supplement, do_request_supplement
from ekb.audit.models import AccessLogEntry, Channel
from ekb.cases.actions import do_close_case
from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f


@pytest.fixture
def couple(karin):
    partner = f.person(dt.date(1986, 1, 10), first_name="Jonas", last_name="Lundqvist")
    HouseholdMember.objects.create(
        household=karin.case.household,
        person=partner,
        role=MemberRole.CO_APPLICANT,
        relationship="cohabiting",
        valid_from=dt.date(2025, 1, 1),
    )
    karin.partner = partner
    return karin


def test_a_renewal_waits_for_the_co_applicant_and_the_draft_remembers_it(couple):
    draft = do_start_draft(couple.applicant)
    assert draft.kind == ApplicationKind.RENEWAL and draft.co_applicant == couple.partner
    with pytest.raises(ValidationError) as error:
        do_submit_draft(draft, person=couple.applicant)
    assert "medsökande" in error.value.messages[0]
    draft.refresh_from_db()
    assert draft.status == DraftStatus.AWAITING_CO_APPLICANT
    assert not Application.objects.filter(month=draft.month).exists()

    from ekb.applications.drafts import do_confirm_as_co_applicant

    do_confirm_as_co_applicant(draft, person=couple.partner)
    application = do_submit_draft(draft, person=couple.applicant)
    assert (
        do_submit_draft(draft, person=couple.applicant) == application
    )  # once, whatever the clicks


def test_saving_unchanged_answers_keeps_the_co_applicants_confirmation(couple):
    from ekb.applications.drafts import do_confirm_as_co_applicant

    draft = do_start_draft(couple.applicant)
    do_confirm_as_co_applicant(draft, person=couple.partner)
    do_save_draft(draft, {"costs": draft.answers["costs"]}, person=couple.applicant)
    draft.refresh_from_db()
    assert draft.co_applicant_confirmed_at is not None
    do_save_draft(draft, {"costs": [{"type": "rent", "amount": "7900"}]}, person=couple.applicant)
    draft.refresh_from_db()
    assert draft.co_applicant_confirmed_at is None


def test_a_cost_tied_to_someone_outside_the_household_is_refused(karin):
    draft = do_start_draft(karin.applicant)
    errors = do_save_draft(
        draft,
        {"costs": [{"type": "glasses", "amount": "900", "member": "p999999"}]},
        person=karin.applicant,
    )
    assert errors == {"costs[0].member": "Välj vem i hushållet kostnaden gäller."}


def test_the_submitted_document_holds_facts_only(karin):
    draft = do_start_draft(karin.applicant)
    do_save_draft(draft, {"steps_done": ["housing"], "reason": "Arbetslös"}, person=karin.applicant)
    application = do_submit_draft(draft, person=karin.applicant)
    assert (
        "steps_done" not in application.document and application.document["reason"] == "Arbetslös"
    )


def test_an_application_sent_through_the_api_arrives_digitally_and_is_logged_as_api(karin):
    draft = do_start_draft(karin.applicant)
    application = do_submit_draft(draft, person=karin.applicant, channel=Channel.API)
    assert application.channel == SubmittedVia.DIGITAL  # how it arrived
    logged = AccessLogEntry.objects.filter(action="change_case", case_id=application.case_id)
    assert logged.latest("pk").channel == Channel.API  # how the person reached the system


def test_a_returning_client_keeps_the_household_with_the_children(karin, org):
    do_close_case(karin.case, closed_on=dt.date(2026, 11, 15), reason="work", acting_user=org.anna)
    draft = do_start_draft(karin.applicant)
    assert draft.kind == ApplicationKind.NEW
    application = do_submit_draft(draft, person=karin.applicant, unit=org.norr)
    assert application.case != karin.case and application.case.household == karin.case.household
    assert application.document["contract"] == "application.v1"


def test_a_supplement_can_be_answered_with_files_alone(karin, org):
    request = do_request_supplement(
        karin.case,
        what="Hyresavi",
        why="Ny hyra.",
        due_date=dt.date(2026, 11, 30),
        acting_user=org.anna,
    )
    with pytest.raises(ValidationError):
        do_answer_supplement(request, answer="", client_person_id=karin.applicant.pk)
    pdf = SimpleUploadedFile("hyresavi.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    with do_upload_attachments(
        karin.case, [pdf], person=karin.applicant, supplement_request=request
    ):
        do_answer_supplement(request, answer="", client_person_id=karin.applicant.pk)
    request.refresh_from_db()
    assert request.status == "answered"


def _pdf(name: str, content: bytes = b"%PDF-1.4 demo") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_file_that_is_not_a_pdf_or_image_is_refused_whatever_its_name(karin):
    fake = _pdf("kvitto.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as error:
        with do_upload_attachments(karin.case, [fake], person=karin.applicant):
            pass
    assert error.value.message_dict == {
        "files[0]": ["kvitto.pdf: Filen måste vara en PDF eller en bild (JPG eller PNG)."]
    }


def test_one_bad_file_among_several_saves_none_and_every_bad_file_is_named(karin, settings):
    settings.EKB_MAX_UPLOAD_MB = 1
    files = [
        _pdf("avi.pdf"),
        _pdf("tom.pdf", b""),
        _pdf("skannat.pdf", b"%PDF-" + b"0" * (1024 * 1024)),
        _pdf("lonebesked.pdf", b"PK\x03\x04 a zip"),
    ]
    with pytest.raises(ValidationError) as error:
        with do_upload_attachments(karin.case, files, person=karin.applicant):
            pytest.fail("the block runs only when every file is good")
    assert error.value.message_dict == {
        "files[1]": ["tom.pdf: Filen är tom. Välj en annan fil."],
        "files[2]": ["skannat.pdf: Filen är för stor. Den får vara högst 1 MB."],
        "files[3]": ["lonebesked.pdf: Filen måste vara en PDF eller en bild (JPG eller PNG)."],
    }
    assert not Attachment.objects.exists()


def test_more_files_than_allowed_at_once_are_refused_before_any_is_read(karin):
    files = [_pdf(f"{n}.pdf") for n in range(3)]
    with pytest.raises(ValidationError) as error:
        with do_upload_attachments(karin.case, files, person=karin.applicant, at_most=2):
            pass
    assert error.value.message_dict == {"files": ["Du kan skicka högst 2 filer åt gången."]}


def test_good_files_are_stored_by_what_they_are_not_by_their_names(karin):
    png = SimpleUploadedFile("foto.heic", b"\x89PNG\r\n\x1a\n demo", content_type="image/heic")
    with do_upload_attachments(
        karin.case, [_pdf("avi.pdf"), png], person=karin.applicant
    ) as stored:
        assert [(a.name, a.content_type) for a in stored] == [
            ("avi.pdf", "application/pdf"),
            ("foto.png", "image/png"),
        ]
    assert Attachment.objects.filter(case=karin.case).count() == 2


def test_a_failure_in_the_block_leaves_neither_rows_nor_stored_files(karin, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    with pytest.raises(ValidationError):
        with do_upload_attachments(karin.case, [_pdf("avi.pdf")], person=karin.applicant) as stored:
            assert _stored_files(settings)  # stored while the block runs
            raise ValidationError("Begäran är redan besvarad eller återkallad.")
    assert stored and not Attachment.objects.exists()
    assert _stored_files(settings) == []


def test_a_new_application_goes_to_the_unit_of_the_last_case_else_the_municipalitys_first(
    karin, org
):
    from ekb.applications.drafts import intake_unit_for

    assert intake_unit_for(karin.applicant) == org.norr  # Karin's case is in Norr
    newcomer = f.person(dt.date(1995, 5, 5))
    f.household(org.muni, applicant=newcomer)
    assert intake_unit_for(newcomer) == org.norr  # no case yet: the municipality's first unit
    assert intake_unit_for(f.person(dt.date(1996, 6, 6))) is None  # unknown to EKB


def test_an_amount_written_another_way_is_not_a_change_from_last_month(karin):
    # Last month's rent 7 200 kr is saved back as "7200.00": the same amount, nothing to mark.
    from ekb.applications.drafts import changes_from_prefill

    draft = do_start_draft(karin.applicant)
    draft.prefilled = {
        "costs": [{"type": "rent", "amount": "7200"}, {"type": "electricity", "amount": "400"}]
    }
    draft.answers = {
        "costs": [
            {"type": "rent", "amount": "7200.00"},
            {"type": "electricity", "amount": "450.00"},
        ]
    }
    assert changes_from_prefill(draft) == [
        {"member": "", "type": "electricity", "before": "400", "after": "450.00"}
    ]
