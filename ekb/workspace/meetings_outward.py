"""The meetings seen from outside the meeting room: calls and messages logged on the case page,
the case's labour-market officer, a caseworker's own settings (phone hours, the calendar
feed's secret address) and the feed itself."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from ekb.audit.log import record
from ekb.audit.models import Action
from ekb.cases.access import access_case_by_id
from ekb.cases.labour_market import (
    do_set_labour_market_officer,
    may_set_officer,
    officer_cases,
    officer_options,
)
from ekb.meetings.calendar_feed import calendar_feed as feed_document
from ekb.meetings.calendar_feed import do_make_calendar_token, feed_made_at, feed_owner
from ekb.meetings.contact import (
    MAX_CALL_MINUTES,
    case_contacts,
    do_log_contact,
    do_set_phone_hours,
    week_of,
)
from ekb.meetings.models import ContactDirection, ContactKind, Weekday
from ekb.workspace.casework import _case_page

TIME_INVALID = _("Skriv tiden som TT:MM.")


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ"), choices=ContactKind.choices, widget=forms.RadioSelect)
    direction = forms.ChoiceField(
        label=_("Vem hörde av sig"), choices=ContactDirection.choices, widget=forms.RadioSelect
    )
    at = forms.DateTimeField(
        label=_("När (ÅÅÅÅ-MM-DD TT:MM)"),
        error_messages={"invalid": _("Skriv datum och tid som ÅÅÅÅ-MM-DD TT:MM.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Längd i minuter (samtal)"),
        required=False,
        min_value=1,
        max_value=MAX_CALL_MINUTES,
    )
    note = forms.CharField(
        label=_("Anteckning"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kort: vad det gällde. Det som ska journalföras skriver du i journalen."),
    )

    def __init__(self, *args, **kwargs):
        # The case page has other forms with a "kind" (the booking): ids of their own.
        kwargs.setdefault("auto_id", "contact-%s")
        super().__init__(*args, **kwargs)


class OfficerForm(forms.Form):
    officer = forms.TypedChoiceField(
        label=_("Arbetsmarknadssekreterare"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["officer"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Ingen (en handläggare för allt)"))] + [
            (o.pk, o.display_name) for o in officer_options(case)
        ]
        field.initial = case.labour_market_officer_id


def contact_context(case, user, **forms_) -> dict:
    """The case page's part: logged calls and messages, and who is the labour-market officer."""
    return {
        "contacts": case_contacts(case),
        "contact_form": forms_.get("contact_form") or ContactForm(),
        "officer_form": OfficerForm(case=case) if may_set_officer(user, case) else None,
    }


@login_required
@require_POST
def log_contact(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            do_log_contact(case, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Samtalet eller meddelandet är loggat."))
            return redirect(reverse("workspace:case", args=[case.pk]) + "#contacts")
    return _case_page(request, case, contact_form=form)


@login_required
@require_POST
def set_officer(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    form = OfficerForm(request.POST, case=case)
    if not form.is_valid():
        messages.error(request, _("Välj en arbetsmarknadssekreterare i ärendets enhet."))
        return redirect(reverse("workspace:case", args=[case.pk]) + "#officer")
    chosen = {o.pk: o for o in officer_options(case)}.get(form.cleaned_data["officer"] or 0)
    try:
        do_set_labour_market_officer(case, chosen, acting_user=request.user)
    except PermissionDenied:
        messages.error(request, _("Du kan inte ändra arbetsmarknadssekreterare i ärendet."))
    except ValidationError as error:
        messages.error(request, " ".join(str(m) for m in error.messages))
    else:
        messages.success(request, _("Arbetsmarknadssekreteraren är sparad."))
    return redirect(reverse("workspace:case", args=[case.pk]) + "#officer")


def officer_case_list(user) -> list:
    """Her cases as labour-market officer, for the start page; the ids shown are logged."""
    rows = list(officer_cases(user)[:100])
    if rows:
        record(action=Action.LIST_CASES, user=user, detail={"case_ids": [c.pk for c in rows]})
    return rows


# --- my settings: phone hours and the calendar feed -----------------------------------------


class PhoneHoursForm(forms.Form):
    """Monday to Friday, from and to; a day left empty has no phone hours."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = []
        for day in week_of(user):
            for part, value, label in (
                ("starts", day.starts, _("%(day)s från (TT:MM)")),
                ("ends", day.ends, _("%(day)s till (TT:MM)")),
            ):
                name = f"day_{day.weekday}_{part}"
                self.fields[name] = forms.TimeField(
                    label=label % {"day": str(day.day_name).capitalize()},
                    required=False,
                    initial=value,
                    error_messages={"invalid": TIME_INVALID},
                    widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric"}),
                )
            self.days.append(
                (day, self[f"day_{day.weekday}_starts"], self[f"day_{day.weekday}_ends"])
            )

    def week(self) -> dict:
        return {
            day: (self.cleaned_data[f"day_{day}_starts"], self.cleaned_data[f"day_{day}_ends"])
            for day in Weekday.values
        }


@login_required
def my_settings(request):
    user = request.user
    form = PhoneHoursForm(user=user)
    new_feed_url, status = None, 200
    if request.method == "POST" and request.POST.get("what") == "calendar":
        token = do_make_calendar_token(user)
        # Shown once: only the token's hash is kept.
        new_feed_url = request.build_absolute_uri(reverse("workspace:calendar_feed", args=[token]))
    elif request.method == "POST":
        form = PhoneHoursForm(request.POST, user=user)
        if form.is_valid():
            try:
                do_set_phone_hours(user, form.week())
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    target = f"{field}_starts" if field.startswith("day_") else None
                    form.add_error(target, problems)
            else:
                messages.success(request, _("Din telefontid är sparad."))
                return redirect("workspace:my_settings")
        status = 400
    context = {
        "form": form,
        "feed_made_at": feed_made_at(user),
        "new_feed_url": new_feed_url,
        "errors": [
            (field.id_for_label if field else "phone-hours-heading", str(message))
            for name, problems in form.errors.items()
            for field in [form[name] if name in form.fields else None]
            for message in problems
        ],
    }
    return render(request, "workspace/my_settings.html", context, status=status)


@require_GET
def calendar_feed(request, token: str):
    """The feed a calendar app fetches without a login: the token is the key. A wrong or old
    token is a 404, like any missing page."""
    user = feed_owner(token)
    if user is None:
        raise Http404
    response = HttpResponse(feed_document(user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
