"""Payments (utbetalningar): planned from a decision, collected into one payment file per run,
then marked paid or stopped.

Every payment is written to a payment file at most once. A run locks the municipality (so runs for
it happen one at a time) and the planned payments it takes, and stamps each with the run's message
id in the same transaction as the file is stored. A retried run, or a second run racing the first,
finds those payments already taken: it either returns the existing run or makes a new run of only
the payments that are not yet in a file.
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
from ekb.integrations import pain001
from ekb.payments.choices import PaymentStatus
from ekb.payments.models import Payment, PaymentRun
from ekb.payments.paydays import is_bank_day, next_bank_day, pay_date_for
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


def _message_id(municipality_code: str, pay_date: dt.date, serial: int) -> str:
    return f"EKB-{municipality_code}-{pay_date:%Y%m%d}-{serial:03d}"


def _current_applicants(household_ids: Iterable[int]) -> dict[int, Person]:
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


@dataclass(frozen=True)
class DailyPaymentList:
    pay_date: dt.date
    rows: list[PaymentRow]

    @property
    def case_ids(self) -> list[int]:
        return sorted({row.case_id for row in self.rows})

    @property
    def to_pay(self) -> list[PaymentRow]:
        return [row for row in self.rows if row.status != PaymentStatus.STOPPED]

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.to_pay), Decimal("0.00"))

    @property
    def waiting(self) -> list[PaymentRow]:
        """Planned and not yet in a payment file."""
        return [r for r in self.rows if r.status == PaymentStatus.PLANNED and not r.payment_run]

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
    ekb.cases.access.visible_cases(user)), with whether each payee has a usable account."""
    labels = dict(PaymentStatus.choices)
    payments = (
        Payment.objects.filter(case__municipality=municipality, pay_date=pay_date, case__in=cases)
        .annotate(payout_iban=_applicant_iban())
        .select_related("case", "case__unit")
        .order_by("case__number", "pk")
    )
    rows = [
        PaymentRow(
            payment_id=p.pk,
            case_id=p.case_id,
            case_number=p.case.number,
            unit_name=p.case.unit.name,
            amount=p.amount,
            status=p.status,
            status_label=str(labels.get(p.status, p.status)),
            payment_run=p.payment_run,
            has_account=usable_account(p.payout_iban) is not None,
        )
        for p in payments
    ]
    return DailyPaymentList(pay_date=pay_date, rows=rows)


# -- the payment run ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RunResult:
    """What a run did. `run` is the run made now, or when nothing new was to be paid the latest
    earlier run for the date (None if there is none); `missing_account` are the planned payments
    left out because the payee has no usable account: they stay planned, outside any file, and
    a later run takes them once the account is there."""

    run: PaymentRun | None
    created: bool
    payment_ids: tuple[int, ...]
    missing_account: tuple[int, ...]


def _debtor(municipality: Municipality) -> pain001.Debtor:
    policy = policy_for(municipality)
    if not policy.debtor_iban or not policy.debtor_name:
        raise ValidationError(
            {
                "debtor_iban": _(
                    "Kommunens bankkonto för utbetalningar saknas. Ange kontohavare och IBAN i "
                    "kommunens inställningar innan betalfilen skapas."
                )
            },
            code="no_debtor",
        )
    return pain001.Debtor(
        name=policy.debtor_name,
        iban=iban_number.compact(policy.debtor_iban),
        bic=policy.debtor_bic.strip().upper(),
        org_number=policy.debtor_org_number.replace("-", "").strip(),
    )


def _remittance(period_start: dt.date) -> str:
    return _("Ekonomiskt bistånd %(month)s") % {"month": f"{period_start:%Y-%m}"}


def _latest_run(municipality, pay_date, cases) -> PaymentRun | None:
    runs = PaymentRun.objects.filter(municipality=municipality, pay_date=pay_date)
    if cases is not None:
        in_scope = Payment.objects.filter(
            case__in=cases, pay_date=pay_date, case__municipality=municipality
        ).exclude(payment_run="")
        runs = runs.filter(message_id__in=in_scope.values("payment_run"))
    return runs.order_by("-created_at", "-pk").first()


@transaction.atomic
def do_run_payments(
    municipality: Municipality,
    pay_date: dt.date,
    *,
    acting_user,
    cases: QuerySet[Case] | None = None,
    channel: Channel = Channel.WEB,
) -> RunResult:
    """Collect the planned payments of the pay date that are in no file yet (limited to `cases`
    when given), write them into one pain.001 file on a new PaymentRun and stamp them with its
    message id. Payments whose payee has no usable account are left out and reported."""
    # Runs for one municipality happen one at a time: this lock is held until commit, so a second
    # run waits and then sees the first one's stamps. NO KEY: rows referring to the municipality
    # can still be inserted meanwhile.
    list(Municipality.objects.select_for_update(no_key=True).filter(pk=municipality.pk))
    due = Payment.objects.select_for_update(no_key=True, of=("self",)).filter(
        case__municipality=municipality,
        pay_date=pay_date,
        status=PaymentStatus.PLANNED,
        payment_run="",
    )
    if cases is not None:
        due = due.filter(case__in=cases)
    candidates = list(due.select_related("case", "decision_line").order_by("pk"))
    applicants = _current_applicants(p.case.household_id for p in candidates)

    payable: list[tuple[Payment, pain001.CreditTransfer]] = []
    missing: list[int] = []
    for payment in candidates:
        person = applicants.get(payment.case.household_id)
        account = usable_account(person.payout_iban) if person is not None else None
        if person is None or account is None:
            missing.append(payment.pk)
            continue
        payable.append(
            (
                payment,
                pain001.CreditTransfer(
                    end_to_end_id=payment.end_to_end_id,
                    amount=payment.amount.quantize(CENT),
                    creditor_name=person.full_name,
                    creditor_iban=account,
                    remittance=_remittance(payment.decision_line.period_start),
                ),
            )
        )

    if not payable:
        return RunResult(
            run=_latest_run(municipality, pay_date, cases),
            created=False,
            payment_ids=(),
            missing_account=tuple(missing),
        )
    if pay_date < timezone.localdate():
        raise ValidationError(
            {
                "pay_date": _(
                    "Utbetalningsdagen %(date)s har redan passerat. Betalfilen kan inte skapas "
                    "för ett datum bakåt i tiden."
                )
                % {"date": pay_date.isoformat()}
            },
            code="past",
        )

    debtor = _debtor(municipality)
    earlier = PaymentRun.objects.filter(municipality=municipality, pay_date=pay_date).count()
    message_id = _message_id(municipality.code, pay_date, earlier + 1)
    now = timezone.now()
    transfers = [transfer for _payment, transfer in payable]
    data = pain001.build(
        message_id=message_id,
        created_at=timezone.localtime(now),
        execution_date=pay_date,
        debtor=debtor,
        transfers=transfers,
    )
    total = sum((t.amount for t in transfers), Decimal("0.00"))
    summary = pain001.check(data)
    if (summary.number_of_transactions, summary.control_sum) != (len(transfers), total):
        raise pain001.Pain001Error("The payment file does not add up.")

    run = PaymentRun.objects.create(
        municipality=municipality,
        pay_date=pay_date,
        message_id=message_id,
        created_at=now,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        file=data,
        payment_count=len(transfers),
        total=total,
    )
    ids = [payment.pk for payment, _transfer in payable]
    # Claim with a condition, as a second line of defence behind the row locks: a payment that
    # somehow got into another file meanwhile makes the whole run roll back.
    stamped = Payment.objects.filter(
        pk__in=ids, payment_run="", status=PaymentStatus.PLANNED
    ).update(payment_run=message_id)
    if stamped != len(ids):
        raise RuntimeError("A payment was taken by another run; nothing was written.")
    for case_id in sorted({payment.case_id for payment, _transfer in payable}):
        record(
            action=Action.RUN_PAYMENTS,
            user=acting_user,
            case_id=case_id,
            channel=channel,
            detail={"payment_run": message_id},
        )
    return RunResult(run=run, created=True, payment_ids=tuple(ids), missing_account=tuple(missing))


# -- after the run -----------------------------------------------------------------------------


@transaction.atomic
def do_mark_paid(run: PaymentRun, *, acting_user, channel: Channel = Channel.WEB) -> int:
    """Mark the run's planned payments paid (the bank has executed the file). Returns how many;
    marking again finds none."""
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
    EKB: it can be stopped here only once it has been recalled at the bank."""
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
    if payment.payment_run and not recalled_at_bank:
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
