"""Deciding: the calculation snapshot, warnings, register proposals, the decision and its lines under the delegation order, the letter, notification and appeals."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.models import Municipality, User
from ekb.applications.models import Application
from ekb.cases.models import MONEY, Case
from ekb.decisions import choices as c
from ekb.meetings.models import Meeting
from ekb.people.models import Person


class CalculationSnapshot(models.Model):
    """A calculation as it was made: input, explained rows, totals and the rule versions used."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="calculations")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="calculations"
    )
    month = models.DateField()
    is_preliminary = models.BooleanField(default=True)  # the robot's, before a caseworker's
    input = models.JSONField()  # household-month v1
    result = models.JSONField()  # ekb.norm Calculation.to_dict()
    rule_versions = models.JSONField(default=dict)
    norm = models.DecimalField(**MONEY)
    reasonable_costs = models.DecimalField(**MONEY)
    countable_income = models.DecimalField(**MONEY)
    amount = models.DecimalField(**MONEY)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )


class Decision(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    calculation = models.ForeignKey(
        CalculationSnapshot, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=c.DecisionStatus.choices, default=c.DecisionStatus.DRAFT
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The delegation-order point the decision was made under (e.g. "3.1 Försörjningsstöd enligt norm").
    delegation_reference = models.TextField(blank=True)
    made_orally = models.BooleanField(default=False)  # recorded after an oral decision in a meeting
    # The meeting the oral decision was given in (ekb.flow.meetings): the meeting's journal
    # entry names it, and the decision shows where it was given.
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    automated = models.BooleanField(default=False)  # förvaltningslagen 28 §
    # Four-eyes approval, or the section manager's decision above the caseworker's delegation.
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # Four eyes (issue 11): the decider may send the proposal back to the caseworker with a
    # comment (the last time is kept here, every time in the case's events) ...
    sent_back_comment = models.TextField(_("kommentar till handläggaren"), blank=True, default="")
    sent_back_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_back_at = models.DateTimeField(null=True, blank=True)
    # ... or change the lines with written reasons: the decision is then the decider's, and
    # what the caseworker proposed stays on each changed line (DecisionLine.proposed_*).
    change_reasons = models.TextField(_("skäl till ändringen"), blank=True, default="")
    changed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    # An automated decision is always reviewable; the review is recorded here.
    reviewed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: two caseworkers saving the same decision cannot both win.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When each party took part of the decision is in DecisionNotification: the appeal time
    # runs for each party from their own day (förvaltningslagen 44 §).
    # SoL barnets bästa, SOSFS 2014:5: how the children's situation was considered, required for
    # a refusal or reduction in a household with children; the letter says it in plain words.
    children_consideration = models.TextField(
        _("hur barnens situation har beaktats"), blank=True, default=""
    )
    # What the decision was made with, fixed when it is made (the approval day for a decision
    # that waited): the legal references cited and the versions of the rules and phrases.
    legal_references = models.JSONField(default=list, blank=True)
    rule_versions = models.JSONField(default=dict, blank=True)
    # Omprövning (förvaltningslagen 38–39 §§): the decision this one changes, on the same
    # application; its payments count against this one's (ekb.payments.reconsideration).
    reconsiders = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reconsidered_by"
    )


class DecisionLine(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="lines")
    purpose = models.CharField(max_length=30, choices=c.Purpose.choices)
    outcome = models.CharField(max_length=20, choices=c.Outcome.choices)
    amount_applied = models.DecimalField(**MONEY, null=True, blank=True)
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(0)])
    period_start = models.DateField()
    period_end = models.DateField()
    reasons = models.TextField(blank=True)
    legal_reference = models.CharField(max_length=200)
    # The reference keys (ekb/cases/phrases/references.yaml) the line cites; the text above is
    # made from them on the day the decision is made. Empty: the text was given as it is.
    reference_keys = models.JSONField(default=list, blank=True)
    # What the caseworker proposed, kept when the decider changed the line (four eyes); empty
    # when the line was decided as proposed.
    proposed_outcome = models.CharField(
        max_length=20, choices=c.Outcome.choices, blank=True, default=""
    )
    proposed_amount = models.DecimalField(**MONEY, null=True, blank=True)
    proposed_reasons = models.TextField(blank=True, default="")
    # A purpose the decider added when changing the proposal (four eyes): the caseworker
    # proposed no such line, so there is nothing proposed to keep.
    added_by_decider = models.BooleanField(default=False)
    # The kommunicering (FL 25 §) the line rests on: an ekb.notices.Communication id, not a
    # foreign key, because notices sits above decisions (ekb.decisions.prior_steps). Kept only
    # on a line that refuses or reduces.
    communication_id = models.PositiveIntegerField(null=True, blank=True)
    # The caseworker's statement that a refusal or reduction made while an activity task is open
    # does not rest on the activity requirement (so it needs no communication on it).
    not_activity_requirement = models.BooleanField(default=False)

    @property
    def changed_by_decider(self) -> bool:
        return bool(self.proposed_outcome) or self.added_by_decider


class MunicipalityPolicy(models.Model):
    """A municipality's choices where the law leaves them: approval, automation, pay day, bank."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="policy"
    )
    four_eyes = models.BooleanField(_("fyraögonsprincip"), default=False)
    # Förvaltningslagen 28 §: off unless the municipality has decided to use it.
    automated_renewals = models.BooleanField(
        _("automatiserade beslut om återansökan"), default=False
    )
    automated_max_amount = models.DecimalField(**MONEY, default=0)
    automated_max_change_percent = models.PositiveSmallIntegerField(default=0)
    # The committee's decision to let decisions be made automatically (förvaltningslagen 28 §,
    # kommunallagen 6 kap. 37 §), cited on every automated decision; loaded with the delegation
    # order. No automated decision is made without it.
    automation_decision = models.CharField(
        _("beslut om automatisering"), max_length=300, blank=True, default=""
    )
    pay_day = models.PositiveSmallIntegerField(_("utbetalningsdag"), default=25)
    debtor_name = models.CharField(max_length=70, blank=True)
    debtor_iban = models.CharField(max_length=34, blank=True)
    debtor_bic = models.CharField(max_length=11, blank=True)
    debtor_org_number = models.CharField(max_length=20, blank=True)


class DelegationRule(models.Model):
    """One point of the delegation order: who may decide which kind of decision, up to how much."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="delegation_rules"
    )
    point = models.CharField(_("punkt"), max_length=20)  # e.g. "3.1"
    title = models.CharField(_("beslut"), max_length=200)
    # The title for staff who chose English (the order's `title_en`); the letter cites `title`.
    title_en = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(
        max_length=30, choices=c.Purpose.choices, blank=True
    )  # blank: any purpose
    outcome = models.CharField(
        max_length=20, choices=c.Outcome.choices, blank=True
    )  # blank: any outcome
    role = models.CharField(max_length=32)
    # None: no upper limit; above it the decision goes to the next level.
    max_amount = models.DecimalField(**MONEY, null=True, blank=True)

    class Meta:
        ordering = ["point", "id"]


class CaseWarning(models.Model):
    """A warning raised by a rule, acknowledged by a named caseworker, closed when resolved.

    The fingerprint (rule and subject) is unique per case, so a rule that fires again for the same
    thing finds the old warning instead of silently reopening or duplicating it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="warnings")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="warnings"
    )
    rule = models.CharField(max_length=50)
    fingerprint = models.CharField(max_length=200)
    message = models.TextField()
    detail = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=20, choices=c.WarningStatus.choices, default=c.WarningStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "fingerprint"], name="decisions_warning_once"),
        ]


class EarlierSupportMonth(models.Model):
    """A month in which a person had försörjningsstöd outside EKB's decisions (an earlier
    municipality, a case before EKB), recorded by a caseworker with its source. It counts towards
    that person's six months in a row of jobbstimulans ("för den som har fått försörjningsstöd",
    4 kap. 1 b § SoL 2001:453, carried into SoL 2025:400 12 kap.) like a month decided in EKB.
    Never deleted: a removal keeps the row with who removed it and why."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="earlier_support")
    # Whose month it is (the applicant or a co-applicant of the case's household). Null only for
    # a row recorded before months were per person and without an applicant to give it to (see
    # migration 0010): it then counts as a month of the case's household, for each adult who was
    # a member in that month (ekb.decisions.support_history).
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    month = models.DateField(_("månad"))  # the first day of the month
    # Where the fact comes from, e.g. "Beslut från Lunds kommun 2026-03-12".
    source = models.CharField(_("källa"), max_length=300)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.TextField(_("skäl"), blank=True)

    class Meta:
        verbose_name = _("tidigare månad med försörjningsstöd")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "month"],
                condition=models.Q(removed_at__isnull=True),
                name="decisions_earlier_one_a_month",
            ),
        ]
