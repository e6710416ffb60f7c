"""The household through the API: list, add, correct and end members with a reason; the same
rules, events and access log as the case page (ekb.cases.household)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema
from ninja.responses import Status

from ekb.api.auth import StaffToken
from ekb.api.errors import Problem, problem
from ekb.api.schemas import ObjectId
from ekb.audit.models import Action, Channel
from ekb.cases.access import access_case_by_id
from ekb.cases.household import (
    do_add_household_member,
    do_edit_household_member,
    do_end_household_member,
    household_member_of,
)
from ekb.flow import journey
from ekb.people.models import HouseholdMember

router = Router(auth=StaffToken(), tags=["case handling"])
API = Channel.API


class MemberOut(Schema):
    id: int
    person_id: int
    role: str
    birth_date: dt.date
    valid_from: dt.date
    valid_to: dt.date | None = None
    days_per_month: int | None = None
    in_school: bool
    lunch_at_home: bool
    source: str
    registered_at_address: bool | None = None
    unregistered_reason: str = ""


class MemberIn(Schema):
    """Dates as ÅÅÅÅ-MM-DD strings, so that an impossible date gets a message naming the field
    instead of a type error."""

    identity_number: str
    first_name: str = ""
    last_name: str = ""
    role: str
    valid_from: str
    days_per_month: int | None = None
    in_school: bool = False
    lunch_at_home: bool = True
    unregistered_reason: str = ""
    reason: str


class MemberChangeIn(Schema):
    role: str | None = None
    valid_from: str | None = None
    days_per_month: int | None = None
    in_school: bool | None = None
    lunch_at_home: bool | None = None
    unregistered_reason: str | None = None
    reason: str


class MemberEndIn(Schema):
    valid_to: str
    reason: str


def _out(member: HouseholdMember) -> dict:
    return {
        "id": member.pk,
        "person_id": member.person_id,
        "role": member.role,
        "birth_date": member.person.birth_date,
        "valid_from": member.valid_from,
        "valid_to": member.valid_to,
        "days_per_month": member.days_per_month,
        "in_school": member.in_school,
        "lunch_at_home": member.lunch_at_home,
        "source": member.source,
        "registered_at_address": member.registered_at_address,
        "unregistered_reason": member.unregistered_reason,
    }


def _member(request, case_id, member_id, action=Action.CHANGE_CASE) -> tuple:
    case = access_case_by_id(request.user, case_id, action=action, channel=API)
    member = household_member_of(case, member_id)
    if member is None:
        raise Http404("Personen finns inte i hushållet.")
    return case, member


@router.get("/cases/{case_id}/household", response=list[MemberOut])
def list_members(request, case_id: ObjectId):
    """Every membership of the household, those that ended included (valid_to set)."""
    case = access_case_by_id(request.user, case_id, channel=API)
    members = case.household.members.select_related("person").order_by("valid_from", "id")
    return [_out(m) for m in members]


def _changed(request, case, change, status: int):
    """Run one household action; a refusal is the API's 422, a change recalculates the case's
    open applications (as the case page does) and returns the member."""
    try:
        member = change()
    except ValidationError as error:
        return problem(error)
    journey.recalculate_open_applications(case, acting_user=request.user, channel=API)
    return Status(status, _out(member))


@router.post("/cases/{case_id}/household", response={201: MemberOut, 422: Problem})
def add_member(request, case_id: ObjectId, body: MemberIn):
    case = access_case_by_id(request.user, case_id, action=Action.CHANGE_CASE, channel=API)
    values = body.dict(exclude={"reason"})
    return _changed(
        request,
        case,
        lambda: do_add_household_member(
            case, values, body.reason, acting_user=request.user, channel=API
        ),
        201,
    )


@router.get("/cases/{case_id}/household/{member_id}", response=MemberOut)
def member_detail(request, case_id: ObjectId, member_id: ObjectId):
    _case, member = _member(request, case_id, member_id, action=Action.OPEN_CASE)
    return _out(member)


@router.patch("/cases/{case_id}/household/{member_id}", response={200: MemberOut, 422: Problem})
def change_member(request, case_id: ObjectId, member_id: ObjectId, body: MemberChangeIn):
    case, member = _member(request, case_id, member_id)
    values = body.dict(exclude={"reason"}, exclude_unset=True)
    return _changed(
        request,
        case,
        lambda: do_edit_household_member(
            member, values, body.reason, acting_user=request.user, channel=API
        ),
        200,
    )


@router.post("/cases/{case_id}/household/{member_id}/end", response={200: MemberOut, 422: Problem})
def end_member(request, case_id: ObjectId, member_id: ObjectId, body: MemberEndIn):
    case, member = _member(request, case_id, member_id)
    return _changed(
        request,
        case,
        lambda: do_end_household_member(
            member, body.valid_to, body.reason, acting_user=request.user, channel=API
        ),
        200,
    )
