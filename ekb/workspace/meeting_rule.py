"""The meeting rule's exceptions and targets (issue 12): a case's own interval, set on the case
page's meetings section with its reason (every other month for a client in stable work training,
every other week for a client in a crisis) and the way back to the rule; and the section
manager's page of her units' monthly targets (/handlaggare/moten/mal/).

Who may: staff who work the case set its interval (ekb.meetings.rules.may_set_meeting_frequency;
a case they may not see is a 404 through ekb.cases.access, a closed case a 403); only a section
manager of the unit sets the unit's target (the page is a 404 for anyone who manages no unit, as
the payment list)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ekb.cases.access import access_case_by_id
from ekb.meetings.access import meeting_targets_of
from ekb.meetings.rules import (
    case_meeting_rule,
    do_return_to_meeting_rule,
    do_set_meeting_frequency,
    do_set_meeting_target,
    may_set_meeting_frequency,
)

DATE_ERROR = {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")}

# The intervals a caseworker chooses between: weeks for a client who needs tighter contact, months
# for one whose situation is stable. "w" weeks, "m" months.
INTERVAL_CHOICES = [
    ("w1", _("Varje vecka")),
    ("w2", _("Varannan vecka (två gånger i månaden)")),
    ("m2", _("Varannan månad")),
    ("m3", _("Var tredje månad")),
    ("m6", _("Var sjätte månad")),
]


class FrequencyForm(forms.Form):
    interval = forms.ChoiceField(
        label=_("Hur ofta klienten ska träffas"),
        choices=[("", _("Välj hur ofta")), *INTERVAL_CHOICES],
        error_messages={"required": _("Välj hur ofta klienten ska träffas.")},
    )
    reason = forms.CharField(
        label=_("Skäl"),
        help_text=_("Varför klienten behöver en annan täthet än regeln."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,  # the domain's message says what a reason is for
        max_length=2000,
    )
    valid_from = forms.DateField(
        label=_("Gäller från (ÅÅÅÅ-MM-DD)"),
        error_messages={**DATE_ERROR, "required": _("Ange från vilket datum tätheten gäller.")},
    )

    def interval_parts(self) -> dict:
        code = self.cleaned_data["interval"]
        number = int(code[1:])
        return {"interval_weeks": number} if code[0] == "w" else {"interval_months": number}


class ReturnToRuleForm(forms.Form):
    valid_from = forms.DateField(
        label=_("Regeln gäller igen från (ÅÅÅÅ-MM-DD)"),
        error_messages={**DATE_ERROR, "required": _("Ange från vilket datum regeln gäller igen.")},
    )
    note = forms.CharField(
        label=_("Kommentar (frivillig)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


def meeting_rule_context(case, user, **forms_) -> dict:
    """The case page's part: the rule, the case's own interval and who set it, the forms."""
    today = timezone.localdate()
    may = may_set_meeting_frequency(user, case)
    return {
        "meeting_rule": case_meeting_rule(case, today),
        "frequency_form": (
            forms_.get("frequency_form") or FrequencyForm(initial={"valid_from": today})
        )
        if may
        else None,
        "return_form": (
            forms_.get("return_form") or ReturnToRuleForm(initial={"valid_from": today})
        )
        if may
        else None,
    }


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _case_page(request, case, **forms_):
    from ekb.workspace.casework import _case_page as case_page

    messages.error(request, _("Mötestätheten sparades inte. Se vad som behöver rättas."))
    return case_page(request, case, **forms_)


def _back(case):
    return redirect(reverse("workspace:case", args=[case.pk]) + "#meeting-rule")


@login_required
@require_POST
def set_frequency(request, case_id: int):
    case = access_case_by_id(request.user, case_id)  # 404 for a case she may not see
    form = FrequencyForm(request.POST)
    if form.is_valid():
        try:
            do_set_meeting_frequency(  # PermissionDenied (403) on a case she may not work
                case,
                **form.interval_parts(),
                reason=form.cleaned_data["reason"],
                valid_from=form.cleaned_data["valid_from"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Ärendets mötestäthet är sparad."))
            return _back(case)
    return _case_page(request, case, frequency_form=form)


@login_required
@require_POST
def return_to_rule(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    form = ReturnToRuleForm(request.POST)
    if form.is_valid():
        try:
            do_return_to_meeting_rule(
                case,
                valid_from=form.cleaned_data["valid_from"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Ärendet följer mötesregeln igen."))
            return _back(case)
    return _case_page(request, case, return_form=form)


# --- the section manager's targets -----------------------------------------------------------


class TargetForm(forms.Form):
    unit = forms.TypedChoiceField(
        label=_("Enhet"),
        coerce=int,
        error_messages={
            "required": _("Välj en av dina enheter."),
            "invalid_choice": _("Välj en av dina enheter."),
        },
    )
    meetings_per_month = forms.IntegerField(
        label=_("Möten per handläggare och månad"),
        min_value=1,
        max_value=200,
        error_messages={
            "required": _("Ange antalet möten per handläggare och månad (1–200)."),
            "invalid": _("Ange antalet möten per handläggare och månad (1–200)."),
            "min_value": _("Ange antalet möten per handläggare och månad (1–200)."),
            "max_value": _("Ange antalet möten per handläggare och månad (1–200)."),
        },
    )
    valid_from = forms.DateField(
        label=_("Gäller från (ÅÅÅÅ-MM-DD)"),
        help_text=_("Målet gäller för hela månaden som dagen ligger i och framåt."),
        error_messages={**DATE_ERROR, "required": _("Ange från vilket datum målet gäller.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        choices = [(u.pk, u.name) for u in units]
        self.fields["unit"].choices = (
            choices if len(choices) == 1 else [("", _("Välj enhet"))] + choices
        )
        if len(choices) == 1:
            self.fields["unit"].initial = choices[0][0]


@login_required
def meeting_targets(request):
    today = timezone.localdate()
    month = today.replace(day=1)
    rows = meeting_targets_of(request.user, month)  # 404 for anyone who manages no unit
    units = [row.unit for row in rows]
    form = TargetForm(units=units, initial={"valid_from": month})
    status = 200
    if request.method == "POST":
        form = TargetForm(request.POST, units=units)
        if form.is_valid():
            try:
                do_set_meeting_target(
                    unit=form.units[form.cleaned_data["unit"]],
                    meetings_per_month=form.cleaned_data["meetings_per_month"],
                    valid_from=form.cleaned_data["valid_from"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Enhetens mål är sparat."))
                return redirect("workspace:meeting_targets")
        status = 400
    return render(
        request,
        "workspace/meeting_targets.html",
        {"rows": rows, "form": form, "month": month, "today": today},
        status=status,
    )
