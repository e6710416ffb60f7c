"""Appeals through the API (förvaltningslagen 38–39 and 44–46 §§): the same steps as the
caseworker's appeal page (ekb.workspace.appeals), the same access rules and logging."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Field, Router, Schema
from ninja.responses import Status

from ekb.api.auth import StaffToken
from ekb.api.errors import Problem, problem
from ekb.api.handling import DecisionLineIn, DecisionOut, decision_out
from ekb.api.schemas import ObjectId
from ekb.audit.models import Action, Channel
from ekb.decisions.lines import LineInput
from ekb.flow.appeals import dismiss_appeal, reconsider_appeal
from ekb.notices.access import access_appeal_by_id, access_court_bundle
from ekb.notices.appeal_reads import appeal_overview
from ekb.notices.appeals import do_forward_appeal, do_record_timeliness

router = Router(auth=StaffToken(), tags=["appeals"])
API = Channel.API


class StaffAppealOut(Schema):
    id: int
    case_id: int
    decision_id: int
    status: str
    status_text: str
    text: str
    received_on: dt.date
    notified_on: dt.date | None
    deadline: dt.date | None
    proposed_timeliness: str = Field(description="What the dates said: in_time or late.")
    timeliness: str = Field(description="The caseworker's rättidsprövning; empty until made.")
    timeliness_by: str | None
    timeliness_at: dt.datetime | None
    step: str = Field(description="timeliness, late, reconsider, forward or done.")
    due_on: dt.date = Field(description="With förvaltningsrätten by this day (FL 46 §).")
    overdue: bool
    dismissal_decision_id: int | None
    reconsideration_decision_id: int | None
    reconsidered_fully: bool | None
    court_bundle_url: str | None


def appeal_out(appeal) -> dict:
    o = appeal_overview(appeal)
    return {
        "id": appeal.pk,
        "case_id": appeal.case_id,
        "decision_id": appeal.decision_id,
        "status": appeal.status,
        "status_text": str(appeal.get_status_display()),
        "text": appeal.text,
        "received_on": o.received_on,
        "notified_on": o.notified_on,
        "deadline": o.deadline,
        "proposed_timeliness": o.proposed,
        "timeliness": appeal.timeliness,
        "timeliness_by": appeal.timeliness_by.username if appeal.timeliness_by else None,
        "timeliness_at": appeal.timeliness_at,
        "step": o.step,
        "due_on": o.due_on,
        "overdue": o.overdue,
        "dismissal_decision_id": appeal.dismissal_id,
        "reconsideration_decision_id": appeal.reconsideration_id,
        "reconsidered_fully": appeal.reconsidered_fully,
        "court_bundle_url": f"/api/v1/appeals/{appeal.pk}/court-bundle.pdf" if o.bundle else None,
    }


def _appeal(request, appeal_id, action=Action.CHANGE_CASE):
    return access_appeal_by_id(request.user, appeal_id, action=action, channel=API)


@router.get("/appeals/{appeal_id}", response=StaffAppealOut)
def appeal_detail(request, appeal_id: ObjectId):
    return appeal_out(_appeal(request, appeal_id, Action.OPEN_CASE))


class TimelinessIn(Schema):
    timeliness: str = Field(description="in_time or late (rättidsprövning, FL 45 §).")


@router.post("/appeals/{appeal_id}/timeliness", response={200: StaffAppealOut, 422: Problem})
def timeliness(request, appeal_id: ObjectId, body: TimelinessIn):
    appeal = _appeal(request, appeal_id)
    try:
        appeal = do_record_timeliness(
            appeal, body.timeliness, acting_user=request.user, channel=API
        )
    except ValidationError as error:
        return problem(error)
    return appeal_out(appeal)


@router.post("/appeals/{appeal_id}/dismiss", response={200: DecisionOut, 422: Problem})
def dismiss(request, appeal_id: ObjectId):
    """A late appeal is dismissed by a decision with its own letter (FL 45 §)."""
    appeal = _appeal(request, appeal_id)
    try:
        appeal = dismiss_appeal(appeal, acting_user=request.user, channel=API)
    except ValidationError as error:
        return problem(error)
    return decision_out(appeal.dismissal)


class ReconsiderIn(Schema):
    lines: list[DecisionLineIn]
    fully_as_asked: bool = Field(
        description="Changed fully as the client asked: the appeal lapses (FL 38–39 §§)."
    )
    children_consideration: str = ""


@router.post("/appeals/{appeal_id}/reconsider", response={201: DecisionOut, 422: Problem})
def reconsider(request, appeal_id: ObjectId, body: ReconsiderIn):
    """Omprövning: a new decision on the same application that changes the appealed one."""
    appeal = _appeal(request, appeal_id)
    lines = [LineInput(**line.dict()) for line in body.lines]
    try:
        decision = reconsider_appeal(
            appeal,
            lines,
            fully_as_asked=body.fully_as_asked,
            acting_user=request.user,
            children_consideration=body.children_consideration,
            channel=API,
        )
    except ValidationError as error:
        return problem(error)
    return Status(201, decision_out(decision))


class ForwardIn(Schema):
    opinion: str = Field(description="The municipality's opinion (yttrande) to the court.")
    confirm: bool = Field(description="Must be true: the bundle is made and sent once.")


@router.post("/appeals/{appeal_id}/forward", response={200: StaffAppealOut, 422: Problem})
def forward(request, appeal_id: ObjectId, body: ForwardIn):
    """Send the appeal to förvaltningsrätten as one PDF bundle (FL 46 §)."""
    appeal = _appeal(request, appeal_id)
    if not body.confirm:
        return problem(
            ValidationError({"confirm": "Bekräfta att överklagandet ska skickas (confirm: true)."})
        )
    try:
        appeal = do_forward_appeal(appeal, body.opinion, acting_user=request.user, channel=API)
    except ValidationError as error:
        return problem(error)
    return appeal_out(appeal)


@router.get("/appeals/{appeal_id}/court-bundle.pdf")
def court_bundle(request, appeal_id: ObjectId):
    bundle = access_court_bundle(request.user, appeal_id, channel=API)
    return HttpResponse(bytes(bundle.pdf), content_type="application/pdf")
