"""The case (ärende) and what happens in it: applications, calculations, decisions, payments,
journal entries and the append-only event list the client's status page folds."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.models import Municipality, Unit, User
from ekb.cases import choices as c
from ekb.cases.choices import LineKind
from ekb.people.models import Household, Person

MONEY = {"max_digits": 12, "decimal_places": 2}


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


class Application(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="applications")
    month = models.DateField(_("månad"), help_text="The first day of the month applied for.")
    kind = models.CharField(_("typ"), max_length=20, choices=c.ApplicationKind.choices)
    status = models.CharField(max_length=20, choices=c.ApplicationStatus.choices)
    channel = models.CharField(max_length=10, choices=c.Channel.choices, default=c.Channel.DIGITAL)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The application as submitted, in the versioned contract (schemas/application.v1.json).
    contract_version = models.CharField(max_length=10, default="v1")
    document = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("ansökan")
        indexes = [models.Index(fields=["case", "month"], name="cases_application_case_month")]
        constraints = [
            # The last guard against paying a month twice (see ORDINARY_APPLICATION_KINDS):
            # do_receive_application refuses a second application in words before this.
            models.UniqueConstraint(
                fields=["case", "month"],
                condition=models.Q(kind__in=c.ORDINARY_APPLICATION_KINDS)
                & ~models.Q(status__in=c.STATUSES_NOT_COUNTED),
                name="cases_one_application_a_month",
            )
        ]


class ApplicationLine(models.Model):
    """One fact of an application: an income, a cost, a household fact or an asset, with its source."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=20, choices=c.LineKind.choices)
    type = models.CharField(max_length=40)  # the norm engine's type, e.g. "rent", "salary"
    member = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount = models.DecimalField(**MONEY, null=True, blank=True, validators=[MinValueValidator(0)])
    value = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=20, choices=c.Source.choices)
    # A caseworker's override is a new line pointing at the one it replaces; the old one stays.
    overrides = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    overridden = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)


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


class SupplementRequest(models.Model):
    """Begäran om komplettering: what is asked for, why, and by when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="supplement_requests")
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="supplement_requests",
    )
    what = models.CharField(_("vad som behövs"), max_length=300)
    why = models.TextField(_("varför"))
    due_date = models.DateField(_("senast"))
    status = models.CharField(
        max_length=20, choices=c.SupplementStatus.choices, default=c.SupplementStatus.OPEN
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)


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


class ApplicationDraft(models.Model):
    """An application the client is still writing. Saved at every step, so a closed tab, a lost
    connection or a timed-out session loses nothing; submitted once, whatever the clicks."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="drafts")
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="drafts"
    )
    month = models.DateField()
    kind = models.CharField(max_length=20, choices=c.ApplicationKind.choices)
    # The answers in the application contract's shape (schemas/application.v1.json), and what
    # the renewal was pre-filled with, so changes can be shown to the caseworker.
    answers = models.JSONField(default=dict, blank=True)
    prefilled = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=30, choices=c.DraftStatus.choices, default=c.DraftStatus.DRAFT
    )
    co_applicant = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    co_applicant_confirmed_at = models.DateTimeField(null=True, blank=True)
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="draft"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # One open draft per person and month and kind: a second tab continues the first.
            models.UniqueConstraint(
                fields=["person", "month", "kind"],
                condition=~models.Q(status="submitted"),
                name="cases_one_open_draft_per_month",
            ),
        ]


def attachment_path(instance, filename):
    # Never the client's file name on disk: it may carry personal data.
    return f"attachments/{instance.case_id}/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    """A file the client sent, checked for type and size, stored under a hash, never executed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    supplement_request = models.ForeignKey(
        SupplementRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    uploaded_by_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_by_user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(max_length=120)  # a cleaned display name
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)


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


class RegisterProposal(models.Model):
    """A fact a register reported (SSBTEK-like) that the application does not hold as it is: a
    proposal with its source, shown beside what the client said, which a caseworker accepts or
    rejects. Only an accepted proposal counts, as the application line it became (`line`); a
    recalculation never takes in a register value by itself (issue 9)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Inte prövad")
        ACCEPTED = "accepted", _("Godtagen")
        REJECTED = "rejected", _("Avvisad")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="register_proposals"
    )
    kind = models.CharField(max_length=20, choices=LineKind.choices, default=LineKind.INCOME)
    type = models.CharField(max_length=40)  # the norm engine's income type
    member = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(0)])
    # The register source's code (ekb.integrations.registers.Source, e.g. "fk") and its own name
    # for the payment ("Sjukpenning"); the source's reference carries no personal data.
    register_source = models.CharField(max_length=20)
    benefit = models.CharField(max_length=100, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    period_month = models.DateField()
    # The line the client's application holds for the same person and income, if any.
    client_line = models.ForeignKey(
        ApplicationLine, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A benefit paid for the household's children (barnbidrag, underhållsstöd, bostadsbidrag)
    # is compared for the household as a whole, whoever's name the lines are on: then `amount`
    # is the register's total for the household, `member` the applicant, and this holds the
    # register's lines per person ({"register": [{"member", "amount"}]}) and the client's lines
    # it would replace ({"client": [{"line", "member", "type", "amount"}]}). Empty otherwise.
    household = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Accepted without a caseworker: a benefit the client is not asked about
    # (rules/register_proposals.yaml `fetched_by_design`), on the robot's first calculation only.
    accepted_by_rule = models.BooleanField(default=False)
    line = models.ForeignKey(
        ApplicationLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("skäl"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("registeruppgift att pröva")
        ordering = ["id"]
        constraints = [
            # One proposal per application, person, income and amount: fetching again finds it.
            models.UniqueConstraint(
                fields=["application", "member", "type", "amount"],
                name="cases_register_proposal_once",
            ),
        ]

    @property
    def is_household(self) -> bool:
        return bool(self.household)

    def household_rows(self) -> dict:
        """The household proposal's lines by name, for the page, the API and the warning:
        {"register": [(first name, amount)], "client": [(first name, type, amount)]}."""
        if not self.household:
            return {"register": [], "client": []}
        ids = {e["member"] for e in self.household.get("register", [])} | {
            e["member"] for e in self.household.get("client", []) if e.get("member")
        }
        names = dict(Person.objects.filter(pk__in=ids).values_list("pk", "first_name"))
        applicant = self.member.first_name
        return {
            "register": [
                (names.get(e["member"], ""), Decimal(e["amount"]))
                for e in self.household.get("register", [])
            ],
            "client": [
                (names.get(e.get("member"), applicant), e["type"], Decimal(e["amount"]))
                for e in self.household.get("client", [])
            ],
        }

    @property
    def source_label(self) -> str:
        """The sources by name, e.g. "Skatteverket" (the agencies' names are not translated)."""
        from ekb.integrations.registers.types import SOURCE_LABELS_SV

        labels = {str(source): label for source, label in SOURCE_LABELS_SV.items()}
        return ", ".join(labels.get(code, code) for code in self.register_source.split(",") if code)
