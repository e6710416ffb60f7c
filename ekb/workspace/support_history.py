"""Earlier months of försörjningsstöd on the case page: record one for a person (the applicant or
a co-applicant: the months are per person, ekb.decisions.support_history) with its source, strike
one with a reason. A form with errors comes back filled in, on a page of its own, so nothing
the caseworker typed is lost."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from ekb.cases.access import access_case_by_id
from ekb.decisions.support_history import (
    SOURCE_MAX_LENGTH,
    adults_of_case,
    counted_adults,
    do_record_earlier_support,
    do_remove_earlier_support,
    earlier_support,
    parse_month,
    supported_months_by_person,
)
from ekb.lib.months import next_month_start


class EarlierSupportForm(forms.Form):
    person = forms.TypedChoiceField(
        label=_("Person som fick försörjningsstödet"),
        coerce=int,
        error_messages={
            "required": _("Välj sökande eller medsökande i hushållet."),
            "invalid_choice": _("Välj sökande eller medsökande i hushållet."),
        },
    )
    month = forms.CharField(
        label=_("Månad (ÅÅÅÅ-MM)"),
        error_messages={"required": _("Ange månaden (ÅÅÅÅ-MM).")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2026-03"}),
    )
    source = forms.CharField(
        label=_("Källa, till exempel ”Beslut från Lunds kommun 2026-03-12”"),
        max_length=SOURCE_MAX_LENGTH,
        error_messages={
            "required": _("Ange källan, till exempel ”Beslut från Lunds kommun 2026-03-12”.")
        },
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.adults = {p.pk: p for p in adults_of_case(case)}
        self.fields["person"].choices = [(pk, p.full_name) for pk, p in self.adults.items()]
        if self.adults and not self.is_bound:
            self.initial["person"] = next(iter(self.adults))  # the applicant

    def clean_person(self):
        return self.adults[self.cleaned_data["person"]]

    def clean_month(self):
        month = parse_month(self.cleaned_data["month"])
        if month is None:
            raise ValidationError(_("Ange månaden som ÅÅÅÅ-MM, till exempel 2026-03."))
        return month


class RemovalForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl till att månaden stryks"),
        max_length=1000,
        error_messages={"required": _("Ange varför månaden stryks.")},
    )


def section_context(case, *, form=None, removal=None) -> dict:
    """What the section on the case page shows; ``removal`` is (fact id, bound form)."""
    from django.utils import timezone

    return {
        "case": case,
        "facts": list(earlier_support(case)),
        # Each adult's own months that count for jobbstimulans in next month's calculation.
        "counted_months": _counted_months(case, next_month_start(timezone.localdate())),
        "form": form or EarlierSupportForm(case=case),
        "removal": removal,
    }


def _counted_months(case, month) -> list[tuple]:
    """(person, months) for each adult counted in ``month``."""
    by_person = supported_months_by_person(case, month)
    adults = {m.person_id: m.person for m in counted_adults(case, month)}
    return [(adults[pk], months) for pk, months in by_person.items()]


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(None if field not in form.fields else field, problems)


def _page(request, case, status=400, **kwargs):
    return render(
        request, "workspace/earlier_support.html", section_context(case, **kwargs), status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def earlier_support_page(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    if request.method == "GET":
        return _page(request, case, status=200)
    form = EarlierSupportForm(request.POST, case=case)
    if form.is_valid():
        try:
            do_record_earlier_support(case, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Månaden med försörjningsstöd är registrerad."))
            return redirect(reverse("workspace:case", args=[case.pk]) + "#earlier-support")
    return _page(request, case, form=form)


@login_required
@require_POST
def remove_earlier_support(request, case_id: int, fact_id: int):
    case = access_case_by_id(request.user, case_id)
    fact = case.earlier_support.filter(pk=fact_id).first()
    if fact is None:
        raise Http404
    form = RemovalForm(request.POST)
    if form.is_valid():
        try:
            do_remove_earlier_support(
                fact, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Månaden är struken."))
            return redirect(reverse("workspace:case", args=[case.pk]) + "#earlier-support")
    return _page(request, case, removal=(fact.pk, form))
