"""Who may see the payment lists and fetch a payment file: decided here, not in views.

A payment file (pain.001) names every client paid in the run, with account numbers: only a
section manager may fetch it, and only when every payment in it belongs to the units she
manages (the same secrecy rule as the case itself, ``ekb.cases.access``). Refusals look like a
missing file (404), and every fetch is logged with the cases it names.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from ekb.accounts.roles import Role
from ekb.audit.log import record
from ekb.audit.models import Action, Channel, Outcome
from ekb.cases.access import MANAGER_ROLES, access_via_case, visible_cases
from ekb.cases.models import Case
from ekb.lib.ids import parse_id
from ekb.payments.actions import daily_payment_list
from ekb.payments.choices import PaymentStatus
from ekb.payments.models import Payment, PaymentRun


def payment_scope(user) -> QuerySet[Case]:
    """The cases whose payments the user handles: the units she manages. Http404 for others."""
    if not (user and user.is_authenticated and user.has_role(Role.SECTION_MANAGER)):
        raise Http404
    if user.municipality_id is None:
        raise Http404
    return visible_cases(user).filter(unit_id__in=user.units_with_roles(MANAGER_ROLES))


def may_fetch_payment_file(user, run: PaymentRun) -> bool:
    """A run's file, when every one of its payments is in the user's scope (and it has any)."""
    try:
        scope = payment_scope(user)
    except Http404:
        return False
    if run.municipality_id != user.municipality_id:
        return False
    return _run_in_scope(run, scope) and run.file_made_at is not None


def _run_in_scope(run: PaymentRun, scope: QuerySet[Case]) -> bool:
    payments = Payment.objects.filter(payment_run=run.message_id)
    return payments.exists() and not payments.exclude(case__in=scope).exists()


def access_payment_run(user, run_id, *, channel: Channel = Channel.WEB) -> PaymentRun:
    """A run the section manager may attest and make the file of: every payment in it is in her
    units. Http404 alike for missing and not hers; logged as a change of each case it names."""
    pk = parse_id(run_id)
    run = PaymentRun.objects.filter(pk=pk).first() if pk else None
    try:
        allowed = (
            run is not None
            and run.municipality_id == user.municipality_id
            and _run_in_scope(run, payment_scope(user))
        )
    except Http404:
        allowed = False
    if run is None or not allowed:
        record(
            action=Action.CHANGE_CASE,
            outcome=Outcome.DENIED,
            user=user,
            channel=channel,
            detail={"payment_run_id": pk} if pk else {},
        )
        raise Http404
    return run


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
    """The municipality's payment runs of the day among ``message_ids``, oldest first."""
    return list(
        PaymentRun.objects.filter(
            municipality_id=user.municipality_id, pay_date=pay_date, message_id__in=message_ids
        ).order_by("created_at", "pk")
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
    """The case's latest payments, for a case the caller has opened through ``cases.access``."""
    return list(Payment.objects.filter(case=case).order_by("-pay_date")[:count])
