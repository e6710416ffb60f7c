"""Who may see the payment lists, open a run and fetch a payment file: decided here, not in views.

Runs are per unit. A section manager sees and handles the runs of the units she manages (the same
secrecy rule as the case itself, ``ekb.cases.access``): their counts, sums and files, no other
unit's. One exception, so that no run waits forever: when no section manager of the run's own
unit may attest it (the unit has none, or each of them decided a payment in it;
``ekb.payments.attest``), a section manager of another unit of the municipality may open that run
to attest it, and then make its file; that opening is logged as such (``other_unit``). A payment
file (pain.001) names every client paid in the run, with account numbers: only a manager of the
run's unit may fetch it. Refusals look like a missing page (404), and every fetch is logged with
the cases it names.
"""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from ekb.accounts.roles import Role
from ekb.audit.log import record
from ekb.audit.models import Action, Channel, Outcome
from ekb.cases.access import MANAGER_ROLES, access_via_case, visible_cases
from ekb.cases.models import Case
from ekb.lib.ids import parse_id
from ekb.payments.actions import daily_payment_list
from ekb.payments.attest import attest_verdict
from ekb.payments.choices import PaymentStatus
from ekb.payments.models import Payment, PaymentRun
from ekb.payments.urgent import may_be_urgent


def payment_scope(user) -> QuerySet[Case]:
    """The cases whose payments the user handles: the units she manages. Http404 for others."""
    if not (user and user.is_authenticated and user.has_role(Role.SECTION_MANAGER)):
        raise Http404
    if user.municipality_id is None:
        raise Http404
    return visible_cases(user).filter(unit_id__in=user.units_with_roles(MANAGER_ROLES))


def _own_run(user, run: PaymentRun) -> bool:
    """The run is of a unit the user manages (a run from before runs were per unit: when every
    one of its payments is in her units)."""
    try:
        scope = payment_scope(user)
    except Http404:
        return False
    if run.municipality_id != user.municipality_id:
        return False
    if run.unit_id is not None:
        return run.unit_id in user.units_with_roles(MANAGER_ROLES)
    payments = Payment.objects.filter(payment_run=run.message_id)
    return payments.exists() and not payments.exclude(case__in=scope).exists()


def may_fetch_payment_file(user, run: PaymentRun) -> bool:
    """A run's file, when the run is of her units and its file is made."""
    return run.file_made_at is not None and _own_run(user, run)


def _denied(user, pk, channel) -> NoReturn:
    record(
        action=Action.CHANGE_CASE,
        outcome=Outcome.DENIED,
        user=user,
        channel=channel,
        detail={"payment_run_id": pk} if pk else {},
    )
    raise Http404


def _opened_from_other_unit(user, run: PaymentRun, channel) -> None:
    case_ids = Payment.objects.filter(payment_run=run.message_id).values_list("case_id", flat=True)
    for case_id in sorted(set(case_ids)):
        record(
            action=Action.CHANGE_CASE,
            user=user,
            case_id=case_id,
            channel=channel,
            detail={"payment_run": run.message_id, "other_unit": True},
        )


def access_payment_run(user, run_id, *, channel: Channel = Channel.WEB) -> PaymentRun:
    """A run whose file the section manager may make: of her units, or one she attested as the
    manager of another unit (see the module's text). Http404 alike for missing and not hers."""
    pk = parse_id(run_id)
    run = PaymentRun.objects.filter(pk=pk).first() if pk else None
    if run is not None and _own_run(user, run):
        return run
    if run is not None and run.attested_by_id is not None and run.attested_by_id == user.pk:
        _opened_from_other_unit(user, run, channel)
        return run
    _denied(user, pk, channel)


def access_payment_run_to_attest(user, run_id, *, channel: Channel = Channel.WEB) -> PaymentRun:
    """A run the section manager may attest or re-open: of her units, or of another unit whose
    own managers may not attest it, when she may (logged as opened from another unit). Whether
    she may attest a run of her own units is the action's to say (with the reason)."""
    pk = parse_id(run_id)
    run = PaymentRun.objects.filter(pk=pk).first() if pk else None
    if run is not None and _own_run(user, run):
        return run
    if run is not None and run.municipality_id == user.municipality_id:
        verdict = attest_verdict(run, user)
        if verdict.allowed and verdict.cross_unit:
            _opened_from_other_unit(user, run, channel)
            return run
    _denied(user, pk, channel)


def access_payment_by_id(user, payment_id, *, channel: Channel = Channel.WEB) -> Payment:
    """A payment, for whoever may see its case (stop it, make it urgent); 404 otherwise."""
    return access_via_case(user, Payment, payment_id, action=Action.CHANGE_CASE, channel=channel)


def access_payment_file(user, run_id) -> PaymentRun:
    """The run whose file the user may fetch, logged with the cases it names; else Http404."""
    pk = parse_id(run_id)
    run = PaymentRun.objects.filter(pk=pk).first() if pk else None
    if run is None or not may_fetch_payment_file(user, run):
        record(
            action=Action.READ_PAYMENT_FILE,
            outcome=Outcome.DENIED,
            user=user,
            detail={"payment_run_id": pk} if pk else {},
        )
        raise Http404
    case_ids = Payment.objects.filter(payment_run=run.message_id).values_list("case_id", flat=True)
    record(
        action=Action.READ_PAYMENT_FILE,
        user=user,
        detail={"case_ids": sorted(set(case_ids)), "payment_run": run.message_id},
    )
    return run


def payment_list_of(user, scope: QuerySet[Case], pay_date):
    """The day's payment list of the cases in ``scope`` (from ``payment_scope``), logged with
    the cases it names (a list a person sees is a read of each case on it)."""
    listing = daily_payment_list(user.municipality, pay_date, cases=scope)
    if listing.case_ids:
        record(
            action=Action.LIST_CASES,
            user=user,
            detail={"case_ids": listing.case_ids, "pay_date": pay_date.isoformat()},
        )
    return listing


def runs_of(user, pay_date, message_ids) -> list[PaymentRun]:
    """The runs of the day among ``message_ids`` that are of the user's units, oldest first."""
    runs = PaymentRun.objects.filter(
        municipality_id=user.municipality_id, pay_date=pay_date, message_id__in=message_ids
    ).select_related("unit", "attested_by")
    return [run for run in runs.order_by("created_at", "pk") if _own_run(user, run)]


def runs_to_attest_elsewhere(user, pay_date) -> list[PaymentRun]:
    """Other units' runs of the day, waiting for an attest, that the user may attest because no
    manager of their own unit may (see the module's text); oldest first."""
    if not (user and user.is_authenticated and user.has_role(Role.SECTION_MANAGER)):
        return []
    waiting = (
        PaymentRun.objects.filter(
            municipality_id=user.municipality_id,
            pay_date=pay_date,
            attested_at__isnull=True,
            reopened_at__isnull=True,
            file_made_at__isnull=True,
        )
        .exclude(unit_id__in=user.units_with_roles(MANAGER_ROLES))
        .exclude(unit__isnull=True)
        .select_related("unit")
        .order_by("created_at", "pk")
    )
    return [run for run in waiting if attest_verdict(run, user).cross_unit]


def attested_elsewhere(user, pay_date) -> list[PaymentRun]:
    """Other units' runs of the day the user attested, their file not yet made (she may make it)."""
    return list(
        PaymentRun.objects.filter(
            municipality_id=user.municipality_id,
            pay_date=pay_date,
            attested_by_id=user.pk,
            reopened_at__isnull=True,
            file_made_at__isnull=True,
        )
        .exclude(unit_id__in=user.units_with_roles(MANAGER_ROLES))
        .select_related("unit", "attested_by")
        .order_by("created_at", "pk")
    )


def first_day_to_pay(scope: QuerySet[Case], today, regular) -> dt.date:
    """The day the payment list opens on: the earliest day from today with payments waiting
    for a payment file in ``scope`` when that comes before the regular pay day ``regular``
    (support decided after its month's pay day is paid on the next bank day, see
    ekb.payments.actions.planned_pay_date), else the regular pay day."""
    earliest = (
        Payment.objects.filter(
            case__in=scope,
            status=PaymentStatus.PLANNED,
            sent_at__isnull=True,
            pay_date__gte=today,
            pay_date__lt=regular,
        )
        .order_by("pay_date")
        .values_list("pay_date", flat=True)
        .first()
    )
    return earliest or regular


def days_left_behind(scope: QuerySet[Case], today) -> list[dt.date]:
    """Earlier days whose planned payments never went into a payment file: they will not be
    paid unless someone stops and plans them again, so the list says so."""
    return list(
        Payment.objects.filter(
            case__in=scope, status=PaymentStatus.PLANNED, sent_at__isnull=True, pay_date__lt=today
        )
        .order_by("pay_date")
        .values_list("pay_date", flat=True)
        .distinct()
    )


def case_payments(case, count: int = 12) -> list[Payment]:
    """The case's latest payments, for a case the caller has opened through ``cases.access``;
    each with ``can_hurry``: whether "Betala ut snarast" is offered (``payments.urgent``)."""
    payments = list(Payment.objects.filter(case=case).order_by("-pay_date")[:count])
    today = timezone.localdate()
    for payment in payments:
        payment.can_hurry = may_be_urgent(payment, today)  # type: ignore[attr-defined]
    return payments
