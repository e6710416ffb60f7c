"""A decision line as the caseworker, the robot's proposal and the API hand it in, and the
period a decided month covers.

These sit apart from ``decisions.py`` because the proposal builds lines and the decision checks
them: with the shape in either module, the two would import each other."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ekb.lib.months import month_end


@dataclass
class LineInput:
    purpose: str
    outcome: str
    amount: Decimal
    amount_applied: Decimal | None = None
    calculated: Decimal | None = None
    reasons: str = ""
    legal_reference: str = ""
    # The kommunicering (FL 25 §) the line rests on (an ekb.notices.Communication id), and the
    # statement that a refusal or reduction does not rest on the activity requirement.
    communication_id: int | None = None
    not_activity_requirement: bool = False


def month_period(month: dt.date) -> tuple[dt.date, dt.date]:
    end = month_end(month)
    return month, end
