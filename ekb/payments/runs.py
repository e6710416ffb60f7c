"""The payment run in three steps: prepare, attest, make the file; and re-open before the file.

1. **Prepare** (`do_prepare_payment_run`): the planned payments of a pay date that are in no run
   yet are taken together, ONE RUN PER UNIT (the unit's section manager attests what her unit
   pays; nobody sees another unit's counts and sums). The lines of one household go to the bank
   as ONE credit transfer with their sum and a reference the client recognises ("Ekonomiskt
   bistånd december 2026"); each Payment row stays per decision line (the accounts need the
   lines) and carries the transfer's EndToEndId in `transfer_id`. Urgent payments (utbetalning
   snarast, ``ekb.payments.urgent``) are prepared in their own small run. Preparing is mechanical
   collection of what was decided: the system (the CLI, `acting_user=None`) or any staff member
   with access may do it, and it does not bar her from attesting.
2. **Attest** (`do_attest_payment_run`): a section manager who decided none of the run's payments
   and asked for none of them to be paid urgently attests it (segregation of duties: who may is
   decided in ``ekb.payments.attest``, with the sources it cites).
3. **Make the file** (`do_make_payment_file`): only for an attested run; writes the pain.001 file
   and marks the payments sent (the client then reads that the money has gone to the bank).

**Re-open** (`do_reopen_payment_run`): before its file is made, a section manager may undo a run
with a reason; its payments are planned again outside any run (a later preparation takes them),
and the run keeps who re-opened it, when and why. Nothing waits forever for an attest.

Every payment is written to a payment file at most once. Preparing locks the municipality (runs
for it are prepared one at a time) and the planned payments it takes, and stamps each with the
run's message id in the same transaction. A retried or racing preparation finds them taken.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from stdnum import iban as iban_number

from ekb.accounts.models import Municipality
from ekb.accounts.roles import Role
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.models import Case
from ekb.decisions.policy import policy_for
from ekb.integrations import pain001
from ekb.payments.actions import CENT, current_applicants, usable_account
from ekb.payments.attest import attest_verdict
from ekb.payments.choices import PaymentStatus
from ekb.payments.models import Payment, PaymentRun
from ekb.people.models import Person


@dataclass(frozen=True)
class RunResult:
    """What a preparation did. `runs` are the runs made now, one per unit, or when nothing new
    was to be paid the latest earlier run of the date and kind of each unit in scope;
    `missing_account` are the planned payments left out because the payee has no usable account:
    they stay planned, outside any run, and a later run takes them once the account is there."""

    runs: tuple[PaymentRun, ...]
    created: bool
    payment_ids: tuple[int, ...]
    missing_account: tuple[int, ...]

    @property
    def run(self) -> PaymentRun | None:
        """The one run (None if there is none); refused when the preparation spans units."""
        if len(self.runs) > 1:
            raise ValueError("The preparation made one run per unit: read `runs`.")
        return self.runs[0] if self.runs else None


def _message_id(municipality_code: str, pay_date: dt.date, serial: int) -> str:
    return f"EKB-{municipality_code}-{pay_date:%Y%m%d}-{serial:03d}"


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


def remittance(period_starts) -> str:
    """The text on the client's bank statement: "Ekonomiskt bistånd december 2026" (the months
    the support is for). In the municipality's language, whatever language the staff member reads:
    the client reads it at the bank."""
    months = sorted({day.replace(day=1) for day in period_starts})
    with translation.override(settings.LANGUAGE_CODE):
        names = ", ".join(formats.date_format(month, "F Y") for month in months)
        return _("Ekonomiskt bistånd %(month)s") % {"month": names}


def _refuse_past(pay_date: dt.date) -> None:
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


def _latest_runs(municipality, pay_date, cases, urgent) -> tuple[PaymentRun, ...]:
    """The latest run of the date and kind of each unit (with payments in ``cases`` when given)."""
    runs = PaymentRun.objects.filter(
        municipality=municipality, pay_date=pay_date, urgent=urgent, reopened_at__isnull=True
    )
    if cases is not None:
        in_scope = Payment.objects.filter(
            case__in=cases, pay_date=pay_date, case__municipality=municipality
        ).exclude(payment_run="")
        runs = runs.filter(message_id__in=in_scope.values("payment_run"))
    latest: dict[int | None, PaymentRun] = {}
    for run in runs.order_by("-created_at", "-pk"):
        latest.setdefault(run.unit_id, run)
    return tuple(sorted(latest.values(), key=lambda run: run.pk))


def _payee(applicants: dict[int, Person], payment: Payment) -> tuple[Person, str] | None:
    person = applicants.get(payment.case.household_id)
    account = usable_account(person.payout_iban) if person is not None else None
    if person is None or account is None:
        return None
    return person, account


@transaction.atomic
def do_prepare_payment_run(
    municipality: Municipality,
    pay_date: dt.date,
    *,
    acting_user,
    cases: QuerySet[Case] | None = None,
    urgent: bool = False,
    channel: Channel = Channel.WEB,
) -> RunResult:
    """Take the planned payments of the pay date that are in no run yet (limited to `cases` when
    given; only urgent ones when `urgent`, else only regular ones) into a new run per unit, one
    transfer per household. Payments whose payee has no usable account are left out and reported."""
    # Runs for one municipality are prepared one at a time: this lock is held until commit, so a
    # second preparation waits and then sees the first one's stamps. NO KEY: rows referring to
    # the municipality can still be inserted meanwhile.
    list(Municipality.objects.select_for_update(no_key=True).filter(pk=municipality.pk))
    due = Payment.objects.select_for_update(no_key=True, of=("self",)).filter(
        case__municipality=municipality,
        pay_date=pay_date,
        status=PaymentStatus.PLANNED,
        payment_run="",
        urgent=urgent,
    )
    if cases is not None:
        due = due.filter(case__in=cases)
    candidates = list(due.select_related("case").order_by("case_id", "pk"))
    applicants = current_applicants(p.case.household_id for p in candidates)

    transfers: dict[int, dict[tuple[int, str], list[Payment]]] = defaultdict(
        lambda: defaultdict(list)
    )
    missing: list[int] = []
    for payment in candidates:
        payee = _payee(applicants, payment)
        if payee is None:
            missing.append(payment.pk)
            continue
        transfers[payment.case.unit_id][(payment.case_id, payee[1])].append(payment)

    if not transfers:
        return RunResult(
            runs=_latest_runs(municipality, pay_date, cases, urgent),
            created=False,
            payment_ids=(),
            missing_account=tuple(missing),
        )
    _refuse_past(pay_date)
    _debtor(municipality)  # refuse now, not after the attest, when the bank account is missing

    earlier = PaymentRun.objects.filter(municipality=municipality, pay_date=pay_date).count()
    runs: list[PaymentRun] = []
    payable: list[Payment] = []
    for serial, unit_id in enumerate(sorted(transfers), start=earlier + 1):
        run = _new_run(
            municipality, unit_id, pay_date, serial, transfers[unit_id], acting_user, urgent
        )
        runs.append(run)
        payable.extend(p for lines in transfers[unit_id].values() for p in lines)
        for case_id in sorted({p.case_id for lines in transfers[unit_id].values() for p in lines}):
            record(
                action=Action.PREPARE_PAYMENTS,
                user=acting_user,
                case_id=case_id,
                channel=channel,
                detail={"payment_run": run.message_id},
            )
    return RunResult(
        runs=tuple(runs),
        created=True,
        payment_ids=tuple(p.pk for p in payable),
        missing_account=tuple(missing),
    )


def _new_run(municipality, unit_id, pay_date, serial, transfers, acting_user, urgent):
    """One unit's run of the day, its payments stamped with its message id."""
    message_id = _message_id(municipality.code, pay_date, serial)
    payable = [payment for lines in transfers.values() for payment in lines]
    run = PaymentRun.objects.create(
        municipality=municipality,
        unit_id=unit_id,
        pay_date=pay_date,
        message_id=message_id,
        created_at=timezone.now(),
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        urgent=urgent,
        payment_count=len(transfers),
        total=sum((p.amount for p in payable), Decimal("0.00")),
    )
    for lines in transfers.values():
        # Claim with a condition, as a second line of defence behind the row locks: a payment
        # that somehow got into another run meanwhile makes the whole preparation roll back.
        stamped = Payment.objects.filter(
            pk__in=[p.pk for p in lines], payment_run="", status=PaymentStatus.PLANNED
        ).update(payment_run=message_id, transfer_id=lines[0].end_to_end_id)
        if stamped != len(lines):
            raise RuntimeError("A payment was taken by another run; nothing was written.")
    return run


def _locked_run(run: PaymentRun) -> PaymentRun:
    return PaymentRun.objects.select_for_update(no_key=True).get(pk=run.pk)


def _case_ids(run: PaymentRun) -> list[int]:
    ids = Payment.objects.filter(payment_run=run.message_id).values_list("case_id", flat=True)
    return sorted(set(ids))


@transaction.atomic
def do_attest_payment_run(
    run: PaymentRun, *, acting_user, channel: Channel = Channel.WEB
) -> PaymentRun:
    """A section manager attests the run: its payments may go to the bank. Who may is decided in
    ``ekb.payments.attest`` (not one who decided a payment in it or asked for it to be paid
    urgently). Attesting again does nothing."""
    run = _locked_run(run)
    if run.attested_at is not None:
        return run
    if run.reopened_at is not None or run.file_made_at is not None:
        raise ValidationError(
            {"payment_run": _("Körningen är öppnad igen och kan inte attesteras.")},
            code="reopened",
        )
    verdict = attest_verdict(run, acting_user)
    if not verdict.allowed:
        manager = acting_user is not None and acting_user.has_role(Role.SECTION_MANAGER)
        raise ValidationError(
            {"attested_by": verdict.reason}, code="party" if manager else "not_manager"
        )
    if not Payment.objects.filter(
        payment_run=run.message_id, status=PaymentStatus.PLANNED
    ).exists():
        raise ValidationError(
            {"payment_run": _("Det finns inga utbetalningar kvar att attestera.")},
            code="empty",
        )
    run.attested_by = acting_user
    run.attested_at = timezone.now()
    run.save(update_fields=["attested_by", "attested_at"])
    detail: dict = {"payment_run": run.message_id}
    if verdict.cross_unit:
        detail["other_unit"] = True
    for case_id in _case_ids(run):
        record(
            action=Action.ATTEST_PAYMENTS,
            user=acting_user,
            case_id=case_id,
            channel=channel,
            detail=detail,
        )
    return run


@transaction.atomic
def do_reopen_payment_run(
    run: PaymentRun, reason: str, *, acting_user, channel: Channel = Channel.WEB
) -> PaymentRun:
    """Undo a run before its file is made (attested or not): its payments are planned again
    outside any run, and the run keeps who re-opened it, when and why (the reason names no
    client: it is about the run). Re-opening again does nothing."""
    if not (acting_user is not None and acting_user.has_role(Role.SECTION_MANAGER)):
        raise ValidationError(
            {"reopened_by": _("Bara en sektionschef kan öppna förberedda utbetalningar igen.")},
            code="not_manager",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Skriv varför utbetalningarna öppnas igen.")}, code="required"
        )
    run = _locked_run(run)
    if run.reopened_at is not None:
        return run
    if run.file_made_at is not None:
        raise ValidationError(
            {
                "payment_run": _(
                    "Betalfilen %(run)s är redan skapad och kan ha skickats till banken. Stoppa "
                    "enskilda utbetalningar i stället (återkalla dem hos banken först)."
                )
                % {"run": run.message_id}
            },
            code="file_made",
        )
    case_ids = _case_ids(run)
    Payment.objects.select_for_update(no_key=True).filter(
        payment_run=run.message_id, sent_at__isnull=True
    ).update(payment_run="", transfer_id="")
    run.reopened_at = timezone.now()
    run.reopened_by = acting_user
    run.reopen_reason = reason
    run.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    for case_id in case_ids:
        record(
            action=Action.REOPEN_PAYMENTS,
            user=acting_user,
            case_id=case_id,
            channel=channel,
            detail={"payment_run": run.message_id},
        )
    return run


@dataclass(frozen=True)
class FileResult:
    run: PaymentRun
    created: bool
    # Payments taken out of the run because the payee's account is gone since it was prepared:
    # they are planned again outside any run.
    missing_account: tuple[int, ...]


@transaction.atomic
def do_make_payment_file(
    run: PaymentRun, *, acting_user, channel: Channel = Channel.WEB
) -> FileResult:
    """Write the attested run's pain.001 file: one credit transfer per household with the sum of
    its lines. Refused before the attest; making it again returns the same file."""
    run = _locked_run(run)
    if run.file_made_at is not None:
        return FileResult(run=run, created=False, missing_account=())
    if run.reopened_at is not None:
        raise ValidationError(
            {"payment_run": _("Körningen är öppnad igen; förbered utbetalningarna på nytt.")},
            code="reopened",
        )
    if run.attested_at is None:
        raise ValidationError(
            {
                "attested_by": _(
                    "Utbetalningarna är inte attesterade. En sektionschef som inte har beslutat om "
                    "dem ska attestera innan betalfilen skapas."
                )
            },
            code="not_attested",
        )
    _refuse_past(run.pay_date)
    debtor = _debtor(run.municipality)
    lines = list(
        Payment.objects.select_for_update(no_key=True, of=("self",))
        .filter(payment_run=run.message_id, status=PaymentStatus.PLANNED)
        .select_related("case", "decision_line")
        .order_by("transfer_id", "pk")
    )
    applicants = current_applicants(p.case.household_id for p in lines)
    grouped: dict[str, list[Payment]] = defaultdict(list)
    missing: list[Payment] = []
    for payment in lines:
        if _payee(applicants, payment) is None:
            missing.append(payment)
        else:
            grouped[payment.transfer_id].append(payment)
    if missing:
        Payment.objects.filter(pk__in=[p.pk for p in missing]).update(
            payment_run="", transfer_id=""
        )
    if not grouped:
        raise ValidationError(
            {"payment_run": _("Det finns inga utbetalningar kvar att betala i den här körningen.")},
            code="empty",
        )

    transfers = []
    for transfer_id, group in grouped.items():
        person, account = _payee(applicants, group[0])  # type: ignore[misc]
        transfers.append(
            pain001.CreditTransfer(
                end_to_end_id=transfer_id,
                amount=sum((p.amount for p in group), Decimal("0.00")).quantize(CENT),
                creditor_name=person.full_name,
                creditor_iban=account,
                remittance=remittance(p.decision_line.period_start for p in group),
            )
        )
    now = timezone.now()
    data = pain001.build(
        message_id=run.message_id,
        created_at=timezone.localtime(now),
        execution_date=run.pay_date,
        debtor=debtor,
        transfers=transfers,
    )
    total = sum((t.amount for t in transfers), Decimal("0.00"))
    summary = pain001.check(data)
    if (summary.number_of_transactions, summary.control_sum) != (len(transfers), total):
        raise pain001.Pain001Error("The payment file does not add up.")

    run.file = data
    run.file_made_at = now
    run.payment_count = len(transfers)
    run.total = total
    run.save(update_fields=["file", "file_made_at", "payment_count", "total"])
    sent = [p.pk for group in grouped.values() for p in group]
    Payment.objects.filter(pk__in=sent).update(sent_at=now)
    for case_id in sorted({p.case_id for group in grouped.values() for p in group}):
        record(
            action=Action.RUN_PAYMENTS,
            user=acting_user,
            case_id=case_id,
            channel=channel,
            detail={"payment_run": run.message_id},
        )
    return FileResult(run=run, created=True, missing_account=tuple(p.pk for p in missing))
