"""The client sends papers with an appeal (förvaltningslagen 43 and 46 §§): the e-service's appeal
form takes files as the other client pages do (PDF, JPG or PNG by their first bytes, the same size
limit), a wrong file is refused in Swedish with the text kept, and the files go with the appeal
(and so into the bundle to förvaltningsrätten). The client API: tests/api/test_eservice_api.py."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ekb.applications.models import Attachment
from ekb.decisions.models import Decision
from ekb.notices.models import Appeal

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(karin):
    return Decision.objects.filter(case=karin.case).latest("decided_at")


def pdf(name="hyresavtal.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_the_appeal_form_offers_files_with_their_types_and_size(as_karin, decision, settings):
    page = as_karin.get(f"/e-tjanst/beslut/{decision.pk}/overklaga/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert '<input type="file" id="files" name="files" multiple' in page
    assert f"PDF, JPG eller PNG, högst {settings.EKB_MAX_UPLOAD_MB} MB per fil" in page


def test_karin_appeals_with_a_lease_and_a_photo_and_they_go_with_the_appeal(as_karin, decision):
    photo = SimpleUploadedFile("kvitto.png", PNG, content_type="image/png")
    url = f"/e-tjanst/beslut/{decision.pk}/overklaga/"
    text = "Hyran är 7 500 kr, se avtalet."
    response = as_karin.post(url, {"text": text, "files": [pdf(), photo]})
    assert response.status_code == 302
    as_karin.post(url, {"text": text, "files": [pdf()]})  # a double click
    appeal = Appeal.objects.get(decision=decision)
    assert sorted(a.name for a in appeal.attachments.all()) == ["hyresavtal.pdf", "kvitto.png"]
    assert Attachment.objects.count() == 2  # the double click stored nothing more


def test_a_wrong_file_is_refused_in_swedish_and_the_text_is_kept(as_karin, decision):
    fake = SimpleUploadedFile("avtal.pdf", b"PK\x03\x04 a zip", content_type="application/pdf")
    response = as_karin.post(
        f"/e-tjanst/beslut/{decision.pk}/overklaga/",
        {"text": "Hyran är högre än ni räknat med.", "files": [pdf(), fake]},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        '<a href="#files">avtal.pdf: Filen måste vara en PDF eller en bild (JPG eller PNG).' in page
    )
    assert "Hyran är högre än ni räknat med.</textarea>" in page
    assert "välja filerna igen" in page
    assert not Appeal.objects.exists() and not Attachment.objects.exists()


def test_an_empty_text_with_a_file_stores_neither(as_karin, decision):
    response = as_karin.post(
        f"/e-tjanst/beslut/{decision.pk}/overklaga/", {"text": " ", "files": [pdf()]}
    )
    assert response.status_code == 400
    assert "Skriv vad du vill ändra i beslutet och varför." in response.content.decode()
    assert not Appeal.objects.exists() and not Attachment.objects.exists()
