"""Staff login with lockout after repeated failures (argon2 hashing is set in settings)."""

from __future__ import annotations

from datetime import timedelta as td

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import F
from django.utils import timezone

from ekb.accounts.models import User


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            # Spend the same hashing time as for a real user, so timing does not reveal names.
            User().set_password(password)
            return None
        if user.is_locked():
            # A locked account fails even with the right password, and the failure is not counted.
            request_note(request, "locked")
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            if user.failed_logins or user.locked_until:
                user.failed_logins = 0
                user.locked_until = None
                user.save(update_fields=["failed_logins", "locked_until"])
            return user
        record_failed_login(user)
        request_note(request, "locked" if User.objects.get(pk=user.pk).is_locked() else "failed")
        return None


def record_failed_login(user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    user.refresh_from_db(fields=["failed_logins"])
    if user.failed_logins >= settings.EKB_LOCKOUT_FAILURES:
        user.locked_until = timezone.now() + td(minutes=settings.EKB_LOCKOUT_MINUTES)
        user.failed_logins = 0
        user.save(update_fields=["locked_until", "failed_logins"])


def request_note(request, outcome: str) -> None:
    """Tell the login view why it failed, so a locked account gets its own message."""
    if request is not None:
        request.ekb_login_outcome = outcome
