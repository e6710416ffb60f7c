"""Steps the law asks before a decision with a certain reason may be made, checked where the
decision is validated (``ekb.decisions.decide.validate_lines``).

Today one: a refusal or reduction because the client declined or stayed away from an assigned
activity (phrases marked ``communicate: true``) needs kommunicering first (förvaltningslagen
25 §): the client told what the decision would rest on and given a date to answer.

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
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from ekb.cases.models import Case

# (case, phrase key, decision date) -> what is missing, in Swedish; [] when it may be decided.
Check = Callable[["Case", str, dt.date], "list[StrOrPromise]"]

_checks: list[Check] = []


def register(check: Check) -> Check:
    """Add a check (once; registering the same function again does nothing)."""
    if check not in _checks:
        _checks.append(check)
    return check


def problems(case: Case, key: str, on: dt.date) -> list[StrOrPromise]:
    """What stops a decision on ``case`` with the reason ``key`` on ``on``."""
    if not _checks:
        return [
            _(
                "Det går inte att kontrollera att klienten har fått yttra sig "
                "(kommunicering, 25 § förvaltningslagen). Beslutet kan inte fattas."
            )
        ]
    return [problem for check in _checks for problem in check(case, key, on)]
