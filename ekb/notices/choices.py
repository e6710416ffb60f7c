"""How a decision reaches the parties and what they can do about it: the letter (förvaltningslagen
31–33 §§), each party's notification (FL 44 §, delgivning) and appeals (FL 44–46 §§)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppealStatus(models.TextChoices):
    RECEIVED = "received", _("Mottaget")
    RECONSIDERED = "reconsidered", _("Omprövat och ändrat")
    FORWARDED = "forwarded", _("Skickat till förvaltningsrätten")
    WITHDRAWN = "withdrawn", _("Återkallat")
