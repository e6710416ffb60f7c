"""Utbetalning snarast: a decided payment that cannot wait for the pay day.

The caseworker (or manager) marks a planned payment urgent with a reason. It moves to the next
bank day (the first bank day after today: a file made today reaches the bank for the next bank
day's execution; ekb.lib.swedish_calendar) and is prepared at once in its own small run in its
unit. The one who asked for it (`Payment.urgent_by`) may not attest it: the unit's section manager
does, or when she asked for it herself, the one ``ekb.payments.attest`` names. It is offered only
for a payment due later than the next bank day (`may_be_urgent`): an earlier one is already paid
as soon as it can be. The reason is a signed journal entry; events and the log carry ids only.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.cases.models import Case, JournalEntry
from ekb.payments.choices import PaymentStatus
from ekb.payments.models import Payment
from ekb.payments.paydays import first_urgent_day
from ekb.payments.runs import RunResult, do_prepare_payment_run


def urgent_pay_date(today: dt.date) -> dt.date:
    """The first bank day after today."""
    return first_urgent_day(today)


def why_not_urgent(payment: Payment, today: dt.date) -> ValidationError | None:
    """Why the payment cannot be made urgent (None: it can): it is no longer waiting, or it is
    due on the next bank day or earlier and so already paid as soon as it can be."""
    if payment.status != PaymentStatus.PLANNED or payment.payment_run:
        return ValidationError(
            {
                "status": _(
                    "Utbetalningen är redan på väg till banken eller inte längre planerad och kan "
                    "inte göras om till en utbetalning snarast."
                )
            },
            code="not_waiting",
        )
    if payment.pay_date <= urgent_pay_date(today):
        return ValidationError(
            {
                "pay_date": _(
                    "Utbetalningen betalas redan ut %(date)s, så snart det går. Den behöver inte "
                    "göras om till en utbetalning snarast."
                )
                % {"date": payment.pay_date.isoformat()}
            },
            code="already_soon",
        )
    return None


def may_be_urgent(payment: Payment, today: dt.date) -> bool:
    """Planned, in no run yet, and due later than the next bank day."""
    return why_not_urgent(payment, today) is None


@transaction.atomic
def do_mark_payment_urgent(
    payment: Payment, reason: str, *, acting_user, channel: Channel = Channel.WEB
) -> RunResult:
    """Move a planned payment to the next bank day as urgent and prepare its own run."""
    if acting_user is None:
        raise ValueError("An urgent payment is a person's decision: acting_user is required.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Skriv varför utbetalningen inte kan vänta till utbetalningsdagen.")},
            code="required",
        )
    payment = (
        Payment.objects.select_for_update(no_key=True)
        .select_related("case", "case__municipality")
        .get(pk=payment.pk)
    )
    refusal = why_not_urgent(payment, timezone.localdate())
    if refusal is not None:
        raise refusal
    day = urgent_pay_date(timezone.localdate())
    moved_from = payment.pay_date
    payment.pay_date = day
    payment.urgent = True
    payment.urgent_by = acting_user
    payment.save(update_fields=["pay_date", "urgent", "urgent_by"])
    now = timezone.now()
    JournalEntry.objects.create(
        case=payment.case,
        author=acting_user,
        entry_date=timezone.localdate(),
        text=_(
            "Utbetalningen på %(amount)s kr betalas ut snarast, %(date)s i stället för "
            "%(moved_from)s. Skäl: %(reason)s"
        )
        % {
            "amount": f"{payment.amount:.2f}".replace(".", ","),
            "date": day.isoformat(),
            "moved_from": moved_from.isoformat(),
            "reason": reason,
        },
        signed_at=now,
        created_at=now,
    )
    append_event(
        payment.case,
        EventKind.PAYMENT_PLANNED,
        actor=acting_user,
        data={
            "payment_id": payment.pk,
            "amount": str(payment.amount),
            "pay_date": day.isoformat(),
            "moved_from": moved_from.isoformat(),
            "urgent": True,
        },
        at=now,
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=payment.case_id, channel=channel)
    return do_prepare_payment_run(
        payment.case.municipality,
        day,
        acting_user=acting_user,
        cases=Case.objects.filter(pk=payment.case_id),
        urgent=True,
        channel=channel,
    )
