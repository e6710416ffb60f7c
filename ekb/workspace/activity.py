"""The activity requirement in the workspace: per case (the flag per adult, exemptions, the
schedule, sessions and attendance per week, /handlaggare/arenden/<case>/aktiviteter/) and the
caseworker's list of her clients who reached it (/handlaggare/aktivitetskrav/). A refused form
comes back on the page with what was typed (status 400)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.access import access_case_by_id, access_via_case
from ekb.decisions.support_history import adults_of_case
from ekb.flow import activity as flow_activity
from ekb.plans.activity import (
    exemption_of,
    exemptions_of,
    own_caseload,
    reached_list,
    review_due,
    rule,
    rule_target_changed,
    schedules_of,
    status_now,
    week_balance,
    week_from_query,
    week_label,
    week_start,
)
from ekb.plans.activity_actions import (
    do_add_session,
    do_end_exemption,
    do_record_attendance,
    do_record_declined,
    do_record_exemption,
    do_set_schedule,
)
from ekb.plans.activity_choices import ActivityKind, AttendanceStatus, ExemptionReason
from ekb.plans.models import ActivitySchedule, ActivitySession

DATE = {"type": "date"}
TIME = {"type": "time"}


class PersonForm(forms.Form):
    person = forms.TypedChoiceField(
        label=_("Person"),
        coerce=int,
        error_messages={
            "required": _("Välj sökande eller medsökande i hushållet."),
            "invalid_choice": _("Välj sökande eller medsökande i hushållet."),
        },
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.adults = {p.pk: p for p in adults_of_case(case)}
        self.fields["person"].choices = [(pk, p.full_name) for pk, p in self.adults.items()]

    def clean_person(self):
        return self.adults[self.cleaned_data["person"]]


class ExemptionForm(PersonForm):
    reason = forms.ChoiceField(
        label=_("Skäl"),
        choices=[("", "—"), *ExemptionReason.choices],
        error_messages={"required": _("Välj skälet till undantaget.")},
    )
    note = forms.CharField(
        label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    valid_from = forms.DateField(
        label=_("Gäller från"),
        widget=forms.DateInput(attrs=DATE),
        error_messages={
            "required": _("Ange från vilken dag undantaget gäller (ÅÅÅÅ-MM-DD)."),
            "invalid": _("Ange från vilken dag undantaget gäller (ÅÅÅÅ-MM-DD)."),
        },
    )
    review_on = forms.DateField(
        label=_("Omprövas senast"),
        widget=forms.DateInput(attrs=DATE),
        error_messages={
            "required": _("Ange när undantaget ska omprövas (ÅÅÅÅ-MM-DD)."),
            "invalid": _("Ange när undantaget ska omprövas (ÅÅÅÅ-MM-DD)."),
        },
    )


class EndExemptionForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Sista dag undantaget gäller"),
        widget=forms.DateInput(attrs=DATE),
        error_messages={
            "required": _("Ange sista dagen undantaget gäller (ÅÅÅÅ-MM-DD)."),
            "invalid": _("Ange sista dagen undantaget gäller (ÅÅÅÅ-MM-DD)."),
        },
    )


class ScheduleForm(PersonForm):
    part_time_work_hours = forms.CharField(
        label=_("Arbete på deltid, timmar per vecka"), required=False, initial="0"
    )
    weekly_target_hours = forms.CharField(
        label=_("Mål, timmar per vecka"),
        required=False,
        help_text=_(
            "Lämna tomt för regelns mål: 40 timmar, 10 färre med barn under 8 år i hushållet, minus deltidsarbete."
        ),
    )
    target_reason = forms.CharField(
        label=_("Skäl till ändrat mål"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    own_job_seeking_hours = forms.CharField(
        label=_("Eget jobbsökande, timmar per vecka (planeras, räknas inte)"),
        required=False,
        initial="0",
    )


class SessionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Typ av aktivitet"),
        choices=[("", "—"), *ActivityKind.choices],
        error_messages={"required": _("Välj en av lagens fyra typer av aktivitet.")},
    )
    title = forms.CharField(
        label=_("Aktivitet"),
        max_length=200,
        error_messages={"required": _("Ange vad aktiviteten är.")},
    )
    day = forms.DateField(
        label=_("Dag"),
        widget=forms.DateInput(attrs=DATE),
        error_messages={
            "required": _("Ange dagen (ÅÅÅÅ-MM-DD)."),
            "invalid": _("Ange dagen (ÅÅÅÅ-MM-DD)."),
        },
    )
    starts = forms.TimeField(
        label=_("Börjar"),
        widget=forms.TimeInput(attrs=TIME),
        error_messages={
            "required": _("Ange när passet börjar (TT:MM)."),
            "invalid": _("Ange när passet börjar (TT:MM)."),
        },
    )
    ends = forms.TimeField(
        label=_("Slutar"),
        widget=forms.TimeInput(attrs=TIME),
        error_messages={
            "required": _("Ange när passet slutar (TT:MM)."),
            "invalid": _("Ange när passet slutar (TT:MM)."),
        },
    )
    place = forms.CharField(
        label=_("Plats"), max_length=200, error_messages={"required": _("Ange platsen.")}
    )
    provider = forms.CharField(label=_("Anordnare"), max_length=200, required=False)

    def times(self):
        zone = timezone.get_current_timezone()
        data = self.cleaned_data
        return (
            dt.datetime.combine(data["day"], data["starts"], tzinfo=zone),
            dt.datetime.combine(data["day"], data["ends"], tzinfo=zone),
        )


class DeclinedForm(forms.Form):
    what = forms.CharField(
        label=_("Vilken aktivitet avböjdes, och vad sa klienten?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Beskriv vilken aktivitet klienten avböjde och vad hon sa.")},
    )
    declined_on = forms.DateField(
        label=_("Dag då klienten avböjde"),
        widget=forms.DateInput(attrs=DATE),
        error_messages={
            "required": _("Ange dagen (ÅÅÅÅ-MM-DD)."),
            "invalid": _("Ange dagen (ÅÅÅÅ-MM-DD)."),
        },
    )


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Närvaro"),
        choices=[("", "—"), *AttendanceStatus.choices],
        error_messages={"required": _("Välj närvaro.")},
    )
    note = forms.CharField(label=_("Anteckning (skäl)"), required=False, max_length=1000)


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def page_context(request, case, *, week=None, refused=None, **forms_) -> dict:
    today = timezone.localdate()
    monday = week_start(week or today)
    status = status_now(case, today)
    schedules = schedules_of(case)
    weeks = []
    for schedule in schedules:
        balance = week_balance(schedule, monday)
        for row in balance.sessions:
            session = row["session"]
            if refused and refused[0] == session.pk:
                row["form"] = refused[1]
            else:
                attendance = row["attendance"]
                row["form"] = AttendanceForm(
                    initial={"status": attendance.status, "note": attendance.note}
                    if attendance
                    else {},
                    prefix=f"s{session.pk}",
                )
            row["started"] = session.starts_at <= timezone.now()
        weeks.append(
            (
                schedule,
                balance,
                forms_.get(f"session_{schedule.pk}") or SessionForm(prefix=f"new{schedule.pk}"),
                forms_.get(f"declined_{schedule.pk}") or DeclinedForm(prefix=f"d{schedule.pk}"),
                rule_target_changed(schedule, today),
            )
        )
    version = rule(status.month)
    return {
        "case": case,
        "today": today,
        "status": status,
        "rule": version,
        "exemptions": [(e, review_due(e, today)) for e in exemptions_of(case)],
        "weeks": weeks,
        "week": week_label(monday),
        "previous_week": week_label(monday - dt.timedelta(days=7)),
        "next_week": week_label(monday + dt.timedelta(days=7)),
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "exemption_form": forms_.get("exemption") or ExemptionForm(case=case),
        "exemption_open": bool(forms_.get("exemption")),
        "schedule_form": forms_.get("schedule") or ScheduleForm(case=case),
        "end_forms": forms_.get("end"),
        "has_errors": bool(forms_.get("exemption") and forms_["exemption"].errors)
        or any(k != "exemption" and k != "af_answers" and v for k, v in forms_.items())
        or bool(refused),
        "af_answers": forms_.get("af_answers"),
    }


def _page(request, case, status=400, **kwargs):
    return render(
        request, "workspace/activity.html", page_context(request, case, **kwargs), status=status
    )


def _back(case, week: str = "") -> str:
    url = reverse("workspace:activity", args=[case.pk])
    return url + (f"?vecka={week}" if week else "") + "#schedule"


@login_required
@require_GET
def activity_page(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    week, unreadable = week_from_query(request.GET.get("vecka"), timezone.localdate())
    if unreadable:
        messages.warning(request, _("Veckan kunde inte läsas. Sidan visar den här veckan."))
    return _page(request, case, status=200, week=week)


@login_required
@require_POST
def record_exemption(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    form = ExemptionForm(request.POST, case=case)
    if form.is_valid():
        try:
            do_record_exemption(case, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Undantaget är registrerat."))
            return redirect(reverse("workspace:activity", args=[case.pk]) + "#exemptions")
    return _page(request, case, exemption=form)


@login_required
@require_POST
def ask_arbetsformedlingen(request, case_id: int):
    """Ask Arbetsförmedlingen whether the adults are in a full-time programme; a proposal to
    exempt fills the exemption form for the caseworker to record, or not."""
    case = access_case_by_id(request.user, case_id)
    answers = flow_activity.ask_arbetsformedlingen(case, acting_user=request.user)
    proposed = next((a for a in answers if a.proposal is not None), None)
    form = None
    if proposed is not None:
        form = ExemptionForm(
            case=case,
            initial={
                "person": proposed.person.pk,
                "reason": proposed.proposal.reason,
                "note": proposed.proposal.note,
                "valid_from": timezone.localdate(),
                "review_on": proposed.proposal.review_on,
            },
        )
    return _page(request, case, status=200, af_answers=answers, exemption=form)


@login_required
@require_POST
def end_exemption(request, case_id: int, exemption_id: int):
    case = access_case_by_id(request.user, case_id)
    exemption = exemption_of(case, exemption_id)
    if exemption is None:
        raise Http404
    form = EndExemptionForm(request.POST)
    if form.is_valid():
        try:
            do_end_exemption(exemption, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Undantaget har upphört."))
            return redirect(reverse("workspace:activity", args=[case.pk]) + "#exemptions")
    return _page(request, case, end=(exemption.pk, form))


@login_required
@require_POST
def set_schedule(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    form = ScheduleForm(request.POST, case=case)
    if form.is_valid():
        try:
            do_set_schedule(case, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Aktivitetsschemat är sparat."))
            return redirect(_back(case))
    return _page(request, case, schedule=form)


@login_required
@require_POST
def add_session(request, case_id: int, schedule_id: int):
    schedule = access_via_case(
        request.user, ActivitySchedule, schedule_id, action=Action.CHANGE_CASE, channel=Channel.WEB
    )
    if schedule.case_id != case_id:
        raise Http404
    case = schedule.case
    form = SessionForm(request.POST, prefix=f"new{schedule.pk}")
    week = None
    if form.is_valid():
        starts_at, ends_at = form.times()
        week = form.cleaned_data["day"]
        data = {k: form.cleaned_data[k] for k in ("kind", "title", "place", "provider")}
        try:
            do_add_session(
                schedule, starts_at=starts_at, ends_at=ends_at, acting_user=request.user, **data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Passet är inlagt i schemat."))
            return redirect(_back(case, week_label(week_start(week))))
    return _page(request, case, week=week, **{f"session_{schedule.pk}": form})


@login_required
@require_POST
def record_attendance(request, case_id: int, session_id: int):
    session = access_via_case(
        request.user,
        ActivitySession,
        session_id,
        action=Action.CHANGE_CASE,
        channel=Channel.WEB,
        case_path="schedule__case",
    )
    case = session.schedule.case
    if case.pk != case_id:
        raise Http404
    form = AttendanceForm(request.POST, prefix=f"s{session.pk}")
    day = timezone.localtime(session.starts_at).date()
    if form.is_valid():
        try:
            do_record_attendance(session, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Närvaron är registrerad."))
            return redirect(_back(case, week_label(week_start(day))))
    return _page(request, case, week=day, refused=(session.pk, form))


@login_required
@require_GET
def reached_clients(request):
    """The caseworker's own clients (assigned to her) who reached the requirement for next
    month's support; the ids shown are logged."""
    today = timezone.localdate()
    rows = reached_list(own_caseload(request.user), today)
    record(
        action=Action.LIST_CASES,
        user=request.user,
        detail={"case_ids": [case.pk for case, _status in rows], "list": "activity_requirement"},
    )
    return render(request, "workspace/activity_list.html", {"rows": rows})


@login_required
@require_POST
def record_declined(request, case_id: int, schedule_id: int):
    """The client declined an assigned activity: a task for the caseworker, never money."""
    schedule = access_via_case(
        request.user, ActivitySchedule, schedule_id, action=Action.CHANGE_CASE, channel=Channel.WEB
    )
    if schedule.case_id != case_id:
        raise Http404
    form = DeclinedForm(request.POST, prefix=f"d{schedule.pk}")
    if form.is_valid():
        try:
            do_record_declined(schedule, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Det är registrerat att klienten avböjde; en uppgift är öppnad.")
            )
            return redirect(_back(schedule.case))
    return _page(request, schedule.case, **{f"declined_{schedule.pk}": form})
