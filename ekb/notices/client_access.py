"""What a logged-in client may open and list: their own household's drafts, applications,
decisions and supplement requests. One door per object type for both front doors (the web
e-service and the client API), so both show a client the same things; "missing" and "not
yours" are the same 404, and every attempt and every list is in the access log (as
ekb.cases.access does for staff)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from ekb.applications.choices import ApplicationStatus, DraftStatus, SupplementStatus
from ekb.applications.models import Application, ApplicationDraft, SupplementRequest
from ekb.audit.log import record
from ekb.audit.models import Action, Channel, Outcome
from ekb.cases.access import client_cases
from ekb.decisions.choices import DecisionStatus
from ekb.decisions.models import Decision
from ekb.lib.ids import parse_id
from ekb.notices.notification import with_opened_by


def _pk(object_id) -> int | None:
    return parse_id(object_id)  # None for anything the key column cannot hold


def _log(person_id: int, obj, name: str, pk: int | None, channel: Channel) -> None:
    record(
        action=Action.CLIENT_OPEN_OWN_CASE,
        outcome=Outcome.PERMITTED if obj else Outcome.DENIED,
        client_person_id=person_id,
        case_id=obj.case_id if obj else None,
        channel=channel,
        detail={name: pk} if pk else {},
    )


def _own_via_case(person_id: int, model, object_id, *, extra: Q | None = None, channel=Channel.WEB):
    pk = _pk(object_id)
    obj = (
        model.objects.filter(extra or Q(), pk=pk, case__in=client_cases(person_id))
        .select_related("case")
        .first()
        if pk
        else None
    )
    _log(person_id, obj, model._meta.model_name, pk, channel)
    if obj is None:
        raise Http404("Finns inte.")
    return obj


def access_own_decision(person_id: int, decision_id, *, channel=Channel.WEB) -> Decision:
    """A decided decision in the client's case; drafts and decisions awaiting approval are not
    the client's to read yet."""
    return _own_via_case(
        person_id, Decision, decision_id, extra=Q(status=DecisionStatus.DECIDED), channel=channel
    )


def access_own_supplement_request(
    person_id: int, request_id, *, channel=Channel.WEB
) -> SupplementRequest:
    return _own_via_case(person_id, SupplementRequest, request_id, channel=channel)


def access_own_draft(person_id: int, draft_id, *, channel=Channel.WEB) -> ApplicationDraft:
    """A draft the client writes, or one they are co-applicant on (the shared application)."""
    pk = _pk(draft_id)
    draft = (
        ApplicationDraft.objects.filter(Q(person_id=person_id) | Q(co_applicant_id=person_id))
        .filter(pk=pk)
        .select_related("person", "co_applicant", "application", "case")
        .first()
        if pk
        else None
    )
    _log(person_id, draft, "applicationdraft", pk, channel)
    if draft is None:
        raise Http404("Finns inte.")
    return draft


def open_drafts(person_id: int):
    """Drafts the client has started and not yet submitted (the newest month first)."""
    return (
        ApplicationDraft.objects.filter(person_id=person_id)
        .exclude(status=DraftStatus.SUBMITTED)
        .order_by("-month", "-id")
    )


def drafts_to_confirm(person_id: int):
    """Drafts where the client is co-applicant and has not confirmed yet."""
    return (
        ApplicationDraft.objects.filter(
            co_applicant_id=person_id, co_applicant_confirmed_at__isnull=True
        )
        .exclude(status=DraftStatus.SUBMITTED)
        .select_related("person")
        .order_by("-month", "-id")
    )


def log_own_reads(person_id: int, case_ids, *, channel=Channel.WEB) -> None:
    """One access-log row per case a list showed; a list of nothing is a read too."""
    for case_id in sorted(set(case_ids)) or [None]:
        record(
            action=Action.CLIENT_OPEN_OWN_CASE,
            client_person_id=person_id,
            case_id=case_id,
            channel=channel,
        )


def own_decisions(person_id: int, *, channel=Channel.WEB) -> list[Decision]:
    """The client's decided decisions in every case of theirs (an older case's decisions are
    still theirs: a letter to read again, an appeal still open), newest first; logged."""
    decisions = list(
        with_opened_by(
            Decision.objects.filter(
                case__in=client_cases(person_id), status=DecisionStatus.DECIDED
            ),
            person_id,
        )
        .select_related("application", "letter")
        .prefetch_related("lines", "notifications")
        .order_by("-decided_at", "-id")
    )
    log_own_reads(person_id, [d.case_id for d in decisions], channel=channel)
    return decisions


def own_applications(person_id: int, *, channel=Channel.WEB) -> list[Application]:
    """The client's sent applications in every case of theirs, newest month first; logged."""
    applications = list(
        Application.objects.filter(case__in=client_cases(person_id))
        .exclude(status=ApplicationStatus.DRAFT)
        .order_by("-month", "-id")
    )
    log_own_reads(person_id, [a.case_id for a in applications], channel=channel)
    return applications


def own_supplement_requests(person_id: int, *, channel=Channel.WEB) -> list[SupplementRequest]:
    """The requests for more information to the client, open ones first; logged."""
    requests = list(
        SupplementRequest.objects.filter(case__in=client_cases(person_id))
        .exclude(status=SupplementStatus.CANCELLED)
        .prefetch_related("attachments")
        .order_by("-status", "due_date", "id")  # "open" sorts before "answered"
    )
    log_own_reads(person_id, [r.case_id for r in requests], channel=channel)
    return requests


def access_own_communication(person_id: int, communication_id, *, channel=Channel.WEB):
    """A communication (FL 25 §) in the client's case: to read, with its letter, and answer."""
    from ekb.notices.models import Communication

    return _own_via_case(person_id, Communication, communication_id, channel=channel)


def own_open_communications(person_id: int, *, channel=Channel.WEB) -> list:
    """The communications the client has not answered yet, the earliest answer date first;
    logged (the status page lists them so the client answers in time)."""
    from ekb.notices.models import Communication

    communications = list(
        Communication.objects.filter(
            case__in=client_cases(person_id), answered_at__isnull=True
        ).order_by("answer_by", "id")
    )
    if communications:  # the status page shows the section only when there is one to answer
        log_own_reads(person_id, [c.case_id for c in communications], channel=channel)
    return communications
