"""Kommunicering (förvaltningslagen 25 §): before a refusal or reduction because the client
declined or stayed away from an assigned activity, the client is told what the decision would
rest on and given a date to answer; the answer comes through the e-service.

    do_send_communication(case, ground=..., subject=..., intended=..., answer_by=...,
                          acting_user=anna) -> Communication   # with its letter, kept as sent
    do_answer_communication(communication, text=..., person=karin) -> Communication
    decision_problems(line) -> [messages]     # the guard, registered in ekb.decisions.prior_steps

A decision line with such a reason (phrases marked ``communicate: true``) names the
communication it rests on, and is refused while that one is unanswered and its answer date has
not passed (the answer date itself still belongs to the client: the decision may be made from
the day after it), when it is too old, predates the absence, or already carried another decision.
While an activity task is open, a refusal or reduction of livelihood in any words names one or
says it does not rest on the activity requirement.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind, TaskKind
from ekb.decisions.choices import Purpose
from ekb.decisions.phrases import format_date, legal_reference_from_keys
from ekb.decisions.prior_steps import LineToCheck
from ekb.notices.models import Communication
from ekb.people.models import HouseholdMember, MemberRole

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from ekb.cases.models import Case

RULES_FILE = Path(__file__).parent / "rules" / "communication.yaml"
MAX_TEXT = 5000


@cache
def _versions() -> list[dict[str, Any]]:
    with RULES_FILE.open(encoding="utf-8") as fh:
        return sorted(yaml.safe_load(fh)["versions"], key=lambda v: v["valid_from"])


def rules_on(day: dt.date) -> dict[str, Any]:
    """The answer-time rules in force on ``day`` (rules/communication.yaml)."""
    in_force = [v for v in _versions() if v["valid_from"] <= day]
    if not in_force:
        raise LookupError(f"No communication rules in force on {day.isoformat()}.")
    return in_force[-1]


def proposed_answer_by(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=rules_on(today)["proposed_answer_days"])


def ground_of(phrase_key: str) -> str | None:
    """The ground of a phrase key ("livelihood.refused.activity_absent" -> "activity_absent")."""
    ground = phrase_key.rsplit(".", 1)[-1]
    return ground if ground in Communication.Ground.values else None


def ground_for_task(kind: str) -> str | None:
    """The ground a task of this kind leads to (ekb.cases.tasks)."""
    grounds: dict[str, str] = {
        TaskKind.ACTIVITY_ABSENCE: Communication.Ground.ACTIVITY_ABSENT,
        TaskKind.ACTIVITY_DECLINED: Communication.Ground.ACTIVITY_DECLINED,
    }
    return grounds.get(str(kind))


def latest_communication(case: Case, ground: str) -> Communication | None:
    return case.communications.filter(ground=ground).order_by("-sent_at", "-id").first()


# -- the guard ----------------------------------------------------------------------------------

ACTIVITY_TASK_KINDS = (TaskKind.ACTIVITY_ABSENCE, TaskKind.ACTIVITY_DECLINED)


def window_days(on: dt.date) -> int:
    """How long a communication can carry a decision (the municipality's choice, not law:
    rules/communication.yaml ``valid_for_days``)."""
    return int(rules_on(on)["valid_for_days"])


def activity_tasks_in_window(case: Case, on: dt.date):
    """The case's absence and declined-activity tasks still open, or closed within the window:
    while there is one, a refusal or reduction of livelihood names its communication or says
    it does not rest on the activity requirement."""
    from django.db.models import Q

    since = timezone.make_aware(
        dt.datetime.combine(on - dt.timedelta(days=window_days(on)), dt.time.min)
    )
    return case.tasks.filter(kind__in=ACTIVITY_TASK_KINDS).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=since)
    )


def _used_by(communication: Communication, application_id: int | None):
    """A decided decision on another application whose line rests on this communication."""
    from ekb.decisions.choices import DecisionStatus
    from ekb.decisions.models import DecisionLine

    lines = DecisionLine.objects.filter(
        communication_id=communication.pk, decision__status=DecisionStatus.DECIDED
    )
    if application_id is not None:
        lines = lines.exclude(decision__application_id=application_id)
    return lines.select_related("decision").order_by("decision__decided_at").first()


def _linked_problems(communication: Communication, line: LineToCheck) -> list[StrOrPromise]:
    """Why the communication the line names cannot carry it."""
    found: list[StrOrPromise] = []
    sent_on = timezone.localtime(communication.sent_at).date()
    ground = ground_of(line.phrase_key) if line.phrase_key else None
    if ground is not None and communication.ground != ground:
        found.append(
            _(
                "Kommuniceringen du har valt gäller %(theirs)s, men skälen gäller %(ours)s. "
                "Välj en kommunicering om samma sak eller skicka en ny."
            )
            % {
                "theirs": str(Communication.Ground(communication.ground).label).lower(),
                "ours": str(Communication.Ground(ground).label).lower(),
            }
        )
    days = window_days(line.on)
    if (line.on - sent_on).days > days:
        found.append(
            _(
                "Kommuniceringen skickades den %(date)s, för mer än %(days)s dagar sedan. Ett "
                "beslut i dag kan inte grunda sig på den: skicka en ny kommunicering om det som "
                "har hänt nu."
            )
            % {"date": format_date(sent_on), "days": days}
        )
    later = (
        activity_tasks_in_window(line.case, line.on)
        .filter(closed_at__isnull=True, opened_at__gt=communication.sent_at)
        .order_by("opened_at")
        .first()
    )
    if later is not None:
        found.append(
            _(
                "Det finns en frånvaro eller ett avböjande från %(date)s, efter att "
                "kommuniceringen skickades den %(sent)s. Klienten har inte fått yttra sig om "
                "den: skicka en ny kommunicering."
            )
            % {
                "date": format_date(timezone.localtime(later.opened_at).date()),
                "sent": format_date(sent_on),
            }
        )
    used = _used_by(communication, line.application_id)
    if used is not None:
        decided_on = timezone.localtime(used.decision.decided_at).date()
        found.append(
            _(
                "Kommuniceringen från %(sent)s har redan använts i beslutet den %(date)s. "
                "Skicka en ny kommunicering inför det här beslutet."
            )
            % {"sent": format_date(sent_on), "date": format_date(decided_on)}
        )
    written = line.phrase_values.get("communicated_on")
    if written is not None and written != format_date(sent_on):
        found.append(
            _(
                "Skälen säger att vi skrev till klienten den %(written)s, men kommuniceringen "
                "du har valt skickades den %(sent)s. Rätta datumet i skälen."
            )
            % {"written": written, "sent": format_date(sent_on)}
        )
    if not (communication.answered or line.on > communication.answer_by):
        found.append(
            _(
                "Klienten har till och med %(date)s på sig att svara på kommuniceringen och har "
                "inte svarat än. Du kan besluta när klienten har svarat eller från dagen efter."
            )
            % {"date": format_date(communication.answer_by)}
        )
    return found


def decision_problems(line: LineToCheck) -> list[StrOrPromise]:
    """Why a decision line cannot be decided on ``line.on`` yet (FL 25 §).

    A reason of the activity requirement (a phrase marked ``communicate: true``) names the
    communication it rests on: of this case and on the same ground, not older than the window,
    sent after the absence it answers, answered or past its answer date, not used by a decision
    on another application, and sent on the day the reasons say. While an activity task is open
    (or was closed within the window), any refusal or reduction of livelihood names one too, or
    states that it does not rest on the activity requirement: so reworded reasons, or an older
    phrase such as "not available for work", are no way past the check."""
    communication = None
    if line.communication_id is not None:
        communication = line.case.communications.filter(pk=line.communication_id).first()
        if communication is None:
            return [_("Kommuniceringen du har valt finns inte i det här ärendet.")]
    if line.phrase_key is not None and line.not_activity_requirement:
        return [
            _(
                "Skälen gäller aktivitetskravet, men du har kryssat i att beslutet inte grundar "
                "sig på det. Ta bort krysset eller skriv andra skäl."
            )
        ]
    if communication is not None:
        return _linked_problems(communication, line)
    if line.phrase_key is not None:
        ground = ground_of(line.phrase_key)
        if not line.case.communications.filter(ground=ground).exists():
            return [
                _(
                    "Innan du beslutar med det här skälet ska klienten få veta vad beslutet "
                    "grundar sig på och få svara inom en bestämd tid (kommunicering, 25 § "
                    "förvaltningslagen). Skicka en kommunicering först."
                )
            ]
        return [_("Välj den kommunicering som beslutet grundar sig på.")]
    if (
        line.purpose == Purpose.LIVELIHOOD
        and line.refuses_or_reduces
        and not line.not_activity_requirement
        and activity_tasks_in_window(line.case, line.on).exists()
    ):
        return [
            _(
                "Klienten har en frånvaro från eller har avböjt en anvisad aktivitet. Om "
                "beslutet grundar sig på aktivitetskravet: välj kommuniceringen (25 § "
                "förvaltningslagen). Annars: kryssa i att beslutet inte grundar sig på "
                "aktivitetskravet."
            )
        ]
    return []


# -- sending ------------------------------------------------------------------------------------


def _clean_text(value: str, field: str, empty: StrOrPromise, errors: dict) -> str:
    text = (value or "").strip()
    if not text:
        errors[field] = [empty]
    elif len(text) > MAX_TEXT:
        errors[field] = [_("Texten är för lång (högst 5 000 tecken).")]
    return text


class AlreadySent(ValidationError):
    """A communication for the same task is already sent and open (a double click, or a second
    send while the client may still answer the first)."""


@transaction.atomic
def do_send_communication(
    case: Case,
    *,
    ground: str,
    subject: str,
    intended: str,
    answer_by: dt.date | None,
    task_source: str = "",
    acting_user,
    channel=Channel.WEB,
) -> Communication:
    """Send a communication with its letter; the client sees it in the e-service and is told
    that something is new (the event notifies, ekb.cases.notifications)."""
    errors: dict[str, list] = {}
    today = timezone.localdate()
    if ground not in Communication.Ground.values:
        errors["ground"] = [_("Välj vad beslutet skulle grunda sig på.")]
    subject = _clean_text(
        subject,
        "subject",
        _("Skriv vad beslutet skulle grunda sig på: vilken aktivitet och vilka dagar."),
        errors,
    )
    intended = _clean_text(intended, "intended", _("Skriv vad vi överväger att besluta."), errors)
    shortest = rules_on(today)["min_answer_days"]
    if answer_by is None:
        errors["answer_by"] = [_("Skriv sista dag för svar som ÅÅÅÅ-MM-DD.")]
    elif answer_by < today + dt.timedelta(days=shortest):
        errors["answer_by"] = [
            _("Klienten ska ha minst %(days)s dagar på sig att svara: %(date)s eller senare.")
            % {"days": shortest, "date": format_date(today + dt.timedelta(days=shortest))}
        ]
    if case.closed_on is not None:
        errors["__all__"] = [_("Ärendet är avslutat.")]
    if errors:
        raise ValidationError(errors)
    assert answer_by is not None
    if task_source:
        # One letter per task: the case row is locked so that two clicks at once are one
        # send, and the second finds the first.
        from ekb.cases.models import Case as CaseModel

        CaseModel.objects.select_for_update().filter(pk=case.pk).first()
        sent = (
            case.communications.filter(
                task_source=task_source, answered_at__isnull=True, answer_by__gte=today
            )
            .order_by("-sent_at")
            .first()
        )
        if sent is not None:
            raise AlreadySent(
                {
                    "__all__": [
                        _(
                            "En kommunicering om den här uppgiften skickades den %(sent)s och "
                            "klienten har till och med %(date)s på sig att svara. Ingen ny "
                            "skickades."
                        )
                        % {
                            "sent": format_date(timezone.localtime(sent.sent_at).date()),
                            "date": format_date(sent.answer_by),
                        }
                    ]
                }
            )
    communication = Communication(
        case=case,
        ground=ground,
        subject=subject,
        intended=intended,
        task_source=task_source,
        sent_by=acting_user,
        answer_by=answer_by,
    )
    letter = _letter_bytes(communication)
    communication.letter = letter
    communication.letter_sha256 = hashlib.sha256(letter).hexdigest()
    communication.save()
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)
    append_event(
        case,
        EventKind.COMMUNICATION_SENT,
        actor=acting_user,
        data={"communication_id": communication.pk, "answer_by": answer_by.isoformat()},
    )
    return communication


@transaction.atomic
def do_answer_communication(
    communication: Communication, *, text: str, person, channel=Channel.WEB
) -> Communication:
    """The client's answer, once. A late answer is still taken (the caseworker reads it, and a
    decision not yet made can still heed it); the caseworker gets a task to read it."""
    from ekb.cases.tasks import do_open_task

    communication = Communication.objects.select_for_update().get(pk=communication.pk)
    if communication.answered:
        raise ValidationError({"answer": [_("Du har redan svarat. Tack!")]})
    errors: dict[str, list] = {}
    text = _clean_text(text, "answer", _("Skriv ditt svar."), errors)
    if errors:
        raise ValidationError(errors)
    communication.answer = text
    communication.answered_at = timezone.now()
    communication.answered_by = person
    communication.save(update_fields=["answer", "answered_at", "answered_by"])
    record(
        action=Action.CHANGE_CASE,
        client_person_id=person.pk,
        case_id=communication.case_id,
        channel=channel,
    )
    append_event(
        communication.case,
        EventKind.COMMUNICATION_ANSWERED,
        data={"communication_id": communication.pk},
    )
    do_open_task(
        communication.case,
        kind=TaskKind.COMMUNICATION_ANSWERED,
        text=str(_("Klienten har svarat på kommuniceringen. Läs svaret innan du beslutar.")),
        source=f"notices.communication:{communication.pk}",
    )
    return communication


# -- the letter -----------------------------------------------------------------------------------


def _persons(case: Case, on: dt.date) -> list[dict[str, str]]:
    from ekb.notices.letters import ROLE_TEXT, masked_identity_number

    members = (
        HouseholdMember.objects.filter(
            household_id=case.household_id,
            role__in=[MemberRole.APPLICANT, MemberRole.CO_APPLICANT],
            valid_from__lte=on,
        )
        .exclude(valid_to__lt=on)
        .select_related("person")
        .order_by("role", "id")
    )
    return [
        {
            "role": ROLE_TEXT[MemberRole(m.role)],
            "name": m.person.full_name,
            "identity": masked_identity_number(m.person.identity_number),
        }
        for m in members
    ]


def letter_context(communication: Communication) -> dict[str, Any]:
    case = communication.case
    sent_on = timezone.localtime(communication.sent_at).date()
    persons = _persons(case, sent_on)
    couple = len(persons) > 1
    caseworker = case.assigned_caseworker
    return {
        "title": f"Innan vi beslutar, ärende {case.number}",
        "municipality_name": case.municipality.name,
        "unit_name": case.unit.name,
        "case_number": case.number,
        "sent_on_text": format_date(sent_on),
        "answer_by_text": format_date(communication.answer_by),
        "persons": persons,
        "couple": couple,
        "intended": communication.intended,
        "subject": communication.subject,
        "legal_reference": legal_reference_from_keys(["fl_communication"], on=sent_on),
        "caseworker": caseworker.display_name if caseworker else "",
        "phone": getattr(caseworker, "phone", "") if caseworker else "",
    }


def letter_html(communication: Communication) -> str:
    """Always Swedish, as the decision letter (ekb.notices.letters.letter_html)."""
    with translation.override("sv"):
        return render_to_string("notices/communication_letter.html", letter_context(communication))


def _letter_bytes(communication: Communication) -> bytes:
    html = letter_html(communication)
    if not settings.EKB_RENDER_LETTER_PDF:
        return html.encode("utf-8")  # the test suite: as ekb.notices.letters._letter_bytes
    from ekb.notices.letters import _pdf

    return _pdf(html)
