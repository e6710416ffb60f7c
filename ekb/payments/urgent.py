"""Utbetalning snarast: a decided payment that cannot wait for the pay day.

The caseworker (or manager) marks a planned payment urgent with a reason. It moves to the next
bank day (the first bank day after today: a file made today reaches the bank for the next bank
day's execution; ekb.lib.swedish_calendar) and is prepared at once in its own small run, with the
one who marked it as the preparer: a section manager who did not mark it attests it and makes its
file (ekb.payments.runs). The reason is a signed journal entry; events and the log carry ids only.
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
from ekb.payments.paydays import next_bank_day
from ekb.payments.runs import RunResult, do_prepare_payment_run


def urgent_pay_date(today: dt.date) -> dt.date:
    """The first bank day after today."""
    return next_bank_day(today + dt.timedelta(days=1))


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
    if payment.status != PaymentStatus.PLANNED or payment.payment_run:
        raise ValidationError(
            {
                "status": _(
                    "Utbetalningen är redan på väg till banken eller inte längre planerad och kan "
                    "inte göras om till en utbetalning snarast."
                )
            },
            code="not_waiting",
        )
    day = urgent_pay_date(timezone.localdate())
    if payment.pay_date <= day:
        raise ValidationError(
            {
                "pay_date": _(
                    "Utbetalningen betalas redan ut %(date)s, så snart det går. Den behöver inte "
                    "göras om till en utbetalning snarast."
                )
                % {"date": payment.pay_date.isoformat()}
            },
            code="already_soon",
        )
    moved_from = payment.pay_date
    payment.pay_date = day
    payment.urgent = True
    payment.save(update_fields=["pay_date", "urgent"])
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
