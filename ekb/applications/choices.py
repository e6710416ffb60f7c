"""Applications: the client's drafts, the applications and their lines, supplement requests and attachments."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationKind(models.TextChoices):
    NEW = "new", _("Nyansökan")
    RENEWAL = "renewal", _("Återansökan")
    SUPPLEMENTARY = "supplementary", _("Tilläggsansökan")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Mottagen")
    IN_PROGRESS = "in_progress", _("Under handläggning")
    DECIDED = "decided", _("Beslutad")
    WITHDRAWN = "withdrawn", _("Återtagen")


# One application per case and month: the norm and the common costs are calculated once for
# the whole household, and a couple applies together (the co-applicant confirms the
# applicant's application rather than sending a second), so a second new application or
# renewal for a month would pay the month twice. A supplementary application (tilläggsansökan) is by design a further application for
# an extra need in a month already applied for, so it is not held to this rule. Withdrawn
# applications and drafts do not count: the month can be applied for again.
ORDINARY_APPLICATION_KINDS = (ApplicationKind.NEW, ApplicationKind.RENEWAL)


STATUSES_NOT_COUNTED = (ApplicationStatus.WITHDRAWN, ApplicationStatus.DRAFT)


class SubmittedVia(models.TextChoices):
    """How an application arrived: through the e-service, on paper, at a meeting. Not how a
    person reached the system (that is ekb.audit.models.Channel: web, api, cli, system): a paper
    application that a caseworker registers arrives on paper through the web channel."""

    DIGITAL = "digital", _("E-tjänst")
    PAPER = "paper", _("Papper")
    MEETING = "meeting", _("Vid besök")
    # An oral request is an application (JO's practice): a caseworker registers it.
    PHONE = "phone", _("Per telefon")


# The ways a caseworker registers an application for the client (not the e-service).
REGISTERED_BY_STAFF = (SubmittedVia.PAPER, SubmittedVia.MEETING, SubmittedVia.PHONE)


class DelayReason(models.TextChoices):
    """Why an application passed its due date without a decision (the delay notice says it)."""

    WAITING_FOR_SUPPLEMENT = "waiting_for_supplement", _("Väntar på komplettering")
    CHECKING_INFORMATION = "checking_information", _("Uppgifter kontrolleras")
    UNIT_BEHIND = "unit_behind", _("Enheten ligger efter")


class LineKind(models.TextChoices):
    INCOME = "income", _("Inkomst")
    COST = "cost", _("Kostnad")
    HOUSEHOLD_FACT = "household_fact", _("Hushållsuppgift")
    ASSET = "asset", _("Tillgång")


class Source(models.TextChoices):
    CLIENT = "client", _("Klienten")
    REGISTER = "register", _("Register")
    CASEWORKER = "caseworker", _("Handläggaren")


class SupplementStatus(models.TextChoices):
    OPEN = "open", _("Väntar på svar")
    ANSWERED = "answered", _("Besvarad")
    CANCELLED = "cancelled", _("Återkallad")


class DraftStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    AWAITING_CO_APPLICANT = "awaiting_co_applicant", _("Väntar på medsökande")
    SUBMITTED = "submitted", _("Inskickad")
