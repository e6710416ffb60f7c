"""Telling a client that something happened in the case, by e-mail or SMS, behind one interface
with a fake, as ekb.integrations.registers does for incomes.

The text never holds personal details or what happened, only that something is new and where
to log in (an e-mail or SMS can be read by others): ``NOTICE_TEXT``. Which events notify, and
once per event, is decided by ekb.cases.notifications; this module only sends.

Backends, chosen by ``settings.EKB_NOTIFY_BACKEND``:

* ``"demo"`` (the default outside production): ``DemoNotifier`` keeps every message in memory
  (``sent``) for the demo and the tests; nothing leaves the machine;
* ``"off"`` (the default in production until a real sender is configured): nothing is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EMAIL, SMS = "email", "sms"

NOTICE_TEXT = _("Det finns något nytt i ditt ärende. Logga in på %(url)s för att läsa.")


def notice_text() -> str:
    """The one text a client gets, with the e-service's address (EKB_ESERVICE_URL)."""
    return str(NOTICE_TEXT) % {"url": settings.EKB_ESERVICE_URL}


class Notifier(Protocol):
    def send(self, *, medium: str, to: str, text: str) -> bool:
        """Send ``text`` to an e-mail address or a phone number; True when it was sent."""
        ...


@dataclass(frozen=True)
class SentMessage:
    medium: str
    to: str
    text: str
    at: dt.datetime


@dataclass
class DemoNotifier:
    """Keeps what it would send, for the demo and the tests."""

    sent: list[SentMessage] = field(default_factory=list)

    def send(self, *, medium: str, to: str, text: str) -> bool:
        self.sent.append(SentMessage(medium=medium, to=to, text=text, at=timezone.now()))
        return True


class OffNotifier:
    def send(self, *, medium: str, to: str, text: str) -> bool:
        return False


_DEMO = DemoNotifier()
_overrides: list[Notifier] = []


@contextmanager
def override_notifier(notifier: Notifier) -> Iterator[Notifier]:
    """For tests and demos: ``get_notifier()`` returns ``notifier`` inside the block."""
    _overrides.append(notifier)
    try:
        yield notifier
    finally:
        _overrides.remove(notifier)


def get_notifier() -> Notifier:
    if _overrides:
        return _overrides[-1]
    backend = settings.EKB_NOTIFY_BACKEND
    if backend == "demo":
        if settings.EKB_ENV == "production":
            raise ImproperlyConfigured("EKB_NOTIFY_BACKEND=demo is refused in production.")
        return _DEMO
    if backend == "off":
        return OffNotifier()
    raise ImproperlyConfigured(f"Unknown EKB_NOTIFY_BACKEND {backend!r} (demo or off).")


def demo_outbox() -> list[SentMessage]:
    """What the demo notifier has sent in this process, newest first."""
    return list(reversed(_DEMO.sent))
