"""A caseworker registers an application the client made by phone, at a visit or on paper (an
oral request is an application, JO), with the channel recorded; from the case page and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ekb.applications.choices import ApplicationKind, ApplicationStatus, SubmittedVia
from ekb.applications.due_dates import due_date
from ekb.applications.models import Application
from ekb.applications.registered import do_register_application
from ekb.flow import journey
from ekb.flow.models import StepRun
from tests.personas import DECEMBER

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


def test_karins_phone_call_is_a_december_renewal_with_last_months_facts(org, karin):
    application = journey.register_application(
        karin.case,
        month=DECEMBER,
        submitted_via=SubmittedVia.PHONE,
        received_on=TODAY,
        note="Ringde, inget har ändrats.",
        from_last_month=True,
        acting_user=org.anna,
    )

    assert (application.kind, application.channel) == (ApplicationKind.RENEWAL, "phone")
    assert application.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROGRESS)
    assert sorted(application.lines.values_list("type", flat=True)) == [
        "electricity",
        "rent",
        "salary",
    ]
    assert application.document["registered_by_staff"]["note"] == "Ringde, inget har ändrats."
    assert StepRun.objects.filter(application=application, step="prepare").exists()


def test_a_paper_application_read_two_days_late_counts_from_the_day_it_came(org, karin):
    application = do_register_application(
        karin.case,
        month=DECEMBER,
        submitted_via=SubmittedVia.PAPER,
        received_on=dt.date(2026, 11, 18),
        acting_user=org.anna,
    )

    assert application.submitted_at.date() == dt.date(2026, 11, 18)
    assert application.lines.count() == 0
    assert due_date(application) == dt.date(2026, 11, 19)  # Wednesday's renewal: Thursday


@pytest.mark.parametrize(
    ("field", "options", "message"),
    [
        ("submitted_via", {"submitted_via": "digital"}, "Välj hur ansökan kom in"),
        ("month", {"month": dt.date(2027, 2, 1)}, "Välj den här månaden eller nästa månad."),
        ("received_on", {"received_on": dt.date(2026, 11, 21)}, "kan inte vara efter i dag"),
        ("received_on", {"received_on": dt.date(2026, 10, 1)}, "högst 31 dagar tillbaka"),
    ],
)
def test_bad_input_is_refused_in_swedish_and_nothing_is_stored(org, karin, field, options, message):
    values = {"month": DECEMBER, "submitted_via": "phone", "received_on": TODAY, **options}

    with pytest.raises(ValidationError) as refused:
        do_register_application(karin.case, acting_user=org.anna, **values)

    assert message in " ".join(refused.value.message_dict[field])
    assert not Application.objects.filter(case=karin.case, month=DECEMBER).exists()


def test_the_case_page_links_to_the_form_and_the_form_registers_it(client, org, karin):
    client.force_login(org.anna)
    case_page = client.get(f"/handlaggare/arenden/{karin.case.pk}/").text
    url = f"/handlaggare/arenden/{karin.case.pk}/ny-ansokan/"
    assert url in case_page
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {"submitted_via": "meeting", "month": "2026-12", "received_on": "2026-11-20", "note": ""},
    )

    application = Application.objects.get(case=karin.case, month=DECEMBER)
    assert response["Location"] == f"/handlaggare/ansokningar/{application.pk}/"
    assert application.channel == "meeting"


def test_the_form_keeps_what_was_typed_when_the_month_is_already_applied_for(client, org, renewal):
    client.force_login(org.anna)
    url = f"/handlaggare/arenden/{renewal.case.pk}/ny-ansokan/"

    response = client.post(
        url,
        {"submitted_via": "phone", "month": "2026-12", "received_on": "2026-11-20", "note": "Ring"},
    )

    assert response.status_code == 400
    assert "redan skickat in en ansökan" in response.text
    assert "Ring</textarea>" in response.text


def test_a_caseworker_in_another_unit_gets_not_found(client, org, karin):
    client.force_login(org.bertil)

    response = client.get(f"/handlaggare/arenden/{karin.case.pk}/ny-ansokan/")

    assert response.status_code == 404


def test_what_karin_said_on_the_phone_is_on_the_application_page(client, org, karin):
    """A fresh-eye tester found the note saved but shown nowhere."""
    client.force_login(org.anna)
    said = "Ringde 9.10: glasögonen gick sönder, kostnadsförslag 1 800 kr kommer med posten."
    client.post(
        f"/handlaggare/arenden/{karin.case.pk}/ny-ansokan/",
        {"submitted_via": "phone", "month": "2026-12", "received_on": "2026-11-20", "note": said},
    )
    application = Application.objects.get(case=karin.case, month=DECEMBER)

    page = client.get(f"/handlaggare/ansokningar/{application.pk}/").text
    assert "Registrerad av handläggare" in page and said in page
