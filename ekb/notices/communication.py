"""Kommunicering (förvaltningslagen 25 §): before a refusal or reduction because the client
declined or stayed away from an assigned activity, the client is told what the decision would
rest on and given a date to answer; the answer comes through the e-service.

    do_send_communication(case, ground=..., subject=..., intended=..., answer_by=...,
                          acting_user=anna) -> Communication   # with its letter, kept as sent
    do_answer_communication(communication, text=..., person=karin) -> Communication
    decision_problems(case, phrase_key, on) -> [messages]     # the guard, registered in
                                                                # ekb.decisions.prior_steps

A decision with such a reason (phrases marked ``communicate: true``) is refused while the
latest communication on the same ground is unanswered and its answer date has not passed, and
when there is none. The answer date itself still belongs to the client: the decision may be
made from the day after it.
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
from ekb.decisions.phrases import format_date, legal_reference_from_keys
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


def decision_problems(case: Case, phrase_key: str, on: dt.date) -> list[StrOrPromise]:
    """Why a decision with reason ``phrase_key`` cannot be made on ``on`` yet (FL 25 §)."""
    ground = ground_of(phrase_key)
    if ground is None:
        return []
    communication = latest_communication(case, ground)
    if communication is None:
        return [
            _(
                "Innan du beslutar med det här skälet ska klienten få veta vad beslutet grundar "
                "sig på och få svara inom en bestämd tid (kommunicering, 25 § förvaltningslagen). "
                "Skicka en kommunicering först."
            )
        ]
    if communication.answered or on > communication.answer_by:
        return []
    return [
        _(
            "Klienten har till och med %(date)s på sig att svara på kommuniceringen och har inte "
            "svarat än. Du kan besluta när klienten har svarat eller från dagen efter."
        )
        % {"date": format_date(communication.answer_by)}
    ]


# -- sending ------------------------------------------------------------------------------------


def _clean_text(value: str, field: str, empty: StrOrPromise, errors: dict) -> str:
    text = (value or "").strip()
    if not text:
        errors[field] = [empty]
    elif len(text) > MAX_TEXT:
        errors[field] = [_("Texten är för lång (högst 5 000 tecken).")]
    return text


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
