from __future__ import annotations

import datetime as dt

from ninja import Schema


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
