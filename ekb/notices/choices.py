"""How a decision reaches the parties and what they can do about it: the letter (förvaltningslagen
31–33 §§), each party's notification (FL 44 §, delgivning) and appeals (FL 44–46 §§)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppealStatus(models.TextChoices):
    RECEIVED = "received", _("Mottaget")
    # Rättidsprövning found it late: dismissed by a decision of its own (FL 45 §).
    DISMISSED = "dismissed", _("Avvisat, kom in för sent")
    # Omprövning changed the decision as the client asked: the appeal lapses (FL 38–39 §§).
    RECONSIDERED = "reconsidered", _("Omprövat och ändrat som begärt, överklagandet har fallit")
    FORWARDED = "forwarded", _("Skickat till förvaltningsrätten")
    WITHDRAWN = "withdrawn", _("Återkallat")


class Timeliness(models.TextChoices):
    """The caseworker's rättidsprövning (förvaltningslagen 45 §)."""

    IN_TIME = "in_time", _("Kom in i rätt tid")
    LATE = "late", _("Kom in för sent")
