"""An open task on the case page leads to the page where its work is done (issue 12's
acceptance walk): a plan follow-up due and a missed condition to the plan, the activity
requirement reached and an exemption to review to the activity page."""

from __future__ import annotations

import pytest

from ekb.cases.choices import TaskKind
from ekb.cases.tasks import do_open_task
from tests.personas import staff_log_in


@pytest.mark.parametrize(
    ("kind", "target", "words"),
    [
        (TaskKind.PLAN_FOLLOW_UP_DUE, "plan/#follow-up", "Följ upp planen"),
        (TaskKind.PLAN_CONDITION_MISSED, "plan/#assess", "Till villkoren i planen"),
        (TaskKind.ACTIVITY_REQUIREMENT_REACHED, "aktiviteter/", "Till aktivitetskravet"),
        (TaskKind.ACTIVITY_EXEMPTION_REVIEW, "aktiviteter/", "Till aktivitetskravet"),
    ],
)
def test_a_task_on_karins_case_page_links_to_where_anna_does_it(
    client, org, karin, kind, target, words
):
    do_open_task(karin.case, kind=kind, text="Att göra.", source="tests:1")
    staff_log_in(client, "anna")
    body = client.get(f"/handlaggare/arenden/{karin.case.pk}/").content.decode()
    assert f'href="/handlaggare/arenden/{karin.case.pk}/{target}"' in body
    assert words in body


def test_another_task_has_no_such_link(client, org, karin):
    do_open_task(karin.case, kind=TaskKind.OTHER, text="Ring hyresvärden.", source="tests:2")
    staff_log_in(client, "anna")
    body = client.get(f"/handlaggare/arenden/{karin.case.pk}/").content.decode()
    assert "Följ upp planen" not in body and "Till aktivitetskravet" not in body
