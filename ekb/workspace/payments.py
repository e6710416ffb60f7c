"""The section manager's daily payment list and payment file.

Only section managers, and only for the cases of the units they manage: everyone else gets 404,
the same as a page that does not exist. Reading the list and fetching the file are logged. Who
may attest a run is ``ekb.payments.attest``'s to say: the page shows "Attestera" only to her, and
to everyone else why not and who may; another unit's run appears only in the one case where she
is the one who may attest it (``ekb.payments.access``).
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

from ekb.accounts.roles import Role
from ekb.payments.access import (
    access_payment_by_id,
    access_payment_file,
    access_payment_run,
    access_payment_run_to_attest,
    attested_elsewhere,
    days_left_behind,
    first_day_to_pay,
    may_fetch_payment_file,
    payment_list_of,
    payment_scope,
    runs_of,
    runs_to_attest_elsewhere,
)
from ekb.payments.actions import do_stop_payment, pay_day_of
from ekb.payments.attest import attest_verdict
from ekb.payments.models import PaymentRun
from ekb.payments.paydays import next_pay_date
from ekb.payments.runs import (
    do_attest_payment_run,
    do_make_payment_file,
    do_prepare_payment_run,
    do_reopen_payment_run,
)
from ekb.payments.urgent import do_mark_payment_urgent, why_not_urgent


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


def _run_message(request, result) -> None:
    for run in result.runs if result.created else ():
        messages.success(
            request,
            ngettext(
                "Utbetalningarna %(run)s för %(unit)s är förberedda: %(count)s överföring. De "
                "ska attesteras av en sektionschef som inte har beslutat om dem.",
                "Utbetalningarna %(run)s för %(unit)s är förberedda: %(count)s överföringar. De "
                "ska attesteras av en sektionschef som inte har beslutat om dem.",
                run.payment_count,
            )
            % {"run": run.message_id, "unit": run.unit.name, "count": run.payment_count},
        )
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


def _prepare(request, municipality, pay_date, scope) -> None:
    made = False
    for urgent in (True, False):
        result = do_prepare_payment_run(
            municipality, pay_date, acting_user=request.user, cases=scope, urgent=urgent
        )
        made = made or result.created
        _run_message(request, result)
    if not made:
        messages.info(request, _("Det finns inga nya utbetalningar att förbereda."))


def _attest_or_reopen(request, step: str) -> None:
    run = access_payment_run_to_attest(request.user, request.POST.get("run"))
    if step == "attest":
        do_attest_payment_run(run, acting_user=request.user)
        messages.success(
            request, _("Utbetalningarna %(run)s är attesterade.") % {"run": run.message_id}
        )
        return
    do_reopen_payment_run(run, request.POST.get("skal", ""), acting_user=request.user)
    messages.success(
        request,
        _(
            "Utbetalningarna %(run)s är öppnade igen. De ligger kvar som planerade och kan "
            "förberedas på nytt."
        )
        % {"run": run.message_id},
    )


def _make_file(request) -> None:
    run = access_payment_run(request.user, request.POST.get("run"))
    result = do_make_payment_file(run, acting_user=request.user)
    if result.created:
        messages.success(
            request,
            ngettext(
                "Betalfilen %(run)s skapades med %(count)s överföring.",
                "Betalfilen %(run)s skapades med %(count)s överföringar.",
                result.run.payment_count,
            )
            % {"run": result.run.message_id, "count": result.run.payment_count},
        )
    else:
        messages.info(request, _("Betalfilen %(run)s finns redan.") % {"run": run.message_id})


def _run_items(user, pay_date, listing) -> tuple[list[dict], list[dict]]:
    """The runs of the day on her page: her units' runs, and other units' runs she is the one to
    attest (or has attested and may make the file of)."""
    own = [
        {
            "run": run,
            "verdict": attest_verdict(run, user),
            # Only a file of her units' runs can be fetched (see payment_file).
            "url": _file_url(run) if may_fetch_payment_file(user, run) else None,
            "own": True,
        }
        for run in runs_of(user, pay_date, listing.runs)
    ]
    elsewhere = [
        {"run": run, "verdict": attest_verdict(run, user), "url": None, "own": False}
        for run in runs_to_attest_elsewhere(user, pay_date) + attested_elsewhere(user, pay_date)
    ]
    return own, elsewhere


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
        step = request.POST.get("steg", "prepare")
        try:
            if step in ("attest", "reopen"):
                _attest_or_reopen(request, step)
            elif step == "file":
                _make_file(request)
            else:
                _prepare(request, municipality, pay_date, scope)
        except ValidationError as error:
            run_error = " ".join(error.messages)
        else:
            return redirect(_list_url(pay_date))

    listing = payment_list_of(request.user, scope, pay_date)
    runs, elsewhere = _run_items(request.user, pay_date, listing)
    reopening = bool(run_error) and request.POST.get("steg") == "reopen"
    return render(
        request,
        "workspace/payment_list.html",
        {
            "form": form,
            "pay_date": pay_date,
            "listing": listing,
            "runs": runs,
            "elsewhere": elsewhere,
            "reopen_reason": request.POST.get("skal", "") if reopening else "",
            "reopen_run": request.POST.get("run", "") if reopening else "",
            "run_error": run_error,
            "days_left_behind": days_left_behind(scope, today),
            "can_prepare": bool(listing.waiting)
            and len(listing.missing_account) < len(listing.waiting),
        },
        status=400 if run_error else 200,
    )


class ReasonForm(forms.Form):
    skal = forms.CharField(
        label=gettext_lazy("Skäl"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Skriv ett skäl.")},
    )


PAYMENT_STEPS = {
    "stop": (gettext_lazy("Stoppa utbetalningen"), gettext_lazy("Stoppa")),
    "urgent": (gettext_lazy("Betala ut snarast"), gettext_lazy("Betala ut snarast")),
}


def _payment_action(request, payment_id: int, step: str):
    payment = access_payment_by_id(request.user, payment_id)
    form = ReasonForm(request.POST or None)
    # Not offered for a payment already paid as soon as it can be: say why, with no button.
    refusal = why_not_urgent(payment, timezone.localdate()) if step == "urgent" else None
    if refusal is not None:
        title, _button = PAYMENT_STEPS[step]
        return render(
            request,
            "workspace/payment_action.html",
            {"payment": payment, "title": title, "refusal": " ".join(refusal.messages)},
            status=400 if request.method == "POST" else 200,
        )
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["skal"]
        try:
            if step == "stop":
                do_stop_payment(payment, reason, acting_user=request.user)
                messages.success(request, _("Utbetalningen är stoppad."))
            else:
                do_mark_payment_urgent(payment, reason, acting_user=request.user)
                messages.success(
                    request,
                    _(
                        "Utbetalningen betalas ut snarast. Enhetens sektionschef attesterar den "
                        "och skapar betalfilen (den som har begärt den attesterar inte själv)."
                    ),
                )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            payment.refresh_from_db()
            if request.user.has_role(Role.SECTION_MANAGER):
                return redirect(_list_url(payment.pay_date))
            return redirect("workspace:case", payment.case_id)
    title, button = PAYMENT_STEPS[step]
    return render(
        request,
        "workspace/payment_action.html",
        {"payment": payment, "form": form, "title": title, "button": button, "step": step},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def stop_payment(request, payment_id: int):
    return _payment_action(request, payment_id, "stop")


@login_required
@require_http_methods(["GET", "POST"])
def urgent_payment(request, payment_id: int):
    return _payment_action(request, payment_id, "urgent")


@login_required
@require_GET
def payment_file(request, run_id: int):
    """The stored pain.001 file of a run (who may: ``ekb.payments.access``)."""
    run = access_payment_file(request.user, run_id)
    response = HttpResponse(bytes(run.file), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{run.message_id}.xml"'
    response["Cache-Control"] = "no-store"
    return response
