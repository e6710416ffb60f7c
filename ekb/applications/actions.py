"""Receiving applications: renewals go straight to the assigned caseworker, new applications from
someone without an open case go to intake (mottagning). Receiving only stores; the robot's
preparation runs after commit (ekb.flow), so nothing that can fail later can lose an application."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.applications.choices import (
    ORDINARY_APPLICATION_KINDS,
    STATUSES_NOT_COUNTED,
    ApplicationKind,
    ApplicationStatus,
    LineKind,
    Source,
    SubmittedVia,
)
from ekb.applications.models import Application, ApplicationLine
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event, do_open_case
from ekb.cases.choices import EventKind
from ekb.cases.models import Case


@dataclass
class LineData:
    kind: str
    type: str
    amount: Decimal | None
    member_id: int | None = None
    value: str = ""
    one_off: bool = False  # this month only (ApplicationLine.one_off)


class MonthAlreadyApplied(ValidationError):
    """The case already has an application for the month (one per household and month, see
    ekb.applications.choices.ORDINARY_APPLICATION_KINDS). The flow answers it as a conflict (409)."""


ALREADY_APPLIED = _(
    "Hushållet har redan skickat in en ansökan för den här månaden. Skriv ett meddelande till "
    "handläggaren om något har ändrats."
)


def application_for_month(case: Case, month: dt.date) -> Application | None:
    """The household's application for the month (a new application or renewal that counts)."""
    return (
        case.applications.filter(month=month, kind__in=ORDINARY_APPLICATION_KINDS)
        .exclude(status__in=STATUSES_NOT_COUNTED)
        .order_by("id")
        .first()
    )


@transaction.atomic
def do_receive_application(
    case: Case,
    month: dt.date,
    kind: str,
    lines: list[LineData],
    *,
    acting_user=None,
    client_person_id: int | None = None,
    submitted_via: str = SubmittedVia.DIGITAL,
    document: dict | None = None,
    channel: Channel = Channel.WEB,
) -> Application:
    """Store the application with the source of every fact and append the event. ``submitted_via``
    is how the application arrived (e-service, paper, meeting); ``channel`` is how the person
    reached the system, for the access log, as everywhere else."""
    if month.day != 1:
        raise ValidationError({"month": _("Månaden anges med första dagen i månaden.")})
    for line in lines:
        if line.amount is not None and line.amount < 0:
            raise ValidationError({"amount": _("Ett belopp kan inte vara negativt.")})
    source = Source.CASEWORKER if acting_user is not None else Source.CLIENT
    if kind in ORDINARY_APPLICATION_KINDS:
        # Both adults of a couple may send for the same month at the same moment: the case row's
        # lock makes the second wait and then see the first (the constraint is the last guard).
        Case.objects.select_for_update().filter(pk=case.pk).first()
        if application_for_month(case, month) is not None:
            raise MonthAlreadyApplied({"month": ALREADY_APPLIED})
    try:
        with transaction.atomic():
            application = Application.objects.create(
                case=case,
                month=month,
                kind=kind,
                status=ApplicationStatus.SUBMITTED,
                channel=submitted_via,
                submitted_at=timezone.now(),
                document=document or {},
            )
    except IntegrityError:  # applications_one_a_month: sent in parallel a moment ago
        raise MonthAlreadyApplied({"month": ALREADY_APPLIED}) from None
    ApplicationLine.objects.bulk_create(
        ApplicationLine(
            application=application,
            kind=line.kind,
            type=line.type,
            member_id=line.member_id,
            amount=line.amount,
            value=line.value,
            source=source,
            one_off=line.one_off,
            created_by=acting_user,
        )
        for line in lines
    )
    append_event(
        case,
        EventKind.APPLICATION_RECEIVED,
        actor=acting_user,
        data={"application_id": application.pk, "month": f"{month:%Y-%m}"},
    )
    record(
        action=Action.CHANGE_CASE,
        user=acting_user,
        client_person_id=client_person_id,
        case_id=case.pk,
        channel=channel,
    )
    return application


@transaction.atomic
def do_receive_new_application(
    household, unit, month, lines, *, acting_user=None, client_person_id=None, **options
):
    """A new application from someone without an open case: a case in intake, no caseworker yet."""
    open_case = Case.objects.open().filter(household=household).first()
    if open_case is not None:
        return do_receive_application(
            open_case,
            month,
            ApplicationKind.RENEWAL,
            lines,
            acting_user=acting_user,
            client_person_id=client_person_id,
            **options,
        )
    case = do_open_case(
        household=household, unit=unit, opened_on=timezone.localdate(), acting_user=acting_user
    )
    return do_receive_application(
        case,
        month,
        ApplicationKind.NEW,
        lines,
        acting_user=acting_user,
        client_person_id=client_person_id,
        **options,
    )


@transaction.atomic
def do_override_line(
    line: ApplicationLine, amount: Decimal, reason: str, *, acting_user, channel=Channel.WEB
) -> ApplicationLine:
    """A caseworker replaces a fact. The old line stays, marked as overridden; the calculation is
    made again after commit (ekb.flow.journey.override_line)."""
    errors = {}
    if amount is None or amount < 0:
        errors["amount"] = _("Beloppet kan inte vara negativt.")
    if not reason.strip():
        errors["reason"] = _("Skriv varför du ändrar uppgiften.")
    line = ApplicationLine.objects.select_for_update().get(pk=line.pk)
    if line.overridden:
        errors["__all__"] = _("Uppgiften har redan ändrats av någon annan. Ladda om sidan.")
    if line.application.status == ApplicationStatus.DECIDED:
        errors["__all__"] = _("Ansökan är redan beslutad.")
    if errors:
        raise ValidationError(errors)
    line.overridden = True
    line.save(update_fields=["overridden"])
    forget_meeting_confirmation(line.application)
    replacement = ApplicationLine.objects.create(
        application=line.application,
        kind=line.kind,
        type=line.type,
        member=line.member,
        amount=amount,
        value=line.value,
        source=Source.CASEWORKER,
        one_off=line.one_off,
        overrides=line,
        override_reason=reason.strip(),
        created_by=acting_user,
    )
    record(
        action=Action.CHANGE_CASE,
        user=acting_user,
        case_id=line.application.case_id,
        channel=channel,
    )
    return replacement


@transaction.atomic
def do_add_line(
    application: Application,
    *,
    kind: str,
    line_type: str,
    amount: Decimal,
    reason: str,
    value: str = "",
    member_id: int | None = None,
    one_off: bool = False,
    acting_user,
    channel=Channel.WEB,
) -> ApplicationLine:
    """A caseworker adds a fact the client told her (a cost that came up at a meeting: medicine,
    a doctor's visit; an income: a job she started, with the person who has it). The
    calculation is made again after commit by the caller (ekb.flow). The reason stays on the
    line, as an override's does, and is shown with the decision's proposal. ``one_off``: a cost
    for this month only (an unforeseen cost), not carried into the next month."""
    from ekb.applications.cost_types import COSTS
    from ekb.norm.vocabulary import INCOME_TYPES

    errors = {}
    if amount is None or amount < 0:
        errors["amount"] = _("Beloppet kan inte vara negativt.")
    if kind == LineKind.COST and line_type not in COSTS:
        errors["type"] = _("Välj en kostnad.")
    if kind == LineKind.INCOME and line_type not in INCOME_TYPES:
        errors["type"] = _("Välj en inkomst.")
    if kind not in (LineKind.COST, LineKind.INCOME):
        errors["kind"] = _("Välj kostnad eller inkomst.")
    if not reason.strip():
        errors["reason"] = _("Skriv vad klienten berättade om kostnaden.")
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == ApplicationStatus.DECIDED:
        errors["__all__"] = _("Ansökan är redan beslutad.")
    if errors:
        raise ValidationError(errors)
    forget_meeting_confirmation(application)
    line = ApplicationLine.objects.create(
        application=application,
        kind=kind,
        type=line_type,
        member_id=member_id,
        amount=amount,
        value=value.strip()[:200],
        source=Source.CASEWORKER,
        override_reason=reason.strip(),
        one_off=one_off and kind == LineKind.COST,
        created_by=acting_user,
    )
    record(
        action=Action.CHANGE_CASE, user=acting_user, case_id=application.case_id, channel=channel
    )
    return line


def forget_meeting_confirmation(application: Application) -> None:
    """A line changed after the amounts were gone through with the client: what she confirmed
    is no longer what the application holds, so no oral decision rests on it until the amounts
    are confirmed again (ekb.flow.meetings confirms its own changes right after making them)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    document = dict(application.document or {})
    if document.pop("confirmed_in_meetings", None) is None:
        return
    application.document = document
    application.save(update_fields=["document"])


def confirmed_in_meeting(application: Application, meeting_id: int) -> bool:
    """Whether the application's amounts were gone through with the client in the meeting."""
    return meeting_id in (application.document or {}).get("confirmed_in_meetings", [])


@transaction.atomic
def do_confirm_in_meeting(
    application: Application, *, meeting_id: int, acting_user, channel=Channel.WEB
) -> Application:
    """Record that the caseworker went through the application's amounts with the client in a
    meeting (ekb.flow.meetings): an oral decision rests on amounts the client confirmed."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    document = dict(application.document or {})
    confirmed = list(document.get("confirmed_in_meetings", []))
    if meeting_id not in confirmed:
        confirmed.append(meeting_id)
    document["confirmed_in_meetings"] = confirmed
    application.document = document
    application.save(update_fields=["document"])
    record(
        action=Action.CHANGE_CASE, user=acting_user, case_id=application.case_id, channel=channel
    )
    return application
