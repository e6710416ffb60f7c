"""State changes on cases. Each is one function that also writes the access log and the case
event, so no view or endpoint can change a case without leaving a trace."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ekb.audit.log import record
from ekb.audit.models import Action, Channel, Outcome
from ekb.cases.access import may_assign
from ekb.cases.choices import EventKind
from ekb.cases.models import Case, CaseEvent
from ekb.cases.notifications import notify_after_commit
from ekb.people.models import HouseholdMember, Person


def append_event(
    case: Case, kind: EventKind, *, actor=None, data=None, at=None, visible_to_client=True
):
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        data=data or {},
        occurred_at=at or timezone.now(),
        visible_to_client=visible_to_client,
    )
    # The client hears of it by e-mail or SMS after commit (ekb.cases.notifications).
    notify_after_commit(event)
    return event


def next_case_number(municipality, year: int) -> str:
    prefix = f"EKB-{municipality.code}-{year}-"
    last = (
        Case.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    serial = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{serial:06d}"


def household_is_protected(household_id: int) -> bool:
    return HouseholdMember.objects.filter(
        household_id=household_id, valid_to__isnull=True, person__protected_identity=True
    ).exists()


@transaction.atomic
def do_open_case(
    *, household, unit, opened_on: dt.date, acting_user, caseworker=None, channel=Channel.WEB
) -> Case:
    case = Case.objects.create(
        municipality=unit.municipality,
        unit=unit,
        number=next_case_number(unit.municipality, opened_on.year),
        household=household,
        assigned_caseworker=caseworker,
        opened_on=opened_on,
        is_protected=household_is_protected(household.pk),
    )
    append_event(case, EventKind.CASE_OPENED, actor=acting_user)
    if caseworker is not None:
        append_event(
            case, EventKind.ASSIGNED, actor=acting_user, data={"caseworker_id": caseworker.pk}
        )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)
    return case


def do_assign_case(case: Case, caseworker, *, acting_user, channel=Channel.WEB) -> None:
    """Give the case to ``caseworker``, when the acting user may (``access.may_assign``).

    A refusal is logged before anything is written, so the denial stays in the access log."""
    if not may_assign(acting_user, case, caseworker):
        record(
            action=Action.CHANGE_CASE,
            outcome=Outcome.DENIED,
            user=acting_user,
            case_id=case.pk,
            channel=channel,
        )
        raise PermissionDenied
    with transaction.atomic():
        case.assigned_caseworker = caseworker
        case.save(update_fields=["assigned_caseworker"])
        append_event(
            case, EventKind.ASSIGNED, actor=acting_user, data={"caseworker_id": caseworker.pk}
        )
        record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)


@transaction.atomic
def do_close_case(
    case: Case, *, closed_on: dt.date, reason: str, acting_user, channel=Channel.WEB
) -> None:
    case.closed_on = closed_on
    case.closure_reason = reason
    case.save(update_fields=["closed_on", "closure_reason"])
    append_event(case, EventKind.CASE_CLOSED, actor=acting_user, data={"reason": reason})
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)


@transaction.atomic
def do_set_protected_identity(
    person: Person, protected: bool, *, acting_user, channel=Channel.WEB
) -> None:
    """Mark or unmark protected identity, and re-derive the flag of every case the person is in."""
    person.protected_identity = protected
    person.save(update_fields=["protected_identity"])
    record(action=Action.CHANGE_PERSON, user=acting_user, person_id=person.pk, channel=channel)
    household_ids = HouseholdMember.objects.filter(person=person).values_list(
        "household_id", flat=True
    )
    for case in Case.objects.filter(household_id__in=household_ids).select_for_update():
        flag = household_is_protected(case.household_id)
        if case.is_protected != flag:
            case.is_protected = flag
            case.save(update_fields=["is_protected"])
