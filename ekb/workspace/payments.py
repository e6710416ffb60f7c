"""The section manager's daily payment list and payment file.

Only section managers, and only for the cases of the units they manage: everyone else gets 404,
the same as a page that does not exist. Reading the list and fetching the file are logged.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from ekb.payments.access import (
    access_payment_file,
    days_left_behind,
    first_day_to_pay,
    may_fetch_payment_file,
    payment_list_of,
    payment_scope,
    runs_of,
)
from ekb.payments.actions import do_run_payments, pay_day_of
from ekb.payments.models import PaymentRun
from ekb.payments.paydays import next_pay_date


class PayDateForm(forms.Form):
    datum = forms.DateField(
        label=gettext_lazy("Utbetalningsdag"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": gettext_lazy("Ange en utbetalningsdag."),
            "invalid": gettext_lazy("Skriv utbetalningsdagen som ÅÅÅÅ-MM-DD, t.ex. 2026-05-25."),
        },
    )


def _file_url(run: PaymentRun) -> str | None:
    try:
        return reverse("workspace:payment_file", args=[run.pk])
    except NoReverseMatch:  # until the download URL is wired
        return None


def _list_url(pay_date: dt.date) -> str:
    return f"{reverse('workspace:payment_list')}?datum={pay_date.isoformat()}"


@login_required
@require_http_methods(["GET", "POST"])
def payment_list(request):
    scope = payment_scope(request.user)
    municipality = request.user.municipality
    today = timezone.localdate()
    default = first_day_to_pay(scope, today, next_pay_date(today, pay_day_of(municipality)))
    data = request.POST if request.method == "POST" else request.GET
    form = PayDateForm(data if "datum" in data else None, initial={"datum": default})
    pay_date = form.cleaned_data["datum"] if form.is_valid() else default
    run_error = ""

    if request.method == "POST" and form.is_valid():
        try:
            result = do_run_payments(municipality, pay_date, acting_user=request.user, cases=scope)
        except ValidationError as error:
            run_error = " ".join(error.messages)
        else:
            if result.created:
                messages.success(
                    request,
                    ngettext(
                        "Betalfilen %(run)s skapades med %(count)s utbetalning.",
                        "Betalfilen %(run)s skapades med %(count)s utbetalningar.",
                        result.run.payment_count,
                    )
                    % {"run": result.run.message_id, "count": result.run.payment_count},
                )
            elif result.run is not None:
                messages.info(
                    request,
                    _("Inga nya utbetalningar; betalfilen %(run)s finns redan.")
                    % {"run": result.run.message_id},
                )
            else:
                messages.info(request, _("Det finns inga utbetalningar att ta med i en betalfil."))
            if result.missing_account:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)s utbetalning saknar konto och togs inte med. Den ligger kvar "
                        "som planerad och tas med när kontot finns.",
                        "%(count)s utbetalningar saknar konto och togs inte med. De ligger kvar "
                        "som planerade och tas med när kontot finns.",
                        len(result.missing_account),
                    )
                    % {"count": len(result.missing_account)},
                )
            return redirect(_list_url(pay_date))

    listing = payment_list_of(request.user, scope, pay_date)
    runs = [
        {
            "run": run,
            # Only a file whose every payment is in her units can be fetched (see payment_file).
            "url": _file_url(run) if may_fetch_payment_file(request.user, run) else None,
        }
        for run in runs_of(request.user, pay_date, listing.runs)
    ]
    return render(
        request,
        "workspace/payment_list.html",
        {
            "form": form,
            "pay_date": pay_date,
            "listing": listing,
            "runs": runs,
            "run_error": run_error,
            "days_left_behind": days_left_behind(scope, today),
            "can_run": bool(listing.waiting)
            and len(listing.missing_account) < len(listing.waiting),
        },
        status=400 if run_error else 200,
    )


@login_required
@require_GET
def payment_file(request, run_id: int):
    """The stored pain.001 file of a run (who may: ``ekb.payments.access``)."""
    run = access_payment_file(request.user, run_id)
    response = HttpResponse(bytes(run.file), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{run.message_id}.xml"'
    response["Cache-Control"] = "no-store"
    return response
