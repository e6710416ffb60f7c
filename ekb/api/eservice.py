"""The client's API: apply, follow the case, answer supplement requests, read decisions, appeal and
write to the caseworker. Client tokens only (`POST /auth/demo-eid` in demo mode, the e-ID otherwise).

Thin, like the staff API: parse, authorize, call the client's actions in ekb.cases. An object that
is missing and one that is not the client's answer alike (404, logged as denied); every read is in
the access log. The documents follow the published contracts: schemas/application.v1.json and
schemas/case-events.v1.json.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from ninja import File, Form, Header, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from ekb.api.auth import ClientToken
from ekb.api.schemas import AMOUNT_HELP, ObjectId
from ekb.applications.attachments import MAX_FILES, do_upload_attachments
from ekb.applications.choices import ApplicationStatus, DraftStatus, SupplementStatus
from ekb.applications.cost_types import OTHER_NEEDS
from ekb.applications.drafts import (
    default_month,
    do_set_draft_co_applicant,
    do_start_draft,
    household_answers,
    months_open,
    open_case_for,
    renewal_prefill,
    submitted_draft_for,
)
from ekb.applications.models import Application, ApplicationDraft, SupplementRequest
from ekb.audit.models import Channel
from ekb.cases.access import access_own_case
from ekb.cases.household import household_from_contract
from ekb.cases.messages import do_send_message
from ekb.cases.models import Case
from ekb.cases.status import fold
from ekb.decisions.models import Decision
from ekb.flow import journey
from ekb.lib.money import NOT_A_NUMBER
from ekb.notices.appeal_reads import appeal_attachments
from ekb.notices.appeals import (
    appeal_already_sent,
    appeal_deadline,
    do_submit_appeal,
    notified_on,
)
from ekb.notices.choices import AppealStatus
from ekb.notices.client_access import (
    access_own_decision,
    access_own_draft,
    access_own_supplement_request,
    drafts_to_confirm,
    log_own_reads,
    open_drafts,
    own_applications,
    own_decisions,
    own_supplement_requests,
)
from ekb.notices.models import DecisionNotification
from ekb.notices.notification import do_mark_decision_seen
from ekb.people.access import client_person
from ekb.people.models import Person

router = Router(auth=ClientToken(), tags=["e-service"])
API = Channel.API
APPLICATION_CONTRACT = "application.v1"
EVENTS_CONTRACT = "case-events.v1"
NOT_FOUND = "Finns inte, eller hör inte till ditt ärende."
NO_CASE = "Du har inget ärende."
TEXTS = ("household_comment", "reason", "assets")  # the client's own words in application.v1


# --- shared ----------------------------------------------------------------------------------


class Error(Schema):
    detail: str


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def problem(errors: dict, status: int = 422) -> Status:
    """422 (or 409) with the errors keyed by field path, e.g. costs[0].amount, in Swedish."""
    listed = {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in errors.items()}
    return Status(status, {"detail": "Uppgifterna behöver rättas.", "errors": listed})


def validation_problem(error: ValidationError, status: int = 422) -> Status:
    if hasattr(error, "error_dict"):
        return problem(error.message_dict, status)
    return problem({"__all__": error.messages}, status)


def _person(request) -> Person:
    return client_person(request.client_person_id)


def _log_reads(person_id: int, case_ids) -> None:
    log_own_reads(person_id, case_ids, channel=API)


def _own(access, person_id: int, object_id: int):
    """An object of the client's household through the e-service's access functions (one rule
    for both front doors): 404 alike for "missing" and "not yours", the attempt logged."""
    try:
        return access(person_id, object_id, channel=API)
    except Http404:
        raise HttpError(404, NOT_FOUND) from None


def _own_case(person_id: int) -> Case:
    case = access_own_case(person_id, channel=API)
    if case is None:
        raise HttpError(404, NO_CASE)
    return case


# --- applications ----------------------------------------------------------------------------


def _not_true_or_false(value):
    """JSON true/false is no amount (pydantic would read true as 1); the rest of the check is
    the application's own (ekb.applications.drafts), so what the client typed is kept as typed."""
    if isinstance(value, bool):
        raise PydanticCustomError("amount", NOT_A_NUMBER)
    return value


TypedAmount = Annotated[str | int | float, BeforeValidator(_not_true_or_false)]


class IncomeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(description="En inkomsttyp i application.v1, t.ex. salary.")
    amount: TypedAmount = Field(description=AMOUNT_HELP)
    member: str | None = Field(None, description="Vems inkomst (hushållets id, t.ex. p123).")
    description: str | None = Field(None, max_length=200)


class CostIn(Schema):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(
        description="En kostnadstyp i application.v1, t.ex. rent; behov utöver normen som "
        f"{', '.join(OTHER_NEEDS[:-1])} och {OTHER_NEEDS[-1]} behöver en beskrivning."
    )
    amount: TypedAmount = Field(description=AMOUNT_HELP)
    member: str | None = Field(None, description="Vem kostnaden gäller, om den gäller en person.")
    description: str | None = Field(None, max_length=200)


class HouseholdMemberIn(Schema):
    """One person of the household EKB proposes (GET /me/prefill), as the client confirms or
    corrects them: the same answers as the e-service's household step (application.v1 member)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Personens id i förslaget, t.ex. p123.")
    role: Literal["applicant", "co_applicant", "child", "other_adult"] | None = Field(
        None, description="Vem personen är i hushållet. Utelämnad: som i förslaget."
    )
    days_in_household: int | None = Field(
        None, description="Ett barn som bor i två hem: dagar i månaden här; null: alla dagar."
    )
    in_school: bool | None = Field(None, description="Går i skolan.")
    lunch_at_home: bool | None = Field(
        None, description="Barnet äter lunch hemma på vardagar; false: i förskolan eller skolan."
    )
    moved_in: str | None = Field(
        None, description="Första dagen i hushållet, ÅÅÅÅ-MM-DD, senast i månaden ansökan gäller."
    )
    moved_out: str | None = Field(
        None, description="Sista dagen i hushållet, ÅÅÅÅ-MM-DD, i månaden ansökan gäller."
    )
    unregistered_reason: str | None = Field(
        None,
        max_length=2000,
        description="Medsökande som inte är folkbokförd på adressen: varför personen bor här.",
    )


class HouseholdLeftIn(Schema):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Personens id i förslaget, t.ex. p123.")
    moved_out: str | None = Field(
        None,
        description="Sista dagen personen bodde här, ÅÅÅÅ-MM-DD: i månaden ansökan gäller eller "
        "tidigare. Krävs för den som var med i hushållet förra månaden.",
    )


class ApplicationIn(Schema):
    """The client's answers in the application.v1 shape. The household and the sources come from
    EKB: the household from the register, and every line written here has the source client."""

    model_config = ConfigDict(extra="forbid")

    contract: str = Field(APPLICATION_CONTRACT, description="Alltid application.v1.")
    month: str | None = Field(
        None, description="Månaden ansökan gäller, ÅÅÅÅ-MM. Utelämnad: nästa månad."
    )
    incomes: list[IncomeIn] | None = Field(
        None,
        description="Hela listan över inkomster. Utelämnad: förra månadens, oförändrade "
        "(återansökan); en tom lista: inga inkomster.",
    )
    costs: list[CostIn] | None = Field(
        None, description="Hela listan över kostnader, på samma sätt som inkomsterna."
    )
    household: list[HouseholdMemberIn] | None = Field(
        None,
        description="Hushållet som föreslås (GET /me/prefill), bekräftat eller rättat per person "
        "med samma svar som i e-tjänsten. Utelämnad: förslaget som det är; en person som inte "
        "nämns är kvar som i förslaget.",
    )
    household_left: list[HouseholdLeftIn] | None = Field(
        None, description="Personer i förslaget som inte bor här (längre), med sista dagen."
    )
    household_comment: str | None = Field(
        None, max_length=4000, description="Något om hushållet med egna ord."
    )
    reason: str | None = Field(
        None, max_length=4000, description="Varför du söker ekonomiskt bistånd (nyansökan)."
    )
    assets: str | None = Field(None, max_length=4000, description="Tillgångar (nyansökan).")


class ApplicationOut(Schema):
    id: int
    case_id: int
    month: str
    kind: str
    status: str
    status_text: str
    channel: str
    submitted_at: dt.datetime | None
    document: dict = Field(description="Ansökan enligt schemas/application.v1.json.")


class PendingOut(Schema):
    detail: str
    draft_id: int
    status: str


def application_out(application: Application) -> dict:
    return {
        "id": application.pk,
        "case_id": application.case_id,
        "month": f"{application.month:%Y-%m}",
        "kind": application.kind,
        "status": application.status,
        "status_text": str(ApplicationStatus(application.status).label),
        "channel": application.channel,
        "submitted_at": application.submitted_at,
        "document": application.document,
    }


def _parse_month(raw: str | None, person) -> dt.date:
    """The month asked for, or the suggested one (next month to renew, this month when new)."""
    if raw is None:
        return default_month(person)
    match = re.fullmatch(r"([0-9]{4})-(0[1-9]|1[0-2])", raw.strip())
    if match is None:
        raise ValidationError({"month": "Skriv månaden som ÅÅÅÅ-MM, till exempel 2026-12."})
    month = dt.date(int(match[1]), int(match[2]), 1)
    if month not in months_open():
        raise ValidationError({"month": "Du kan söka för den här månaden eller nästa månad."})
    return month


def _answers(body: ApplicationIn) -> dict:
    """The answers as the draft keeps them: only what was sent, every line from the client."""
    answers = {key: getattr(body, key).strip() for key in TEXTS if getattr(body, key) is not None}
    for group in ("incomes", "costs"):
        rows = getattr(body, group)
        if rows is None:
            continue
        answers[group] = [
            {
                **{k: v for k, v in row.dict().items() if v is not None},
                "amount": str(row.amount),
                "source": "client",
            }
            for row in rows
        ]
    return answers


def _household_answers(person, month, body: ApplicationIn, answers: dict) -> dict:
    """The household the client sent, on top of the household EKB proposes for the month (the
    draft's prefill), into `answers`; errors keyed by field path, e.g. household[0].moved_out."""
    draft = submitted_draft_for(person, month) or do_start_draft(person, month=month, channel=API)
    previous = {e["id"] for e in draft.prefilled.get("household", [])} if draft.case_id else set()
    entries, left, errors = household_from_contract(
        draft.prefilled.get("household", []),
        [row.dict(exclude_unset=True) for row in body.household or []],
        [row.dict(exclude_unset=True) for row in body.household_left or []],
        month,
        previous_ids=previous,
    )
    if errors:
        return errors
    answers["household"], answers["household_left"] = entries, left
    if draft.application_id is None:
        do_set_draft_co_applicant(draft, entries, person=person, channel=API)
    return {}


@router.post(
    "/applications",
    response={
        200: ApplicationOut,
        201: ApplicationOut,
        202: PendingOut,
        409: Problem,
        422: Problem,
    },
    summary="Skicka in en ansökan",
    description=(
        "Skickar in en ansökan för nästa månad eller en angiven månad: en återansökan förifylld med "
        "förra månadens uppgifter, eller en nyansökan. Idempotent per person och månad: samma "
        "ansökan igen (en ny sändning efter ett avbrott) ger samma ansökan tillbaka med 200 och "
        "sparar inget nytt; en annan ansökan för en månad som redan är inskickad ger 409. En "
        "Idempotency-Key tas emot och skickas tillbaka oförändrad. Har hushållet en medsökande väntar ansökan (202) tills medsökande "
        "bekräftat den med `POST /me/drafts/{id}/confirm`. Fel i uppgifterna ger 422 med "
        "fältens sökvägar, t.ex. `costs[0].amount`."
    ),
)
def submit_application(
    request,
    body: ApplicationIn,
    response: HttpResponse,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    if idempotency_key:
        response["Idempotency-Key"] = idempotency_key[:200]
    if body.contract != APPLICATION_CONTRACT:
        return problem({"contract": f"Tjänsten tar emot {APPLICATION_CONTRACT}."})
    person = _person(request)
    try:
        month = _parse_month(body.month, person)
    except ValidationError as error:
        return validation_problem(error)
    answers = _answers(body)
    if body.household is not None or body.household_left is not None:
        try:
            errors = _household_answers(person, month, body, answers)
        except ValidationError as error:  # submitted for this month by someone else at home
            return validation_problem(error, 409)
        if errors:
            return problem(errors)
    try:
        submission = journey.submit(person, month=month, answers=answers, channel=API)
    except journey.Conflict as error:
        return validation_problem(error, 409)
    except ValidationError as error:
        return validation_problem(error)
    if submission.waiting_for_co_applicant:
        return Status(
            202,
            {
                "detail": "Din medsökande behöver logga in och bekräfta ansökan innan den skickas.",
                "draft_id": submission.draft.pk,
                "status": DraftStatus.AWAITING_CO_APPLICANT,
            },
        )
    if not submission.created:
        _log_reads(person.pk, [submission.application.case_id])
    return Status(201 if submission.created else 200, application_out(submission.application))


@router.get(
    "/me/applications",
    response=list[ApplicationOut],
    summary="Mina ansökningar",
    description="Hushållets ansökningar, den senaste månaden först, med status.",
)
def my_applications(request):
    applications = own_applications(request.client_person_id, channel=API)
    return [application_out(a) for a in applications]


class PrefillOut(Schema):
    month: str
    kind: str
    household: list[dict]
    incomes: list[dict]
    costs: list[dict]


@router.get(
    "/me/prefill",
    response=PrefillOut,
    summary="Förifyllda uppgifter",
    description=(
        "Hushållet (med id:n att ange som member) och förra månadens inkomster och kostnader, "
        "att bekräfta eller ändra i en återansökan. Sparar inget."
    ),
)
def prefill(request, month: str | None = None):
    try:
        month_date = _parse_month(month, _person(request))
    except ValidationError as error:
        raise HttpError(422, error.messages[0]) from None
    person = _person(request)
    case = open_case_for(person)
    _log_reads(person.pk, [case.pk] if case else [])
    if case is None:
        answers = {"household": household_answers(None, person), "incomes": [], "costs": []}
    else:
        answers = renewal_prefill(case, person)
    return {
        "month": f"{month_date:%Y-%m}",
        "kind": "renewal" if case else "new",
        "household": answers["household"],
        "incomes": answers["incomes"],
        "costs": answers["costs"],
    }


class DraftOut(Schema):
    id: int
    month: str
    kind: str
    status: str
    awaiting_my_confirmation: bool
    answers: dict


def draft_out(draft: ApplicationDraft, person_id: int) -> dict:
    return {
        "id": draft.pk,
        "month": f"{draft.month:%Y-%m}",
        "kind": draft.kind,
        "status": draft.status,
        "awaiting_my_confirmation": draft.co_applicant_id == person_id
        and draft.co_applicant_confirmed_at is None,
        "answers": draft.answers,
    }


@router.get(
    "/me/drafts",
    response=list[DraftOut],
    summary="Påbörjade ansökningar",
    description="Utkast som inte är inskickade, också de som väntar på din bekräftelse som medsökande.",
)
def my_drafts(request):
    person_id = request.client_person_id
    drafts = list(open_drafts(person_id))
    drafts += [d for d in drafts_to_confirm(person_id) if d not in drafts]
    _log_reads(person_id, [d.case_id for d in drafts if d.case_id])
    return [draft_out(d, person_id) for d in drafts]


@router.post(
    "/me/drafts/{draft_id}/confirm",
    response={
        200: ApplicationOut,
        201: ApplicationOut,
        202: PendingOut,
        404: Error,
        409: Problem,
        422: Problem,
    },
    summary="Bekräfta ansökan som medsökande",
    description=(
        "Medsökande bekräftar ansökan med sin egen inloggning. Har den sökande redan skickat in "
        "den skickas den in nu (201); annars väntar den på att den sökande skickar den (202). Har "
        "hushållet redan en annan ansökan för månaden ger det 409."
    ),
)
def confirm_draft(request, draft_id: int):
    person = _person(request)
    draft = _own(access_own_draft, person.pk, draft_id)
    try:
        submission = journey.confirm_as_co_applicant(draft, person=person, channel=API)
    except journey.Conflict as error:  # the household's application for the month came first
        return validation_problem(error, 409)
    except ValidationError as error:
        return validation_problem(error)
    if submission.application is None:
        return Status(
            202,
            {
                "detail": "Du har bekräftat ansökan. Den skickas in när den sökande skickar den.",
                "draft_id": draft.pk,
                "status": submission.draft.status,
            },
        )
    return Status(201 if submission.created else 200, application_out(submission.application))


# --- the case events -------------------------------------------------------------------------


class EventOut(Schema):
    id: int
    kind: str
    occurred_at: dt.datetime
    data: dict
    visible_to_client: bool


class TimelineOut(Schema):
    at: dt.datetime
    kind: str
    text: str


class FoldOut(Schema):
    state: str
    label: str
    timeline: list[TimelineOut]


class CaseEventsOut(Schema):
    contract: str = EVENTS_CONTRACT
    case_id: int
    events: list[EventOut]
    status: FoldOut


def case_events_document(case: Case, *, viewer_person_id: int | None = None) -> dict:
    """The case's client-visible events as case-events.v1, with the status page's fold as the
    reader (``viewer_person_id``) reads it."""
    events = list(case.events.filter(visible_to_client=True).order_by("occurred_at", "id"))
    status = fold(events, viewer_person_id=viewer_person_id)
    return {
        "contract": EVENTS_CONTRACT,
        "case_id": case.pk,
        "events": [
            {
                "id": e.pk,
                "kind": e.kind,
                "occurred_at": e.occurred_at,
                "data": e.data or {},
                "visible_to_client": e.visible_to_client,
            }
            for e in events
        ],
        "status": {
            "state": status.state,
            "label": str(status.label),
            "timeline": [{"at": t.at, "kind": t.kind, "text": t.text} for t in status.timeline],
        },
    }


@router.get(
    "/me/events",
    response={200: CaseEventsOut, 404: Error},
    summary="Händelserna i mitt ärende",
    description=(
        "Ärendets händelser enligt schemas/case-events.v1.json, äldst först, och statusen som "
        "statussidan visar (händelserna vikta till ett läge och en tidslinje). Nya sorters "
        "händelser kan tillkomma; en klient hoppar över dem den inte känner."
    ),
)
def my_events(request):
    return case_events_document(
        _own_case(request.client_person_id), viewer_person_id=request.client_person_id
    )


# --- supplement requests ---------------------------------------------------------------------


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    uploaded_at: dt.datetime


class SupplementOut(Schema):
    id: int
    case_id: int
    application_id: int | None
    what: str
    why: str
    due_date: dt.date
    status: str
    status_text: str
    requested_at: dt.datetime
    answer: str
    answered_at: dt.datetime | None
    attachments: list[AttachmentOut]


def supplement_out(request_: SupplementRequest) -> dict:
    return {
        "id": request_.pk,
        "case_id": request_.case_id,
        "application_id": request_.application_id,
        "what": request_.what,
        "why": request_.why,
        "due_date": request_.due_date,
        "status": request_.status,
        "status_text": str(SupplementStatus(request_.status).label),
        "requested_at": request_.requested_at,
        "answer": request_.answer,
        "answered_at": request_.answered_at,
        "attachments": list(request_.attachments.order_by("id")),
    }


@router.get(
    "/me/supplement-requests",
    response=list[SupplementOut],
    summary="Begäranden om komplettering",
    description="Vad handläggaren har bett om och till när; de öppna först, närmast sista dag först.",
)
def my_supplement_requests(request):
    requests = own_supplement_requests(request.client_person_id, channel=API)
    return [supplement_out(r) for r in requests]


@router.post(
    "/me/supplement-requests/{request_id}/answer",
    response={200: SupplementOut, 404: Error, 422: Problem},
    summary="Svara på en begäran om komplettering",
    description=(
        "Multipart: `answer` (text) och `files` (PDF, JPG eller PNG, högst EKB_MAX_UPLOAD_MB MB "
        f"var, högst {MAX_FILES} filer). Filens innehåll avgör typen, inte namnet. Är något fel "
        "sparas ingenting och svaret är 422 med vad som behöver rättas: varje felaktig fil "
        "under `files[i]` med sitt namn."
    ),
)
def answer_supplement(
    request,
    request_id: ObjectId,
    answer: Form[str] = "",
    files: File[list[UploadedFile]] = None,
):
    person = _person(request)
    supplement = _own(access_own_supplement_request, person.pk, request_id)
    files = files or []
    text = answer.strip() or ("Se bifogade filer." if files else "")
    try:
        with do_upload_attachments(
            supplement.case, files, person=person, supplement_request=supplement, channel=API
        ):
            journey.answer_supplement(supplement, text, person=person, channel=API)
    except ValidationError as error:
        return validation_problem(error)
    supplement.refresh_from_db()
    return supplement_out(supplement)


# --- decisions and appeals -------------------------------------------------------------------


class DecisionLineOut(Schema):
    purpose: str
    outcome: str
    amount_applied: Decimal | None
    amount: Decimal
    period_start: dt.date
    period_end: dt.date
    reasons: str
    legal_reference: str


class AppealOut(Schema):
    id: int
    decision_id: int
    received_at: dt.datetime
    in_time: bool
    status: str
    status_text: str
    attachments: list[AttachmentOut] = Field(
        description="Filerna som skickades med överklagandet; de går med till förvaltningsrätten."
    )


class DecisionOut(Schema):
    id: int
    case_id: int
    application_id: int | None
    month: str | None
    decided_at: dt.datetime | None
    seen_at: dt.datetime | None = Field(
        description=(
            "När du öppnade beslutet eller brevet (GET /me/decisions/{id} eller brevet). "
            "Gäller bara dig: en medsökandes öppnande räknas inte för dig."
        )
    )
    letter_posted_on: dt.date | None = Field(
        description="Dagen beslutsbrevet till dig skickades med post (förenklad delgivning)."
    )
    notified_on: dt.date | None = Field(
        description=(
            "Dagen du tog del av beslutet: när du öppnade det, två veckor efter att brevet till dig "
            "skickades med post, eller när handläggaren berättade beslutet för dig, det som kom "
            "först. Null: du har inte tagit del av det än."
        )
    )
    lines: list[DecisionLineOut]
    letter_url: str | None
    appeal_deadline: dt.date | None = Field(
        description=(
            "Sista dagen att överklaga: tre veckor från notified_on, flyttad till nästa vardag "
            "när den infaller på en lördag, söndag eller helgdag. Null innan du tagit del av beslutet."
        )
    )
    appeals: list[AppealOut]


def appeal_out(appeal) -> dict:
    return {
        "id": appeal.pk,
        "decision_id": appeal.decision_id,
        "received_at": appeal.received_at,
        "in_time": appeal.in_time,
        "status": appeal.status,
        "status_text": str(AppealStatus(appeal.status).label),
        "attachments": appeal_attachments(appeal),
    }


def decision_out(decision: Decision, person_id: int) -> dict:
    """The decision as this person sees it: their own notification and deadline (FL 44 §)."""
    own = [n for n in decision.notifications.all() if n.person_id == person_id]
    opened = next((n for n in own if n.how == DecisionNotification.How.ESERVICE), None)
    posted = next((n for n in own if n.how == DecisionNotification.How.POSTED_LETTER), None)
    return {
        "id": decision.pk,
        "case_id": decision.case_id,
        "application_id": decision.application_id,
        "month": f"{decision.application.month:%Y-%m}" if decision.application else None,
        "decided_at": decision.decided_at,
        "seen_at": opened.notified_at if opened else None,
        "letter_posted_on": posted.posted_on if posted else None,
        "notified_on": notified_on(decision, person_id),
        "lines": list(decision.lines.order_by("id")),
        "letter_url": f"/api/v1/me/decisions/{decision.pk}/letter.pdf"
        if hasattr(decision, "letter")
        else None,
        "appeal_deadline": appeal_deadline(decision, person_id),
        "appeals": [appeal_out(a) for a in decision.appeals.order_by("id")],
    }


@router.get(
    "/me/decisions",
    response=list[DecisionOut],
    summary="Mina beslut",
    description=(
        "Fattade beslut, det senaste först: beslutsraderna, länk till beslutsbrevet och sista dag "
        "att överklaga (tre veckor från den dag du tog del av beslutet). Listan räknas inte som "
        "att du tagit del av besluten: öppna ett beslut (GET /me/decisions/{id}) eller brevet."
    ),
)
def my_decisions(request):
    decisions = own_decisions(request.client_person_id, channel=API)
    return [decision_out(d, request.client_person_id) for d in decisions]


@router.get(
    "/me/decisions/{decision_id}",
    response={200: DecisionOut, 404: Error},
    summary="Öppna ett beslut",
    description=(
        "Ett fattat beslut. Att öppna det räknas som att du tagit del av beslutet: tiden för att "
        "överklaga (tre veckor) börjar räknas (förvaltningslagen 44 §)."
    ),
)
def my_decision(request, decision_id: ObjectId):
    person = _person(request)
    decision = _own(access_own_decision, person.pk, decision_id)
    do_mark_decision_seen(decision, person=person, channel=API)
    return decision_out(decision, person.pk)


@router.get(
    "/me/decisions/{decision_id}/letter.pdf",
    response={404: Error},
    summary="Beslutsbrevet",
    description="Beslutsbrevet som PDF. Att hämta det räknas som att du tagit del av beslutet.",
    openapi_extra={
        "responses": {
            "200": {
                "description": "Beslutsbrevet",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def decision_letter(request, decision_id: ObjectId):
    person = _person(request)
    decision = _own(access_own_decision, person.pk, decision_id)
    if not hasattr(decision, "letter"):
        raise HttpError(404, "Beslutsbrevet är inte klart ännu.")
    do_mark_decision_seen(decision, person=person, channel=API)
    response = HttpResponse(bytes(decision.letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="beslut-{decision.pk}.pdf"'
    return response


class AppealIn(Schema):
    text: str = Field(description="Vad du vill ändra i beslutet och varför.")


@router.post(
    "/me/decisions/{decision_id}/appeal",
    response={200: AppealOut, 201: AppealOut, 404: Error, 422: Problem},
    summary="Överklaga ett beslut",
    description=(
        "Överklagandet går till handläggaren, som kan ompröva beslutet eller skicka det vidare till "
        "förvaltningsrätten. Samma text igen ger samma överklagande (200)."
    ),
)
def appeal(request, decision_id: ObjectId, body: AppealIn):
    person = _person(request)
    decision = _own(access_own_decision, person.pk, decision_id)
    before = decision.appeals.count()
    try:
        created = do_submit_appeal(decision, body.text, person=person, channel=API)
    except ValidationError as error:
        return validation_problem(error)
    return Status(201 if decision.appeals.count() > before else 200, appeal_out(created))


@router.post(
    "/me/decisions/{decision_id}/appeal-with-files",
    response={200: AppealOut, 201: AppealOut, 404: Error, 422: Problem},
    summary="Överklaga ett beslut och skicka med filer",
    description=(
        "Multipart: `text` (vad du vill ändra i beslutet och varför) och `files` (PDF, JPG eller "
        f"PNG, högst EKB_MAX_UPLOAD_MB MB var, högst {MAX_FILES} filer), som skickas med "
        "överklagandet till förvaltningsrätten. Filens innehåll avgör typen, inte namnet. Är något "
        "fel sparas ingenting och svaret är 422: varje felaktig fil under `files[i]` med sitt "
        "namn. Samma text igen ger samma överklagande (200) och filerna sparas inte en gång till."
    ),
)
def appeal_with_files(
    request,
    decision_id: ObjectId,
    text: Form[str] = "",
    files: File[list[UploadedFile]] = None,
):
    person = _person(request)
    decision = _own(access_own_decision, person.pk, decision_id)
    existing = appeal_already_sent(decision, text, person=person) if text.strip() else None
    if existing is not None:
        return Status(200, appeal_out(existing))
    try:
        with do_upload_attachments(
            decision.case, files or [], person=person, channel=API
        ) as papers:
            created = do_submit_appeal(
                decision, text, person=person, attachments=papers, channel=API
            )
    except ValidationError as error:
        return validation_problem(error)
    return Status(201, appeal_out(created))


# --- messages --------------------------------------------------------------------------------


class MessageOut(Schema):
    id: int
    sent_at: dt.datetime
    sender: str = Field(description="client eller caseworker")
    sender_name: str
    text: str


class MessageIn(Schema):
    text: str


def message_out(message) -> dict:
    if message.from_user_id:
        sender, name = "caseworker", message.from_user.display_name
    else:
        sender, name = "client", message.from_person.first_name if message.from_person else ""
    return {
        "id": message.pk,
        "sent_at": message.sent_at,
        "sender": sender,
        "sender_name": name,
        "text": message.text,
    }


@router.get(
    "/me/messages",
    response={200: list[MessageOut], 404: Error},
    summary="Meddelanden",
    description="Meddelanden mellan dig och din handläggare i ditt ärende, äldst först.",
)
def my_messages(request):
    case = _own_case(request.client_person_id)
    messages = case.messages.select_related("from_user", "from_person").order_by("sent_at", "id")
    return [message_out(m) for m in messages]


@router.post(
    "/me/messages",
    response={201: MessageOut, 404: Error, 422: Problem},
    summary="Skriv till din handläggare",
)
def send_message(request, body: MessageIn):
    person = _person(request)
    case = _own_case(person.pk)
    try:
        message = do_send_message(case, body.text, person=person, channel=API)
    except ValidationError as error:
        return validation_problem(error)
    return Status(201, message_out(message))
