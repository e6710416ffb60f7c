"""What a person sent after their session had ended is kept, not lost.

A caseworker who writes the reasons of a decision for an hour, or a client who writes an appeal
on the bus, may find the session gone when they press send: the view answers with the login
page (or, when the form's security token went with the session, the "page had gone stale"
page). The fields they sent are then kept in the new session, server side, for
``MAX_AGE_SECONDS``. After logging in they land on a page that shows what they wrote and sends
it again only when they press the button: a kept POST is never acted on by itself (its token
was not checked, and the person should see what is sent in their name).

Files are not kept (a session is no place for them); the page says so. The text is offered
only to the person who wrote it: a signed cookie names who was last logged in in this browser,
and a kept POST goes to nobody else (a shared computer at the library).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core import signing
from django.shortcuts import resolve_url

KEY = "ekb_unsent_post"
CLIENT_SESSION_KEY = "ekb_client_person_id"  # the e-service's logged-in person (eservice.session)
WHO_COOKIE = "ekb_who"
_WHO_SALT = "ekb.lib.unsent.who"
MAX_AGE_SECONDS = 30 * 60
# Fields that say nothing a person wrote.
_SKIP = {"csrfmiddlewaretoken"}


def who(request) -> str | None:
    """The person logged in on this request: a member of staff or a client."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    person = request.session.get(CLIENT_SESSION_KEY) if hasattr(request, "session") else None
    return f"person:{person}" if person else None


def _last_who(request) -> str | None:
    try:
        return signing.loads(request.COOKIES.get(WHO_COOKIE, ""), salt=_WHO_SALT)
    except signing.BadSignature:
        return None


def keep_unsent(request) -> None:
    data = {k: request.POST.getlist(k) for k in request.POST if k not in _SKIP}
    writer = _last_who(request)
    if writer is None or not any(v.strip() for values in data.values() for v in values):
        return
    request.session[KEY] = {
        "path": request.path,
        "data": data,
        "had_files": bool(request.FILES),
        "at": time.time(),
        "who": writer,
    }


def unsent_for(request, prefix: str) -> dict | None:
    """The kept POST under ``prefix`` (the e-service or the workspace), if still fresh."""
    kept = request.session.get(KEY)
    if not kept or not str(kept.get("path", "")).startswith(prefix):
        return None
    stale = time.time() - kept.get("at", 0) > MAX_AGE_SECONDS
    # Before the login nobody is known yet (the login page asks whether there is something to
    # show); after it, only the writer.
    someone_else = who(request) is not None and who(request) != kept.get("who")
    if stale or someone_else:
        request.session.pop(KEY, None)
        return None
    return kept


def forget_unsent(request) -> None:
    request.session.pop(KEY, None)


def _login_urls() -> tuple[str, ...]:
    return (resolve_url(settings.LOGIN_URL), resolve_url("eservice:login"))


class UnsentPostMiddleware:
    """Keeps the fields of a POST that was answered with a redirect to a login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        current = who(request)
        if current is not None and _last_who(request) != current:
            response.set_cookie(
                WHO_COOKIE,
                signing.dumps(current, salt=_WHO_SALT),
                max_age=7 * 24 * 3600,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        if (
            request.method == "POST"
            and response.status_code in (301, 302, 303)
            and response.get("Location", "").split("?")[0] in _login_urls()
            and hasattr(request, "session")
            and not getattr(request, "ekb_kept", False)
        ):
            keep_unsent(request)
            login = resolve_url(settings.LOGIN_URL)
            if KEY in request.session and response["Location"].startswith(login + "?"):
                # After the login, the page that offers the kept text, not the address it was
                # sent to: that one takes only a POST (a colleague logging in instead got
                # "405" from it; the page sends her on to her start page).
                response["Location"] = f"{login}?next={resolve_url('workspace:resend')}"
        return response


def resend_context(kept: dict) -> dict:
    """For the page that sends a kept POST again: every field as a hidden input, and the texts
    the person wrote (values with words in them) shown so they can see what is sent."""
    fields = [(name, value) for name, values in kept["data"].items() for value in values]
    written = [value for _name, value in fields if " " in value.strip() or len(value) >= 30]
    return {
        "path": kept["path"],
        "fields": fields,
        "written": written,
        "had_files": kept.get("had_files", False),
    }
