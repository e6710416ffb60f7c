"""The case (ärende) and what happens in it: applications, calculations, decisions, payments,
journal entries and the append-only event list the client's status page folds."""

from __future__ import annotations

from typing import Final, TypedDict

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.models import Municipality, Unit, User
from ekb.cases import choices as c
from ekb.people.models import Household, Person


class MoneyField(TypedDict):
    """The keyword arguments of every amount column (typed, so mypy checks `DecimalField(**MONEY)`)."""

    max_digits: int
    decimal_places: int


MONEY: Final[MoneyField] = {"max_digits": 12, "decimal_places": 2}


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)


class Case(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases")
    number = models.CharField(_("ärendenummer"), max_length=30, unique=True)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="cases")
    assigned_caseworker = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="assigned_cases"
    )
    # The split way of working (seed 004 §2.5): an arbetsmarknadssekreterare plans with the client
    # beside the caseworker who decides the money. Empty in the combined way (one caseworker).
    # Set through ekb.cases.labour_market, which checks her role in the case's unit.
    labour_market_officer = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="labour_market_cases",
        verbose_name=_("arbetsmarknadssekreterare"),
    )
    opened_on = models.DateField(_("öppnat"))
    closed_on = models.DateField(_("avslutat"), null=True, blank=True)
    closure_reason = models.CharField(
        _("avslutsorsak"), max_length=30, choices=c.ClosureReason.choices, blank=True
    )
    # Derived from the household members' protected identity and kept in step by
    # ekb.people.actions; stored so that access scoping is one indexed condition in SQL.
    is_protected = models.BooleanField(default=False)
    # Complex cases weigh more when caseloads are compared.
    weight = models.PositiveSmallIntegerField(_("vikt"), default=1)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("ärende")
        indexes = [
            models.Index(fields=["unit", "is_protected"], name="cases_case_unit_protected"),
            models.Index(fields=["assigned_caseworker"], name="cases_case_assigned"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | ~models.Q(closure_reason=""),
                name="cases_closed_case_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ReasonForNeed(models.Model):
    """Försörjningshinder for one adult, assessed at each application."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reasons_for_need")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=40, choices=c.ReasonForNeedCategory.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)


class JournalEntry(models.Model):
    """Dokumentation: signed entries are never edited; a correction is a new entry."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="journal")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    entry_date = models.DateField()
    text = models.TextField()
    signed_at = models.DateTimeField(null=True, blank=True)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def save(self, *args, **kwargs):
        signed = JournalEntry.objects.filter(pk=self.pk, signed_at__isnull=False)
        if self.pk is not None and signed.exists():
            raise PermissionError("A signed journal entry is never changed; write a correction.")
        super().save(*args, **kwargs)


class CaseEvent(models.Model):
    """Append-only: what happened in the case, in the order it happened."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=40, choices=c.EventKind.choices)
    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Ids and amounts only; the status page renders the Swedish text from kind and data.
    data = models.JSONField(default=dict, blank=True)
    visible_to_client = models.BooleanField(default=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["case", "occurred_at"], name="cases_event_case_time")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Case events are append-only.")
        super().save(*args, **kwargs)


class ClientNotification(models.Model):
    """A client was told by e-mail or SMS that something is new in the case (ekb.cases.notifications).
    The key makes it once per event and person (the payments of one pay day are one event)."""

    key = models.CharField(max_length=80, unique=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notifications")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    event_kind = models.CharField(max_length=40, choices=c.EventKind.choices)
    medium = models.CharField(max_length=10)  # "email" or "sms"; never the address itself
    sent_at = models.DateTimeField(default=timezone.now)


class MedicalCertificate(models.Model):
    """Läkarintyg: reduced work capacity because of illness, for a period and to an extent."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="medical_certificates")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("från"))
    period_end = models.DateField(_("till"))
    extent_percent = models.PositiveSmallIntegerField(_("omfattning (%)"))  # 25, 50, 75 or 100
    received_on = models.DateField(_("inkom"))
    registered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)


class IntakeNote(models.Model):
    """Mottagning: the first assessment of a new application, before a caseworker takes over."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="intake_notes")
    text = models.TextField()
    follow_up = models.JSONField(default=list, blank=True)  # points to follow up, as short texts
    first_meeting_at = models.DateTimeField(_("nybesök"), null=True, blank=True)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)


class Message(models.Model):
    """A message between the client and the caseworker, kept in the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    from_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    sent_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]


class Task(models.Model):
    """A task (uppgift) for the case's caseworker: opened by the system or by staff with the facts
    that opened it, closed by a person with what she did (the outcome). Tasks stand in for the
    automatic consequences the law does not allow: a missed plan condition or an absence from an
    assigned activity opens a task, and only a decision with reasons may reduce money (SoL
    2025:400 12 kap.; FL 25 § before it takes effect)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("typ"), max_length=40, choices=c.TaskKind.choices)
    # The facts, in Swedish, for the caseworker (not shown to the client).
    text = models.TextField(_("vad som hänt"))
    due_on = models.DateField(_("senast"), null=True, blank=True)
    # What opened it, as "<room>.<model>:<id>" so the task page can link back without the
    # cases room knowing the rooms above it.
    source = models.CharField(max_length=80, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.TextField(_("vad som gjordes"), blank=True)

    class Meta:
        verbose_name = _("uppgift")
        ordering = ["opened_at", "id"]
        indexes = [models.Index(fields=["case", "closed_at"], name="cases_task_open")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True) | ~models.Q(outcome=""),
                name="cases_closed_task_has_outcome",
            ),
        ]
