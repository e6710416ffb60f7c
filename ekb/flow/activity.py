"""From an activity task to a decision: the activity requirement's consequence, in the order the
law asks (strand D2 of issue 12).

    task (ACTIVITY_ABSENCE / ACTIVITY_DECLINED, opened by ekb.plans)
      └─► communication (FL 25 §, ekb.notices.communication): what the decision would rest on,
          a date to answer; the client answers in the e-service
            └─► the decision form of the month's application, the reason preselected
                (a phrase of the activity requirement citing SoL 2025:400 12 kap.), which the
                caseworker finishes (the proportionality) and decides as any decision.

A task never changes money (ekb.cases.tasks): nothing here decides. The guard that refuses a
decision before the answer date lives where decisions are validated (ekb.decisions.prior_steps).
This module works from the task and the case only, not from the plans room's models.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ekb.applications.choices import ApplicationStatus
from ekb.applications.models import Application
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.choices import TaskKind
from ekb.cases.models import Case, Task
from ekb.decisions.choices import Outcome, Purpose
from ekb.decisions.decide import WRITE_HERE
from ekb.decisions.phrases import PhraseError, phrase
from ekb.decisions.prior_steps import LineToCheck
from ekb.decisions.support_history import adults_of_case
from ekb.integrations.arbetsformedlingen import (
    OK,
    ExemptionProposal,
    get_arbetsformedlingen,
    proposal_from,
)
from ekb.notices.communication import (
    activity_tasks_in_window,
    do_send_communication,
    ground_for_task,
    latest_communication,
    proposed_answer_by,
)
from ekb.notices.models import Communication
from ekb.people.models import HouseholdMember, MemberRole

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ACTIVITY_TASK_KINDS = (TaskKind.ACTIVITY_ABSENCE, TaskKind.ACTIVITY_DECLINED)
# What the caseworker must still write in the preselected reason.
PROPORTIONALITY_TODO = (
    f"{WRITE_HERE} varför avslaget eller nedsättningen är proportionerlig: hur mycket som "
    "missades, tidigare frånvaro, barnen i hushållet.]"
)
# The outcomes the decision form may preselect (refuse, or reduce: grant part).
PRESELECTABLE = (Outcome.PARTLY_GRANTED, Outcome.REFUSED)


def is_activity_task(task: Task) -> bool:
    return task.kind in ACTIVITY_TASK_KINDS and task.closed_at is None


def task_source(task: Task) -> str:
    return f"cases.task:{task.pk}"


@dataclass(frozen=True)
class NextStep:
    """Where an activity task stands: no communication yet, waiting for the answer, or ready
    for the decision (answered, or the answer date has passed)."""

    ground: str
    communication: Communication | None
    may_decide: bool
    application: Application | None  # the month to decide, when there is one
    # The absence it answers is now recorded with a valid reason: no decision rests on it.
    excused: bool = False

    @property
    def waiting(self) -> bool:
        return self.communication is not None and not self.may_decide


def activity_task(case: Case, task_id) -> Task:
    """An open activity task of a case the caller opened through its door; 404 otherwise."""
    task = case.tasks.filter(pk=task_id, kind__in=ACTIVITY_TASK_KINDS).first()
    if task is None or task.closed_at is not None:
        raise Http404("Finns inte.")
    return task


def application_to_decide(case: Case) -> Application | None:
    """The case's latest application not yet decided (the month the consequence concerns)."""
    return (
        case.applications.filter(
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROGRESS]
        )
        .order_by("-month", "-id")
        .first()
    )


def next_step(task: Task, *, on: dt.date | None = None) -> NextStep:
    on = on or timezone.localdate()
    ground = ground_for_task(task.kind)
    assert ground is not None, "not an activity task"
    # This task's own communication first; else the case's latest on the ground (one sent
    # before tasks named their communication).
    communication = (
        task.case.communications.filter(task_source=task_source(task))
        .order_by("-sent_at", "-id")
        .first()
    ) or latest_communication(task.case, ground)
    excused = communication is not None and not still_stands(communication)
    may_decide = (
        communication is not None
        and not excused
        and (communication.answered or on > communication.answer_by)
    )
    return NextStep(
        ground, communication, may_decide, application_to_decide(task.case), excused=excused
    )


def still_stands(communication: Communication) -> bool:
    """Whether what a communication answers is still recorded as an absence without a valid
    reason (or a declined activity): the task it was sent for names the session in the plans
    room (``plans.activitysession:<id>``), whose attendance the caseworker may have corrected
    since, for instance after the client's answer. A communication sent for no task, or whose
    task is gone, is not this check's to judge."""
    from ekb.plans.reads import absence_still_unexcused

    room, _sep, rest = (communication.task_source or "").partition(":")
    if room != "cases.task" or not rest.isdigit():
        return True
    task = communication.case.tasks.filter(pk=int(rest)).first()
    if task is None:
        return True
    return absence_still_unexcused(communication.case, task.source)


def excused_problems(line: LineToCheck) -> list[StrOrPromise]:
    """The check registered with ekb.decisions.prior_steps (FlowConfig.ready): a decision line
    does not rest on a communication whose absence is now recorded with a valid reason (the
    reasons would say the client had none: 12 kap. SoL 2025:400, förvaltningslagen 32 §)."""
    if line.communication_id is None:
        return []
    communication = line.case.communications.filter(pk=line.communication_id).first()
    if communication is None or still_stands(communication):
        return []  # a communication not of this case: ekb.notices.communication says so
    return [
        _lazy(
            "Frånvaron som kommuniceringen gällde är nu registrerad med giltigt skäl. "
            "Beslutet kan inte grunda sig på den."
        )
    ]


def default_answer_by(on: dt.date | None = None) -> dt.date:
    return proposed_answer_by(on or timezone.localdate())


def default_subject(task: Task) -> str:
    """What the communication starts with: the facts of the absence or the declined activity
    (which activity, the day, the hours), read from the task's source in the plans room. Not
    the task's text: that is the caseworker's internal note, and it must not reach the client
    or prejudge the answer. Swedish, as the letter (ekb.notices.communication.letter_html)."""
    from ekb.decisions.phrases import format_date
    from ekb.plans.reads import missed_activity

    facts = missed_activity(task.case, task.source)
    if facts is None:
        return ""
    if task.kind == TaskKind.ACTIVITY_DECLINED:
        return f"Du tackade nej till en aktivitet som vi anvisade dig den {format_date(facts.day)}."
    hours = str(facts.hours).replace(".", ",")
    return (
        f"Du var inte med på {facts.title} ({facts.kind.lower()}) den {format_date(facts.day)} "
        f"kl. {facts.starts:%H.%M}–{facts.ends:%H.%M}, {hours} timmar."
    )


def default_intended(task: Task) -> str:
    application = application_to_decide(task.case)
    month = ""
    if application is not None:
        from ekb.decisions.phrases import format_month

        month = f" för {format_month(application.month)}"
    return (
        f"Vi överväger att sätta ned eller avslå ditt försörjningsstöd{month}, eftersom du "
        "inte har deltagit i en aktivitet som vi har anvisat dig."
    )


@transaction.atomic
def send_communication(
    task: Task, *, subject: str, intended: str, answer_by, acting_user, channel=Channel.WEB
) -> Communication:
    """Send the communication an activity task leads to (ekb.notices.communication)."""
    ground = ground_for_task(task.kind)
    return do_send_communication(
        task.case,
        ground=ground or "",
        subject=subject,
        intended=intended,
        answer_by=answer_by,
        task_source=task_source(task),
        acting_user=acting_user,
        channel=channel,
    )


def case_communication(case: Case, communication_id) -> Communication:
    """A communication of a case the caller opened through its door; 404 otherwise."""
    communication = case.communications.filter(pk=communication_id).first()
    if communication is None:
        raise Http404("Finns inte.")
    return communication


def _sentence(text: str) -> str:
    text = " ".join((text or "").split())
    return text if text.endswith((".", "!", "?")) else f"{text}."


def preselected_reason(
    application: Application,
    communication: Communication,
    outcome: str,
    *,
    amount: Decimal | None,
    couple: bool = False,
) -> str:
    """The reason the decision form starts with: the activity requirement's phrase for the
    communication's ground and the outcome, filled with what the communication said was missed
    and the day it was sent; the proportionality is left for the caseworker to write."""
    key = f"{Purpose.LIVELIHOOD}.{outcome}.{communication.ground}"
    return phrase(
        key,
        on=timezone.localdate(),
        couple=couple,
        month=application.month,
        missed=_sentence(communication.subject),
        communicated_on=timezone.localtime(communication.sent_at).date(),
        proportionality=PROPORTIONALITY_TODO,
        amount=amount if amount is not None else Decimal(0),
    ).text


def preselect_lines(
    application: Application, initial: list[dict], communication_id, outcome: str
) -> list[dict]:
    """The proposal's lines with the livelihood line set to ``outcome`` and the activity
    reason preselected. A communication not in this case is a 404; an unknown outcome or a
    phrase not in force leaves the proposal as it was."""
    communication = case_communication(application.case, communication_id)
    if outcome not in PRESELECTABLE:
        outcome = Outcome.PARTLY_GRANTED
    lines = [dict(line) for line in initial]
    for line in lines:
        if line.get("purpose") != Purpose.LIVELIHOOD:
            continue
        amount = line.get("amount") if outcome == Outcome.PARTLY_GRANTED else Decimal(0)
        try:
            reason = preselected_reason(
                application, communication, outcome, amount=amount, couple=_is_couple(application)
            )
        except PhraseError:
            return initial
        line.update(outcome=outcome, amount=amount, reasons=reason, communication=communication.pk)
    return lines


def offers_communication(case: Case, on: dt.date | None = None) -> bool:
    """The decision form asks which communication a refusal or reduction rests on (or for the
    statement that it does not rest on the activity requirement): when the case has an activity
    communication or an activity task open or closed within the window."""
    on = on or timezone.localdate()
    return case.communications.exists() or activity_tasks_in_window(case, on).exists()


def communication_choices(case: Case) -> list[tuple[int, str]]:
    """(id, label) of the case's communications, newest first, for the decision form."""
    from ekb.decisions.phrases import format_date

    choices = []
    for c in case.communications.order_by("-sent_at", "-id"):
        sent = format_date(timezone.localtime(c.sent_at).date())
        answered = (
            _("besvarad")
            if c.answered
            else _("svar senast %(date)s") % {"date": format_date(c.answer_by)}
        )
        choices.append((c.pk, f"{sent}: {c.get_ground_display()} ({answered})"))
    return choices


def _is_couple(application: Application) -> bool:
    return (
        HouseholdMember.objects.filter(
            household_id=application.case.household_id,
            role=MemberRole.CO_APPLICANT,
            valid_from__lte=application.month,
        )
        .exclude(valid_to__lt=application.month)
        .exists()
    )


# -- Arbetsförmedlingen -------------------------------------------------------------------------


def tell_arbetsformedlingen_covered(
    case: Case, *, acting_user, from_date: dt.date | None = None, person_ids=None
):
    """Tell Arbetsförmedlingen that the case's job seekers (the applicant and a co-applicant, or
    only ``person_ids``: those flagged, not an exempt partner) may be covered by the activity
    requirement (prop. 2025/26:207: the committee informs Arbetsförmedlingen). Personal data
    leave the system: the access log says so."""
    on = from_date or timezone.localdate()
    members = (
        HouseholdMember.objects.filter(
            household_id=case.household_id,
            role__in=[MemberRole.APPLICANT, MemberRole.CO_APPLICANT],
            valid_from__lte=on,
        )
        .exclude(valid_to__lt=on)
        .select_related("person")
    )
    if person_ids is not None:
        members = members.filter(person_id__in=list(person_ids))
    client = get_arbetsformedlingen()
    reports = []
    for member in members:
        reports.append(
            client.report_covered(
                identity_number=member.person.identity_number,
                municipality_code=case.municipality.code,
                from_date=on,
            )
        )
        record(
            action=Action.CHANGE_CASE,
            user=acting_user,
            case_id=case.pk,
            person_id=member.person_id,
            channel=Channel.SYSTEM,
            detail={"arbetsformedlingen": "covered", "sent": reports[-1].sent},
        )
    return reports


@dataclass(frozen=True)
class ProgrammeAnswer:
    """Arbetsförmedlingen's answer for one adult: a proposal to exempt (full-time programme), or
    none; ``unavailable`` when it could not be asked (the caseworker checks by hand)."""

    person: object
    proposal: ExemptionProposal | None
    unavailable: bool = False


def ask_arbetsformedlingen(case: Case, *, acting_user, on: dt.date | None = None):
    """Ask Arbetsförmedlingen about each adult of the case: in a full-time programme, a proposal
    to exempt from the activity requirement, which the caseworker records or not (it never
    exempts by itself). A personal identity number leaves the system: the access log says so."""
    on = on or timezone.localdate()
    answers = []
    client = get_arbetsformedlingen()
    for person in adults_of_case(case):
        status = client.programme_status(person.identity_number, on=on)
        record(
            action=Action.ASK_ARBETSFORMEDLINGEN,
            user=acting_user,
            case_id=case.pk,
            person_id=person.pk,
            detail={"arbetsformedlingen": "programme_status"},
        )
        answers.append(ProgrammeAnswer(person, proposal_from(status), status.status != OK))
    return answers
