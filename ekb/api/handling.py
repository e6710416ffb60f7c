"""Case handling through the API: the same actions as the workspace, the same access rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils import translation
from ninja import Router, Schema
from ninja.responses import Status

from ekb.api.auth import StaffToken
from ekb.api.errors import SUMMARY, Problem, problem, problem_errors, problem_message
from ekb.api.schemas import Amount, ObjectId
from ekb.applications.access import access_application_by_id, access_line_by_id
from ekb.applications.actions import MonthAlreadyApplied
from ekb.applications.supplements import do_request_supplement
from ekb.audit.models import Channel
from ekb.cases.access import access_case_by_id
from ekb.decisions.access import access_decision_by_id, access_warning_by_id
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.four_eyes import do_send_back_decision
from ekb.decisions.lines import LineInput
from ekb.decisions.proposal import propose_lines
from ekb.decisions.warning_words import warning_text
from ekb.decisions.warnings import WarningStateError, do_acknowledge_warning
from ekb.flow import journey
from ekb.flow.inbox import SORTS, inbox_for, inbox_rows

router = Router(auth=StaffToken(), tags=["case handling"])
API = Channel.API


class InboxItem(Schema):
    kind: str
    id: int
    case_id: int
    case_number: str
    text: str
    client: str
    month: str | None
    received_on: dt.date
    days_waiting: int
    overdue: bool
    past_due: bool = False  # past the municipality's own due date (applications.due_dates)
    # An appeal: the day it should be with förvaltningsrätten (FL 46 §); None for other rows.
    due_on: dt.date | None = None
    # Past due and the client told (a delay notice): the new date she was given, and whether
    # that date has passed too. The past_due mark stays: the application is still late.
    promised_on: dt.date | None = None
    past_promise: bool = False
    covering_for: str = ""  # the absent colleague whose item it is, when you cover for her


def _inbox_text(row) -> str:
    item = row.item
    return {
        "new_applications": lambda: f"{item.month:%Y-%m}",
        "renewals": lambda: f"{item.month:%Y-%m}",
        "warnings": lambda: item.message,
        "answered_supplements": lambda: item.what,
        "waiting_decisions": lambda: item.status,
        "sent_back_decisions": lambda: item.sent_back_comment,
        "appeals": lambda: "in_time" if item.in_time else "late",
        "client_messages": lambda: "",
        "tasks": lambda: item.kind,
    }[row.kind]()


@router.get("/inbox", response=list[InboxItem])
def inbox(request, sort: str = "received"):
    """What waits, oldest first (or by kind, client or month): the same rows as the web inbox."""
    box = inbox_for(request.user, channel=API)
    return [
        {
            "kind": row.kind,
            "id": row.item.pk,
            "case_id": row.case.pk,
            "case_number": row.case.number,
            "text": _inbox_text(row),
            "client": row.client,
            "month": f"{row.month:%Y-%m}" if row.month else None,
            "received_on": row.received_on,
            "days_waiting": row.days_waiting,
            "overdue": row.overdue,
            "past_due": row.past_due,
            "due_on": row.due_on,
            "promised_on": row.promised_on,
            "past_promise": row.past_promise,
            "covering_for": row.covering_for,
        }
        for row in inbox_rows(box, sort=sort if sort in SORTS else "received", reader=request.user)
    ]


class LineOut(Schema):
    id: int
    kind: str
    type: str
    member_id: int | None
    amount: Decimal | None
    source: str
    overridden: bool
    overrides_id: int | None
    override_reason: str


class WarningOut(Schema):
    id: int
    rule: str
    message: str  # Swedish: the record, the words a caseworker acknowledged
    message_en: str  # the same in English (the Swedish record for a warning stored without words)
    status: str
    comment: str

    @staticmethod
    def resolve_message_en(warning) -> str:
        with translation.override("en"):
            return warning_text(warning)


class ProposedLine(Schema):
    purpose: str
    outcome: str
    amount: Decimal
    amount_applied: Decimal | None
    calculated: Decimal | None
    reasons: str


class ApplicationOut(Schema):
    id: int
    case_id: int
    month: dt.date
    kind: str
    status: str
    lines: list[LineOut]
    calculation: dict | None
    warnings: list[WarningOut]
    proposed_decision: list[ProposedLine]


@router.get("/applications/{application_id}", response=ApplicationOut)
def application_detail(request, application_id: ObjectId):
    application = access_application_by_id(request.user, application_id, channel=API)
    snapshot = latest_calculation(application)
    return {
        "id": application.pk,
        "case_id": application.case_id,
        "month": application.month,
        "kind": application.kind,
        "status": application.status,
        "lines": list(application.lines.order_by("id")),
        "calculation": snapshot.result if snapshot else None,
        "warnings": list(application.warnings.order_by("id")),
        "proposed_decision": [line.__dict__ for line in propose_lines(application, snapshot)]
        if snapshot
        else [],
    }


class CommentIn(Schema):
    comment: str


@router.post("/warnings/{warning_id}/acknowledge", response={200: WarningOut, 422: Problem})
def acknowledge(request, warning_id: ObjectId, body: CommentIn):
    warning = access_warning_by_id(request.user, warning_id, channel=API)
    try:
        do_acknowledge_warning(warning, comment=body.comment, acting_user=request.user, channel=API)
    except WarningStateError as error:
        return problem_message(str(error))
    warning.refresh_from_db()
    return warning


class OverrideIn(Schema):
    amount: Amount
    reason: str


@router.post("/application-lines/{line_id}/override", response={200: LineOut, 422: Problem})
def override(request, line_id: ObjectId, body: OverrideIn):
    line = access_line_by_id(request.user, line_id, channel=API)
    try:
        return journey.override_line(
            line, body.amount, body.reason, acting_user=request.user, channel=API
        )
    except ValidationError as error:
        return problem(error)


class DecisionLineIn(Schema):
    purpose: str
    outcome: str
    amount: Amount
    amount_applied: Amount | None = None
    calculated: Amount | None = None
    reasons: str = ""


class DecisionIn(Schema):
    lines: list[DecisionLineIn]
    made_orally: bool = False
    # How the children's situation was considered: required for a refusal or reduction in a
    # household with children (barnets bästa; SOSFS 2014:5).
    children_consideration: str = ""
    # A comment for each warning still open (warning id -> comment): the decision acknowledges
    # them in the same step and is refused while one lacks a comment.
    acknowledgements: dict[int, str] = {}


class DecisionLineOut(Schema):
    purpose: str
    outcome: str
    amount_applied: Decimal | None
    amount: Decimal
    reasons: str
    legal_reference: str
    # What the caseworker proposed, when the decider changed the line (four eyes).
    proposed_outcome: str
    proposed_amount: Decimal | None
    # A purpose the decider added when changing the proposal (four eyes).
    added_by_decider: bool = False


class DecisionOut(Schema):
    id: int
    case_id: int
    status: str
    decided_by: str | None
    delegation_reference: str
    automated: bool
    made_orally: bool
    lines: list[DecisionLineOut]
    letter_url: str | None
    # Four eyes (issue 11): why the decider sent it back, and why they changed it.
    sent_back_comment: str
    sent_back_by: str | None
    change_reasons: str
    changed_by: str | None


def decision_out(decision) -> dict:
    return {
        "id": decision.pk,
        "case_id": decision.case_id,
        "status": decision.status,
        "decided_by": decision.decided_by.username if decision.decided_by else None,
        "delegation_reference": decision.delegation_reference,
        "automated": decision.automated,
        "made_orally": decision.made_orally,
        "lines": list(decision.lines.all()),
        "letter_url": f"/api/v1/decisions/{decision.pk}/letter.pdf"
        if hasattr(decision, "letter")
        else None,
        "sent_back_comment": decision.sent_back_comment,
        "sent_back_by": decision.sent_back_by.username if decision.sent_back_by else None,
        "change_reasons": decision.change_reasons,
        "changed_by": decision.changed_by.username if decision.changed_by else None,
    }


@router.post("/applications/{application_id}/decision", response={201: DecisionOut, 422: Problem})
def decide(request, application_id: ObjectId, body: DecisionIn):
    application = access_application_by_id(request.user, application_id, channel=API)
    lines = [LineInput(**line.dict()) for line in body.lines]
    try:
        decision = journey.decide_application(
            application,
            lines,
            acting_user=request.user,
            made_orally=body.made_orally,
            children_consideration=body.children_consideration,
            acknowledgements=body.acknowledgements,
            channel=API,
        )
    except ValidationError as error:
        return problem(error)
    return Status(201, decision_out(decision))


@router.get("/decisions/{decision_id}", response=DecisionOut)
def decision_detail(request, decision_id: ObjectId):
    return decision_out(access_decision_by_id(request.user, decision_id, channel=API))


@router.post("/decisions/{decision_id}/approve", response={200: DecisionOut, 422: Problem})
def approve(request, decision_id: ObjectId):
    decision = access_decision_by_id(request.user, decision_id, channel=API)
    try:
        decision = journey.approve_decision(decision, acting_user=request.user, channel=API)
    except ValidationError as error:
        return problem(error)
    return decision_out(decision)


class SendBackIn(Schema):
    comment: str


@router.post("/decisions/{decision_id}/send-back", response={200: DecisionOut, 422: Problem})
def send_back(request, decision_id: ObjectId, body: SendBackIn):
    """Four eyes: the decider sends the proposal back to the caseworker with a comment; the
    caseworker proposes again with POST /applications/{id}/decision."""
    decision = access_decision_by_id(request.user, decision_id, channel=API)
    try:
        decision = do_send_back_decision(
            decision, comment=body.comment, acting_user=request.user, channel=API
        )
    except ValidationError as error:
        return problem(error)
    return decision_out(decision)


class ChangedLineIn(Schema):
    purpose: str
    outcome: str
    amount: Amount
    reasons: str = ""


class ChangeIn(Schema):
    lines: list[ChangedLineIn]
    change_reasons: str
    children_consideration: str | None = None


@router.post("/decisions/{decision_id}/change", response={200: DecisionOut, 422: Problem})
def change(request, decision_id: ObjectId, body: ChangeIn):
    """Four eyes: the decider changes the proposal's lines, with reasons for the change, and
    decides; every purpose of the proposal once, and any purpose the decider adds (reasons
    required for one not applied for, förvaltningslagen 32 §)."""
    decision = access_decision_by_id(request.user, decision_id, channel=API)
    lines = [LineInput(**line.dict()) for line in body.lines]
    try:
        decision = journey.change_decision(
            decision,
            lines,
            change_reasons=body.change_reasons,
            children_consideration=body.children_consideration,
            acting_user=request.user,
            channel=API,
        )
    except ValidationError as error:
        return problem(error)
    return decision_out(decision)


@router.get("/decisions/{decision_id}/letter.pdf")
def letter(request, decision_id: ObjectId):
    decision = access_decision_by_id(request.user, decision_id, channel=API)
    if not hasattr(decision, "letter"):
        raise Http404
    return HttpResponse(bytes(decision.letter.pdf), content_type="application/pdf")


class SupplementIn(Schema):
    what: str
    why: str
    due_date: dt.date


class SupplementOut(Schema):
    id: int
    what: str
    due_date: dt.date
    status: str


@router.post(
    "/applications/{application_id}/supplement-requests",
    response={201: SupplementOut, 422: Problem},
)
def supplement(request, application_id: ObjectId, body: SupplementIn):
    application = access_application_by_id(request.user, application_id, channel=API)
    try:
        created = do_request_supplement(
            application.case,
            application=application,
            acting_user=request.user,
            channel=API,
            **body.dict(),
        )
    except ValidationError as error:
        return problem(error)
    return Status(201, created)


class RegisterApplicationIn(Schema):
    month: dt.date  # the first day of the month applied for
    submitted_via: str  # "phone", "meeting" or "paper"
    received_on: dt.date
    note: str = ""
    from_last_month: bool = False


class RegisteredApplicationOut(Schema):
    id: int
    case_id: int
    month: dt.date
    kind: str
    status: str
    submitted_via: str
    received_on: dt.date


@router.post(
    "/cases/{case_id}/applications",
    response={201: RegisteredApplicationOut, 409: Problem, 422: Problem},
)
def register_application(request, case_id: ObjectId, body: RegisterApplicationIn):
    """An application the client made by phone, at a visit or on paper (an oral request is an
    application), registered by a caseworker with the channel recorded."""
    case = access_case_by_id(request.user, case_id, channel=API)
    try:
        application = journey.register_application(
            case,
            month=body.month,
            submitted_via=body.submitted_via,
            received_on=body.received_on,
            note=body.note,
            from_last_month=body.from_last_month,
            acting_user=request.user,
            channel=API,
        )
    except MonthAlreadyApplied as error:  # the household already applied for the month
        return Status(409, {"detail": SUMMARY, "errors": problem_errors(error)})
    except ValidationError as error:
        return problem(error)
    return Status(
        201,
        {
            "id": application.pk,
            "case_id": application.case_id,
            "month": application.month,
            "kind": application.kind,
            "status": application.status,
            "submitted_via": application.channel,
            "received_on": body.received_on,
        },
    )
