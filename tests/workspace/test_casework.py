from __future__ import annotations

import datetime as dt

from ekb.cases.models import Case, IntakeNote, MedicalCertificate, Message
from tests import factories as f
from tests.personas import staff_log_in


def test_a_new_case_in_intake_gets_a_note_and_a_caseworker_chosen_by_caseload(client, org):
    returning = f.case(org.norr, assigned=org.ida)
    Case.objects.filter(pk=returning.pk).update(
        closed_on=dt.date(2025, 6, 30), closure_reason="work"
    )
    new = Case.objects.create(
        municipality=org.muni,
        unit=org.norr,
        number="EKB-TEST-INTAKE",
        household=returning.household,
        opened_on=dt.date(2026, 11, 2),
    )
    staff_log_in(client, "cecilia")
    page = client.get(f"/handlaggare/arenden/{new.pk}/").content.decode()
    assert "Mottagning" in page and "tidigare handläggare" in page
    assert page.index("Ida") < page.index("Anna")  # the former caseworker is offered first

    client.post(
        f"/handlaggare/arenden/{new.pk}/mottagning/",
        {
            "text": "Söker efter avslutad anställning.",
            "follow_up": "A-kassa\nHyreskontrakt",
            "first_meeting_at": "2026-11-30 10:00",
        },
    )
    note = IntakeNote.objects.get(case=new)
    assert note.follow_up == ["A-kassa", "Hyreskontrakt"] and note.author == org.cecilia

    client.post(f"/handlaggare/arenden/{new.pk}/tilldela/", {"caseworker": org.ida.pk})
    new.refresh_from_db()
    assert new.assigned_caseworker == org.ida
    assert new.events.filter(kind="assigned").exists()


def test_a_caseworker_of_another_unit_cannot_be_assigned(client, org, cases):
    staff_log_in(client, "cecilia")
    client.post(
        f"/handlaggare/arenden/{cases.norr_annas.pk}/tilldela/", {"caseworker": org.bertil.pk}
    )
    cases.norr_annas.refresh_from_db()
    assert cases.norr_annas.assigned_caseworker == org.anna


def test_a_certificate_is_registered_from_the_case_page(client, org, cases):
    staff_log_in(client, "anna")
    person = cases.norr_annas.household.members.get().person
    client.post(
        f"/handlaggare/arenden/{cases.norr_annas.pk}/lakarintyg/",
        {
            "person": person.pk,
            "period_start": "2026-11-01",
            "period_end": "2027-01-31",
            "extent_percent": 50,
            "received_on": "2026-11-03",
        },
    )
    assert MedicalCertificate.objects.get(case=cases.norr_annas).extent_percent == 50


def test_a_certificate_ending_before_it_starts_is_refused_with_a_message(client, org, cases):
    staff_log_in(client, "anna")
    person = cases.norr_annas.household.members.get().person
    response = client.post(
        f"/handlaggare/arenden/{cases.norr_annas.pk}/lakarintyg/",
        {
            "person": person.pk,
            "period_start": "2026-11-01",
            "period_end": "2026-10-01",
            "extent_percent": 50,
            "received_on": "2026-11-03",
        },
        follow=True,
    )
    assert "Slutdatum kan inte vara före startdatum" in response.content.decode()
    assert not MedicalCertificate.objects.exists()


def test_the_caseworker_writes_to_the_client_and_the_status_page_hears_of_it(client, org, cases):
    staff_log_in(client, "anna")
    client.post(
        f"/handlaggare/arenden/{cases.norr_annas.pk}/meddelanden/",
        {"text": "Välkommen på möte tisdag kl. 10."},
    )
    assert Message.objects.get(case=cases.norr_annas).from_user == org.anna
    assert cases.norr_annas.events.filter(kind="message_from_caseworker").exists()


def test_casework_on_a_case_of_another_unit_is_not_found(client, org, cases):
    staff_log_in(client, "anna")
    response = client.post(
        f"/handlaggare/arenden/{cases.soder_bertils.pk}/meddelanden/", {"text": "Hej"}
    )
    assert response.status_code == 404 and not Message.objects.exists()
