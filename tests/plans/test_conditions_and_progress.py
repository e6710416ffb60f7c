"""A condition marked not met opens a task for the caseworker and never changes money; the
progress steps make a timeline; referrals keep their answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ekb.cases.choices import TaskKind
from ekb.cases.tasks import open_tasks
from ekb.decisions.models import Decision, DecisionLine
from ekb.payments.models import Payment
from ekb.plans.actions import (
    do_establish_plan,
    do_mark_condition,
    do_record_progress,
    do_record_referral_answer,
    do_send_referral,
    do_sign_plan_as_staff,
)
from ekb.plans.choices import ConditionStatus
from ekb.plans.reads import progress_timeline
from tests.plans.helpers import FOLLOW_UP, held_meeting, shared_plan

pytestmark = pytest.mark.django_db


def established(karin, org):
    version = shared_plan(karin.case, org.anna)
    do_sign_plan_as_staff(version, acting_user=org.anna)
    return do_establish_plan(
        version,
        meeting=held_meeting(karin.case, org.anna),
        follow_up_on=FOLLOW_UP,
        acting_user=org.anna,
    )


def money(case):
    """Every decision, decision line and payment of the case, as stored."""
    return (
        list(Decision.objects.filter(case=case).order_by("pk").values()),
        list(DecisionLine.objects.filter(decision__case=case).order_by("pk").values()),
        list(Payment.objects.filter(case=case).order_by("pk").values()),
    )


def test_a_condition_not_met_opens_a_task_and_changes_no_decision_or_payment(karin, org):
    version = established(karin, org)
    before = money(karin.case)
    assert before[0] and before[2], "Karin has decided months and payments to protect"
    condition = version.conditions.get()
    do_mark_condition(
        condition, met=False, note="Inte inskriven hos Arbetsförmedlingen.", acting_user=org.anna
    )
    condition.refresh_from_db()
    assert condition.status == ConditionStatus.NOT_MET
    tasks = [t for t in open_tasks(karin.case) if t.kind == TaskKind.PLAN_CONDITION_MISSED]
    assert len(tasks) == 1
    assert "Inte inskriven" in tasks[0].text
    assert money(karin.case) == before


def test_marking_the_same_condition_twice_is_one_task(karin, org):
    version = established(karin, org)
    condition = version.conditions.get()
    for _ in range(2):
        do_mark_condition(condition, met=False, note="Uteblev.", acting_user=org.anna)
    assert len(open_tasks(karin.case)) == 1


def test_a_condition_met_opens_no_task(karin, org):
    version = established(karin, org)
    do_mark_condition(version.conditions.get(), met=True, acting_user=org.anna)
    assert open_tasks(karin.case) == []


def test_not_met_needs_a_note_and_only_the_plan_in_force_is_assessed(karin, org):
    version = shared_plan(karin.case, org.anna)
    with pytest.raises(ValidationError):
        do_mark_condition(version.conditions.get(), met=True, acting_user=org.anna)
    do_sign_plan_as_staff(version, acting_user=org.anna)
    do_establish_plan(
        version,
        meeting=held_meeting(karin.case, org.anna),
        follow_up_on=FOLLOW_UP,
        acting_user=org.anna,
    )
    with pytest.raises(ValidationError) as refused:
        do_mark_condition(version.conditions.get(), met=False, note=" ", acting_user=org.anna)
    assert "note" in refused.value.message_dict
    assert open_tasks(karin.case) == []


def test_progress_steps_make_a_timeline_forward_and_back(karin, org):
    plan = established(karin, org).plan
    do_record_progress(
        plan, life_area="housing", from_step=2, to_step=4, note="Förstahandskontrakt",
        on=dt.date(2026, 11, 2), acting_user=org.anna,
    )  # fmt: skip
    do_record_progress(
        plan, life_area="health", from_step=3, to_step=2, on=dt.date(2026, 11, 19),
        acting_user=org.anna,
    )  # fmt: skip
    do_record_progress(
        plan, life_area="language", from_step=1, to_step=2, on=dt.date(2026, 10, 1),
        acting_user=org.anna,
    )  # fmt: skip
    timeline = progress_timeline(plan)
    assert [t.step.on for t in timeline] == sorted(t.step.on for t in timeline)
    assert [t.direction for t in timeline] == ["forward", "forward", "back"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"to_step": 6}, "to_step"),
        ({"from_step": 0}, "from_step"),
        ({"on": dt.date(2026, 11, 21)}, "on"),
        ({"life_area": "luck"}, "life_area"),
    ],
)
def test_a_progress_step_off_the_scale_or_in_the_future_is_refused(karin, org, changes, field):
    plan = established(karin, org).plan
    data = {"life_area": "work", "from_step": 1, "to_step": 2, "on": dt.date(2026, 11, 20)}
    with pytest.raises(ValidationError) as refused:
        do_record_progress(plan, **{**data, **changes}, acting_user=org.anna)
    assert field in refused.value.message_dict
    assert progress_timeline(plan) == []


def test_a_referral_to_arbetsformedlingen_keeps_its_answer(karin, org):
    plan = established(karin, org).plan
    referral = do_send_referral(
        plan,
        to="arbetsformedlingen",
        question="Bedömning av arbetsförmåga",
        sent_on=dt.date(2026, 11, 10),
        acting_user=org.anna,
    )
    with pytest.raises(ValidationError):
        do_record_referral_answer(
            referral, answer="Heltid", answered_on=dt.date(2026, 11, 9), acting_user=org.anna
        )
    do_record_referral_answer(
        referral,
        answer="Kan arbeta heltid.",
        answered_on=dt.date(2026, 11, 18),
        acting_user=org.anna,
    )
    referral.refresh_from_db()
    assert (referral.answer, referral.answered_on) == ("Kan arbeta heltid.", dt.date(2026, 11, 18))


def test_a_sub_goal_reached_is_recorded_on_the_plan_in_force_only(karin, org):
    from ekb.plans.actions import do_set_sub_goal_status

    version = established(karin, org)
    goal = version.sub_goals.first()
    do_set_sub_goal_status(goal, status="achieved", acting_user=org.anna)
    goal.refresh_from_db()
    assert goal.status == "achieved"
    with pytest.raises(ValidationError):
        do_set_sub_goal_status(goal, status="won", acting_user=org.anna)


def test_no_step_forward_since_the_plan_was_established_prompts_a_look_at_the_plan(
    karin, org, time_machine
):
    from ekb.plans.actions import do_set_sub_goal_status
    from ekb.plans.reads import stalled_since

    plan = established(karin, org).plan
    assert stalled_since(plan) is None  # established today
    time_machine.move_to(dt.datetime(2027, 1, 10, 10, tzinfo=dt.UTC), tick=False)
    assert stalled_since(plan) == dt.date(2026, 11, 20)
    do_record_progress(
        plan, life_area="health", from_step=3, to_step=2, on=dt.date(2026, 12, 1),
        acting_user=org.anna,
    )  # fmt: skip
    assert stalled_since(plan) == dt.date(2026, 11, 20)  # a step back is no step forward
    do_set_sub_goal_status(
        plan.versions.get().sub_goals.first(), status="achieved", acting_user=org.anna
    )
    assert stalled_since(plan) is None
