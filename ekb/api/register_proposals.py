"""Register facts through the staff API: list an application's register proposals, accept or
reject one. The same journey actions and access rules as the application page
(ekb.workspace.register_proposals): a proposal is visible exactly when its case is; only an
accepted proposal counts (issue 9: register data are proposals)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from ekb.api.auth import StaffToken
from ekb.api.errors import Problem, problem
from ekb.api.schemas import ObjectId
from ekb.applications.access import access_application_by_id
from ekb.audit.models import Channel
from ekb.decisions.access import access_register_proposal_by_id
from ekb.flow import journey

router = Router(auth=StaffToken(), tags=["case handling"])
API = Channel.API


class HouseholdLineOut(Schema):
    person_id: int | None = Field(description="Null: en rad i ansökan utan person (sökandens).")
    type: str
    amount: Decimal


class RegisterProposalOut(Schema):
    id: int
    application_id: int
    type: str = Field(description="Inkomsttypen i normmotorns ordlista, t.ex. salary.")
    person_id: int
    amount: Decimal = Field(description="Beloppet enligt registret (kr).")
    household: bool = Field(
        description=(
            "True: en förmån för hushållets barn (barnbidrag, underhållsstöd, bostadsbidrag) "
            "jämförd för hushållet som helhet. amount är då registrets summa för hushållet, "
            "person_id sökanden, och godtas uppgiften ersätter register_lines alla client_lines."
        )
    )
    register_lines: list[HouseholdLineOut] = Field(
        description="Registrets rader per person (bara för en hushållsuppgift)."
    )
    client_lines: list[HouseholdLineOut] = Field(
        description="Ansökans rader av samma slag, vems namn de än står på (hushållsuppgift)."
    )
    register_source: str = Field(description="Registrets kod, t.ex. skv eller fk.")
    source_text: str
    benefit: str
    period_month: str
    client_amount: Decimal | None = Field(
        description="Vad klienten uppgav för samma inkomst. Null: inte med i ansökan."
    )
    status: str = Field(description="pending (inte prövad), accepted eller rejected")
    status_text: str
    accepted_by_rule: bool
    decided_by: str | None
    decided_at: dt.datetime | None
    reason: str


class AcceptIn(Schema):
    reason: str = ""


class RejectIn(Schema):
    reason: str


def _client_amount(proposal) -> Decimal | None:
    """What the client stated: for a household benefit, the total of all the household's lines."""
    if proposal.is_household:
        client = proposal.household.get("client", [])
        return sum((Decimal(e["amount"]) for e in client), Decimal(0)) if client else None
    return proposal.client_line.amount if proposal.client_line else None


def _out(proposal) -> dict:
    return {
        "id": proposal.pk,
        "application_id": proposal.application_id,
        "type": proposal.type,
        "person_id": proposal.member_id,
        "amount": proposal.amount,
        "register_source": proposal.register_source,
        "source_text": str(proposal.source_label),
        "benefit": proposal.benefit,
        "period_month": f"{proposal.period_month:%Y-%m}",
        "client_amount": _client_amount(proposal),
        "household": proposal.is_household,
        "register_lines": [
            {"person_id": e["member"], "type": e["type"], "amount": Decimal(e["amount"])}
            for e in proposal.household.get("register", [])
        ],
        "client_lines": [
            {"person_id": e.get("member"), "type": e["type"], "amount": Decimal(e["amount"])}
            for e in proposal.household.get("client", [])
        ],
        "status": proposal.status,
        "status_text": str(proposal.get_status_display()),
        "accepted_by_rule": proposal.accepted_by_rule,
        "decided_by": proposal.decided_by.username if proposal.decided_by else None,
        "decided_at": proposal.decided_at,
        "reason": proposal.reason,
    }


@router.get("/applications/{application_id}/register-proposals", response=list[RegisterProposalOut])
def list_register_proposals(request, application_id: ObjectId):
    application = access_application_by_id(request.user, application_id, channel=API)
    proposals = application.register_proposals.select_related("client_line", "decided_by").order_by(
        "id"
    )
    return [_out(p) for p in proposals]


@router.post(
    "/register-proposals/{proposal_id}/accept",
    response={200: RegisterProposalOut, 422: Problem},
)
def accept_register_proposal(request, proposal_id: ObjectId, body: AcceptIn):
    proposal = access_register_proposal_by_id(request.user, proposal_id, channel=API)
    try:
        proposal = journey.accept_register_proposal(
            proposal, reason=body.reason, acting_user=request.user, channel=API
        )
    except ValidationError as error:
        return problem(error)
    return Status(200, _out(proposal))


@router.post(
    "/register-proposals/{proposal_id}/reject",
    response={200: RegisterProposalOut, 422: Problem},
)
def reject_register_proposal(request, proposal_id: ObjectId, body: RejectIn):
    proposal = access_register_proposal_by_id(request.user, proposal_id, channel=API)
    try:
        proposal = journey.reject_register_proposal(
            proposal, reason=body.reason, acting_user=request.user, channel=API
        )
    except ValidationError as error:
        return problem(error)
    return Status(200, _out(proposal))
