"""Reads of a case for its page, for a case the caller has already opened through its door
(``cases.access``, which logs the read): each returns what the page shows, in one query."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from ekb.cases.models import (
    Case,
    CaseEvent,
    IntakeNote,
    JournalEntry,
    MedicalCertificate,
    Message,
    ReasonForNeed,
)
from ekb.lib.months import month_end
from ekb.people.models import HouseholdMember


def household_of_month(case: Case, on: dt.date) -> list[HouseholdMember]:
    """This month's household, as the calculation sees it: a member who moves out later this
    month (or moved out earlier in it) is still counted for those days, so shown."""
    return list(
        HouseholdMember.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on.replace(day=1)),
            household_id=case.household_id,
            valid_from__lte=month_end(on),
        )
        .select_related("person")
        .order_by("role", "person__birth_date")
    )


def current_reasons(case: Case) -> list[ReasonForNeed]:
    return list(
        ReasonForNeed.objects.filter(case=case, valid_to__isnull=True).select_related("person")
    )


def latest_events(case: Case, count: int = 30) -> list[CaseEvent]:
    return list(
        CaseEvent.objects.filter(case=case)
        .select_related("actor")
        .order_by("-occurred_at", "-id")[:count]
    )


def latest_journal(case: Case, count: int = 20) -> list[JournalEntry]:
    return list(
        JournalEntry.objects.filter(case=case)
        .select_related("author")
        .order_by("-entry_date", "-id")[:count]
    )


def latest_messages(case: Case, count: int = 30) -> list[Message]:
    return list(
        Message.objects.filter(case=case)
        .select_related("from_user", "from_person")
        .order_by("-sent_at")[:count]
    )


def intake_notes(case: Case) -> list[IntakeNote]:
    return list(
        IntakeNote.objects.filter(case=case).select_related("author").order_by("-created_at")
    )


def certificates(case: Case) -> list[MedicalCertificate]:
    return list(
        MedicalCertificate.objects.filter(case=case)
        .select_related("person")
        .order_by("-period_end")
    )


def adults_now(case: Case) -> list[HouseholdMember]:
    """The household's adults today: who a läkarintyg can be registered for."""
    return list(
        HouseholdMember.objects.filter(household_id=case.household_id, valid_to__isnull=True)
        .exclude(role="child")
        .select_related("person")
    )
