"""The one shape of a refused request in the staff API: 422 with a Swedish summary and the
messages by field, as the forms show them ("__all__" for the request as a whole)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from ninja import Schema
from ninja.responses import Status

SUMMARY = "Uppgifterna behöver rättas."


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def problem_errors(error: ValidationError) -> dict[str, list[str]]:
    """The messages by field. An error raised without fields (a plain message or a list) is
    about the request as a whole: it goes under "__all__"."""
    if hasattr(error, "error_dict"):
        return {k: [str(m) for m in v] for k, v in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def problem(error: ValidationError) -> Status:
    """A ValidationError from a do_* action as a 422 (messages by field, see problem_errors)."""
    return Status(422, {"detail": SUMMARY, "errors": problem_errors(error)})


def problem_message(detail: str) -> Status:
    """A 422 with one sentence and no fields (a state that does not allow the action)."""
    return Status(422, {"detail": detail, "errors": {}})
