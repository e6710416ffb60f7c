"""Payments (utbetalningar): planned from a decision, the day's list, then marked paid or
stopped. The run (prepare, attest, file) is in ``ekb.payments.runs``; an urgent payment in
``ekb.payments.urgent``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import iban as iban_number

from ekb.accounts.models import Municipality
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.cases.models import Case, JournalEntry
from ekb.decisions.choices import DecisionStatus, Outcome
from ekb.decisions.models import Decision
from ekb.decisions.policy import policy_for
from ekb.payments.choices import PaymentStatus
from ekb.payments.models import Payment, PaymentRun
from ekb.payments.paydays import first_urgent_day, is_bank_day, next_bank_day, pay_date_for
from ekb.payments.reconsideration import amount_to_plan, stop_replaced_payments
from ekb.people.models import HouseholdMember, MemberRole, Person

PAYABLE_OUTCOMES = frozenset({Outcome.GRANTED, Outcome.PARTLY_GRANTED})
CENT = Decimal("0.01")
# Payments go to Swedish accounts in SEK; a foreign IBAN needs a cross-border payment instead.
ACCOUNT_COUNTRY = "SE"


# -- helpers -----------------------------------------------------------------------------------


def pay_day_of(municipality: Municipality) -> int:
    return policy_for(municipality).pay_day


def _month_before(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def regular_pay_date(period_start: dt.date, pay_day: int) -> dt.date:
    """Support for a month is paid on the pay day of the month before (rent falls due then)."""
    return pay_date_for(_month_before(period_start), pay_day)


def planned_pay_date(period_start: dt.date, pay_day: int, today: dt.date) -> dt.date:
    """The regular pay date while it is still ahead; once it has passed (support decided after
    the pay day, for a month that has begun, is over, or begins before the next pay day) the first
    bank day from today. Waiting for the next regular pay day would pay up to four weeks after
    the rent fell due. There is no bank cut-off time in EKB yet: a payment planned for today after
    today's file has gone waits on the day's payment list until the file is made again."""
    regular = regular_pay_date(period_start, pay_day)
    if regular >= today:
        return regular
    return next_bank_day(today)


def usable_account(iban: str | None) -> str | None:
    """The IBAN in compact form when payments can go to it, else None."""
    if not iban:
        return None
    compact = iban_number.compact(iban)
    if not compact.startswith(ACCOUNT_COUNTRY) or not iban_number.is_valid(compact):
        return None
    return compact


def end_to_end_id(municipality_code: str, decision_line_id: int, serial: int) -> str:
    """Deterministic and unique: the municipality, the decision line and the how-manieth payment
    of that line (a stopped payment re-planned gets the next serial). Ids only, no personal data;
    at most 32 characters of A-Z, 0-9 and '-' (pain.001 allows 35)."""
    return f"EKB-{municipality_code}-{decision_line_id}-{serial}"


def current_applicants(household_ids: Iterable[int]) -> dict[int, Person]:
    """household id -> the applicant Person today (the payee)."""
    members = (
        HouseholdMember.objects.filter(
            household_id__in=set(household_ids), role=MemberRole.APPLICANT, valid_to__isnull=True
        )
        .select_related("person")
        .order_by("household_id", "-valid_from", "pk")
    )
    applicants: dict[int, Person] = {}
    for member in members:
        applicants.setdefault(member.household_id, member.person)
    return applicants


def _applicant_iban() -> Subquery:
    return Subquery(
        HouseholdMember.objects.filter(
            household_id=OuterRef("case__household_id"),
            role=MemberRole.APPLICANT,
            valid_to__isnull=True,
        )
        .order_by("-valid_from", "pk")
        .values("person__payout_iban")[:1]
    )


# -- planning ----------------------------------------------------------------------------------


def _check_pay_date(pay_date: dt.date, today: dt.date) -> None:
    if pay_date < today:
        raise ValidationError(
            {
                "pay_date": _(
                    "Utbetalningsdagen %(date)s har redan passerat. Välj dagens datum eller ett "
                    "senare datum."
                )
                % {"date": pay_date.isoformat()}
            },
            code="past",
        )
    if not is_bank_day(pay_date):
        raise ValidationError(
            {
                "pay_date": _(
                    "%(date)s är inte en bankdag. Välj en vardag som inte är helgdag, "
                    "midsommarafton, julafton eller nyårsafton."
                )
                % {"date": pay_date.isoformat()}
            },
            code="not_bank_day",
        )


@transaction.atomic
def do_plan_payments(
    decision: Decision,
    *,
    acting_user,
    pay_date: dt.date | None = None,
    channel: Channel = Channel.WEB,
) -> list[Payment]:
    """One planned payment per granted or partly granted line with an amount above zero.

    The pay date is `pay_date` when given (it must be today or later and a bank day), else the
    municipality's pay day of the month before the line's period, or the first bank day from today
    when that has passed (see `planned_pay_date`). Planning again is harmless: a line that already has a planned or paid payment gets
    no second one. Returns the payments created now."""
    decision = (
        Decision.objects.select_for_update(no_key=True)
        .select_related("case", "case__municipality")
        .get(pk=decision.pk)
    )
    case = decision.case
    if decision.status != DecisionStatus.DECIDED:
        raise ValidationError(
            {
                "decision": _(
                    "Beslutet är inte fattat än. Utbetalningar planeras när beslutet är fattat."
                )
            },
            code="not_decided",
        )
    today = timezone.localdate()
    if pay_date is not None:
        _check_pay_date(pay_date, today)
    pay_day = pay_day_of(case.municipality)
    # An omprövning replaces a decision: its money is the difference (ekb.payments.reconsideration).
    stop_replaced_payments(decision, acting_user=acting_user, channel=channel)

    created: list[Payment] = []
    for line in decision.lines.order_by("pk"):
        if line.outcome not in PAYABLE_OUTCOMES or line.amount is None or line.amount <= 0:
            continue
        existing = list(line.payments.values_list("status", flat=True))
        if any(status != PaymentStatus.STOPPED for status in existing):
            continue
        amount = amount_to_plan(line)
        if amount <= 0:
            continue
        date = pay_date or planned_pay_date(line.period_start, pay_day, today)
        payment = Payment(
            case=case,
            decision_line=line,
            amount=amount.quantize(CENT),
            pay_date=date,
            status=PaymentStatus.PLANNED,
            end_to_end_id=end_to_end_id(case.municipality.code, line.pk, len(existing) + 1),
        )
        payment.full_clean()
        payment.save()
        append_event(
            case,
            EventKind.PAYMENT_PLANNED,
            actor=acting_user,
            data={
                "payment_id": payment.pk,
                "amount": str(payment.amount),
                "pay_date": date.isoformat(),
            },
        )
        created.append(payment)
    if created:
        record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)
    return created


# -- the daily list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentRow:
    payment_id: int
    case_id: int
    case_number: str
    unit_name: str
    amount: Decimal
    status: str
    status_label: str
    payment_run: str
    has_account: bool
    transfer_id: str = ""
    urgent: bool = False
    purpose_label: str = ""
    sent: bool = False
    # Due later than the next bank day: only then can it be paid sooner (utbetalning snarast).
    later_than_next_bank_day: bool = False

    @property
    def can_stop(self) -> bool:
        """Still in EKB: planned and in no payment file that went to the bank."""
        return self.status == PaymentStatus.PLANNED and not self.sent

    @property
    def can_hurry(self) -> bool:
        return (
            self.status == PaymentStatus.PLANNED
            and not self.payment_run
            and self.later_than_next_bank_day
        )


@dataclass(frozen=True)
class TransferRow:
    """One household's transfer of the day: its lines (one per decision line) and their sum.
    Before a run takes the lines, they are grouped as the run will group them."""

    key: str
    rows: tuple[PaymentRow, ...]

    @property
    def first(self) -> PaymentRow:
        return self.rows[0]

    @property
    def total(self) -> Decimal:
        return sum(
            (r.amount for r in self.rows if r.status != PaymentStatus.STOPPED), Decimal("0.00")
        )

    @property
    def stopped(self) -> bool:
        """Only stopped lines that never went into a transfer: nothing is paid here."""
        return all(r.status == PaymentStatus.STOPPED and not r.transfer_id for r in self.rows)


def _status_label(status: str, in_run: bool, attested: bool, sent: bool) -> str:
    if status != PaymentStatus.PLANNED:
        return str(PaymentStatus(status).label)
    if sent:
        return _("Skickad till banken")
    if attested:
        return _("Attesterad")
    if in_run:
        return _("Väntar på attest")
    return str(PaymentStatus.PLANNED.label)


@dataclass(frozen=True)
class DailyPaymentList:
    pay_date: dt.date
    rows: list[PaymentRow]

    @property
    def case_ids(self) -> list[int]:
        return sorted({row.case_id for row in self.rows})

    @property
    def transfers(self) -> list[TransferRow]:
        groups: dict[str, list[PaymentRow]] = {}
        for row in self.rows:
            key = row.transfer_id or f"{row.case_id}-{'urgent' if row.urgent else 'regular'}"
            if row.status == PaymentStatus.STOPPED and not row.transfer_id:
                key = f"stopped-{row.case_id}"  # no transfer: the household's stopped lines
            groups.setdefault(key, []).append(row)
        return [TransferRow(key=key, rows=tuple(rows)) for key, rows in groups.items()]

    @property
    def to_pay(self) -> list[PaymentRow]:
        return [row for row in self.rows if row.status != PaymentStatus.STOPPED]

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.to_pay), Decimal("0.00"))

    @property
    def waiting(self) -> list[PaymentRow]:
        """Planned and not yet in a run."""
        return [r for r in self.rows if r.status == PaymentStatus.PLANNED and not r.payment_run]

    @property
    def waiting_regular(self) -> list[PaymentRow]:
        return [r for r in self.waiting if not r.urgent]

    @property
    def waiting_urgent(self) -> list[PaymentRow]:
        return [r for r in self.waiting if r.urgent]

    @property
    def waiting_total(self) -> Decimal:
        return sum((row.amount for row in self.waiting), Decimal("0.00"))

    @property
    def missing_account(self) -> list[PaymentRow]:
        return [row for row in self.waiting if not row.has_account]

    @property
    def runs(self) -> list[str]:
        return sorted({row.payment_run for row in self.rows if row.payment_run})


def daily_payment_list(
    municipality: Municipality, pay_date: dt.date, *, cases: QuerySet[Case]
) -> DailyPaymentList:
    """The payments of one pay date in the given cases (pass the viewer's scope, e.g.
    ekb.cases.access.visible_cases(user)), with whether each payee has a usable account and how
    far its run has come. One query, however many payments."""
    run = PaymentRun.objects.filter(message_id=OuterRef("payment_run"))
    soonest = first_urgent_day(timezone.localdate())
    payments = (
        Payment.objects.filter(case__municipality=municipality, pay_date=pay_date, case__in=cases)
        .annotate(
            payout_iban=_applicant_iban(),
            run_attested_at=Subquery(run.values("attested_at")[:1]),
        )
        .select_related("case", "case__unit", "decision_line")
        .order_by("-urgent", "case__number", "pk")
    )
    rows = [
        PaymentRow(
            payment_id=p.pk,
            case_id=p.case_id,
            case_number=p.case.number,
            unit_name=p.case.unit.name,
            amount=p.amount,
            status=p.status,
            status_label=_status_label(
                p.status, bool(p.payment_run), p.run_attested_at is not None, p.sent_at is not None
            ),
            payment_run=p.payment_run,
            has_account=usable_account(p.payout_iban) is not None,
            transfer_id=p.transfer_id,
            urgent=p.urgent,
            purpose_label=p.decision_line.get_purpose_display(),
            sent=p.sent_at is not None,
            later_than_next_bank_day=p.pay_date > soonest,
        )
        for p in payments
    ]
    return DailyPaymentList(pay_date=pay_date, rows=rows)


def recount_run(message_id: str) -> None:
    """A run's transfers and total from its planned payments (after a payment left it)."""
    left = Payment.objects.filter(payment_run=message_id, status=PaymentStatus.PLANNED)
    amounts = list(left.values_list("transfer_id", "amount"))
    PaymentRun.objects.filter(message_id=message_id, file_made_at__isnull=True).update(
        payment_count=len({transfer for transfer, _amount in amounts}),
        total=sum((amount for _transfer, amount in amounts), Decimal("0.00")),
    )


# -- after the run -----------------------------------------------------------------------------


@transaction.atomic
def do_mark_paid(run: PaymentRun, *, acting_user, channel: Channel = Channel.WEB) -> int:
    """Mark the run's planned payments paid (the bank has executed the file). Returns how many;
    marking again finds none."""
    if run.file_made_at is None:
        raise ValidationError(
            {"payment_run": _("Betalfilen är inte skapad än; inget kan markeras som utbetalt.")},
            code="no_file",
        )
    if run.pay_date > timezone.localdate():
        raise ValidationError(
            {
                "pay_date": _(
                    "Betalfilen betalas ut %(date)s och kan markeras som utbetald först den dagen."
                )
                % {"date": run.pay_date.isoformat()}
            },
            code="future",
        )
    payments = list(
        Payment.objects.select_for_update(no_key=True)
        .filter(payment_run=run.message_id, status=PaymentStatus.PLANNED)
        .select_related("case")
        .order_by("pk")
    )
    now = timezone.now()
    for payment in payments:
        payment.status = PaymentStatus.PAID
        payment.paid_at = now
        payment.save(update_fields=["status", "paid_at"])
        append_event(
            payment.case,
            EventKind.PAYMENT_PAID,
            actor=acting_user,
            data={"payment_id": payment.pk, "amount": str(payment.amount)},
            at=now,
        )
    for case_id in sorted({p.case_id for p in payments}):
        record(
            action=Action.CHANGE_CASE,
            user=acting_user,
            case_id=case_id,
            channel=channel,
            detail={"payment_run": run.message_id},
        )
    return len(payments)


@transaction.atomic
def do_stop_payment(
    payment: Payment,
    reason: str,
    *,
    acting_user,
    recalled_at_bank: bool = False,
    channel: Channel = Channel.WEB,
) -> Payment:
    """Stop a planned payment. The reason is documented as a signed journal entry by the acting
    user (case events carry ids and amounts only). A payment already in a payment file has left
    EKB: it can be stopped here only once it has been recalled at the bank. A payment in a run
    whose file is not made yet leaves the run (the attest covers less money, never more)."""
    if acting_user is None:
        raise ValueError("Stopping a payment is a person's decision: acting_user is required.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför utbetalningen stoppas.")}, code="required")
    payment = (
        Payment.objects.select_for_update(no_key=True).select_related("case").get(pk=payment.pk)
    )
    if payment.status != PaymentStatus.PLANNED:
        raise ValidationError(
            {
                "status": _("Utbetalningen är redan %(status)s och kan inte stoppas.")
                % {"status": str(PaymentStatus(payment.status).label).lower()}
            },
            code="not_planned",
        )
    if payment.sent_at is not None and not recalled_at_bank:
        raise ValidationError(
            {
                "payment_run": _(
                    "Utbetalningen finns redan i betalfilen %(run)s som kan ha skickats till "
                    "banken. Återkalla den hos banken först och markera sedan att den är "
                    "återkallad."
                )
                % {"run": payment.payment_run}
            },
            code="in_file",
        )
    payment.status = PaymentStatus.STOPPED
    payment.save(update_fields=["status"])
    if payment.payment_run and payment.sent_at is None:
        recount_run(payment.payment_run)
    now = timezone.now()
    JournalEntry.objects.create(
        case=payment.case,
        author=acting_user,
        entry_date=timezone.localdate(),
        text=_("Utbetalningen på %(amount)s kr den %(date)s stoppades. Skäl: %(reason)s")
        % {
            "amount": f"{payment.amount:.2f}".replace(".", ","),
            "date": payment.pay_date.isoformat(),
            "reason": reason,
        },
        signed_at=now,
        created_at=now,
    )
    data = {
        "payment_id": payment.pk,
        "amount": str(payment.amount),
        "pay_date": payment.pay_date.isoformat(),
    }
    if payment.payment_run:
        data["payment_run"] = payment.payment_run
    append_event(payment.case, EventKind.PAYMENT_STOPPED, actor=acting_user, data=data, at=now)
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=payment.case_id, channel=channel)
    return payment
