"""Error pages that need a view (the others are plain templates: 403.html, 404.html, 500.html)."""

from __future__ import annotations

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form sent from a page that had gone stale (the session ended, or the person logged in
    again in another tab). Django's own page is for developers; this one tells a person what
    happened and what to do, and says nothing about the technical reason."""
    if request.path.startswith("/e-tjanst/"):
        back = "/e-tjanst/"
    elif request.path.startswith("/handlaggare/"):
        back = "/handlaggare/"
    else:
        back = "/"
    return render(request, "403_csrf.html", {"back": back}, status=403)
