"""Earlier months of försörjningsstöd (an earlier municipality, a case before EKB) through the
API: the same actions and access rules as the case page (ekb.decisions.support_history). A month is
a person's (jobbstimulans is per person): ``person_id`` names the applicant or a co-applicant of
the case's household; without it the month is the applicant's."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema
from ninja.responses import Status

from ekb.api.auth import StaffToken
from ekb.api.handling import Problem, problem
from ekb.api.schemas import ObjectId
from ekb.audit.models import Channel
from ekb.cases.access import access_case_by_id
from ekb.decisions.support_history import (
    do_record_earlier_support,
    do_remove_earlier_support,
    earlier_support,
    parse_month,
)
from ekb.people.access import person_by_id

router = Router(auth=StaffToken(), tags=["case handling"])
API = Channel.API
MONTH_FORMAT_ERROR = "Ange månaden som ÅÅÅÅ-MM, till exempel 2026-03."
PERSON_ERROR = "Välj sökande eller medsökande i hushållet."


class EarlierSupportOut(Schema):
    id: int
    # Whose month it is; null only for a month recorded for the household before months were
    # per person (it counts for the household's adults in that month).
    person_id: int | None = None
    person_name: str = ""
    month: str
    source: str
    recorded_by: str
    recorded_at: dt.datetime
    removed: bool
    removed_at: dt.datetime | None = None
    removal_reason: str = ""


class EarlierSupportIn(Schema):
    month: str  # "YYYY-MM"
    source: str
    person_id: int | None = None  # the applicant or a co-applicant; absent: the applicant


class RemovalIn(Schema):
    reason: str


def _out(fact) -> dict:
    return {
        "id": fact.pk,
        "person_id": fact.person_id,
        "person_name": fact.person.full_name if fact.person_id else "",
        "month": f"{fact.month:%Y-%m}",
        "source": fact.source,
        "recorded_by": fact.recorded_by.username,
        "recorded_at": fact.recorded_at,
        "removed": fact.removed_at is not None,
        "removed_at": fact.removed_at,
        "removal_reason": fact.removal_reason,
    }


@router.get("/cases/{case_id}/earlier-support", response=list[EarlierSupportOut])
def list_earlier_support(request, case_id: ObjectId):
    case = access_case_by_id(request.user, case_id, channel=API)
    return [_out(fact) for fact in earlier_support(case)]


@router.post("/cases/{case_id}/earlier-support", response={201: EarlierSupportOut, 422: Problem})
def record_earlier_support(request, case_id: ObjectId, body: EarlierSupportIn):
    case = access_case_by_id(request.user, case_id, channel=API)
    month = parse_month(body.month)
    person = None
    errors = {}
    if month is None:
        errors["month"] = [MONTH_FORMAT_ERROR]
    if body.person_id is not None:
        # An id the key column cannot hold is no person, never an overflow in the query.
        person = person_by_id(body.person_id)
        if person is None:
            errors["person_id"] = [PERSON_ERROR]
    if errors:
        return Status(422, {"detail": "Uppgifterna behöver rättas.", "errors": errors})
    try:
        fact = do_record_earlier_support(
            case,
            month=month,
            source=body.source,
            person=person,
            acting_user=request.user,
            channel=API,
        )
    except ValidationError as error:
        return problem(error)
    return Status(201, _out(fact))


@router.post(
    "/cases/{case_id}/earlier-support/{fact_id}/remove",
    response={200: EarlierSupportOut, 422: Problem},
)
def remove_earlier_support(request, case_id: ObjectId, fact_id: ObjectId, body: RemovalIn):
    case = access_case_by_id(request.user, case_id, channel=API)
    fact = case.earlier_support.filter(pk=fact_id).first()
    if fact is None:
        raise Http404
    try:
        fact = do_remove_earlier_support(
            fact, reason=body.reason, acting_user=request.user, channel=API
        )
    except ValidationError as error:
        return problem(error)
    return _out(fact)
