"""Tasks: what a caseworker must look at, opened with its facts and closed with what she did."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ekb.cases.choices import TaskKind
from ekb.cases.tasks import do_close_task, do_open_task, open_tasks
from ekb.flow.inbox import inbox_for, inbox_rows
from tests.personas import staff_log_in


def _absence_task(case, source="plans.attendance:1"):
    return do_open_task(
        case,
        kind=TaskKind.ACTIVITY_ABSENCE,
        text="Frånvarande från språkkursen 3 december utan giltigt skäl.",
        source=source,
    )


def test_one_thing_that_happened_is_one_task_even_when_the_rule_runs_twice(org, cases):
    first = _absence_task(cases.norr_annas)
    again = _absence_task(cases.norr_annas)
    other = _absence_task(cases.norr_annas, source="plans.attendance:2")
    assert first.pk == again.pk and other.pk != first.pk
    assert open_tasks(cases.norr_annas) == [first, other]


def test_a_task_is_closed_only_with_what_was_done(org, cases):
    task = _absence_task(cases.norr_annas)
    with pytest.raises(ValidationError):
        do_close_task(task, outcome="  ", acting_user=org.anna)
    do_close_task(task, outcome="Pratade med klienten; barnet var sjukt.", acting_user=org.anna)
    assert open_tasks(cases.norr_annas) == []
    with pytest.raises(ValidationError):
        do_close_task(task, outcome="Igen.", acting_user=org.anna)


def test_an_open_task_is_a_row_in_the_caseworkers_inbox_until_it_is_closed(org, cases):
    task = _absence_task(cases.norr_annas)
    rows = inbox_rows(inbox_for(org.anna))
    assert [r.item for r in rows if r.kind == "tasks"] == [task]
    do_close_task(task, outcome="Giltigt skäl: sjukt barn.", acting_user=org.anna)
    assert not [r for r in inbox_rows(inbox_for(org.anna)) if r.kind == "tasks"]


def test_anna_closes_a_task_from_the_case_page_and_an_empty_outcome_is_refused(client, org, cases):
    task = _absence_task(cases.norr_annas)
    staff_log_in(client, "anna")
    page = client.get(reverse("workspace:case", args=[cases.norr_annas.pk]))
    assert "Frånvarande från språkkursen" in page.content.decode()
    url = reverse("workspace:close_task", args=[cases.norr_annas.pk, task.pk])
    client.post(url, {"outcome": ""})
    task.refresh_from_db()
    assert task.closed_at is None
    client.post(url, {"outcome": "Ringde klienten."})
    task.refresh_from_db()
    assert task.closed_by == org.anna and task.outcome == "Ringde klienten."


def test_a_caseworker_of_another_unit_gets_404_for_the_task(client, org, cases):
    task = _absence_task(cases.norr_annas)
    staff_log_in(client, "bertil")
    url = reverse("workspace:close_task", args=[cases.norr_annas.pk, task.pk])
    assert client.post(url, {"outcome": "x"}).status_code == 404


def test_in_english_a_task_is_called_a_task(client, org, cases):
    from django.utils import translation

    _absence_task(cases.norr_annas)
    with translation.override("en"):
        rows = inbox_rows(inbox_for(org.anna))
        assert [r.what for r in rows if r.kind == "tasks"] == ["Task"]
