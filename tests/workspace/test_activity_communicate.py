"""From an activity task to a communication and the decision form (issue 12, strand D2): the
case page links an absence task to 'Kommunicera och besluta'; the caseworker sends the
communication; the client answers in the e-service; then the decision form opens with the
activity reason preselected."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.cases.choices import TaskKind
from ekb.cases.tasks import do_open_task
from ekb.notices.models import Communication
from tests.personas import at_ten, log_in, staff_log_in

MISSED = "Jobbsökarverkstaden den 3, 5 och 10 november 2026, 12 av 32 timmar."


@pytest.fixture
def absence(renewal, org):
    renewal.task = do_open_task(
        renewal.case,
        kind=TaskKind.ACTIVITY_ABSENCE,
        text="Frånvaro utan giltigt skäl: jobbsökarverkstaden 3, 5 och 10 november.",
        source="plans.activitysession:1",
    )
    return renewal


def page_url(karin):
    return f"/handlaggare/arenden/{karin.case.pk}/uppgifter/{karin.task.pk}/kommunicera/"


def send_form(**changes):
    return {
        "subject": MISSED,
        "intended": "Vi överväger att sätta ned.",
        "answer_by": "2026-12-04",
    } | changes


def test_the_case_page_links_an_absence_task_to_communicate_and_decide(client, org, absence):
    do_open_task(absence.case, kind=TaskKind.OTHER, text="Ring hyresvärden.")
    staff_log_in(client, "anna")
    body = client.get(f"/handlaggare/arenden/{absence.case.pk}/").content.decode()
    assert body.count("Kommunicera och besluta") == 1
    assert page_url(absence) in body


def test_anna_sends_the_communication_and_waits_for_the_answer(client, org, absence):
    staff_log_in(client, "anna")
    response = client.post(page_url(absence), send_form())
    assert response.status_code == 302
    communication = Communication.objects.get(case=absence.case)
    assert communication.task_source == f"cases.task:{absence.task.pk}"
    body = client.get(page_url(absence)).content.decode()
    assert "Inget svar än." in body
    assert "Besluta om nedsättning" not in body
    letter = client.get(
        f"/handlaggare/arenden/{absence.case.pk}/kommuniceringar/{communication.pk}/brev.pdf"
    )
    assert "Svara senast 4 december 2026" in letter.content.decode()


def test_a_too_short_answer_time_is_refused_with_what_was_typed_kept(client, org, absence):
    staff_log_in(client, "anna")
    response = client.post(page_url(absence), send_form(answer_by="2026-11-22"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "minst 7 dagar" in body
    assert MISSED in body
    assert not Communication.objects.exists()


def test_after_the_answer_date_the_decision_form_opens_with_the_reason_preselected(
    client, org, absence, time_machine
):
    staff_log_in(client, "anna")
    client.post(page_url(absence), send_form())
    time_machine.move_to(at_ten(dt.date(2026, 12, 5)), tick=False)
    staff_log_in(client, "anna")  # the session of 20 November has timed out
    body = client.get(page_url(absence)).content.decode()
    assert "Besluta om nedsättning" in body
    communication = Communication.objects.get()
    form = client.get(
        f"/handlaggare/ansokningar/{absence.application.pk}/"
        f"?kommunicering={communication.pk}&utfall=partly_granted"
    ).content.decode()
    assert "Du har varit borta från aktiviteter som vi anvisade dig: " + MISSED in form
    assert "[Skriv här varför avslaget eller nedsättningen är proportionerlig" in form


def test_bertil_in_another_unit_cannot_open_the_page(client, org, absence):
    staff_log_in(client, "bertil")
    assert client.get(page_url(absence)).status_code == 404


def test_another_cases_communication_is_not_preselected(client, org, absence, kemal_and_tove):
    from ekb.notices.communication import do_send_communication

    other = do_send_communication(
        kemal_and_tove.case,
        ground=Communication.Ground.ACTIVITY_ABSENT,
        subject=MISSED,
        intended="Vi överväger att sätta ned.",
        answer_by=dt.date(2026, 12, 4),
        acting_user=org.anna,
    )
    staff_log_in(client, "anna")
    response = client.get(
        f"/handlaggare/ansokningar/{absence.application.pk}/?kommunicering={other.pk}"
    )
    assert response.status_code == 404


def test_karin_reads_the_communication_and_answers_in_the_e_service(client, org, absence):
    staff_log_in(client, "anna")
    client.post(page_url(absence), send_form())
    communication = Communication.objects.get()
    client.logout()
    log_in(client, absence.applicant)
    home = client.get("/e-tjanst/").content.decode()
    assert "Svara innan vi beslutar" in home
    url = f"/e-tjanst/kommunicering/{communication.pk}/"
    assert MISSED in client.get(url).content.decode()
    refused = client.post(url, {"answer": " "})
    assert refused.status_code == 400 and "Skriv ditt svar." in refused.content.decode()
    assert client.post(url, {"answer": "Jag var sjuk."}).status_code == 302
    communication.refresh_from_db()
    assert communication.answer == "Jag var sjuk."
    assert "Du svarade" in client.get(url).content.decode()


def test_another_client_gets_404_for_karins_communication(client, org, absence, kemal_and_tove):
    staff_log_in(client, "anna")
    client.post(page_url(absence), send_form())
    communication = Communication.objects.get()
    client.logout()
    log_in(client, kemal_and_tove.kemal)
    assert client.get(f"/e-tjanst/kommunicering/{communication.pk}/").status_code == 404


# -- the facts only, and one letter per task (review defect 16) ---------------------------------


@pytest.fixture
def real_absence(renewal, org):
    """Karin stayed away from a session in her schedule; the task came from its attendance."""
    from decimal import Decimal

    from ekb.plans.activity_choices import ActivityKind
    from ekb.plans.models import ActivitySchedule, ActivitySession

    schedule = ActivitySchedule.objects.create(
        case=renewal.case,
        person=renewal.applicant,
        weekly_target_hours=Decimal("30"),
        rule_target_hours=Decimal("30"),
        own_job_seeking_hours=Decimal("5"),
        set_by=org.anna,
    )
    session = ActivitySession.objects.create(
        schedule=schedule,
        kind=ActivityKind.JOB_SEEKING,
        title="Jobbsökarverkstaden",
        starts_at=dt.datetime(2026, 11, 10, 8, 0, tzinfo=dt.UTC),  # 09.00 in Stockholm
        ends_at=dt.datetime(2026, 11, 10, 11, 30, tzinfo=dt.UTC),
        place="Arbetsmarknadsenheten",
        created_by=org.anna,
    )
    renewal.task = do_open_task(
        renewal.case,
        kind=TaskKind.ACTIVITY_ABSENCE,
        text="Frånvaro utan giltigt skäl. Utred skälet; en nedsättning eller ett avslag är ett "
        "beslut med skäl efter kommunicering.",
        source=f"plans.activitysession:{session.pk}",
    )
    return renewal


def subject_box(body: str) -> str:
    """The text in the form's 'what the decision would rest on' box (what the letter says)."""
    import html
    import re

    found = re.search(r'<textarea name="subject"[^>]*>(.*?)</textarea>', body, re.S)
    assert found is not None
    return html.unescape(found.group(1)).strip()


def test_the_communication_starts_with_the_facts_of_karins_absence_not_the_task_note(
    client, org, real_absence
):
    staff_log_in(client, "anna")
    body = client.get(page_url(real_absence)).content.decode()
    assert subject_box(body) == (
        "Du var inte med på Jobbsökarverkstaden (jobbsökande aktivitet) den 10 november 2026 "
        "kl. 09.00–12.30, 3,5 timmar."
    )


def test_a_task_whose_session_is_not_in_karins_case_prefills_nothing(client, org, absence):
    staff_log_in(client, "anna")
    assert subject_box(client.get(page_url(absence)).content.decode()) == ""


def test_a_double_click_on_send_sends_one_letter_and_says_so(client, org, absence):
    staff_log_in(client, "anna")
    assert client.post(page_url(absence), send_form()).status_code == 302
    second = client.post(page_url(absence), send_form(), follow=True)
    assert Communication.objects.filter(case=absence.case).count() == 1
    body = second.content.decode()
    assert "En kommunicering om den här uppgiften skickades den 20 november 2026" in body
    assert "Ingen ny skickades." in body


def test_after_karin_answered_anna_may_send_a_new_communication_for_the_task(client, org, absence):
    from ekb.notices.communication import do_answer_communication

    staff_log_in(client, "anna")
    client.post(page_url(absence), send_form())
    do_answer_communication(
        Communication.objects.get(), text="Jag var sjuk.", person=absence.applicant
    )
    assert (
        client.post(page_url(absence), send_form(subject="Också den 12 november.")).status_code
        == 302
    )
    assert Communication.objects.filter(case=absence.case).count() == 2


def test_the_decision_form_from_the_task_has_karins_communication_chosen(
    client, org, absence, time_machine
):
    staff_log_in(client, "anna")
    client.post(page_url(absence), send_form())
    time_machine.move_to(at_ten(dt.date(2026, 12, 5)), tick=False)
    staff_log_in(client, "anna")
    communication = Communication.objects.get()
    form = client.get(
        f"/handlaggare/ansokningar/{absence.application.pk}/"
        f"?kommunicering={communication.pk}&utfall=partly_granted"
    ).content.decode()
    assert "Kommuniceringen som beslutet grundar sig på" in form
    assert f'<option value="{communication.pk}" selected>' in form
    assert "Beslutet grundar sig inte på aktivitetskravet" in form
