"""Steps the law asks before a decision with a certain reason may be made, checked where the
decision is validated (``ekb.decisions.decide.validate_lines``).

Today one: a refusal or reduction because the client declined or stayed away from an assigned
activity (phrases marked ``communicate: true``) needs kommunicering first (förvaltningslagen
25 §): the client told what the decision would rest on and given a date to answer. The line
names the communication it rests on (``communication_id``); and while an activity task of the
case is open, any refusal or reduction of livelihood either names one or states that it does not
rest on the activity requirement, so reworded reasons are no way past the check.

Why a registry: the communication and its answer live in ``ekb.notices``, which sits ABOVE
``decisions`` (a decision's letter and appeals need the decision). ``decisions`` cannot import
it, and putting the check only in ``ekb.flow`` would let any other path to
``do_decide_application`` (the API, an oral decision in a meeting, a four-eyes change) past it.
So ``decisions`` asks every registered check, and ``ekb.notices`` registers its check when the
app is ready (``NoticesConfig.ready``). With no check registered the answer is "cannot be
checked": the guard fails closed, never open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from ekb.decisions.choices import Purpose

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from ekb.cases.models import Case


@dataclass(frozen=True)
class LineToCheck:
    """One decision line as the registered checks see it."""

    case: Case
    application_id: int | None  # the decision's application: its own earlier decisions aside
    purpose: str
    outcome: str
    refuses_or_reduces: bool
    reasons: str
    # The phrase needing communication the reasons are (decisions.yaml ``communicate: true``),
    # with the text each placeholder was filled with; None for the caseworker's own words.
    phrase_key: str | None
    phrase_values: dict[str, str]
    communication_id: int | None
    not_activity_requirement: bool
    on: dt.date

    @property
    def asks_anything(self) -> bool:
        """A line a check may have something to say about (without a check: refused)."""
        return (
            self.phrase_key is not None
            or self.communication_id is not None
            or (self.purpose == Purpose.LIVELIHOOD and self.refuses_or_reduces)
        )


# A line -> what is missing, in Swedish; [] when it may be decided.
Check = Callable[[LineToCheck], "list[StrOrPromise]"]

_checks: list[Check] = []


def register(check: Check) -> Check:
    """Add a check (once; registering the same function again does nothing)."""
    if check not in _checks:
        _checks.append(check)
    return check


def problems(line: LineToCheck) -> list[StrOrPromise]:
    """What stops a decision with this line on ``line.on``."""
    if not _checks:
        if not line.asks_anything:
            return []
        return [
            _(
                "Det går inte att kontrollera att klienten har fått yttra sig "
                "(kommunicering, 25 § förvaltningslagen). Beslutet kan inte fattas."
            )
        ]
    return [problem for check in _checks for problem in check(line)]
