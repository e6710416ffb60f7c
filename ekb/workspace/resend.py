"""The page that sends again what a caseworker sent after her session had ended
(ekb.lib.unsent): what she wrote, and one button."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from ekb.lib.unsent import forget_unsent, resend_context, unsent_for


@login_required
def resend(request):
    kept = unsent_for(request, "/handlaggare/")
    if kept is None:
        return redirect("workspace:home")
    forget_unsent(request)  # it is in the page now; sent only if she presses the button
    return render(request, "workspace/resend.html", resend_context(kept))
