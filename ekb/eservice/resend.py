"""The page that sends again what a client sent after the session had ended
(ekb.lib.unsent): what they wrote, and one button."""

from __future__ import annotations

from django.shortcuts import redirect, render

from ekb.eservice.session import client_required
from ekb.lib.unsent import forget_unsent, resend_context, unsent_for


@client_required
def resend(request):
    kept = unsent_for(request, "/e-tjanst/")
    if kept is None:
        return redirect("eservice:home")
    forget_unsent(request)  # it is in the page now; sent only if they press the button
    return render(request, "eservice/resend.html", resend_context(kept))
