"""Bearer-token authentication for the API: one class for staff, one for clients."""

from __future__ import annotations

from ninja.security import HttpBearer

from ekb.accounts.tokens import find_token


class StaffToken(HttpBearer):
    def authenticate(self, request, token):
        found = find_token(token)
        if found is None or found.user is None:
            return None
        request.user = found.user
        return found.user


class ClientToken(HttpBearer):
    def authenticate(self, request, token):
        found = find_token(token)
        if found is None or found.person_id is None:
            return None
        request.client_person_id = found.person_id
        return found.person_id
