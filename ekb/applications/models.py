"""Applications: the client's drafts, the applications and their lines, supplement requests and attachments."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.models import User
from ekb.applications import choices as c
from ekb.cases.models import MONEY, Case
from ekb.people.models import Person


class Application(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="applications")
    month = models.DateField(_("månad"), help_text="The first day of the month applied for.")
    kind = models.CharField(_("typ"), max_length=20, choices=c.ApplicationKind.choices)
    status = models.CharField(max_length=20, choices=c.ApplicationStatus.choices)
    # How it arrived (SubmittedVia); the column keeps its name (the client API's "channel").
    channel = models.CharField(
        max_length=10, choices=c.SubmittedVia.choices, default=c.SubmittedVia.DIGITAL
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The application as submitted, in the versioned contract (schemas/application.v1.json).
    contract_version = models.CharField(max_length=10, default="v1")
    document = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("ansökan")
        indexes = [models.Index(fields=["case", "month"], name="applications_case_month")]
        constraints = [
            # The last guard against paying a month twice (see ORDINARY_APPLICATION_KINDS):
            # do_receive_application refuses a second application in words before this.
            models.UniqueConstraint(
                fields=["case", "month"],
                condition=models.Q(kind__in=c.ORDINARY_APPLICATION_KINDS)
                & ~models.Q(status__in=c.STATUSES_NOT_COUNTED),
                name="applications_one_a_month",
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
    # A cost for this month only, whatever its type: an unforeseen cost added in a meeting
    # (medicine 250 kr) is not carried into the next month's standard calculation or renewal.
    # Costs of a one-off type (cost_types.Group.NEED) are one-off without it.
    one_off = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)


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


class DelayNotice(models.Model):
    """The notice a client got when the application passed its due date without a decision: why,
    and the new date. One per application (sent once, by the periodic job in ekb.flow.waiting)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="delay_notice"
    )
    reason = models.CharField(max_length=30, choices=c.DelayReason.choices)
    due_on = models.DateField()  # the due date that passed
    new_due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)


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
                name="applications_one_open_draft",
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
    kind = models.CharField(max_length=20, choices=c.LineKind.choices, default=c.LineKind.INCOME)
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
                name="applications_proposal_once",
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
