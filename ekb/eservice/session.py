"""The client's login session: who logged in with e-ID. Clients are persons, not staff users."""

from __future__ import annotations

from functools import wraps

from django.shortcuts import redirect

SESSION_KEY = "ekb_client_person_id"


def log_in_client(request, person_id: int) -> None:
    # A new session key on login stops session fixation; any staff login in the browser ends.
    request.session.flush()
    request.session[SESSION_KEY] = person_id


def client_person_id(request) -> int | None:
    return request.session.get(SESSION_KEY)


def client_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        person_id = client_person_id(request)
        if person_id is None:
            return redirect("eservice:login")
        request.client_person_id = person_id
        return view(request, *args, **kwargs)

    return wrapper
