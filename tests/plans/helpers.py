"""Karin's plan, written by Anna, for the plan tests (the personas' clock: 20 November 2026)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ekb.meetings.choices import MeetingKind, MeetingStatus
from ekb.meetings.models import Meeting
from ekb.plans.actions import (
    do_add_plan_activity,
    do_add_plan_condition,
    do_save_plan_draft,
    do_share_plan,
    do_start_plan,
)
from ekb.plans.signing import client_parties

FOLLOW_UP = dt.date(2027, 2, 15)


def held_meeting(case, caseworker, *, days_ago=0, status=MeetingStatus.HELD) -> Meeting:
    """A meeting with the client (the meeting record of strand A marks it held); by default
    today, the day the plan is shared, so the plan can be established at it."""
    return Meeting.objects.create(
        case=case,
        caseworker=caseworker,
        starts_at=timezone.now() - dt.timedelta(days=days_ago),
        kind=MeetingKind.VISIT,
        status=status,
        created_by=caseworker,
    )


def written_draft(
    case,
    user,
    *,
    goal="Jag vill arbeta som undersköterska inom ett år.",
    obstacles=None,
    personal_obstacles=None,
):
    """A draft; the applicant's back pain is her own obstacle (health is a sensitive area)."""
    version = do_start_plan(case, acting_user=user)
    do_save_plan_draft(
        version,
        data={
            "situation": "Arbetslös sedan våren, bor med sin son.",
            "interpreter_language": "",
            "goal": goal,
            "strengths": "Erfarenhet från äldreomsorgen.",
        },
        obstacles=obstacles if obstacles is not None else {"language": ""},
        personal_obstacles=personal_obstacles
        if personal_obstacles is not None
        else {client_parties(case)[0]: {"health": "Ryggbesvär"}},
        sub_goals=["Läsa klart svenska på SFI-nivå D", "Söka undersköterskeutbildning"],
        acting_user=user,
    )
    do_add_plan_activity(
        version,
        what="Anmäla sig till SFI",
        responsible="client",
        by_date=dt.date(2026, 12, 15),
        acting_user=user,
    )
    do_add_plan_condition(
        version,
        key="available_for_work",
        individual_reason="Karin har arbetsförmåga på heltid enligt läkarintyget.",
        acting_user=user,
    )
    return version


def shared_plan(case, user, **draft):
    version = written_draft(case, user, **draft)
    return do_share_plan(version, acting_user=user)
