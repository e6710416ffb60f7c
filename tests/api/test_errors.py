"""One 422 shape for the staff API (ekb.api.errors), used by case handling and the household."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from ekb.api import handling, household
from ekb.api.errors import Problem, problem, problem_message


def test_case_handling_and_the_household_answer_a_refusal_with_the_same_helper():
    assert handling.problem is problem and household.problem is problem
    assert handling.Problem is Problem and household.Problem is Problem


def test_a_refusal_by_field_keeps_its_fields():
    status = problem(ValidationError({"valid_to": ["Datumet finns inte."]}))
    assert status.status_code == 422
    assert status.value == {
        "detail": "Uppgifterna behöver rättas.",
        "errors": {"valid_to": ["Datumet finns inte."]},
    }


def test_a_refusal_without_a_field_is_about_the_whole_request_not_a_server_error():
    status = problem(ValidationError("Ansökan är redan beslutad."))
    assert status.status_code == 422
    assert status.value["errors"] == {"__all__": ["Ansökan är redan beslutad."]}


def test_a_state_that_does_not_allow_the_action_is_one_sentence():
    status = problem_message("Varningen är redan kvitterad.")
    assert status.value == {"detail": "Varningen är redan kvitterad.", "errors": {}}
