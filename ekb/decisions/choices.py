"""Deciding: the calculation snapshot, warnings, register proposals, the decision and its lines under the delegation order, the letter, notification and appeals."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Bifall")
    PARTLY_GRANTED = "partly_granted", _("Delvis bifall")
    REFUSED = "refused", _("Avslag")
    DISMISSED = "dismissed", _("Avvisning")


class Purpose(models.TextChoices):
    LIVELIHOOD = "livelihood", _("Försörjningsstöd")
    RENT = "rent", _("Hyra")
    ELECTRICITY = "electricity", _("Hushållsel")
    HOME_INSURANCE = "home_insurance", _("Hemförsäkring")
    WORK_TRAVEL = "work_travel", _("Arbetsresor")
    CHILDCARE = "childcare", _("Barnomsorg")
    MEDICAL = "medical", _("Läkarvård och medicin")
    DENTAL = "dental", _("Tandvård")
    GLASSES = "glasses", _("Glasögon")
    OTHER = "other", _("Livsföring i övrigt")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    AWAITING_APPROVAL = "awaiting_approval", _("Väntar på beslutsfattare")
    AWAITING_COMMITTEE = "awaiting_committee", _("Väntar på nämnden")
    # Four eyes (issue 11): the decider sent the proposal back to the caseworker with a comment.
    SENT_BACK = "sent_back", _("Återsänt till handläggaren")
    DECIDED = "decided", _("Fattat")


class WarningStatus(models.TextChoices):
    OPEN = "open", _("Öppen")
    ACKNOWLEDGED = "acknowledged", _("Kvitterad")
    CLOSED = "closed", _("Stängd")
