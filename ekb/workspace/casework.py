"""Casework on the case page: intake and assignment, certificates, messages, appeals, files."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ekb.applications.access import access_attachment_by_id
from ekb.applications.reads import case_attachments, case_supplement_requests
from ekb.cases.access import access_case_by_id, access_task_by_id
from ekb.cases.actions import do_assign_case
from ekb.cases.assignment import assignment_options
from ekb.cases.certificates import EXTENTS
from ekb.cases.intake import do_record_intake
from ekb.cases.messages import do_send_message
from ekb.cases.reads import adults_now, certificates, intake_notes, latest_messages
from ekb.cases.tasks import do_close_task
from ekb.decisions.access import access_warning_by_id
from ekb.decisions.warnings import WarningStateError, do_acknowledge_warning
from ekb.flow import journey
from ekb.meetings.access import latest_meetings
from ekb.meetings.actions import do_book_meeting
from ekb.meetings.choices import MeetingKind
from ekb.notices.access import case_appeals
from ekb.people.access import person_by_id
from ekb.workspace.handling_forms import AcknowledgeForm


class IntakeForm(forms.Form):
    text = forms.CharField(
        label=_("Bedömning från mottagningen"), widget=forms.Textarea(attrs={"rows": 4})
    )
    follow_up = forms.CharField(
        label=_("Att följa upp (en punkt per rad)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    first_meeting_at = forms.DateTimeField(
        label=_("Nybesök (ÅÅÅÅ-MM-DD TT:MM)"),
        required=False,
        error_messages={"invalid": _("Skriv datum och tid som ÅÅÅÅ-MM-DD TT:MM.")},
    )


class CertificateForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    period_start = forms.DateField(
        label=_("Från (ÅÅÅÅ-MM-DD)"), error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")}
    )
    period_end = forms.DateField(
        label=_("Till (ÅÅÅÅ-MM-DD)"), error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")}
    )
    extent_percent = forms.TypedChoiceField(
        label=_("Omfattning"), coerce=int, choices=[(e, f"{e} %") for e in EXTENTS]
    )
    received_on = forms.DateField(
        label=_("Inkom (ÅÅÅÅ-MM-DD)"),
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            (m.person_id, m.person.full_name) for m in adults_now(case)
        ]


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Tid (ÅÅÅÅ-MM-DD TT:MM)"),
        error_messages={"invalid": _("Skriv datum och tid som ÅÅÅÅ-MM-DD TT:MM.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Längd (minuter)"),
        initial=45,
        required=False,  # blank: the rule's default length (meetings/rules/meetings.yaml)
        min_value=1,
        error_messages={"invalid": _("Skriv längden i hela minuter.")},
    )
    kind = forms.ChoiceField(label=_("Mötesform"), choices=MeetingKind.choices)
    place = forms.CharField(label=_("Plats"), required=False, max_length=200)
    interpreter_language = forms.CharField(
        label=_("Tolk behövs (språk)"), required=False, max_length=60
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Meddelande till klienten"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


def casework_context(case, user, **forms) -> dict:
    return {
        "assignment_options": assignment_options(case, user),
        "intake_notes": intake_notes(case),
        "intake_form": IntakeForm(),
        "certificates": certificates(case),
        "certificate_form": CertificateForm(case=case),
        "case_messages": latest_messages(case),
        "message_form": forms.get("message_form") or MessageForm(),
        "message_sent": forms.get("message_sent", False),
        "meeting_form": forms.get("meeting_form") or MeetingForm(),
        "meetings": latest_meetings(case),
        "appeals": case_appeals(case),
        "attachments": case_attachments(case),
        "supplement_requests": case_supplement_requests(case),
        "acknowledge_form": forms.get("acknowledge_form") or AcknowledgeForm(),
        "ack_warning_id": forms.get("ack_warning_id"),
    }


def _errors(request, error: ValidationError | forms.Form) -> None:
    problems = (
        error.messages
        if isinstance(error, ValidationError)
        else [e for es in error.errors.values() for e in es]
    )
    messages.error(request, " ".join(str(p) for p in problems))


@login_required
@require_POST
def record_intake(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    form = IntakeForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
    else:
        try:
            do_record_intake(
                case,
                text=form.cleaned_data["text"],
                follow_up=form.cleaned_data["follow_up"].splitlines(),
                first_meeting_at=form.cleaned_data["first_meeting_at"],
                acting_user=request.user,
            )
            messages.success(request, _("Mottagningens bedömning är sparad."))
        except ValidationError as error:
            _errors(request, error)
    return redirect("workspace:case", case.pk)


@login_required
@require_POST
def assign(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    options = {
        option.caseworker.pk: option.caseworker for option in assignment_options(case, request.user)
    }
    try:
        caseworker = options.get(int(request.POST.get("caseworker", "")))
    except ValueError:
        caseworker = None
    if not options:
        # She sees the case but may not distribute it (the domain's rule, access.may_assign).
        messages.error(request, _("Du kan inte tilldela det här ärendet."))
    elif caseworker is None:
        messages.error(request, _("Välj en handläggare i enheten."))
    else:
        do_assign_case(case, caseworker, acting_user=request.user)
        messages.success(request, _("Ärendet är tilldelat."))
    return redirect("workspace:case", case.pk)


@login_required
@require_POST
def register_certificate(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    form = CertificateForm(request.POST, case=case)
    if not form.is_valid():
        _errors(request, form)
    else:
        data = dict(form.cleaned_data)
        person = person_by_id(data.pop("person"))
        try:
            journey.register_certificate(case, person, acting_user=request.user, **data)
            messages.success(request, _("Läkarintyget är registrerat."))
        except ValidationError as error:
            _errors(request, error)
    return redirect("workspace:case", case.pk)


@login_required
@require_POST
def book_meeting(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            do_book_meeting(case, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Mötet är bokat."))
            return redirect("workspace:case", case.pk)
    # Refused: the page comes back with the booking form open and what was typed in it.
    _errors(request, form)
    return _case_page(request, case, meeting_form=form)


@login_required
@require_POST
def send_message(request, case_id: int):
    """Send a message to the client. From the page's script (htmx) only the messages section
    comes back, so what is typed elsewhere on the page (a journal note) stays; without script
    the page reloads as before."""
    case = access_case_by_id(request.user, case_id)
    form = MessageForm(request.POST)
    sent = False
    if form.is_valid():
        try:
            do_send_message(case, form.cleaned_data["text"], user=request.user)
            sent = True
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
    if request.htmx:
        context = casework_context(
            case, request.user, message_form=None if sent else form, message_sent=sent
        )
        return render(request, "workspace/_case_messages.html", {"case": case, **context})
    if sent:
        messages.success(request, _("Meddelandet är skickat."))
        return redirect("workspace:case", case.pk)
    return _case_page(request, case, message_form=form)


@login_required
@require_POST
def acknowledge_warning(request, case_id: int, warning_id: int):
    """Acknowledge an open warning from the case page, with a comment. From the page's script
    (htmx) only that warning comes back, so unsaved input elsewhere on the page stays."""
    warning = access_warning_by_id(request.user, warning_id)
    if warning.case_id != case_id:
        raise Http404
    form = AcknowledgeForm(request.POST)
    done = False
    if form.is_valid():
        try:
            do_acknowledge_warning(
                warning, comment=form.cleaned_data["comment"], acting_user=request.user
            )
            done = True
        except WarningStateError as error:
            form.add_error(None, str(error))
    if request.htmx:
        warning.refresh_from_db()
        context = {
            "case": warning.case,
            "w": warning,
            "acknowledge_form": form,
            "ack_warning_id": None if done else warning.pk,
        }
        return render(request, "workspace/_case_warning.html", context)
    if done:
        messages.success(request, _("Varningen är kvitterad."))
        return redirect(reverse("workspace:case", args=[case_id]) + "#warnings")
    return _case_page(request, warning.case, acknowledge_form=form, ack_warning_id=warning.pk)


@login_required
@require_POST
def close_task(request, case_id: int, task_id: int):
    """Close a task with what was done; a task never changes money by itself."""
    task = access_task_by_id(request.user, task_id)
    if task.case_id != case_id:
        raise Http404
    try:
        do_close_task(task, outcome=request.POST.get("outcome", ""), acting_user=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect(reverse("workspace:case", args=[case_id]) + "#tasks")
    messages.success(request, _("Uppgiften är avslutad."))
    return redirect(reverse("workspace:case", args=[case_id]) + "#tasks")


def _case_page(request, case, **forms):
    """The whole case page again (400) with a refused form and what was typed in it."""
    from ekb.workspace.views import case_page_context

    return render(
        request, "workspace/case_detail.html", case_page_context(request, case, **forms), status=400
    )


@login_required
def attachment(request, case_id: int, attachment_id: int):
    found = access_attachment_by_id(request.user, attachment_id)
    if found.case_id != case_id:
        raise Http404
    response = FileResponse(
        found.file.open("rb"), content_type=found.content_type, filename=found.name
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
