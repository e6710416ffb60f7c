"""Payments through the API: stop a payment or pay it urgently (utbetalning snarast), attest a
run, re-open it with a reason, and make its file. The same actions and access rules as the
workspace (who may attest: ekb.payments.attest)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Router, Schema

from ekb.api.auth import StaffToken
from ekb.api.errors import Problem, problem
from ekb.api.schemas import ObjectId
from ekb.audit.models import Channel
from ekb.payments.access import (
    access_payment_by_id,
    access_payment_run,
    access_payment_run_to_attest,
)
from ekb.payments.actions import do_stop_payment
from ekb.payments.runs import (
    do_attest_payment_run,
    do_make_payment_file,
    do_reopen_payment_run,
)
from ekb.payments.urgent import do_mark_payment_urgent

router = Router(auth=StaffToken(), tags=["payments"])
API = Channel.API


class ReasonIn(Schema):
    reason: str


class PaymentOut(Schema):
    id: int
    case_id: int
    amount: Decimal
    pay_date: dt.date
    status: str
    urgent: bool
    payment_run: str


class RunOut(Schema):
    id: int
    message_id: str
    pay_date: dt.date
    urgent: bool
    transfers: int
    total: Decimal
    attested: bool
    file_made: bool
    reopened: bool


def _payment_out(payment) -> dict:
    payment.refresh_from_db()
    return {
        "id": payment.pk,
        "case_id": payment.case_id,
        "amount": payment.amount,
        "pay_date": payment.pay_date,
        "status": payment.status,
        "urgent": payment.urgent,
        "payment_run": payment.payment_run,
    }


def _run_out(run) -> dict:
    return {
        "id": run.pk,
        "message_id": run.message_id,
        "pay_date": run.pay_date,
        "urgent": run.urgent,
        "transfers": run.payment_count,
        "total": run.total,
        "attested": run.attested_at is not None,
        "file_made": run.file_made_at is not None,
        "reopened": run.reopened_at is not None,
    }


@router.post("/payments/{payment_id}/stop", response={200: PaymentOut, 422: Problem})
def stop(request, payment_id: ObjectId, body: ReasonIn):
    payment = access_payment_by_id(request.user, payment_id, channel=API)
    try:
        do_stop_payment(payment, body.reason, acting_user=request.user, channel=API)
    except ValidationError as error:
        return problem(error)
    return _payment_out(payment)


@router.post("/payments/{payment_id}/urgent", response={200: PaymentOut, 422: Problem})
def urgent(request, payment_id: ObjectId, body: ReasonIn):
    payment = access_payment_by_id(request.user, payment_id, channel=API)
    try:
        do_mark_payment_urgent(payment, body.reason, acting_user=request.user, channel=API)
    except ValidationError as error:
        return problem(error)
    return _payment_out(payment)


@router.post("/payment-runs/{run_id}/attest", response={200: RunOut, 422: Problem})
def attest(request, run_id: ObjectId):
    run = access_payment_run_to_attest(request.user, run_id, channel=API)
    try:
        run = do_attest_payment_run(run, acting_user=request.user, channel=API)
    except ValidationError as error:
        return problem(error)
    return _run_out(run)


@router.post("/payment-runs/{run_id}/reopen", response={200: RunOut, 422: Problem})
def reopen(request, run_id: ObjectId, body: ReasonIn):
    """Undo a run before its file is made: its payments are planned again outside any run."""
    run = access_payment_run_to_attest(request.user, run_id, channel=API)
    try:
        run = do_reopen_payment_run(run, body.reason, acting_user=request.user, channel=API)
    except ValidationError as error:
        return problem(error)
    return _run_out(run)


@router.post("/payment-runs/{run_id}/file", response={200: RunOut, 422: Problem})
def make_file(request, run_id: ObjectId):
    """Make the attested run's pain.001 file (fetched in the workspace by the section manager)."""
    run = access_payment_run(request.user, run_id, channel=API)
    try:
        run = do_make_payment_file(run, acting_user=request.user, channel=API).run
    except ValidationError as error:
        return problem(error)
    return _run_out(run)
