"""Register facts the caseworker tries one by one on the application page: accept or reject
(ekb.decisions.register_proposals). Thin views: access, one journey action, redirect or the page with
the error and what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ekb.decisions.access import access_register_proposal_by_id
from ekb.flow import journey
from ekb.workspace.handling import _application_context


def _done(request, proposal, text):
    messages.success(request, text)
    url = reverse("workspace:application", args=[proposal.application_id])
    return redirect(f"{url}#register-proposals")


def _page_with_error(request, proposal, error: ValidationError, reason: str):
    errors = {
        "all" if field == "__all__" else field: " ".join(str(m) for m in problems)
        for field, problems in error.message_dict.items()
    }
    context = _application_context(request, proposal.application)
    context.update(proposal_id=proposal.pk, proposal_errors=errors, proposal_reason=reason)
    return render(request, "workspace/application.html", context, status=400)


@login_required
@require_POST
def accept(request, proposal_id: int):
    proposal = access_register_proposal_by_id(request.user, proposal_id)
    try:
        journey.accept_register_proposal(proposal, acting_user=request.user)
    except ValidationError as error:
        return _page_with_error(request, proposal, error, "")
    return _done(request, proposal, _("Registeruppgiften är godtagen och beräkningen är gjord om."))


@login_required
@require_POST
def reject(request, proposal_id: int):
    proposal = access_register_proposal_by_id(request.user, proposal_id)
    reason = request.POST.get("reason", "")
    try:
        journey.reject_register_proposal(proposal, reason=reason, acting_user=request.user)
    except ValidationError as error:
        return _page_with_error(request, proposal, error, reason)
    return _done(request, proposal, _("Registeruppgiften är avvisad. Den räknas inte."))
