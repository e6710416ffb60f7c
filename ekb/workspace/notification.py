"""The caseworker records the day a decision letter was posted with förenklad delgivning (the
appeal time then runs from two weeks later unless the client opened it earlier; see
ekb.cases.client.notified_on). Thin view: access, one action, redirect with a message."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ekb.cases.access import access_decision_by_id
from ekb.cases.client import do_record_letter_posted


@login_required
@require_POST
def letter_posted(request, decision_id: int):
    decision = access_decision_by_id(request.user, decision_id)
    url = reverse("workspace:decision", args=[decision.pk]) + "#notification"
    typed = request.POST.get("posted_on", "").strip()
    try:
        posted_on = dt.date.fromisoformat(typed)
    except ValueError:
        messages.error(request, _("Skriv dagen som ÅÅÅÅ-MM-DD, till exempel 2026-11-20."))
        return redirect(url)
    try:
        do_record_letter_posted(decision, posted_on, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(str(m) for m in error.messages))
        return redirect(url)
    messages.success(request, _("Dagen då brevet skickades är sparad."))
    return redirect(url)
