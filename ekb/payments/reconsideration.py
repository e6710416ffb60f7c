"""Payments after an omprövning (förvaltningslagen 38–39 §§): the new decision replaces the
appealed one, so its money is the difference, never the whole amount twice.

Before the new decision's payments are planned, the replaced decisions' payments that have not
left EKB (planned, not in a payment file) are stopped; what has been paid or is in a file counts
against the new decision's line of the same purpose, and only the rest is planned. A new
decision that grants less than was already paid plans nothing here: getting money back is a
decision of its own (återkrav), not a payment."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from ekb.decisions.models import Decision, DecisionLine
from ekb.payments.choices import PaymentStatus
from ekb.payments.models import Payment


def replaced_decisions(decision: Decision) -> list[Decision]:
    """The decisions this one replaces, the nearest first (an omprövning of an omprövning ...)."""
    found = []
    current = decision.reconsiders
    while current is not None and current not in found:
        found.append(current)
        current = current.reconsiders
    return found


def _replaced_payments(decision: Decision):
    return Payment.objects.filter(decision_line__decision__in=replaced_decisions(decision))


def stop_replaced_payments(decision: Decision, *, acting_user, channel) -> int:
    """Stop the replaced decisions' payments that are still only planned. Returns how many."""
    from ekb.payments.actions import do_stop_payment

    if decision.reconsiders_id is None or acting_user is None:
        return 0
    stopped = 0
    for payment in _replaced_payments(decision).filter(
        status=PaymentStatus.PLANNED, payment_run=""
    ):
        do_stop_payment(
            payment,
            _("Beslutet är ändrat efter omprövning; det nya beslutet betalas i stället."),
            acting_user=acting_user,
            channel=channel,
        )
        stopped += 1
    return stopped


def amount_to_plan(line: DecisionLine) -> Decimal:
    """The line's amount less what the replaced decisions already paid (or put in a file) for
    the same purpose; never below zero."""
    if line.decision.reconsiders_id is None:
        return line.amount
    left = (
        _replaced_payments(line.decision)
        .filter(decision_line__purpose=line.purpose)
        .exclude(status=PaymentStatus.STOPPED)
        .aggregate(total=Sum("amount"))["total"]
    ) or Decimal(0)
    return max(line.amount - left, Decimal(0))
