"""The client's disagreement with her plan reaches the caseworker: a task, one per comment, that
names the topic (her words are read on the plan page, kept as written); the caseworker answers
by closing it. A comment that agrees opens nothing."""

from __future__ import annotations

import pytest

from ekb.cases.choices import TaskKind
from ekb.cases.tasks import do_close_task, do_open_task, open_tasks
from ekb.plans.actions import disagreement_source, do_comment_on_plan
from tests.personas import log_in, staff_log_in
from tests.plans.helpers import shared_plan

pytestmark = pytest.mark.django_db
HER_WORDS = "Jag kan inte arbeta heltid nu, ryggen klarar det inte."


def disagree(version, person, topic="conditions", text=HER_WORDS):
    return do_comment_on_plan(version, person=person, text=text, topic=topic, disagrees=True)


def test_karin_s_disagreement_opens_a_task_with_the_topic_not_her_words(karin, org):
    version = shared_plan(karin.case, org.anna)
    comment = disagree(version, karin.applicant)
    [task] = open_tasks(karin.case)
    assert task.kind == TaskKind.PLAN_DISAGREEMENT
    assert task.source == disagreement_source(comment)
    assert f"version {version.number}" in task.text and "Villkor för bistånd" in task.text
    assert "ryggen" not in task.text


def test_a_comment_that_agrees_opens_no_task(karin, org):
    version = shared_plan(karin.case, org.anna)
    do_comment_on_plan(version, person=karin.applicant, text="Bra plan, jag börjar på måndag.")
    assert open_tasks(karin.case) == []


def test_each_disagreement_is_one_task_and_the_same_one_is_not_opened_twice(karin, org):
    version = shared_plan(karin.case, org.anna)
    first = disagree(version, karin.applicant, topic="conditions")
    disagree(version, karin.applicant, topic="goals", text="Målet är inte mitt eget.")
    tasks = open_tasks(karin.case)
    assert [t.text.split(": ")[1].split(".")[0] for t in tasks] == [
        "Villkor för bistånd",
        "Dina mål",
    ]
    again = do_open_task(
        karin.case, kind=TaskKind.PLAN_DISAGREEMENT, text="x", source=disagreement_source(first)
    )
    assert again == tasks[0] and len(open_tasks(karin.case)) == 2


def test_closing_the_task_is_anna_s_answer_and_the_comment_stays_on_the_plan(karin, org):
    version = shared_plan(karin.case, org.anna)
    disagree(version, karin.applicant)
    [task] = open_tasks(karin.case)
    do_close_task(
        task, outcome="Ringde Karin; villkoret ändras till deltid i nästa version.",
        acting_user=org.anna,
    )  # fmt: skip
    task.refresh_from_db()
    assert task.closed_by == org.anna and "deltid" in task.outcome
    assert open_tasks(karin.case) == [] and version.comments.get().text == HER_WORDS


def test_a_disagreement_made_in_the_e_service_reaches_anna_s_case_page(client, karin, org):
    version = shared_plan(karin.case, org.anna)
    log_in(client, karin.applicant)
    response = client.post(
        "/e-tjanst/plan/",
        {"text": HER_WORDS, "topic": "goals", "disagrees": "yes", "version": version.pk},
    )
    assert response.status_code == 302
    client.logout()
    staff_log_in(client, "anna")
    page = client.get(f"/handlaggare/arenden/{karin.case.pk}/").content.decode()
    assert "Klienten håller inte med om planen" in page and "Dina mål" in page
    assert f"/handlaggare/arenden/{karin.case.pk}/plan/#comments" in page
    assert HER_WORDS not in page  # read on the plan page
    plan_page = client.get(f"/handlaggare/arenden/{karin.case.pk}/plan/").content.decode()
    assert HER_WORDS in plan_page
