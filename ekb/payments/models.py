"""Payments: planned from decided lines, paid on the pay day, sent to the bank as a pain.001 file."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from ekb.accounts.models import Municipality, Unit, User
from ekb.cases.models import MONEY, Case
from ekb.decisions.models import DecisionLine
from ekb.payments import choices as c


class Payment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="payments")
    decision_line = models.ForeignKey(
        DecisionLine, on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(0)])
    pay_date = models.DateField()
    status = models.CharField(
        max_length=10, choices=c.PaymentStatus.choices, default=c.PaymentStatus.PLANNED
    )
    # One payment file line per payment, even when a run is retried.
    end_to_end_id = models.CharField(max_length=35, unique=True)
    # The message id of the PaymentRun whose file carries this payment (blank: not yet in a file).
    payment_run = models.CharField(max_length=40, blank=True)
    # The EndToEndId of the credit transfer that carries this line: the lines of one household
    # on one pay day go to the bank as one transfer with their sum (the id of its first line).
    transfer_id = models.CharField(max_length=35, blank=True)
    # Utbetalning snarast: moved to the next bank day, paid in its own small run and file.
    urgent = models.BooleanField(default=False)
    # Who asked for it to be paid urgently: she may not attest the run that pays it.
    urgent_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When the payment file carrying it was made (it has left EKB for the bank).
    sent_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["pay_date", "status"], name="payments_day")]


class PaymentRun(models.Model):
    """The payments of one unit on one pay date taken together (prepared), attested by a section
    manager who decided none of them (ekb.payments.attest), then written as one payment file
    (ISO 20022 pain.001). An urgent run carries only urgent payments (utbetalning snarast). A run
    re-opened before its file is made keeps its row (who, when, why); its payments are free again."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    # The unit whose payments the run carries (empty only on runs made before runs were per unit).
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pay_date = models.DateField()
    message_id = models.CharField(max_length=35, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    urgent = models.BooleanField(default=False)
    attested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attested_at = models.DateTimeField(null=True, blank=True)
    # Empty until the run is attested and its file made.
    file = models.BinaryField(default=b"")
    file_made_at = models.DateTimeField(null=True, blank=True)
    payment_count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(**MONEY, default=0)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopen_reason = models.TextField(blank=True, default="")
