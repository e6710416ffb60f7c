"""Casework on the case page: intake and assignment, certificates, messages, appeals, files."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ekb.applications.access import access_attachment_by_id
from ekb.cases.access import access_case_by_id
from ekb.cases.actions import do_assign_case
from ekb.cases.assignment import assignment_options
from ekb.cases.certificates import EXTENTS, do_register_certificate
from ekb.cases.intake import do_record_intake
from ekb.cases.messages import do_send_message
from ekb.meetings.access import latest_meetings
from ekb.meetings.actions import do_book_meeting
from ekb.meetings.choices import MeetingKind
from ekb.people.access import person_by_id


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
        adults = (
            case.household.members.filter(valid_to__isnull=True)
            .exclude(role="child")
            .select_related("person")
        )
        self.fields["person"].choices = [(m.person_id, m.person.full_name) for m in adults]


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Tid (ÅÅÅÅ-MM-DD TT:MM)"),
        error_messages={"invalid": _("Skriv datum och tid som ÅÅÅÅ-MM-DD TT:MM.")},
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


def casework_context(case, user) -> dict:
    return {
        "assignment_options": assignment_options(case, user),
        "intake_notes": case.intake_notes.select_related("author").order_by("-created_at"),
        "intake_form": IntakeForm(),
        "certificates": case.medical_certificates.select_related("person").order_by("-period_end"),
        "certificate_form": CertificateForm(case=case),
        "case_messages": case.messages.select_related("from_user", "from_person").order_by(
            "-sent_at"
        )[:30],
        "message_form": MessageForm(),
        "meeting_form": MeetingForm(),
        "meetings": latest_meetings(case),
        "appeals": case.appeals.select_related("decision").order_by("-received_at"),
        "attachments": case.attachments.order_by("-uploaded_at")[:30],
        "supplement_requests": case.supplement_requests.order_by("-requested_at")[:10],
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
            do_register_certificate(case, person, acting_user=request.user, **data)
            messages.success(request, _("Läkarintyget är registrerat."))
        except ValidationError as error:
            _errors(request, error)
    return redirect("workspace:case", case.pk)


@login_required
@require_POST
def book_meeting(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    form = MeetingForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
    else:
        try:
            do_book_meeting(case, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Mötet är bokat."))
        except ValidationError as error:
            _errors(request, error)
    return redirect("workspace:case", case.pk)


@login_required
@require_POST
def send_message(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        do_send_message(case, form.cleaned_data["text"], user=request.user)
        messages.success(request, _("Meddelandet är skickat."))
    else:
        _errors(request, form)
    return redirect("workspace:case", case.pk)


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
