"""Meetings with the client: booked, held or missed (FAS: about one a month)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    """All client work a meeting can be (seed 003: SIP, home visits, network and multi-party
    meetings count as much as office visits; the month view shows them all)."""

    VISIT = "visit", _("Besök")
    HOME_VISIT = "home_visit", _("Hembesök")
    PHONE = "phone", _("Telefon")
    VIDEO = "video", _("Video")
    SIP = "sip", _("SIP-möte")
    NETWORK = "network", _("Nätverksmöte")
    # Flerpartsmöten (seed 003 L781): the client, the caseworker and another actor.
    JOINT_EMPLOYMENT_SERVICE = "joint_af", _("Gemensamt möte med Arbetsförmedlingen")
    JOINT_LABOUR_MARKET_UNIT = "joint_amu", _("Gemensamt möte med arbetsmarknadsenheten")


class MeetingStatus(models.TextChoices):
    BOOKED = "booked", _("Bokat")
    HELD = "held", _("Genomfört")
    MISSED = "missed", _("Uteblev")
    CANCELLED = "cancelled", _("Inställt")
