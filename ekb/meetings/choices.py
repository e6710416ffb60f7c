"""Meetings with the client: booked, held or missed (FAS: about one a month)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    VISIT = "visit", _("Besök")
    HOME_VISIT = "home_visit", _("Hembesök")
    PHONE = "phone", _("Telefon")
    VIDEO = "video", _("Video")
    SIP = "sip", _("SIP-möte")
    NETWORK = "network", _("Nätverksmöte")


class MeetingStatus(models.TextChoices):
    BOOKED = "booked", _("Bokat")
    HELD = "held", _("Genomfört")
    MISSED = "missed", _("Uteblev")
    CANCELLED = "cancelled", _("Inställt")
