"""The decision page: what was decided against what was applied for, the letter, and, for a
proposal that waits (four eyes, issue 11), the decider's three choices: approve, change with
reasons, or send back to the caseworker with a comment. Thin views: parse, access, one action,
render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ekb.decisions.access import access_decision_by_id
from ekb.decisions.choices import DecisionStatus
from ekb.decisions.four_eyes import do_send_back_decision, is_decider
from ekb.decisions.lines import LineInput
from ekb.decisions.reads import (
    against_application,
    against_replaced,
    calculated_by_purpose,
    decision_lines,
    granted_total,
)
from ekb.flow import journey
from ekb.notices.appeals import party_notifications
from ekb.workspace.handling_forms import (
    ChangeForm,
    ChangeLineFormSet,
    SendBackForm,
    filled_forms,
    line_choices,
    offer_communications,
)


def _context(request, decision, **forms) -> dict:
    lines = decision_lines(decision)
    against = against_application(lines, calculated_by_purpose(decision))
    if decision.reconsiders_id is not None:
        # An omprövning: each line also beside the decision it replaces (FL 38–39 §§).
        against = against_replaced(against, decision.reconsiders)
    decider = is_decider(decision, request.user)
    change_formset = forms.get("change_formset")
    if decider and change_formset is None:
        change_formset = ChangeLineFormSet(
            initial=[
                {
                    "purpose": line.purpose,
                    "outcome": line.outcome,
                    "amount": line.amount,
                    "amount_applied": line.amount_applied,
                    "reasons": line.reasons,
                    "communication": line.communication_id,
                    "not_activity_requirement": line.not_activity_requirement,
                }
                for line in lines
            ],
            prefix="lines",
        )
    if decider:
        offer_communications(change_formset, decision.case)
    return {
        "decision": decision,
        "case": decision.case,
        "lines": lines,
        "against": against,
        "total": granted_total(against),
        "DecisionStatus": DecisionStatus,
        "parties": party_notifications(decision),  # each party's own appeal time, FL 44 §
        "is_decider": decider,
        "send_back_form": forms.get("send_back_form") or SendBackForm(),
        "change_form": forms.get("change_form")
        or ChangeForm(initial={"children_consideration": decision.children_consideration}),
        "change_formset": change_formset,
        "change_error": forms.get("change_error"),
        "open_change": "change_form" in forms,
    }


@login_required
def decision_detail(request, decision_id: int):
    decision = access_decision_by_id(request.user, decision_id)
    return render(request, "workspace/decision.html", _context(request, decision))


@login_required
def decision_letter(request, decision_id: int):
    decision = access_decision_by_id(request.user, decision_id)
    letter = getattr(decision, "letter", None)
    if letter is None:
        raise Http404("Beslutet har inget brev ännu.")
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="beslut-{decision.pk}.pdf"'
    return response


def _decided_message(request, decision) -> None:
    if decision.status == DecisionStatus.DECIDED:
        messages.success(request, _("Beslutet är fattat."))
    else:
        messages.info(request, _("Beslutet ligger över din delegation och går till nämnden."))


@login_required
@require_POST
def approve_decision(request, decision_id: int):
    decision = access_decision_by_id(request.user, decision_id)
    try:
        decision = journey.approve_decision(decision, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _decided_message(request, decision)
    return redirect("workspace:decision", decision.pk)


@login_required
@require_POST
def send_back_decision(request, decision_id: int):
    decision = access_decision_by_id(request.user, decision_id)
    form = SendBackForm(request.POST)
    if form.is_valid():
        try:
            do_send_back_decision(
                decision, comment=form.cleaned_data["comment"], acting_user=request.user
            )
        except ValidationError as error:
            decision.refresh_from_db()
            if (
                decision.status == DecisionStatus.SENT_BACK
                and decision.sent_back_by_id == request.user.pk
            ):
                # A double click: the first one sent it back.
                return redirect("workspace:decision", decision.pk)
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Förslaget är skickat tillbaka till handläggaren."))
            return redirect("workspace:decision", decision.pk)
    context = _context(request, decision, send_back_form=form)
    return render(request, "workspace/decision.html", context, status=400)


@login_required
@require_POST
def change_decision(request, decision_id: int):
    decision = access_decision_by_id(request.user, decision_id)
    formset = ChangeLineFormSet(request.POST, prefix="lines")
    form = ChangeForm(request.POST)
    error = None
    if formset.is_valid() and form.is_valid():
        lines = [
            LineInput(
                purpose=f.cleaned_data["purpose"],
                outcome=f.cleaned_data["outcome"],
                amount=f.cleaned_data["amount"],
                reasons=f.cleaned_data.get("reasons") or "",
                **line_choices(f),
            )
            for f in filled_forms(formset)
        ]
        try:
            decision = journey.change_decision(
                decision,
                lines,
                change_reasons=form.cleaned_data["change_reasons"],
                children_consideration=form.cleaned_data.get("children_consideration") or "",
                acting_user=request.user,
            )
        except ValidationError as exc:
            decision.refresh_from_db()
            if decision.status == DecisionStatus.DECIDED and decision.changed_by_id == (
                request.user.pk
            ):
                return redirect("workspace:decision", decision.pk)  # a double click
            for field, problems in exc.message_dict.items():
                if field.startswith("lines-"):
                    index, name = field.removeprefix("lines-").split("-", 1)
                    formset.forms[int(index)].add_error(name, problems)
                elif field in form.fields:
                    form.add_error(field, problems)
                else:
                    error = " ".join(problems)
        else:
            _decided_message(request, decision)
            return redirect("workspace:decision", decision.pk)
    context = _context(
        request, decision, change_formset=formset, change_form=form, change_error=error
    )
    return render(request, "workspace/decision.html", context, status=400)
