"""The meeting page (/handlaggare/moten/<id>/): the record form (held or missed), the journal
draft to correct and sign, the link to the money in the meeting; and the FAS month view
(/handlaggare/moten/manad/). A refused form comes back with what was typed and why."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ekb.accounts.roles import Role
from ekb.flow.meetings import oral_decision_lines
from ekb.lib.months import shown_year
from ekb.meetings.access import access_meeting_by_id, month_view, my_month
from ekb.meetings.actions import do_cancel_meeting
from ekb.meetings.choices import MeetingKind, MeetingStatus
from ekb.meetings.records import (
    concern_report,
    do_record_meeting,
    do_sign_meeting_journal,
    household_has_children,
    journal_draft,
)

HELD, MISSED = "held", "missed"


class RecordForm(forms.Form):
    held = forms.ChoiceField(
        label=_("Blev mötet av?"),
        choices=[(HELD, _("Ja, mötet hölls")), (MISSED, _("Nej, klienten uteblev"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Ange om mötet blev av eller om klienten uteblev.")},
    )
    kind = forms.ChoiceField(label=_("Vilken sorts möte det blev"), choices=MeetingKind.choices)
    duration_minutes = forms.IntegerField(
        label=_("Längd (minuter)"),
        required=False,
        min_value=1,
        error_messages={"invalid": _("Skriv längden i hela minuter.")},
    )
    participants = forms.CharField(
        label=_("Deltagare"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes_planning = forms.CharField(
        label=_("Planering"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes_health = forms.CharField(
        label=_("Hälsa"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes_children = forms.CharField(
        label=_("Barnens situation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes_school = forms.CharField(
        label=_("Skola"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    agreed = forms.CharField(
        label=_("Överenskommet"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    children_considered = forms.CharField(
        label=_("Hur har barnens behov beaktats? (barnrättsperspektivet)"),
        help_text=_("Krävs när det finns barn i hushållet."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    concern_report_needed = forms.BooleanField(
        label=_("En orosanmälan behöver göras"), required=False
    )
    no_show_follow_up = forms.CharField(
        label=_("Uppföljning av uteblivet möte"),
        help_text=_("Krävs när klienten uteblev: vad du har gjort (ringt, skrivit, ny tid)."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Varför ställs mötet in?"),
        help_text=_("Klienten ser att mötet är inställt i e-tjänsten."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv varför mötet ställs in.")},
    )


class JournalForm(forms.Form):
    text = forms.CharField(
        label=_("Journalanteckning från mötet"),
        help_text=_("Förslaget bygger på det du dokumenterade. Rätta det och signera."),
        widget=forms.Textarea(attrs={"rows": 12}),
    )


def _decided(meeting) -> list[str]:
    """The oral decision's lines for the draft (ekb.flow.meetings)."""
    return list(oral_decision_lines(meeting))


def _money_url(meeting) -> str:
    return reverse("workspace:meeting_money", args=[meeting.pk])


def _problems(form) -> list[tuple[str, str]]:
    heading = "cancel-heading" if isinstance(form, CancelForm) else "record-heading"
    problems = [(heading, str(e)) for e in form.non_field_errors()]
    for field in form:
        target = f"{field.auto_id}_0" if field.name == "held" else field.id_for_label
        problems += [(target, str(e)) for e in field.errors]
    return problems


def _context(request, meeting, *, record_form=None, journal_form=None, cancel_form=None) -> dict:
    started = meeting.starts_at <= timezone.now()
    draft_form = journal_form
    if draft_form is None and meeting.is_recorded and meeting.journal_entry_id is None:
        draft_form = JournalForm(
            initial={"text": journal_draft(meeting, decided=_decided(meeting))}
        )
    refused = record_form or journal_form or cancel_form
    return {
        "meeting": meeting,
        "case": meeting.case,
        "started": started,
        "record_form": record_form
        or RecordForm(initial={"kind": meeting.kind, "duration_minutes": meeting.duration_minutes}),
        "journal_form": draft_form,
        "cancel_form": cancel_form or CancelForm(),
        "booked": meeting.status == MeetingStatus.BOOKED,
        "cancel_refused": cancel_form is not None and bool(cancel_form.errors),
        "has_children": household_has_children(meeting),
        "concern": concern_report(timezone.localdate(meeting.starts_at)),
        "money_url": _money_url(meeting),
        "errors": _problems(refused) if refused is not None and refused.errors else [],
    }


@login_required
def meeting_page(request, meeting_id: int):
    meeting = access_meeting_by_id(request.user, meeting_id)
    return render(request, "workspace/meeting.html", _context(request, meeting))


@login_required
@require_POST
def record_meeting(request, meeting_id: int):
    meeting = access_meeting_by_id(request.user, meeting_id)
    form = RecordForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            do_record_meeting(
                meeting,
                held=data["held"] == HELD,
                kind=data["kind"],
                duration_minutes=data["duration_minutes"],
                participants=data["participants"],
                notes_planning=data["notes_planning"],
                notes_health=data["notes_health"],
                notes_children=data["notes_children"],
                notes_school=data["notes_school"],
                agreed=data["agreed"],
                children_considered=data["children_considered"],
                concern_report_needed=data["concern_report_needed"],
                no_show_follow_up=data["no_show_follow_up"],
                acting_user=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            if meeting.status == MeetingStatus.MISSED:
                messages.success(
                    request, _("Det uteblivna mötet är dokumenterat och en uppgift är skapad.")
                )
            else:
                messages.success(
                    request, _("Mötet är dokumenterat. Rätta och signera anteckningen.")
                )
            return redirect(reverse("workspace:meeting_page", args=[meeting.pk]) + "#journal")
    return render(
        request, "workspace/meeting.html", _context(request, meeting, record_form=form), status=400
    )


@login_required
@require_POST
def sign_meeting_journal(request, meeting_id: int):
    meeting = access_meeting_by_id(request.user, meeting_id)
    form = JournalForm(request.POST)
    if form.is_valid():
        try:
            do_sign_meeting_journal(
                meeting, text=form.cleaned_data["text"], acting_user=request.user
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Anteckningen är signerad i journalen."))
            return redirect("workspace:meeting_page", meeting.pk)
    return render(
        request,
        "workspace/meeting.html",
        _context(request, meeting, journal_form=form),
        status=400,
    )


@login_required
@require_POST
def cancel_meeting(request, meeting_id: int):
    """Ställ in: the booked meeting is cancelled with a reason; a new time is booked on the case
    page (Boka om)."""
    meeting = access_meeting_by_id(request.user, meeting_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            do_cancel_meeting(meeting, reason=form.cleaned_data["reason"], acting_user=request.user)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Mötet är inställt. Boka en ny tid om det behövs."))
            return redirect(reverse("workspace:case", args=[meeting.case_id]) + "#meetings")
    return render(
        request, "workspace/meeting.html", _context(request, meeting, cancel_form=form), status=400
    )


# --- the month view --------------------------------------------------------------------------------


def _month(raw: str | None, today: dt.date) -> tuple[dt.date, str]:
    """The month asked for (?manad=ÅÅÅÅ-MM), else this month; with a message when unreadable."""
    if not raw:
        return today.replace(day=1), ""
    try:
        month = dt.date.fromisoformat(f"{raw.strip()}-01")
    except ValueError:
        month = None
    if month is None or not shown_year(month.year):
        return today.replace(day=1), str(_("Skriv månaden som ÅÅÅÅ-MM. Här visas denna månad."))
    return month, ""


def _step(month: dt.date, months: int) -> dt.date:
    index = month.month - 1 + months
    return dt.date(month.year + index // 12, index % 12 + 1, 1)


@login_required
def meeting_month(request):
    today = timezone.localdate()
    month, problem = _month(request.GET.get("manad"), today)
    managed = request.user.units_with_roles({Role.SECTION_MANAGER})
    own = my_month(request.user, month)
    return render(
        request,
        "workspace/meeting_month.html",
        {
            "month": month,
            "month_text": month.strftime("%Y-%m"),
            "previous": _step(month, -1).strftime("%Y-%m"),
            "next": _step(month, 1).strftime("%Y-%m"),
            "problem": problem,
            "own": own,
            "own_row": own.rows[0] if own.rows else None,
            "unit": month_view(managed, month) if managed else None,
        },
    )
