"""The journey of an application, written once.

    received ──► prepared ──► decided ──► letter
    (committed   (register      (by a caseworker,   └──► payments
     on its own)  data, norm,    or automatically
                  warnings)      where allowed)

Receiving stores the application, its event and a pending `StepRun` for the next step in one
transaction; every later step runs after that commit as a task (`run_step_task` below): eagerly
in-process by default, on a Celery worker in production. Each step calls one existing `do_*`
action and makes the next steps due. A step that fails leaves what came before it stored and
visible: the step run says why, a warning in the case says it to the caseworker, and the step can
be run again (the application page, `ekb flow retry`). The front doors (e-service, workspace, API)
call the functions in this module, never the actions behind them, so the rules for retries,
double clicks and conflicts live here once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from ekb.applications.actions import (
    MonthAlreadyApplied,
    do_override_line,
    do_receive_application,
)
from ekb.applications.choices import ApplicationKind, ApplicationStatus, DraftStatus, SubmittedVia
from ekb.applications.drafts import (
    answers_change,
    clean_answers,
    do_confirm_as_co_applicant,
    do_save_draft,
    do_start_draft,
    do_submit_draft,
    intake_unit_for,
    member_ids,
    submitted_draft_for,
)
from ekb.applications.models import Application
from ekb.applications.registered import do_register_application
from ekb.applications.supplements import do_answer_supplement
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.certificates import do_register_certificate
from ekb.celery import app
from ekb.decisions.calculation import do_prepare_calculation
from ekb.decisions.choices import DecisionStatus, WarningStatus
from ekb.decisions.decide import (
    do_approve_decision,
    do_decide_application,
    maybe_decide_automatically,
)
from ekb.decisions.models import CaseWarning, Decision
from ekb.decisions.policy import policy_for
from ekb.decisions.warnings import close_answered_by_certificate, close_supplement_overdue
from ekb.flow.failures import describe
from ekb.flow.models import Step, StepRun, StepStatus
from ekb.notices.appeals import do_lapse_appeals_after_approval
from ekb.notices.letters import do_store_letter
from ekb.payments.actions import do_plan_payments

logger = logging.getLogger(__name__)

# The reason code of a calculation that waits for next year's norm amounts.
WAITING_FOR_NORM = "norm_not_published"


# --- scheduling -------------------------------------------------------------------------------


class _Dispatch:
    """Run one step run's task after the current transaction commits (see tests/conftest.py,
    which runs these at the end of the outermost application transaction in tests)."""

    ekb_flow = True

    def __init__(self, step_run_id: int) -> None:
        self.step_run_id = step_run_id

    def __call__(self) -> None:
        # Eager (the default): runs here, now. With a broker: queued for a worker; if the broker
        # cannot be reached the step run stays pending and `ekb flow retry --pending` finds it.
        run_step_task.apply_async(args=[self.step_run_id])


def _key(step: str, application: Application, decision: Decision | None) -> str:
    return f"{step}:d{decision.pk}" if decision is not None else f"{step}:{application.pk}"


def make_due(
    step: str,
    application: Application,
    *,
    decision: Decision | None = None,
    requested_by=None,
    channel: str = Channel.SYSTEM,
    dispatch: bool = True,
) -> StepRun:
    """Mark a step due (a new run, or a done/failed one again) and dispatch it after commit
    (unless the caller runs it itself, as the demo builder does)."""
    run, created = StepRun.objects.select_for_update().get_or_create(
        key=_key(step, application, decision),
        defaults={
            "step": step,
            "application": application,
            "decision": decision,
            "requested_by": requested_by,
            "detail": {"channel": str(channel)},
        },
    )
    if not created:
        run.status = StepStatus.PENDING
        run.requested_by = requested_by
        run.detail = {**run.detail, "channel": str(channel)}
        run.updated_at = timezone.now()
        run.save(update_fields=["status", "requested_by", "detail", "updated_at"])
    if dispatch:
        transaction.on_commit(_Dispatch(run.pk), robust=True)
    return run


def _after_decision(decision: Decision) -> None:
    if decision.status == DecisionStatus.DECIDED:
        make_due(Step.LETTER, decision.application, decision=decision)
        make_due(Step.PAYMENTS, decision.application, decision=decision)


# --- the steps --------------------------------------------------------------------------------


def _prepare(run: StepRun) -> None:
    application = Application.objects.select_related("case").get(pk=run.application_id)
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROGRESS):
        return  # decided or withdrawn meanwhile: nothing left to prepare
    channel = Channel(run.detail.get("channel", Channel.SYSTEM))
    do_prepare_calculation(application, acting_user=run.requested_by, channel=channel)
    robot = run.requested_by is None
    # An application registered at a meeting waits for the caseworker's oral decision there: the
    # robot's first calculation still takes the register's benefits, but never decides it.
    at_meeting = application.channel == SubmittedVia.MEETING
    if robot and application.kind == ApplicationKind.RENEWAL and not at_meeting:
        if policy_for(application.case.municipality).automated_renewals:
            make_due(Step.DECIDE_AUTOMATICALLY, application)


def _decide_automatically(run: StepRun) -> None:
    decision = maybe_decide_automatically(run.application)
    if decision is not None:
        _after_decision(decision)


def _letter(run: StepRun) -> None:
    do_store_letter(run.decision)


def _plan_payments(run: StepRun) -> None:
    decision = run.decision
    do_plan_payments(decision, acting_user=decision.decided_by, channel=Channel.SYSTEM)


HANDLERS = {
    Step.PREPARE: _prepare,
    Step.DECIDE_AUTOMATICALLY: _decide_automatically,
    Step.LETTER: _letter,
    Step.PAYMENTS: _plan_payments,
}


def run_step(step_run_id: int) -> str:
    """Run one step; idempotent: a step already done is not run again. Returns the new status."""
    with transaction.atomic():
        run = (
            StepRun.objects.select_for_update(of=("self",))
            .select_related("application", "decision", "requested_by")
            .filter(pk=step_run_id)
            .first()
        )
        if run is None or run.status == StepStatus.DONE:
            return StepStatus.DONE
        run.attempts += 1
        run.updated_at = timezone.now()
        try:
            with transaction.atomic():  # a failure undoes the step's own writes, nothing else
                HANDLERS[run.step](run)
        except Exception as exc:  # noqa: BLE001 - every failure is recorded and shown
            code, reason, detail = describe(run.step, exc)
            if code == "error":
                logger.exception("flow step %s failed", run.key)  # ids only, no personal data
            run.status = StepStatus.FAILED
            run.reason_code, run.reason = code, reason
            run.detail = {**{k: v for k, v in run.detail.items() if k == "channel"}, **detail}
            run.save(
                update_fields=[
                    "status",
                    "attempts",
                    "reason_code",
                    "reason",
                    "detail",
                    "updated_at",
                ]
            )
            _raise_warning(run)
            return StepStatus.FAILED
        run.status = StepStatus.DONE
        run.reason_code, run.reason = "", ""
        run.finished_at = run.updated_at
        run.save(
            update_fields=[
                "status",
                "attempts",
                "reason_code",
                "reason",
                "finished_at",
                "updated_at",
            ]
        )
        _close_warning(run)
        return StepStatus.DONE


# --- what a failed step tells the caseworker -------------------------------------------------


def _fingerprint(run: StepRun) -> str:
    return f"flow:{run.key}"


def _raise_warning(run: StepRun) -> None:
    """One warning per step run, opened again when the step fails again after a success."""
    warning, created = CaseWarning.objects.get_or_create(
        case_id=run.application.case_id,
        fingerprint=_fingerprint(run),
        defaults={
            "application": run.application,
            "rule": f"flow_{run.step}",
            "message": run.reason,
            "detail": {"step_run_id": run.pk, "reason_code": run.reason_code},
        },
    )
    if not created:
        warning.message = run.reason
        warning.detail = {"step_run_id": run.pk, "reason_code": run.reason_code}
        warning.status = WarningStatus.OPEN
        warning.closed_at = None
        warning.save(update_fields=["message", "detail", "status", "closed_at"])


def _close_warning(run: StepRun) -> None:
    CaseWarning.objects.filter(
        case_id=run.application.case_id, fingerprint=_fingerprint(run)
    ).exclude(status=WarningStatus.CLOSED).update(
        status=WarningStatus.CLOSED, closed_at=timezone.now(), closed_by=None
    )


def open_step_runs(application: Application) -> list[StepRun]:
    """The application's steps that are not done: failed (with why) or still waiting to run."""
    return list(
        application.step_runs.exclude(status=StepStatus.DONE)
        .select_related("decision")
        .order_by("created_at", "id")
    )


def open_step_runs_by_id(application: Application, step_run_id: int) -> StepRun:
    """One step run of an application the user may already see; 404 for any other id."""
    from django.http import Http404

    run = application.step_runs.filter(pk=step_run_id).select_related("application").first()
    if run is None:
        raise Http404
    return run


# --- retrying ---------------------------------------------------------------------------------


@transaction.atomic
def do_retry_step(run: StepRun, *, acting_user=None, channel=Channel.WEB) -> StepRun:
    """Run a step that failed or never ran once more, after commit (the page or `ekb flow retry`)."""
    run = StepRun.objects.select_for_update().get(pk=run.pk)
    if run.status == StepStatus.DONE:
        return run
    run.status = StepStatus.PENDING
    run.updated_at = timezone.now()
    run.save(update_fields=["status", "updated_at"])
    transaction.on_commit(_Dispatch(run.pk), robust=True)
    record(
        action=Action.CHANGE_CASE,
        user=acting_user,
        case_id=run.application.case_id,
        channel=channel,
        detail={"retry_step": run.step},
    )
    return run


def retry_steps(runs) -> int:
    count = 0
    for run in runs:
        do_retry_step(run, channel=Channel.SYSTEM)
        count += 1
    return count


def resume_waiting_calculations() -> int:
    """Run again every calculation that waits for norm parameters; returns how many were started.

    Called after a new year's amounts are loaded (``ekb norm parameters add``). A month that still
    has no amounts fails again with the same warning; the others are calculated and their
    warnings close."""
    waiting = StepRun.objects.filter(status=StepStatus.FAILED, reason_code=WAITING_FOR_NORM)
    return retry_steps(waiting.select_related("application").order_by("id"))


# --- the front doors' functions -------------------------------------------------------------


@dataclass
class Submission:
    """What became of a submit: the application (None while the co-applicant must confirm)."""

    draft: object
    application: Application | None
    created: bool = False  # False: the same application as before (a retry or a double click)
    waiting_for_co_applicant: bool = False


def _received(application: Application) -> None:
    """Inside the transaction that stores the application: the next step is due after commit."""
    make_due(Step.PREPARE, application)


class Conflict(ValidationError):
    """The month already has another application: the API answers 409, the web says so."""


def submit(
    person,
    *,
    draft=None,
    month=None,
    answers: dict | None = None,
    channel=Channel.WEB,
) -> Submission:
    """Submit a client's application: a draft from the e-service, or answers for a month (API).

    Idempotent per person and month: sending the same answers again, a double click or a second
    tab gets the same application back, nothing stored twice; other answers for a month already
    submitted are a Conflict. While a co-applicant has not confirmed, the draft waits for them.
    Raises ValidationError (answers that need fixing) and Conflict."""
    if draft is None:
        earlier = submitted_draft_for(person, month)
        if earlier is not None:
            if not answers_change(earlier, answers or {}):
                return Submission(earlier, earlier.application, created=False)
            raise Conflict(
                {
                    "month": "Du har redan skickat in en ansökan för den här månaden. Skriv ett "
                    "meddelande till din handläggare om något har ändrats."
                }
            )
        try:
            draft = do_start_draft(person, month=month, channel=channel)
        except ValidationError as error:  # submitted for this month by someone else at home
            raise Conflict(error.message_dict) from None
        if answers:
            errors = clean_answers({**draft.answers, **answers}, member_ids=member_ids(draft))[1]
            if errors:  # nothing saved: the draft keeps what it had
                raise ValidationError(errors)
            if answers_change(draft, answers):
                try:
                    do_save_draft(draft, answers, person=person, channel=channel)
                except ValidationError as error:  # submitted a moment ago by a parallel request
                    raise Conflict(error.message_dict) from None
    draft.refresh_from_db()
    if draft.application_id:
        return Submission(draft, draft.application, created=False)
    unit = None
    if draft.case_id is None:
        unit = intake_unit_for(person)
        if unit is None:
            raise ValidationError(
                {"__all__": "Vi vet inte vilken kommun du söker hos. Ansök i kommunens e-tjänst."}
            )
    try:
        application = do_submit_draft(
            draft, person=person, unit=unit, channel=channel, on_received=_received
        )
    except (
        MonthAlreadyApplied
    ) as error:  # the other adult's application came first; the draft stays
        raise Conflict(error.message_dict) from None
    except ValidationError:
        draft.refresh_from_db()
        if draft.co_applicant_id and draft.co_applicant_confirmed_at is None:
            return Submission(draft, None, waiting_for_co_applicant=True)
        raise
    return Submission(draft, application, created=True)


def confirm_as_co_applicant(draft, *, person, channel=Channel.WEB) -> Submission:
    """The co-applicant confirms with their own login. When the applicant has already pressed
    send, the confirmation sends the application; otherwise the applicant sends it later."""
    if draft.application_id:
        return Submission(draft, draft.application, created=False)
    do_confirm_as_co_applicant(draft, person=person, channel=channel)
    draft.refresh_from_db()
    if draft.status != DraftStatus.AWAITING_CO_APPLICANT:
        return Submission(draft, None)
    try:
        application = do_submit_draft(draft, person=person, channel=channel, on_received=_received)
    except MonthAlreadyApplied as error:  # the household sent another one for the month first
        raise Conflict(error.message_dict) from None
    return Submission(draft, application, created=True)


@transaction.atomic
def answer_supplement(request, answer: str, *, person, channel=Channel.WEB):
    """The client answers a supplement request; a warning that it was overdue closes with it.
    Here, not in the answer itself, because a supplement request sits below the warnings."""
    request = do_answer_supplement(
        request, answer=answer, client_person_id=person.pk, channel=channel
    )
    close_supplement_overdue(request)
    return request


@transaction.atomic
def register_certificate(case, person, *, acting_user, channel=Channel.WEB, **certificate):
    """A caseworker registers a läkarintyg; the "läkarintyg saknas" warnings it answers close
    with it. Here, not in the certificate itself, because certificates sit below the warnings."""
    stored = do_register_certificate(
        case, person, acting_user=acting_user, channel=channel, **certificate
    )
    close_answered_by_certificate(stored)
    return stored


@transaction.atomic
def receive_application(case, month, kind, lines, *, acting_user=None, **options) -> Application:
    """An application registered by a caseworker or an integration, then prepared after commit."""
    application = do_receive_application(
        case, month, kind, lines, acting_user=acting_user, **options
    )
    _received(application)
    return application


@transaction.atomic
def register_application(case, *, acting_user, **options) -> Application:
    """An application the client made by phone, at a visit or on paper, registered by a
    caseworker (ekb.applications.registered), then prepared after commit like any other."""
    application = do_register_application(case, acting_user=acting_user, **options)
    _received(application)
    return application


@transaction.atomic
def override_line(line, amount, reason, *, acting_user, channel=Channel.WEB):
    """A caseworker replaces a fact; the calculation is made again after commit."""
    replacement = do_override_line(line, amount, reason, acting_user=acting_user, channel=channel)
    make_due(Step.PREPARE, line.application, requested_by=acting_user, channel=channel)
    return replacement


@transaction.atomic
def decide_application(application, lines, *, acting_user, **options) -> Decision:
    """Decide (or propose for approval); a decision made now gets its letter and payments."""
    decision = do_decide_application(application, lines, acting_user=acting_user, **options)
    _after_decision(decision)
    return decision


@transaction.atomic
def approve_decision(decision, *, acting_user, **options) -> Decision:
    """The decider approves the proposal as it stands. An omprövning approved that changes the
    decision fully as the client asked makes her appeal lapse (FL 45 § 2 st.)."""
    decision = do_approve_decision(decision, acting_user=acting_user, **options)
    do_lapse_appeals_after_approval(decision, approved_by=acting_user)
    _after_decision(decision)
    return decision


@transaction.atomic
def change_decision(decision, lines, *, acting_user, **options) -> Decision:
    """The decider changes the proposal with reasons and decides (four eyes); the letter and
    payments follow as for any decision made."""
    from ekb.decisions.four_eyes import do_change_decision

    decision = do_change_decision(decision, lines, acting_user=acting_user, **options)
    _after_decision(decision)
    return decision


@transaction.atomic
def accept_register_proposal(proposal, *, acting_user, reason="", channel=Channel.WEB):
    """A caseworker accepts a register fact (ekb.decisions.register_proposals); the calculation is
    made again after commit, now counting it."""
    from ekb.decisions.register_proposals import do_accept_register_proposal

    proposal = do_accept_register_proposal(
        proposal, acting_user=acting_user, reason=reason, channel=channel
    )
    make_due(Step.PREPARE, proposal.application, requested_by=acting_user, channel=channel)
    return proposal


@transaction.atomic
def reject_register_proposal(proposal, *, reason, acting_user, channel=Channel.WEB):
    """A caseworker rejects a register fact; the calculation is made again after commit, so the
    warning about facts not yet tried closes."""
    from ekb.decisions.register_proposals import do_reject_register_proposal

    proposal = do_reject_register_proposal(
        proposal, reason=reason, acting_user=acting_user, channel=channel
    )
    make_due(Step.PREPARE, proposal.application, requested_by=acting_user, channel=channel)
    return proposal


@transaction.atomic  # the steps are dispatched when this transaction commits
def recalculate_open_applications(case, *, acting_user, channel=Channel.WEB) -> int:
    """After a household change, the robot calculates again every application of the case not
    decided yet, so the caseworker decides on the household as it now is."""
    open_applications = case.applications.exclude(
        status__in=[ApplicationStatus.DECIDED, ApplicationStatus.WITHDRAWN, ApplicationStatus.DRAFT]
    )
    for application in open_applications:
        make_due(Step.PREPARE, application, requested_by=acting_user, channel=channel)
    return len(open_applications)


# --- the Celery task ---------------------------------------------------------------------------


@app.task(
    name="ekb.flow.run_step",
    autoretry_for=(OperationalError, InterfaceError),  # the database went away: try again later
    retry_backoff=True,
    max_retries=8,
)
def run_step_task(step_run_id: int) -> str:
    """One step run as a Celery task: takes an id, is idempotent (a step already done is not run
    again) and can be retried; eager in-process unless a broker is configured."""
    return str(run_step(step_run_id))
