"""What the client sees: e-ID login, the status page ("Mitt ärende"), supplement requests,
decisions with letters and appeals, and messages. Thin views: access, one action, render.
The application pages are in ekb.eservice.apply."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ekb.applications.attachments import do_upload_attachments
from ekb.applications.choices import SupplementStatus
from ekb.applications.drafts import demo_co_applicant_ids, month_choices
from ekb.applications.waiting import months_waiting
from ekb.audit.log import record
from ekb.audit.models import Action
from ekb.cases.access import access_own_case
from ekb.cases.contact import do_change_contact_details
from ekb.cases.messages import do_send_message
from ekb.cases.search import search_digest
from ekb.cases.status import status_for_case, with_payments_sent
from ekb.decisions.choices import DecisionStatus
from ekb.eservice.session import after_login, client_required, log_in_client
from ekb.eservice.vocabulary import translated
from ekb.flow import journey
from ekb.integrations.eid import DemoEid, EidUnavailable, demo_eid_enabled
from ekb.meetings.access import next_meeting
from ekb.meetings.contact import contact_people
from ekb.notices.appeals import appeal_already_sent, appeal_deadline, do_submit_appeal
from ekb.notices.client_access import (
    access_own_communication,
    access_own_decision,
    access_own_supplement_request,
    drafts_to_confirm,
    open_drafts,
    own_decisions,
    own_open_communications,
)
from ekb.notices.communication import do_answer_communication
from ekb.notices.letters import calculation_table
from ekb.notices.notification import do_mark_decision_seen, log_decision_read, with_opened_by
from ekb.people.access import client_person, person_by_identity_number
from ekb.people.identity_number import InvalidIdentityNumber, parse_identity_number
from ekb.people.models import Person

MAX_FILES = 5  # on one page of the e-service (the client API takes more)


def login(request):
    return render(request, "eservice/login.html", {"demo": demo_eid_enabled()})


def demo_eid(request):
    """Pick a demo person: a few suggested ones, or search every demo person by name or
    personnummer (POST, so the searched text is never in a URL; logged as a digest)."""
    if not demo_eid_enabled():
        raise Http404
    provider = DemoEid()
    also = demo_co_applicant_ids()
    error = search_error = None
    query, found = "", None
    if request.method == "POST" and "q" in request.POST:
        query = " ".join(request.POST.get("q", "").split())
        if len(query) < 2:
            search_error = _("Skriv minst två tecken: ett namn eller ett personnummer.")
        else:
            found = provider.search(query, also=also)
            record(
                action=Action.SEARCH_DEMO_PERSONS,
                detail={
                    "digest": search_digest("demo_person", query),
                    "person_ids": [person.pk for person in found.persons],
                },
            )
    elif request.method == "POST":
        # A suggested person or a search hit; any demo person can also log in by typing a number.
        typed = request.POST.get("typed", "").strip()
        number = request.POST.get("person", "")
        if typed:
            try:
                number = parse_identity_number(typed).number
            except InvalidIdentityNumber:
                number = ""
        try:
            identity = provider.verify(number, also=also)
        except EidUnavailable:
            error = _("Välj en av demopersonerna eller sök fram en demoperson.")
        else:
            person = person_by_identity_number(identity.identity_number)
            log_in_client(request, person.pk)
            record(action=Action.CLIENT_LOGIN, client_person_id=person.pk, person_id=person.pk)
            return redirect(after_login(request))
    context = {
        "suggested": provider.suggested(also=also),
        "query": query,
        "found": found,
        "error": error,
        "search_error": search_error,
    }
    return render(request, "eservice/demo_eid.html", context)


@require_POST
def logout(request):
    request.session.flush()
    return redirect("/")


def _person(request) -> Person:
    return client_person(request.client_person_id)


# --- the status page -----------------------------------------------------------------------


@client_required
def home(request):
    person_id = request.client_person_id
    case = access_own_case(person_id)
    choices = month_choices(_person(request))
    open_months = [c["month"] for c in choices if not c["applied"]]
    following = max(c["month"] for c in choices)
    if following not in open_months:
        month = following  # renewed for next month: its status, not a nudge about this month
    else:
        month = open_months[0]
    context = {
        "case": case,
        "month": month,
        "draft": open_drafts(person_id).filter(month=month).first()
        or open_drafts(person_id).first(),
        "to_confirm": drafts_to_confirm(person_id).first(),
    }
    if case is not None:
        payments = case.payments.select_related("decision_line").order_by("-pay_date", "-id")[:8]
        status = with_payments_sent(
            status_for_case(case, viewer_person_id=person_id), list(payments)
        )
        context.update(
            status=status,
            timeline=list(reversed(status.timeline))[:15],
            months_waiting=months_waiting(case),
            applied=month not in open_months,
            supplements=case.supplement_requests.filter(status=SupplementStatus.OPEN).order_by(
                "due_date"
            ),
            decisions=with_opened_by(
                case.decisions.filter(status=DecisionStatus.DECIDED), person_id
            )
            .select_related("application")
            .order_by("-decided_at")[:6],
            payments=payments,
            messages_from_caseworker=case.messages.filter(from_user__isnull=False).count(),
            meeting=next_meeting(case),
            contacts=contact_people(case),
            communications=own_open_communications(person_id),
        )
    return render(request, "eservice/home.html", context)


# --- communications before a decision (förvaltningslagen 25 §) ---------------------------------


@client_required
def communication(request, communication_id: int):
    """The client reads what a decision would rest on and answers by the date."""
    found = access_own_communication(request.client_person_id, communication_id)
    answer, errors, status = "", {}, 200
    if request.method == "POST" and not found.answered:
        answer = request.POST.get("answer", "")
        try:
            do_answer_communication(found, text=answer, person=_person(request))
        except ValidationError as error:
            errors = {k: " ".join(translated(m) for m in v) for k, v in error.message_dict.items()}
            status = 400
        else:
            messages.success(request, _("Tack! Vi har fått ditt svar."))
            return redirect("eservice:home")
    return render(
        request,
        "eservice/communication.html",
        {"communication": found, "answer": answer, "errors": errors},
        status=status,
    )


@client_required
def communication_letter(request, communication_id: int):
    found = access_own_communication(request.client_person_id, communication_id)
    pdf = bytes(found.letter)
    is_pdf = pdf.startswith(b"%PDF")
    response = HttpResponse(
        pdf, content_type="application/pdf" if is_pdf else "text/html; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="kommunicering.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- supplement requests -------------------------------------------------------------------


def _file_errors(error: ValidationError, errors: dict, rest: str) -> None:
    """The files' problems (each bad file named) under "files"; the others under ``rest``, the
    page's text field."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {rest: error.messages}
    files = [m for field, ms in by_field.items() if field.startswith("files") for m in ms]
    other = [m for field, ms in by_field.items() if not field.startswith("files") for m in ms]
    if files:
        errors["files"] = " ".join(files)
    if other:
        errors[rest] = " ".join(translated(m) for m in other)


@client_required
def supplement(request, request_id: int):
    supplement_request = access_own_supplement_request(request.client_person_id, request_id)
    answer, errors, status = "", {}, 200
    if request.method == "POST" and supplement_request.status == SupplementStatus.OPEN:
        answer = request.POST.get("answer", "").strip()
        files = request.FILES.getlist("files")
        if not answer and not files:
            errors["answer"] = _("Skriv ett svar eller välj en fil att skicka.")
        if not errors:
            person = _person(request)
            try:
                with do_upload_attachments(
                    supplement_request.case,
                    files,
                    person=person,
                    supplement_request=supplement_request,
                    at_most=MAX_FILES,
                ) as attachments:
                    text = answer or _("Jag skickar filerna: %(names)s") % {
                        "names": ", ".join(a.name for a in attachments)
                    }
                    journey.answer_supplement(supplement_request, text, person=person)
            except ValidationError as error:
                _file_errors(error, errors, rest="answer")
            else:
                messages.success(request, _("Tack! Vi har fått din komplettering."))
                return redirect("eservice:home")
        status = 400
    return render(
        request,
        "eservice/supplement.html",
        {
            "supplement": supplement_request,
            "answer": answer,
            "errors": errors,
            "attachments": supplement_request.attachments.order_by("uploaded_at"),
            "max_mb": settings.EKB_MAX_UPLOAD_MB,
            "overdue": supplement_request.due_date < timezone.localdate(),
        },
        status=status,
    )


@client_required
def send_files(request):
    """Files the client sends without being asked (a payslip, a new lease), with a short note."""
    case = access_own_case(request.client_person_id)
    if case is None:
        raise Http404
    note, errors, status = "", {}, 200
    if request.method == "POST":
        note = request.POST.get("note", "").strip()
        files = request.FILES.getlist("files")
        if not files:
            errors["files"] = _("Välj minst en fil att skicka.")
        if not errors:
            person = _person(request)
            try:
                with do_upload_attachments(case, files, person=person, at_most=MAX_FILES):
                    if note:
                        do_send_message(case, note, person=person)
            except ValidationError as error:
                _file_errors(error, errors, rest="note")
            else:
                messages.success(request, _("Tack! Din handläggare kan nu se filerna."))
                return redirect("eservice:home")
        status = 400
    return render(
        request,
        "eservice/send_files.html",
        {"note": note, "errors": errors, "max_mb": settings.EKB_MAX_UPLOAD_MB},
        status=status,
    )


# --- decisions, letters and appeals --------------------------------------------------------


@client_required
def decisions(request):
    # The same door as the client API: every decision in every case of theirs.
    case = access_own_case(request.client_person_id)
    items = own_decisions(request.client_person_id)
    return render(request, "eservice/decisions.html", {"case": case, "decisions": items})


def _decision_context(decision, person) -> dict:
    # This person's own deadline (FL 44 §): None before they are notified, whatever the other
    # party has done.
    deadline = appeal_deadline(decision, person)
    return {
        "decision": decision,
        "lines": decision.lines.order_by("id"),
        "has_letter": hasattr(decision, "letter"),
        "deadline": deadline,
        "late": deadline is not None and timezone.localdate() > deadline,
        "appeals": decision.appeals.filter(person=person).order_by("received_at"),
        "calculation": calculation_table(decision),
    }


@client_required
def decision(request, decision_id: int):
    decision = access_own_decision(request.client_person_id, decision_id)
    # Reading the decision is taking part of it: the three weeks for an appeal start now.
    person = _person(request)
    do_mark_decision_seen(decision, person=person)
    return render(request, "eservice/decision.html", _decision_context(decision, person))


@client_required
def decision_letter(request, decision_id: int):
    decision = access_own_decision(request.client_person_id, decision_id)
    letter = getattr(decision, "letter", None)
    if letter is None:
        raise Http404("Beslutet har inget brev ännu.")
    do_mark_decision_seen(decision, person=_person(request))
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="beslut-{decision.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@client_required
def appeal(request, decision_id: int):
    decision = access_own_decision(request.client_person_id, decision_id)
    person = _person(request)
    # The appeal form is not the decision itself: reading it starts no appeal time (FL 44 §).
    log_decision_read(decision, person=person)
    text, errors, status, files = "", {}, 200, []
    if request.method == "POST":
        text = request.POST.get("text", "")
        files = request.FILES.getlist("files")
        # A double click sends one appeal and stores its files once.
        made = appeal_already_sent(decision, text, person=person) if text.strip() else None
        try:
            if made is None:
                # The files and the appeal together, all or nothing; the files go with the
                # appeal to förvaltningsrätten (FL 46 §).
                with do_upload_attachments(
                    decision.case, files, person=person, at_most=MAX_FILES
                ) as papers:
                    made = do_submit_appeal(decision, text, person=person, attachments=papers)
        except ValidationError as problem:
            _file_errors(problem, errors, rest="text")
            status = 400
        else:
            if made.in_time:
                messages.success(request, _("Vi har tagit emot ditt överklagande."))
            else:
                messages.success(
                    request,
                    _(
                        "Vi har tagit emot ditt överklagande. Det kom in efter sista dagen, "
                        "så kommunen prövar först om det kan tas upp."
                    ),
                )
            return redirect("eservice:decision", decision.pk)
    context = {
        **_decision_context(decision, person),
        "text": text,
        "errors": errors,
        # A browser cannot keep chosen files after an error: say they were not sent.
        "choose_again": bool(files) and bool(errors),
        "max_mb": settings.EKB_MAX_UPLOAD_MB,
        "max_files": MAX_FILES,
    }
    return render(request, "eservice/appeal.html", context, status=status)


# --- contact details -----------------------------------------------------------------------


@client_required
def contact(request):
    """Where we tell the client that something is new in the case (e-mail or SMS, or neither)."""
    person = _person(request)
    email, phone, errors, status = person.email, person.phone, {}, 200
    if request.method == "POST":
        email, phone = request.POST.get("email", ""), request.POST.get("phone", "")
        try:
            do_change_contact_details(person, email=email, phone=phone)
        except ValidationError as problem:
            errors = {field: " ".join(ms) for field, ms in problem.message_dict.items()}
            status = 400
        else:
            messages.success(request, _("Dina kontaktuppgifter är sparade."))
            return redirect("eservice:home")
    return render(
        request,
        "eservice/contact.html",
        {
            "email": email,
            "phone": phone,
            "errors": errors,
            "error_list": [(field, message) for field, message in errors.items()],
        },
        status=status,
    )


# --- messages ------------------------------------------------------------------------------


@client_required
def conversation(request):
    case = access_own_case(request.client_person_id)
    if case is None:
        raise Http404
    text, error, status = "", None, 200
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            do_send_message(case, text, person=_person(request))
        except ValidationError as problem:
            error = " ".join(translated(m) for m in problem.messages)
            status = 400
        else:
            messages.success(request, _("Ditt meddelande är skickat."))
            return redirect("eservice:messages")
    return render(
        request,
        "eservice/messages.html",
        {
            "case": case,
            "items": case.messages.select_related("from_user", "from_person"),
            "text": text,
            "error": error,
        },
        status=status,
    )
