from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Path, Schema
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from ekb.lib.ids import MAX_ID
from ekb.lib.money import AmountError, parse_amount


def _amount(value):
    """An amount in the API, read by the same rule as a typed one (ekb.lib.money)."""
    try:
        return parse_amount(value)
    except AmountError as error:
        # The type "amount" tells the API's 422 handler to show the Swedish message as it is.
        raise PydanticCustomError("amount", error.message) from None


# An id in a path: a number the database's key column can hold. Anything else is answered like
# a missing object (404; see ekb.api.views.invalid_request), never an overflow in the query.
ObjectId = Path[int, {"ge": 1, "le": MAX_ID}]

AMOUNT_HELP = 'Kronor, högst två decimaler: en sträng som "7200" eller "7200.50", eller ett tal.'
Amount = Annotated[
    Decimal,
    BeforeValidator(_amount),
    Field(allow_inf_nan=False, max_digits=12, decimal_places=2, description=AMOUNT_HELP),
]


class TokenIn(Schema):
    username: str
    password: str


class DemoEidIn(Schema):
    personnummer: str


class TokenOut(Schema):
    token: str
    token_type: str = "bearer"  # noqa: S105 - the scheme name, not a secret
    expires_at: dt.datetime


class Error(Schema):
    detail: str


class MemberOut(Schema):
    person_id: int
    name: str
    role: str
    birth_date: dt.date
    days_per_month: int | None


class CaseSummary(Schema):
    id: int
    number: str
    unit: str
    assigned_caseworker: str | None
    opened_on: dt.date
    closed_on: dt.date | None
    closure_reason: str
    protected_identity: bool
    members: list[MemberOut]
    open_applications: int


class ClientCaseOut(Schema):
    id: int
    number: str
    caseworker: str | None
    caseworker_phone: str | None
    open: bool
