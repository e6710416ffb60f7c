"""Each party's notification of a decision through the staff API: the same action and access
rules as the caseworker's decision page (ekb.workspace.notification). The appeal time runs for
each party from the day that party was notified (förvaltningslagen 44 §)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from ekb.api.auth import StaffToken
from ekb.api.errors import Problem, problem
from ekb.api.schemas import ObjectId
from ekb.audit.models import Channel
from ekb.decisions.access import access_decision_by_id
from ekb.notices.appeals import party_notifications
from ekb.notices.notification import do_record_notification

router = Router(auth=StaffToken(), tags=["case handling"])
API = Channel.API


class NotificationOut(Schema):
    how: str = Field(description="eservice, posted_letter eller oral")
    how_text: str
    notified_on: dt.date = Field(description="Dagen personen räknas ha fått del av beslutet.")
    notified_at: dt.datetime | None = None
    posted_on: dt.date | None = None


class PartyOut(Schema):
    person_id: int
    name: str
    notified_on: dt.date | None = Field(
        description="Den tidigaste dagen personen fick del av beslutet. Null: inte än."
    )
    appeal_deadline: dt.date | None = Field(
        description=(
            "Personens sista dag att överklaga: tre veckor från notified_on, flyttad till nästa "
            "vardag (lag 1930:173). Null: tiden har inte börjat för personen."
        )
    )
    notifications: list[NotificationOut]


class NotificationIn(Schema):
    person_id: int
    how: str = Field(description="posted_letter (brev med förenklad delgivning) eller oral")
    on: dt.date = Field(
        description="Dagen brevet skickades, eller dagen för det muntliga beskedet."
    )
    told_how_to_appeal: bool = Field(
        False,
        description="Vid muntligt besked: personen fick hela beslutet och besked om hur man "
        "överklagar (förvaltningslagen 33 §).",
    )


def _parties(decision) -> list[dict]:
    return [
        {
            "person_id": party["person"].pk,
            "name": party["person"].full_name,
            "notified_on": party["notified_on"],
            "appeal_deadline": party["deadline"],
            "notifications": [
                {
                    "how": n.how,
                    "how_text": str(n.get_how_display()),
                    "notified_on": n.notified_on,
                    "notified_at": n.notified_at,
                    "posted_on": n.posted_on,
                }
                for n in party["notifications"]
            ],
        }
        for party in party_notifications(decision)
    ]


@router.get("/decisions/{decision_id}/notifications", response=list[PartyOut])
def list_notifications(request, decision_id: ObjectId):
    decision = access_decision_by_id(request.user, decision_id, channel=API)
    return _parties(decision)


@router.post("/decisions/{decision_id}/notifications", response={201: list[PartyOut], 422: Problem})
def record_notification(request, decision_id: ObjectId, body: NotificationIn):
    decision = access_decision_by_id(request.user, decision_id, channel=API)
    try:
        do_record_notification(
            decision,
            body.person_id,
            body.how,
            body.on,
            told_how_to_appeal=body.told_how_to_appeal,
            acting_user=request.user,
            channel=API,
        )
    except ValidationError as error:
        return problem(error)
    return Status(201, _parties(decision))
