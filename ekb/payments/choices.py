"""Payments: planned from decided lines, paid on the pay day, sent to the bank as a pain.001 file."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    PAID = "paid", _("Utbetald")
    STOPPED = "stopped", _("Stoppad")
