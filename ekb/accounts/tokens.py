"""API bearer tokens: random, shown once, stored as SHA-256, expiring."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta as td

from django.conf import settings
from django.utils import timezone

from ekb.accounts.models import ApiToken


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(*, user=None, person_id: int | None = None) -> tuple[str, ApiToken]:
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        key_hash=_hash(raw),
        user=user,
        person_id=person_id,
        expires_at=timezone.now() + td(hours=settings.EKB_API_TOKEN_HOURS),
    )
    return raw, token


def find_token(raw: str) -> ApiToken | None:
    if not raw:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(raw)).first()
    if token is None or token.expires_at <= timezone.now():
        return None
    if token.user is not None and not token.user.is_active:
        return None
    return token
