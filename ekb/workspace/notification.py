"""The caseworker records how one party of a decision was notified: the day a letter to them was
posted with förenklad delgivning (notified two weeks later unless they opened it earlier), or the
day they were told the decision orally (ekb.notices.notification.do_record_notification). Each party's
appeal time runs from their own day (förvaltningslagen 44 §). Thin view: access, one action,
redirect with a message."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ekb.decisions.access import access_decision_by_id
from ekb.notices.notification import do_record_notification


@login_required
@require_POST
def record_notification(request, decision_id: int):
    decision = access_decision_by_id(request.user, decision_id)
    url = reverse("workspace:decision", args=[decision.pk]) + "#notification"
    try:
        person_id = int(request.POST.get("person", ""))
    except ValueError:
        messages.error(request, _("Välj vem beskedet gäller."))
        return redirect(url)
    typed = request.POST.get("on", "").strip()
    try:
        on = dt.date.fromisoformat(typed)
    except ValueError:
        messages.error(request, _("Skriv dagen som ÅÅÅÅ-MM-DD, till exempel 2026-11-20."))
        return redirect(url)
    try:
        do_record_notification(
            decision,
            person_id,
            request.POST.get("how", ""),
            on,
            told_how_to_appeal=request.POST.get("told_how_to_appeal") == "on",
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(str(m) for m in error.messages))
        return redirect(url)
    messages.success(request, _("Delgivningen är sparad."))
    return redirect(url)
