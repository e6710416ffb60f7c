"""A caseworker registers an application the client made by phone, at a visit or on paper
(ekb.applications.registered): a form from the case page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ekb.applications.choices import REGISTERED_BY_STAFF, SubmittedVia
from ekb.applications.registered import registration_months
from ekb.cases.access import access_case_by_id
from ekb.flow import journey


class RegisterApplicationForm(forms.Form):
    submitted_via = forms.ChoiceField(
        label=gettext_lazy("Hur kom ansökan in?"),
        choices=[(v, SubmittedVia(v).label) for v in REGISTERED_BY_STAFF],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Välj hur ansökan kom in.")},
    )
    month = forms.ChoiceField(
        label=gettext_lazy("Månad som klienten söker för"),
        error_messages={"required": gettext_lazy("Välj månad.")},
    )
    received_on = forms.DateField(
        label=gettext_lazy("Dagen ansökan kom in"),
        help_text=gettext_lazy(
            "Ansökan räknas från den dag den kom in till kommunen, också om den var muntlig. "
            "Skriv datumet som ÅÅÅÅ-MM-DD."
        ),
        error_messages={
            "required": gettext_lazy("Skriv dagen ansökan kom in."),
            "invalid": gettext_lazy("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-20."),
        },
    )
    from_last_month = forms.BooleanField(
        label=gettext_lazy(
            "Klienten säger att inget har ändrats: utgå från förra månadens uppgifter"
        ),
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Vad klienten sa eller skrev"),
        help_text=gettext_lazy("Kort: vad klienten söker för och det du behöver minnas."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [
            (f"{m:%Y-%m}", date_format(m, "F Y")) for m in registration_months(today)
        ]
        self.fields["received_on"].initial = today
        self.months = {f"{m:%Y-%m}": m for m in registration_months(today)}


@login_required
def register_application(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    today = timezone.localdate()
    form = RegisterApplicationForm(request.POST or None, today=today)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = journey.register_application(
                    case,
                    month=form.months[data["month"]],
                    submitted_via=data["submitted_via"],
                    received_on=data["received_on"],
                    note=data["note"],
                    from_last_month=data["from_last_month"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    target = field if field in form.fields else None
                    for problem in problems:
                        form.add_error(target, problem)
            else:
                messages.success(request, _("Ansökan är registrerad."))
                return redirect("workspace:application", application.pk)
        status = 400
    return render(
        request,
        "workspace/register_application.html",
        {"case": case, "form": form},
        status=status,
    )
