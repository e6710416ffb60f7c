"""The JSON API (django-ninja, OpenAPI at /api/v1/openapi.json). Thin: parse, authorize, act."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import Status

from ekb.accounts.tokens import issue_token
from ekb.api.appeals import router as appeals_router
from ekb.api.auth import ClientToken, StaffToken
from ekb.api.errors import Problem, problem
from ekb.api.eservice import NOT_FOUND as CLIENT_NOT_FOUND
from ekb.api.eservice import router as eservice_router
from ekb.api.handling import router as handling_router
from ekb.api.household import router as household_router
from ekb.api.notification import router as notification_router
from ekb.api.payments import router as payments_router
from ekb.api.register_proposals import router as register_proposals_router
from ekb.api.schemas import (
    CaseSummary,
    ClientCaseOut,
    DemoEidIn,
    Error,
    ObjectId,
    TokenIn,
    TokenOut,
)
from ekb.api.support_history import router as support_history_router
from ekb.applications.choices import ApplicationStatus
from ekb.applications.drafts import demo_co_applicant_ids
from ekb.audit.log import record
from ekb.audit.models import Action, Channel, Outcome
from ekb.cases.access import access_case_by_id, access_own_case
from ekb.cases.search import search_cases
from ekb.integrations.eid import DemoEid, EidUnavailable, demo_eid_enabled
from ekb.people.access import person_by_identity_number
from ekb.people.identity_number import InvalidIdentityNumber, parse_identity_number

FORM_ERROR = "Uppgiften saknas eller har fel form."

api = NinjaAPI(title="EKB API", version="1", urls_namespace="api")
api.add_router("/", handling_router)
api.add_router("/", appeals_router)
api.add_router("/", support_history_router)
api.add_router("/", household_router)
api.add_router("/", eservice_router)
api.add_router("/", notification_router)
api.add_router("/", register_proposals_router)
api.add_router("/", payments_router)


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    return api.create_response(
        request, {"detail": "Logga in först: skicka en giltig API-nyckel."}, status=401
    )


def _field_path(loc) -> str:
    """("body", "body", "lines", 0, "amount") -> "lines[0].amount", as the 422 problems write
    field paths elsewhere (e.g. costs[0].amount)."""
    parts = list(loc)[1:]
    if len(parts) > 1 and parts[0] == "body":  # the body parameter's own name
        parts = parts[1:]
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path or "body"


@api.exception_handler(NinjaValidationError)
def invalid_request(request, exc):
    if any(error.get("loc", [""])[0] == "path" for error in exc.errors):
        # An id that cannot exist (not a number, or beyond the key column): the same answer as
        # a missing object, before the body is looked at.
        if getattr(request, "client_person_id", None) is not None:
            return api.create_response(request, {"detail": CLIENT_NOT_FOUND}, status=404)
        return api.on_exception(request, Http404())
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        # An amount (ekb.lib.money) says in Swedish what is wrong; anything else has one message.
        message = error["msg"] if error.get("type") == "amount" else FORM_ERROR
        errors.setdefault(_field_path(error.get("loc", [])), []).append(message)
    return api.create_response(
        request, {"detail": "Begäran kunde inte läsas.", "errors": errors}, status=422
    )


@api.post("/auth/token", response={200: TokenOut, 401: Error}, auth=None, tags=["auth"])
def staff_token(request, body: TokenIn):
    user = authenticate(request, username=body.username, password=body.password)
    if user is None:
        locked = getattr(request, "ekb_login_outcome", "") == "locked"
        record(
            action=Action.STAFF_LOCKED_OUT if locked else Action.STAFF_LOGIN_FAILED,
            outcome=Outcome.DENIED,
            channel=Channel.API,
        )
        detail = "Kontot är tillfälligt låst." if locked else "Fel användarnamn eller lösenord."
        return Status(401, {"detail": detail})
    raw, token = issue_token(user=user)
    record(action=Action.CREATE_API_TOKEN, user=user, channel=Channel.API)
    return Status(200, {"token": raw, "expires_at": token.expires_at})


@api.post(
    "/auth/demo-eid", response={200: TokenOut, 400: Error, 404: Error}, auth=None, tags=["auth"]
)
def demo_eid_token(request, body: DemoEidIn):
    if not demo_eid_enabled():
        raise Http404
    try:
        number = parse_identity_number(body.personnummer).number
    except InvalidIdentityNumber as exc:
        return Status(400, {"detail": str(exc.message)})
    try:
        DemoEid().verify(number, also=demo_co_applicant_ids())
    except EidUnavailable:
        return Status(404, {"detail": "Ingen demoperson med det personnumret."})
    person = person_by_identity_number(number)
    raw, token = issue_token(person_id=person.pk)
    record(
        action=Action.CLIENT_LOGIN,
        client_person_id=person.pk,
        person_id=person.pk,
        channel=Channel.API,
    )
    return Status(200, {"token": raw, "expires_at": token.expires_at})


class CaseSearchIn(Schema):
    q: str


class CaseHitOut(Schema):
    id: int
    number: str
    applicant: str
    unit: str
    assigned_caseworker: str | None
    open: bool
    protected_identity: bool


class CaseSearchOut(Schema):
    searched_for: str
    hits: list[CaseHitOut]
    more: bool


# Before /cases/{case_id}: Django takes the first pattern that matches the path.
@api.post(
    "/cases/search",
    response={200: CaseSearchOut, 422: Problem},
    auth=StaffToken(),
    tags=["cases"],
    summary="Sök ärende",
    description="Personnummer, samordningsnummer, namn eller ärendenummer, bland de ärenden du har "
    "behörighet till. Skickas i kroppen, aldrig i adressen; sökningen loggas.",
)
def search(request, body: CaseSearchIn):
    try:
        found = search_cases(request.user, body.q, channel=Channel.API)
    except ValidationError as error:
        return problem(error)
    return Status(
        200,
        {
            "searched_for": found.kind,
            "more": found.more,
            "hits": [
                {
                    "id": hit.case.pk,
                    "number": hit.case.number,
                    "applicant": hit.applicant_name,
                    "unit": hit.case.unit.name,
                    "assigned_caseworker": hit.case.assigned_caseworker.display_name
                    if hit.case.assigned_caseworker
                    else None,
                    "open": hit.case.closed_on is None,
                    "protected_identity": hit.case.is_protected,
                }
                for hit in found.hits
            ],
        },
    )


@api.get(
    "/cases/{case_id}", response={200: CaseSummary, 404: Error}, auth=StaffToken(), tags=["cases"]
)
def case_summary(request, case_id: ObjectId):
    case = access_case_by_id(request.user, case_id, channel=Channel.API)
    members = (
        case.household.members.filter(valid_to__isnull=True)
        .select_related("person")
        .order_by("role", "person__birth_date")
    )
    return Status(
        200,
        {
            "id": case.pk,
            "number": case.number,
            "unit": case.unit.name,
            "assigned_caseworker": case.assigned_caseworker.display_name
            if case.assigned_caseworker
            else None,
            "opened_on": case.opened_on,
            "closed_on": case.closed_on,
            "closure_reason": case.closure_reason,
            "protected_identity": case.is_protected,
            "members": [
                {
                    "person_id": m.person_id,
                    "name": m.person.full_name,
                    "role": m.role,
                    "birth_date": m.person.birth_date,
                    "days_per_month": m.days_per_month,
                }
                for m in members
            ],
            "open_applications": case.applications.filter(
                status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROGRESS]
            ).count(),
        },
    )


@api.get(
    "/me/case", response={200: ClientCaseOut, 404: Error}, auth=ClientToken(), tags=["e-service"]
)
def my_case(request):
    case = access_own_case(request.client_person_id, channel=Channel.API)
    if case is None:
        raise HttpError(404, "Du har inget ärende.")
    worker = case.assigned_caseworker
    return Status(
        200,
        {
            "id": case.pk,
            "number": case.number,
            "caseworker": worker.display_name if worker else None,
            "caseworker_phone": worker.phone if worker else None,
            "open": case.closed_on is None,
        },
    )
