"""The activity requirement's consequence on the case page: from an open task of an absence or
a declined activity, 'Kommunicera och besluta' leads to the communication (FL 25 §), and once
the client has answered or the answer date has passed, to the decision form of the month's
application with the reason preselected (ekb.flow.activity). Thin views: access, one action,
render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ekb.cases.access import access_case_by_id, access_task_by_id
from ekb.decisions.choices import Outcome
from ekb.flow import activity
from ekb.notices.communication import AlreadySent


class CommunicationForm(forms.Form):
    subject = forms.CharField(
        label=_("Det här skulle beslutet grunda sig på"),
        help_text=_(
            "Vilken aktivitet, vilka dagar och hur många timmar. Klienten läser texten; den "
            "står också i beslutet om du beslutar."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    intended = forms.CharField(
        label=_("Det här överväger vi att besluta"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    answer_by = forms.DateField(
        label=_("Svara senast (ÅÅÅÅ-MM-DD)"),
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _task(request, case_id: int, task_id: int):
    task = access_task_by_id(request.user, task_id)
    if task.case_id != case_id or not activity.is_activity_task(task):
        raise Http404
    return task


@login_required
def communicate(request, case_id: int, task_id: int):
    """Send the communication for an activity task; then follow it to the decision."""
    task = _task(request, case_id, task_id)
    case = task.case
    form = CommunicationForm(
        request.POST or None,
        initial={
            "intended": activity.default_intended(task),
            "answer_by": activity.default_answer_by(),
            # The facts only (the activity, the day, the hours): never the task's internal note.
            "subject": activity.default_subject(task),
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                activity.send_communication(
                    task,
                    subject=form.cleaned_data["subject"],
                    intended=form.cleaned_data["intended"],
                    answer_by=form.cleaned_data["answer_by"],
                    acting_user=request.user,
                )
            except AlreadySent as error:
                # A double click, or a second send while the first is open: one letter.
                messages.info(request, " ".join(error.messages))
                return redirect("workspace:activity_communicate", case.pk, task.pk)
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(
                    request, _("Kommuniceringen är skickad. Klienten ser den i e-tjänsten.")
                )
                return redirect("workspace:activity_communicate", case.pk, task.pk)
        status = 400
    step = activity.next_step(task)
    return render(
        request,
        "workspace/activity_communicate.html",
        {
            "case": case,
            "task": task,
            "step": step,
            "form": form,
            "problems": _problems(form),
            "reduce": Outcome.PARTLY_GRANTED,
            "refuse": Outcome.REFUSED,
        },
        status=status,
    )


def _problems(form) -> list[tuple[str, str]]:
    """(target, message) for the error summary (workspace/_error_summary.html)."""
    if not form.is_bound:
        return []
    found = [("communication-heading", str(e)) for e in form.non_field_errors()]
    for field in form:
        found += [(field.id_for_label, str(e)) for e in field.errors]
    return found


@login_required
def communication_letter(request, case_id: int, communication_id: int):
    """The communication's letter as it was sent."""
    case = access_case_by_id(request.user, case_id)
    communication = activity.case_communication(case, communication_id)
    pdf = bytes(communication.letter)
    is_pdf = pdf.startswith(b"%PDF")
    response = HttpResponse(
        pdf, content_type="application/pdf" if is_pdf else "text/html; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="kommunicering.pdf"'
    return response
