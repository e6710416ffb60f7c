"""The section manager's start page: the unit's open applications by age, decisions waiting for
her, caseloads, absences and who covers, overdue supplement requests, and this month's meetings.
Each panel is one read function in the room that owns the data; this module only gathers them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ekb.accounts.absences import absences_in_units, do_register_absence, unit_staff
from ekb.accounts.roles import Role
from ekb.applications.reads import open_by_age, overdue_supplements
from ekb.audit.log import record
from ekb.audit.models import Action
from ekb.cases.assignment import caseloads
from ekb.decisions.reads import awaiting_approval
from ekb.meetings.access import month_view

DATE_ERROR = {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")}


class AbsenceForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Vem är frånvarande"), coerce=int)
    starts_on = forms.DateField(label=_("Från (ÅÅÅÅ-MM-DD)"), error_messages=DATE_ERROR)
    ends_on = forms.DateField(label=_("Till och med (ÅÅÅÅ-MM-DD)"), error_messages=DATE_ERROR)
    covered_by = forms.TypedChoiceField(
        label=_("Ersättare"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {u.pk: u for u in staff}
        people = [(u.pk, u.display_name) for u in staff]
        self.fields["user"].choices = [("", _("Välj handläggare")), *people]
        self.fields["covered_by"].choices = [("", _("Ingen ersättare")), *people]


def managed_units(user) -> set[int]:
    return user.units_with_roles({Role.SECTION_MANAGER})


def manager_context(user, absence_form: AbsenceForm | None = None) -> dict:
    """The panels of the manager's start page; empty for anyone who manages no unit."""
    units = managed_units(user)
    if not units:
        return {}
    today = timezone.localdate()
    waiting = awaiting_approval(units, user)
    overdue = overdue_supplements(units, today)
    shown = sorted({w.decision.case_id for w in waiting} | {o.request.case_id for o in overdue})
    if shown:
        record(action=Action.LIST_CASES, user=user, detail={"case_ids": shown, "list": "manager"})
    staff = unit_staff(units)
    return {
        "manager": {
            "by_age": open_by_age(units, today),
            "waiting": waiting,
            "caseloads": caseloads(units),
            "absences": absences_in_units(units, today),
            "overdue": overdue,
            "meetings": month_view(units, today),
            "month": today.replace(day=1),
            "today": today,
        },
        "absence_form": absence_form or AbsenceForm(staff=staff),
    }


@login_required
@require_POST
def register_absence(request):
    units = managed_units(request.user)
    staff = unit_staff(units) if units else []
    form = AbsenceForm(request.POST, staff=staff)
    if not units:
        messages.error(request, _("Bara sektionschefen registrerar frånvaro."))
        return redirect("workspace:home")
    if form.is_valid():
        data = form.cleaned_data
        try:
            do_register_absence(
                form.people[data["user"]],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                covered_by=form.people.get(data["covered_by"]) if data["covered_by"] else None,
                acting_user=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(None if field not in form.fields else field, problems)
        else:
            messages.success(request, _("Frånvaron är registrerad."))
            return redirect("workspace:home")
    from ekb.workspace.views import home_context

    return render(
        request,
        "workspace/home.html",
        home_context(request, absence_form=form),
        status=400,
    )
