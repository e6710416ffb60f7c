"""Error pages that need a view (the others are plain templates: 403.html, 404.html, 500.html)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from ekb.lib.unsent import keep_unsent


def csrf_failure(request, reason=""):
    """A form sent from a page that had gone stale (the session ended, or the person logged in
    again in another tab). Django's own page is for developers; this one tells a person what
    happened and what to do, and says nothing about the technical reason."""
    kept = False
    if request.method == "POST" and hasattr(request, "session"):
        # What was written is kept and shown again, to be sent only when the person presses send
        # (it is never acted on as it is: its token did not hold).
        keep_unsent(request)
        kept = True
    if request.path.startswith("/e-tjanst/"):
        back = reverse("eservice:resend") if kept else "/e-tjanst/"
    elif request.path.startswith("/handlaggare/"):
        back = reverse("workspace:resend") if kept else "/handlaggare/"
    else:
        back = "/"
    return render(request, "403_csrf.html", {"back": back, "kept": kept}, status=403)
