"""The client sees the caseworker's phone hours and the next booked meeting, and may send files
without being asked."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from ekb.applications.models import Attachment
from ekb.cases.models import Message
from ekb.meetings.actions import do_book_meeting
from tests.factories import PASSWORD


def test_the_status_page_shows_phone_hours_and_the_next_meeting(as_karin, karin, org):
    org.anna.phone_hours = "Måndag–torsdag 9.00–10.00"
    org.anna.save(update_fields=["phone_hours"])
    do_book_meeting(
        karin.case,
        starts_at=dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC),
        kind="visit",
        place="Stadsområde Norr, Storgatan 1",
        acting_user=org.anna,
    )
    page = as_karin.get("/e-tjanst/").content.decode()
    assert "Måndag–torsdag 9.00–10.00" in page
    assert "Nästa möte" in page and "Storgatan 1" in page
    assert "Du har fått en tid för ett möte" in page


def test_a_meeting_cannot_be_booked_in_the_past(client, karin, org):
    client.login(username="anna", password=PASSWORD)
    response = client.post(
        f"/handlaggare/arenden/{karin.case.pk}/moten/",
        {"starts_at": "2026-11-01 10:00", "kind": "visit"},
        follow=True,
    )
    assert "bakåt i tiden" in response.content.decode()
    assert not karin.case.meetings.exists()


def test_the_caseworker_books_a_meeting_from_the_case_page(client, karin, org):
    client.login(username="anna", password=PASSWORD)
    client.post(
        f"/handlaggare/arenden/{karin.case.pk}/moten/",
        {"starts_at": "2026-11-30 13:00", "kind": "phone", "interpreter_language": "arabiska"},
    )
    meeting = karin.case.meetings.get()
    assert (meeting.kind, meeting.interpreter_language, meeting.caseworker) == (
        "phone",
        "arabiska",
        org.anna,
    )


def test_a_client_sends_a_file_without_being_asked(as_karin, karin):
    lease = SimpleUploadedFile("hyresavtal.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    response = as_karin.post(
        "/e-tjanst/filer/", {"files": [lease], "note": "Nytt hyresavtal från december."}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(case=karin.case)
    assert attachment.supplement_request is None and attachment.name == "hyresavtal.pdf"
    assert Message.objects.get(case=karin.case).text == "Nytt hyresavtal från december."


def test_a_wrong_file_is_refused_and_the_note_is_kept(as_karin, karin):
    bad = SimpleUploadedFile("lonebesked.pdf", b"PK\x03\x04 a zip", content_type="application/pdf")
    response = as_karin.post("/e-tjanst/filer/", {"files": [bad], "note": "Lönebesked"})
    page = response.content.decode()
    assert response.status_code == 400 and "Lönebesked" in page and "PDF eller en bild" in page
    assert not Attachment.objects.exists() and not Message.objects.exists()


def test_every_wrong_file_is_named_and_none_of_the_files_is_saved(as_karin, karin):
    good = SimpleUploadedFile("hyresavtal.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    bad = SimpleUploadedFile("lonebesked.pdf", b"PK\x03\x04 a zip", content_type="application/pdf")
    empty = SimpleUploadedFile("kvitto.jpg", b"", content_type="image/jpeg")
    response = as_karin.post("/e-tjanst/filer/", {"files": [good, bad, empty], "note": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "lonebesked.pdf: Filen måste vara en PDF eller en bild (JPG eller PNG)." in page
    assert "kvitto.jpg: Filen är tom. Välj en annan fil." in page
    assert not Attachment.objects.exists()


def test_a_note_too_long_is_said_and_the_files_are_not_saved(as_karin, karin):
    lease = SimpleUploadedFile("hyresavtal.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    response = as_karin.post("/e-tjanst/filer/", {"files": [lease], "note": "x" * 5001})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#note">Meddelandet är för långt. Skriv högst 5 000 tecken.</a>' in page
    assert not Attachment.objects.exists() and not Message.objects.exists()
