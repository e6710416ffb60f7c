"""Kommunicering before a refusal or reduction for a missed activity (förvaltningslagen 25 §):
the client is told what the decision would rest on and gets a date to answer; a decision with
such a reason is refused until the client has answered or the date has passed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ekb.audit.models import AccessLogEntry
from ekb.cases.choices import EventKind, TaskKind
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import Outcome, Purpose
from ekb.decisions.lines import LineInput
from ekb.flow import activity, journey
from ekb.notices.communication import do_answer_communication, do_send_communication
from ekb.notices.models import Communication
from tests.personas import acknowledging, at_ten, grant_september

SENT_ON = dt.date(2026, 11, 20)  # the frozen day (tests/personas.py TODAY)
ANSWER_BY = dt.date(2026, 12, 4)
MISSED = "Jobbsökarverkstaden den 3, 5 och 10 november 2026, 12 av 32 timmar."
CHILDREN = "Elias får pengar till mat och kläder som tidigare; nedsättningen gäller Karins del."


@pytest.fixture
def renewal(renewal):
    """Karin's December renewal, with September's support too: three months in a row, so she
    is covered by the activity requirement for December (with October and November only she is
    not, and a reduction for a missed activity is refused: ekb.plans.activity, registered with
    ekb.decisions.prior_steps)."""
    grant_september(renewal.case)
    return renewal


def send(renewal, org, *, ground=Communication.Ground.ACTIVITY_ABSENT, answer_by=ANSWER_BY):
    return do_send_communication(
        renewal.case,
        ground=ground,
        subject=MISSED,
        intended="Vi överväger att sätta ned ditt försörjningsstöd för december 2026.",
        answer_by=answer_by,
        acting_user=org.anna,
    )


def reduction(application, communication) -> list[LineInput]:
    snapshot = latest_calculation(application)
    amount = snapshot.amount - Decimal("1500")
    reasons = activity.preselected_reason(
        application, communication, Outcome.PARTLY_GRANTED, amount=amount
    ).replace(
        activity.PROPORTIONALITY_TODO,
        "Frånvaron var en tredjedel av tiden. Vi sätter ned med 1 500 kr och inte mer.",
    )
    return [
        LineInput(
            Purpose.LIVELIHOOD,
            Outcome.PARTLY_GRANTED,
            amount,
            snapshot.amount,
            snapshot.amount,
            reasons,
            communication_id=communication.pk,  # the one chosen in the decision form
        )
    ]


def decide(renewal, org, lines):
    return journey.decide_application(
        renewal.application,
        lines,
        acting_user=org.anna,
        children_consideration=CHILDREN,
        acknowledgements=acknowledging(renewal.application),
    )


def reasons_error(exc) -> str:
    return " ".join(exc.value.message_dict.get("lines-0-reasons", []))


def test_a_reduction_for_a_missed_activity_without_any_communication_is_refused(renewal, org):
    communication = Communication(
        case=renewal.case, ground=Communication.Ground.ACTIVITY_ABSENT, subject=MISSED
    )
    communication.sent_at = at_ten(SENT_ON)
    with pytest.raises(ValidationError) as exc:
        decide(renewal, org, reduction(renewal.application, communication))
    assert "Skicka en kommunicering först" in reasons_error(exc)
    assert "25 § förvaltningslagen" in reasons_error(exc)


def test_karins_reduction_is_refused_until_and_on_the_answer_date(renewal, org, time_machine):
    communication = send(renewal, org)
    for day in (SENT_ON, ANSWER_BY):
        time_machine.move_to(at_ten(day), tick=False)
        with pytest.raises(ValidationError) as exc:
            decide(renewal, org, reduction(renewal.application, communication))
        assert "till och med 4 december 2026" in reasons_error(exc)
    assert not renewal.application.decisions.exists()


def test_karins_reduction_is_decided_the_day_after_the_answer_date_citing_the_act(
    renewal, org, time_machine
):
    communication = send(renewal, org)
    time_machine.move_to(at_ten(ANSWER_BY + dt.timedelta(days=1)), tick=False)
    decision = decide(renewal, org, reduction(renewal.application, communication))
    line = decision.lines.get()
    assert line.outcome == Outcome.PARTLY_GRANTED
    assert line.legal_reference == (
        "12 kap. 1 § och 12 kap. 4 a–6 a §§ socialtjänstlagen (2025:400)"
    )
    assert "sol_activity_requirement" in line.reference_keys


def test_karins_reduction_may_be_decided_before_the_date_once_she_has_answered(renewal, org):
    communication = send(renewal, org)
    do_answer_communication(
        communication, text="Jag var sjuk men hade inget intyg.", person=renewal.applicant
    )
    decision = decide(renewal, org, reduction(renewal.application, communication))
    assert decision.lines.get().outcome == Outcome.PARTLY_GRANTED


def test_a_communication_on_another_ground_does_not_count(renewal, org, time_machine):
    communication = send(renewal, org, ground=Communication.Ground.ACTIVITY_DECLINED)
    time_machine.move_to(at_ten(ANSWER_BY + dt.timedelta(days=1)), tick=False)
    absent = Communication(
        case=renewal.case, ground=Communication.Ground.ACTIVITY_ABSENT, subject=MISSED
    )
    absent.sent_at = communication.sent_at
    with pytest.raises(ValidationError) as exc:
        decide(renewal, org, reduction(renewal.application, absent))
    assert "Skicka en kommunicering först" in reasons_error(exc)


def test_the_reason_left_with_the_text_to_write_is_refused(renewal, org):
    communication = send(renewal, org)
    do_answer_communication(communication, text="Jag glömde.", person=renewal.applicant)
    lines = reduction(renewal.application, communication)
    lines[0].reasons = activity.preselected_reason(
        renewal.application, communication, Outcome.PARTLY_GRANTED, amount=lines[0].amount
    )
    with pytest.raises(ValidationError) as exc:
        decide(renewal, org, lines)
    assert "hakparentes" in reasons_error(exc)


def test_other_reasons_need_no_communication(renewal, org):
    from tests.personas import grant_everything

    decision = grant_everything(renewal.application, org.anna)
    assert decision.lines.exists()


def test_the_client_must_get_at_least_a_week_to_answer(renewal, org):
    with pytest.raises(ValidationError) as exc:
        send(renewal, org, answer_by=SENT_ON + dt.timedelta(days=6))
    assert "minst 7 dagar" in " ".join(exc.value.message_dict["answer_by"])
    with pytest.raises(ValidationError) as exc:
        do_send_communication(
            renewal.case,
            ground=Communication.Ground.ACTIVITY_ABSENT,
            subject=" ",
            intended="",
            answer_by=ANSWER_BY,
            acting_user=org.anna,
        )
    assert set(exc.value.message_dict) == {"subject", "intended"}


def test_sending_tells_the_client_and_keeps_the_letter_in_swedish(renewal, org):
    communication = send(renewal, org)
    event = renewal.case.events.get(kind=EventKind.COMMUNICATION_SENT)
    assert event.visible_to_client
    assert event.data["answer_by"] == "2026-12-04"
    letter = bytes(communication.letter).decode("utf-8")  # HTML in the test suite
    assert "Innan vi beslutar: vill du säga något?" in letter
    assert "Svara senast 4 december 2026." in letter
    assert "25 § förvaltningslagen (2017:900)" in letter
    assert MISSED in letter
    assert renewal.applicant.identity_number not in letter
    assert renewal.applicant.identity_number[:8] + "-XXXX" in letter
    assert communication.letter_sha256


@pytest.mark.usefixtures("real_letters")
def test_the_communication_letter_is_a_pdf_like_the_decision_letter(renewal, org):
    import io

    from pypdf import PdfReader

    communication = send(renewal, org)
    pdf = bytes(communication.letter)
    assert pdf.startswith(b"%PDF")
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Svara senast 4 december 2026" in text
    assert "Det här är inte ett beslut" in text


def test_karin_answers_once_and_the_caseworker_gets_a_task(renewal, org):
    communication = send(renewal, org)
    do_answer_communication(communication, text="Jag var sjuk.", person=renewal.applicant)
    communication.refresh_from_db()
    assert communication.answered and communication.answered_by == renewal.applicant
    assert renewal.case.tasks.filter(kind=TaskKind.COMMUNICATION_ANSWERED).count() == 1
    assert renewal.case.events.filter(kind=EventKind.COMMUNICATION_ANSWERED).exists()
    assert AccessLogEntry.objects.filter(
        actor_person_id=renewal.applicant.pk, case_id=renewal.case.pk
    ).exists()
    with pytest.raises(ValidationError, match="redan svarat"):
        do_answer_communication(communication, text="Igen.", person=renewal.applicant)


def test_an_empty_answer_is_refused(renewal, org):
    communication = send(renewal, org)
    with pytest.raises(ValidationError) as exc:
        do_answer_communication(communication, text="  ", person=renewal.applicant)
    assert exc.value.message_dict["answer"] == ["Skriv ditt svar."]


# -- the line names its communication, and rewording is no way past (review defect 5) -----------

ABSENCE_TASK_TEXT = "Frånvaro utan giltigt skäl från Jobbsökarverkstaden den 2026-11-10 09:00."


def absence_task(case):
    from ekb.cases.tasks import do_open_task

    return do_open_task(
        case,
        kind=TaskKind.ACTIVITY_ABSENCE,
        text=ABSENCE_TASK_TEXT,
        source="plans.activitysession:1",
    )


def answered(renewal, org):
    communication = send(renewal, org)
    do_answer_communication(communication, text="Jag glömde.", person=renewal.applicant)
    return communication


def test_karins_answered_communication_from_november_2026_carries_no_refusal_a_year_later(
    renewal, org, time_machine
):
    communication = answered(renewal, org)
    time_machine.move_to(at_ten(dt.date(2027, 11, 22)), tick=False)
    absence_task(renewal.case)  # a new absence, November 2027
    with pytest.raises(ValidationError) as exc:
        decide(renewal, org, reduction(renewal.application, communication))
    assert "för mer än 90 dagar sedan" in reasons_error(exc)
    assert "efter att kommuniceringen skickades den 20 november 2026" in reasons_error(exc)


def test_a_communication_sent_before_the_absence_does_not_answer_it(renewal, org, time_machine):
    communication = answered(renewal, org)
    time_machine.move_to(at_ten(dt.date(2026, 11, 25)), tick=False)
    absence_task(renewal.case)
    with pytest.raises(ValidationError) as exc:
        decide(renewal, org, reduction(renewal.application, communication))
    assert "Klienten har inte fått yttra sig om den" in reasons_error(exc)


def test_the_activity_reason_without_a_chosen_communication_is_refused(renewal, org):
    communication = answered(renewal, org)
    lines = reduction(renewal.application, communication)
    lines[0].communication_id = None
    with pytest.raises(ValidationError) as exc:
        decide(renewal, org, lines)
    assert reasons_error(exc) == "Välj den kommunicering som beslutet grundar sig på."


def test_another_cases_communication_carries_no_decision_on_karins(renewal, org, kemal_and_tove):
    ours = answered(renewal, org)
    theirs = do_send_communication(
        kemal_and_tove.case,
        ground=Communication.Ground.ACTIVITY_ABSENT,
        subject=MISSED,
        intended="Vi överväger att sätta ned.",
        answer_by=ANSWER_BY,
        acting_user=org.anna,
    )
    lines = reduction(renewal.application, ours)
    lines[0].communication_id = theirs.pk
    with pytest.raises(ValidationError) as exc:
        decide(renewal, org, lines)
    assert "finns inte i det här ärendet" in reasons_error(exc)


def test_the_day_in_the_reasons_must_be_the_day_the_communication_was_sent(renewal, org):
    communication = answered(renewal, org)
    lines = reduction(renewal.application, communication)
    lines[0].reasons = lines[0].reasons.replace("20 november 2026", "12 november 2026")
    with pytest.raises(ValidationError) as exc:
        decide(renewal, org, lines)
    assert "skrev till klienten den 12 november 2026" in reasons_error(exc)
    assert "skickades den 20 november 2026" in reasons_error(exc)


def test_one_communication_carries_one_decision_not_the_next_months_too(renewal, org, time_machine):
    from ekb.applications.choices import ApplicationKind
    from tests.personas import lines as application_lines

    communication = answered(renewal, org)
    decide(renewal, org, reduction(renewal.application, communication))
    time_machine.move_to(at_ten(dt.date(2026, 12, 22)), tick=False)
    january = journey.receive_application(
        renewal.case,
        dt.date(2027, 1, 1),
        ApplicationKind.RENEWAL,
        application_lines(salary="3000"),
        client_person_id=renewal.applicant.pk,
    )
    reasons = activity.preselected_reason(
        january, communication, Outcome.REFUSED, amount=Decimal(0)
    ).replace(activity.PROPORTIONALITY_TODO, "Karin har uteblivit helt i fyra veckor.")
    refusal = LineInput(
        Purpose.LIVELIHOOD,
        Outcome.REFUSED,
        Decimal(0),
        reasons=reasons,
        communication_id=communication.pk,
    )
    with pytest.raises(ValidationError) as exc:
        journey.decide_application(
            january,
            [refusal],
            acting_user=org.anna,
            children_consideration=CHILDREN,
            acknowledgements=acknowledging(january),
        )
    assert "har redan använts i beslutet den 20 november 2026" in reasons_error(exc)


def _reworded(renewal, communication) -> list[LineInput]:
    lines = reduction(renewal.application, communication)
    lines[0].reasons = lines[0].reasons.replace(
        "Du har varit borta från aktiviteter", "Du har varit frånvarande från aktiviteter"
    )
    lines[0].communication_id = None
    return lines


def test_reworded_reasons_while_karins_absence_task_is_open_are_refused(renewal, org):
    communication = answered(renewal, org)
    absence_task(renewal.case)
    with pytest.raises(ValidationError) as exc:
        decide(renewal, org, _reworded(renewal, communication))
    assert "välj kommuniceringen" in reasons_error(exc)
    assert "kryssa i att beslutet inte grundar sig på aktivitetskravet" in reasons_error(exc)


def test_the_old_not_available_for_work_phrase_is_no_way_past_an_open_absence_task(renewal, org):
    from ekb.decisions.phrases import phrase

    absence_task(renewal.case)
    reasons = phrase(
        "livelihood.refused.not_available_labour_market",
        on=SENT_ON,
        month=renewal.application.month,
        details="Du kom inte till jobbsökarverkstaden.",
    ).text
    lines = [LineInput(Purpose.LIVELIHOOD, Outcome.REFUSED, Decimal(0), reasons=reasons)]
    with pytest.raises(ValidationError) as exc:
        decide(renewal, org, lines)
    assert "kryssa i att beslutet inte grundar sig på aktivitetskravet" in reasons_error(exc)


def test_a_reduction_stated_not_to_rest_on_the_activity_requirement_is_decided_and_kept(
    renewal, org
):
    absence_task(renewal.case)
    snapshot = latest_calculation(renewal.application)
    lines = [
        LineInput(
            Purpose.LIVELIHOOD,
            Outcome.PARTLY_GRANTED,
            snapshot.amount - Decimal("500"),
            snapshot.amount,
            snapshot.amount,
            "Du fick 500 kr för mycket i november. Vi räknar av det nu.",
            not_activity_requirement=True,
        )
    ]
    line = decide(renewal, org, lines).lines.get()
    assert line.not_activity_requirement and line.communication_id is None


def test_the_statement_does_not_go_with_the_activity_reason(renewal, org):
    communication = answered(renewal, org)
    lines = reduction(renewal.application, communication)
    lines[0].not_activity_requirement = True
    with pytest.raises(ValidationError) as exc:
        decide(renewal, org, lines)
    assert "Ta bort krysset" in reasons_error(exc)


def test_a_decided_reduction_keeps_the_communication_it_rests_on(renewal, org):
    communication = answered(renewal, org)
    line = decide(renewal, org, reduction(renewal.application, communication)).lines.get()
    assert line.communication_id == communication.pk
