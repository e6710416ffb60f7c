"""A decision may not rest on a communication about an absence that has since been recorded as
excused (issue 12, fresh-eye finding): Karin answers that she had a valid reason, Anna corrects
the attendance, and a reduction saying she had none is refused; the 'Kommunicera och besluta'
page no longer offers the decision from that communication."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import Outcome, Purpose
from ekb.decisions.lines import LineInput
from ekb.flow import activity, journey
from ekb.notices.communication import do_answer_communication
from ekb.plans.activity_choices import ActivityKind, AttendanceStatus
from ekb.plans.models import ActivityAttendance, ActivitySchedule, ActivitySession
from tests.personas import acknowledging, grant_september, staff_log_in

CHILDREN = "Elias får pengar till mat och kläder som tidigare; nedsättningen gäller Karins del."
EXCUSED = "Frånvaron som kommuniceringen gällde är nu registrerad med giltigt skäl."


def _session(case, person, anna, day: int) -> ActivitySession:
    schedule = ActivitySchedule.objects.filter(
        case=case
    ).first() or ActivitySchedule.objects.create(
        case=case,
        person=person,
        weekly_target_hours=Decimal("30"),
        rule_target_hours=Decimal("30"),
        own_job_seeking_hours=Decimal("5"),
        set_by=anna,
    )
    return ActivitySession.objects.create(
        schedule=schedule,
        kind=ActivityKind.JOB_SEEKING,
        title="Jobbsökarverkstaden",
        starts_at=dt.datetime(2026, 11, day, 8, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 11, day, 11, 30, tzinfo=dt.UTC),
        place="Arbetsmarknadsenheten",
        created_by=anna,
    )


def _absent(case, session, anna, status=AttendanceStatus.ABSENT_WITHOUT):
    """The attendance as recorded (the task is opened as ekb.plans would open it)."""
    from ekb.cases.choices import TaskKind
    from ekb.cases.tasks import do_open_task

    ActivityAttendance.objects.update_or_create(
        session=session,
        defaults={"status": status, "note": "", "recorded_by": anna},
    )
    return do_open_task(
        case,
        kind=TaskKind.ACTIVITY_ABSENCE,
        text="Frånvaro utan giltigt skäl. Utred skälet.",
        source=f"plans.activitysession:{session.pk}",
    )


@pytest.fixture
def answered(renewal, org):
    """Karin stayed away on 10 November; Anna sent the communication; Karin answered that she
    had a valid reason."""
    grant_september(renewal.case)
    renewal.session = _session(renewal.case, renewal.applicant, org.anna, 10)
    renewal.task = _absent(renewal.case, renewal.session, org.anna)
    renewal.communication = activity.send_communication(
        renewal.task,
        subject="Du var inte med på Jobbsökarverkstaden den 10 november 2026.",
        intended="Vi överväger att sätta ned ditt försörjningsstöd för december 2026.",
        answer_by=dt.date(2026, 12, 4),
        acting_user=org.anna,
    )
    do_answer_communication(
        renewal.communication, text="Jag var på anställningsintervju.", person=renewal.applicant
    )
    return renewal


def _excuse(renewal):
    ActivityAttendance.objects.filter(session=renewal.session).update(
        status=AttendanceStatus.ABSENT_VALID, note="Anställningsintervju."
    )


def _reduction(renewal) -> list[LineInput]:
    snapshot = latest_calculation(renewal.application)
    amount = snapshot.amount - Decimal("1500")
    reasons = activity.preselected_reason(
        renewal.application, renewal.communication, Outcome.PARTLY_GRANTED, amount=amount
    ).replace(activity.PROPORTIONALITY_TODO, "Frånvaron var en tredjedel av tiden.")
    return [
        LineInput(
            Purpose.LIVELIHOOD,
            Outcome.PARTLY_GRANTED,
            amount,
            snapshot.amount,
            snapshot.amount,
            reasons,
            communication_id=renewal.communication.pk,
        )
    ]


def _decide(renewal, org):
    return journey.decide_application(
        renewal.application,
        _reduction(renewal),
        acting_user=org.anna,
        children_consideration=CHILDREN,
        acknowledgements=acknowledging(renewal.application),
    )


def test_karins_reduction_rests_on_her_answered_communication_while_the_absence_stands(
    answered, org
):
    decision = _decide(answered, org)
    assert decision.lines.get().outcome == Outcome.PARTLY_GRANTED


def test_a_reduction_on_the_communication_is_refused_once_the_absence_is_excused(answered, org):
    _excuse(answered)
    with pytest.raises(ValidationError) as exc:
        _decide(answered, org)
    assert EXCUSED in " ".join(exc.value.message_dict["lines-0-reasons"])
    assert not answered.application.decisions.filter(decided_at__isnull=False).exists()


def test_sick_with_a_certificate_is_excused_too(answered, org):
    ActivityAttendance.objects.filter(session=answered.session).update(
        status=AttendanceStatus.SICK_WITH_CERTIFICATE
    )
    with pytest.raises(ValidationError) as exc:
        _decide(answered, org)
    assert EXCUSED in " ".join(exc.value.message_dict["lines-0-reasons"])


def test_the_page_offers_the_decision_while_the_absence_stands(client, org, answered):
    staff_log_in(client, "anna")
    url = f"/handlaggare/arenden/{answered.case.pk}/uppgifter/{answered.task.pk}/kommunicera/"
    body = client.get(url).content.decode()
    assert "Besluta om nedsättning" in body
    assert EXCUSED not in body


def test_the_page_of_a_later_absence_does_not_offer_a_decision_from_the_excused_one(
    client, org, answered
):
    _excuse(answered)
    later = _absent(
        answered.case, _session(answered.case, answered.applicant, org.anna, 17), org.anna
    )
    staff_log_in(client, "anna")
    body = client.get(
        f"/handlaggare/arenden/{answered.case.pk}/uppgifter/{later.pk}/kommunicera/"
    ).content.decode()
    assert EXCUSED in body
    assert "Besluta om nedsättning" not in body
    assert "Besluta om avslag" not in body
