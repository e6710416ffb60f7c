"""The client's login session: who logged in with e-ID. Clients are persons, not staff users.

A session ends after EKB_SESSION_MINUTES without activity. A client who was typing a page of
the application when that happened has not lost it: the page they sent is kept (server side, in
the new session) until they have logged in again, and then saved to their draft as if sent then."""

from __future__ import annotations

import re
from functools import wraps

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from ekb.lib.unsent import CLIENT_SESSION_KEY, unsent_for
from ekb.lib.unsent import KEY as UNSENT_KEY

SESSION_KEY = CLIENT_SESSION_KEY
UNSAVED_KEY = "ekb_unsaved_page"
# The application's pages where the client types answers (not the final send or confirm: those
# the client does again, seeing what is sent).
_TYPED_PAGE = re.compile(
    r"^/e-tjanst/ansokan/[0-9]{1,19}/(hushall|boende|inkomster|kostnader|behov|situation)/$"
)


def log_in_client(request, person_id: int) -> None:
    # A new session key on login stops session fixation; any staff login in the browser ends.
    # A page sent after the old session ended is carried over to be saved for the person now.
    unsaved = request.session.get(UNSAVED_KEY)
    unsent = request.session.get(UNSENT_KEY)
    request.session.flush()
    request.session[SESSION_KEY] = person_id
    if unsaved:
        request.session[UNSAVED_KEY] = unsaved
    if unsent:
        request.session[UNSENT_KEY] = unsent


def after_login(request) -> str:
    """Where a client goes after logging in: back to the page they were sending, if any."""
    unsaved = request.session.get(UNSAVED_KEY)
    if unsaved:
        return unsaved["path"]
    # Anything else sent after the session ended (an appeal, a message): shown to be sent again.
    return "eservice:resend" if unsent_for(request, "/e-tjanst/") else "eservice:home"


def client_person_id(request) -> int | None:
    return request.session.get(SESSION_KEY)


def _keep_unsaved(request) -> None:
    data = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
    request.session[UNSAVED_KEY] = {"path": request.path, "data": data}
    request.ekb_kept = True  # saved as a draft page; not also offered to send again


def _replay_unsaved(request) -> None:
    """Turn this GET of the page the client was sending into that POST (once)."""
    unsaved = request.session.pop(UNSAVED_KEY, None)
    if not unsaved or unsaved.get("path") != request.path:
        return
    post = QueryDict(mutable=True)
    for key, values in unsaved["data"].items():
        post.setlist(key, values)
    request.method = "POST"
    request.POST = post
    messages.info(
        request,
        _("Du loggades ut innan sidan hann skickas. Det du skrev på sidan har skickats nu."),
    )


def client_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        person_id = client_person_id(request)
        if person_id is None:
            if request.method == "POST" and _TYPED_PAGE.match(request.path):
                _keep_unsaved(request)
            return redirect("eservice:login")
        request.client_person_id = person_id
        if request.method == "GET" and UNSAVED_KEY in request.session:
            _replay_unsaved(request)
        return view(request, *args, **kwargs)

    return wrapper
