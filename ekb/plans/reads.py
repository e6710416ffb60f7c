"""Reads of a case's plan, for a case the caller opened through its door (ekb.cases.access) or
the client's own (ekb.plans.access): the page's content, the versions, the progress timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from ekb.meetings.choices import MeetingStatus
from ekb.meetings.models import Meeting
from ekb.people.models import Person
from ekb.plans import choices as c
from ekb.plans.dates import follow_up_limit, latest_follow_up
from ekb.plans.models import Plan, PlanFollowUp, PlanVersion, ProgressStep, Referral
from ekb.plans.rules import conditions_in_force, progress_scale
from ekb.plans.signing import client_parties, client_role, staff_role


def case_plan(case) -> Plan | None:
    return Plan.objects.filter(case=case).first()


@dataclass(frozen=True)
class TimelineStep:
    step: ProgressStep
    direction: str  # "forward", "back" or "same"
    area: str


def progress_timeline(plan: Plan) -> list[TimelineStep]:
    """The stegförflyttningar, oldest first, each marked forward, back or the same."""
    steps = (
        ProgressStep.objects.filter(plan=plan).select_related("recorded_by").order_by("on", "id")
    )
    return [
        TimelineStep(
            step,
            "forward"
            if step.to_step > step.from_step
            else "back"
            if step.to_step < step.from_step
            else "same",
            str(c.LifeArea(step.life_area).label),
        )
        for step in steps
    ]


@dataclass(frozen=True)
class Obstacle:
    area: str  # the life area's label
    text: str
    person: object | None  # the adult it is about; None: the household's


@dataclass(frozen=True)
class VersionContent:
    """One version as the pages show it: the text, the goals, who does what, the conditions kept
    apart, what the client said and who signed."""

    version: PlanVersion
    obstacles: list[Obstacle]
    sub_goals: list
    activities: list
    conditions: list
    comments: list
    signatures: list


def version_content(version: PlanVersion, *, for_person: int | None = None) -> VersionContent:
    """The version as staff read it (everything), or as the client ``for_person`` reads it: her
    own comments only, and of the obstacles the household's and her own, never the other
    adult's (an adult's obstacle is secret from the other, also in a couple)."""
    labels = dict(c.LifeArea.choices)
    order = {area.value: n for n, area in enumerate(c.OBSTACLE_AREAS)}
    rows = sorted(
        version.obstacles.select_related("person"), key=lambda o: (order.get(o.life_area, 99), o.pk)
    )
    comments = list(version.comments.select_related("person"))
    if for_person is not None:
        rows = [o for o in rows if o.person_id in (None, for_person)]
        comments = [comment for comment in comments if comment.person_id == for_person]
    return VersionContent(
        version=version,
        obstacles=[Obstacle(str(labels[o.life_area]), o.text, o.person) for o in rows],
        sub_goals=list(version.sub_goals.all()),
        activities=list(version.activities.all()),
        conditions=list(version.conditions.select_related("status_set_by")),
        comments=comments,
        signatures=list(version.signatures.select_related("person", "user")),
    )


def obstacle_texts(version: PlanVersion) -> list[tuple[str, int | None, str]]:
    """(life area, person id or None, text) of the version's obstacles, for the draft form."""
    return [(o.life_area, o.person_id, o.text) for o in version.obstacles.all()]


def plan_parties(case) -> list[tuple[int, str]]:
    """(person id, name) of the client's side of the case today, the applicant first."""
    ids = client_parties(case)
    names = {p.pk: p.full_name for p in Person.objects.filter(pk__in=ids)}
    return [(pk, names[pk]) for pk in ids]


def sub_goal_texts(version: PlanVersion) -> list[str]:
    return [goal.text for goal in version.sub_goals.all()]


def meetings_to_establish(version: PlanVersion, count: int = 10) -> list[Meeting]:
    """The held meetings a shared version can be established at, the latest first: held on or
    after the day it was shared (the client has seen this text) and not already the meeting of
    another version (ekb.plans.actions.do_establish_plan holds the same rule)."""
    if version.shared_at is None:
        return []
    day = timezone.localdate(version.shared_at)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return list(
        Meeting.objects.filter(
            case_id=version.plan.case_id,
            status=MeetingStatus.HELD,
            starts_at__gte=start,
            plan_versions__isnull=True,
        ).order_by("-starts_at")[:count]
    )


def meeting_of_case(case, meeting_id) -> Meeting | None:
    """A meeting of the case by the id a form sent (None for anything else)."""
    try:
        pk = int(meeting_id)
    except (TypeError, ValueError):
        return None
    return Meeting.objects.filter(case=case, pk=pk).first()


def stalled_since(plan: Plan) -> dt.date | None:
    """The day since when the plan in force shows no step forward and no sub-goal reached (the
    latest follow-up held, else the day it was established), or None when it has moved. At the
    follow-up this prompts a look at the plan's content with the client, never a sanction
    (seed 004 feature 19)."""
    established = (
        PlanVersion.objects.filter(plan=plan, status=c.VersionStatus.ESTABLISHED)
        .order_by("-number")
        .first()
    )
    if established is None or established.established_at is None:
        return None
    held = (
        PlanFollowUp.objects.filter(plan=plan, held_on__isnull=False)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    since = held or timezone.localdate(established.established_at)
    if since >= timezone.localdate():
        return None
    moved = ProgressStep.objects.filter(plan=plan, on__gte=since, to_step__gt=models.F("from_step"))
    if moved.exists() or established.sub_goals.filter(status=c.SubGoalStatus.ACHIEVED).exists():
        return None
    return since


@dataclass(frozen=True)
class PlanSummary:
    """The plan in a line on the case page."""

    version: PlanVersion
    in_force: PlanVersion | None
    next_follow_up: dt.date | None


def plan_summary(case) -> PlanSummary | None:
    versions = list(PlanVersion.objects.filter(plan__case=case).order_by("-number")[:10])
    if not versions:
        return None
    return PlanSummary(
        version=versions[0],
        in_force=next((v for v in versions if v.status == c.VersionStatus.ESTABLISHED), None),
        next_follow_up=PlanFollowUp.objects.filter(plan__case=case, held_on__isnull=True)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first(),
    )


@dataclass
class PlanPage:
    plan: Plan | None
    current: VersionContent | None = None  # the newest version
    in_force: VersionContent | None = None  # the established one, when the newest is not it
    versions: list = field(default_factory=list)
    next_follow_up: PlanFollowUp | None = None
    held_follow_ups: list = field(default_factory=list)
    timeline: list = field(default_factory=list)
    referrals: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    conditions_catalogue: dict = field(default_factory=dict)
    latest_follow_up: dt.date | None = None
    scale: tuple[int, int] = (1, 5)
    signer_role: str | None = None
    has_signed: bool = False
    stalled_since: dt.date | None = None
    # The last day the next follow-up may be held (the rule's months after the latest held
    # follow-up or the establishment); a rebooking does not move it.
    follow_up_limit: dt.date | None = None
    parties: list = field(default_factory=list)  # (person id, name) of the client's side


def plan_page(case, user) -> PlanPage:
    """Everything the caseworker's plan page shows, in a few queries."""
    today = timezone.localdate()
    plan = case_plan(case)
    page = PlanPage(
        plan=plan,
        conditions_catalogue=conditions_in_force(today),
        latest_follow_up=latest_follow_up(today),
        scale=progress_scale(today),
        signer_role=staff_role(case, user),
        parties=plan_parties(case),
    )
    if plan is None:
        return page
    versions = list(
        PlanVersion.objects.filter(plan=plan).select_related("created_by").order_by("-number")
    )
    page.versions = versions
    page.current = version_content(versions[0])
    if versions[0].status == c.VersionStatus.SHARED:
        page.meetings = meetings_to_establish(versions[0])
    established = next((v for v in versions if v.status == c.VersionStatus.ESTABLISHED), None)
    if established is not None and established.pk != versions[0].pk:
        page.in_force = version_content(established)
    page.has_signed = any(s.user_id == user.pk for s in page.current.signatures)
    follow_ups = list(PlanFollowUp.objects.filter(plan=plan).select_related("held_by"))
    page.next_follow_up = next((f for f in follow_ups if f.held_on is None), None)
    page.held_follow_ups = sorted(
        (f for f in follow_ups if f.held_on is not None), key=lambda f: f.held_on, reverse=True
    )
    page.follow_up_limit = follow_up_limit(plan)
    page.timeline = progress_timeline(plan)
    page.stalled_since = stalled_since(plan)
    page.referrals = list(Referral.objects.filter(plan=plan).select_related("sent_by"))
    return page


@dataclass
class ClientPlanPage:
    content: VersionContent
    in_force: VersionContent | None
    signer_role: str | None
    has_signed: bool
    next_follow_up: PlanFollowUp | None
    timeline: list
    earlier: list


def client_plan_page(case, version: PlanVersion, person_id: int) -> ClientPlanPage:
    """What the client reads: the newest version shared with her, the one in force beside it when
    that is another, her comments and signatures, the next follow-up and her progress."""
    content = version_content(version, for_person=person_id)
    in_force = None
    if version.status != c.VersionStatus.ESTABLISHED:
        established = (
            PlanVersion.objects.filter(plan=version.plan, status=c.VersionStatus.ESTABLISHED)
            .order_by("-number")
            .first()
        )
        in_force = version_content(established, for_person=person_id) if established else None
    return ClientPlanPage(
        content=content,
        in_force=in_force,
        signer_role=client_role(case, person_id),
        has_signed=any(s.person_id == person_id for s in content.signatures),
        next_follow_up=PlanFollowUp.objects.filter(plan=version.plan, held_on__isnull=True)
        .order_by("due_on")
        .first(),
        timeline=progress_timeline(version.plan),
        earlier=list(
            PlanVersion.objects.filter(
                plan=version.plan,
                status__in=(c.VersionStatus.SUPERSEDED, c.VersionStatus.ESTABLISHED),
            )
            .exclude(pk__in=[version.pk, *([in_force.version.pk] if in_force else [])])
            .order_by("-number")
        ),
    )


@dataclass(frozen=True)
class MissedActivity:
    """The facts of an absence or a declined activity that a task came from: what the client
    is told in a communication (FL 25 §), nothing of the caseworker's own notes."""

    title: str
    kind: str  # the kind of activity, in words
    day: dt.date
    starts: dt.time | None = None
    ends: dt.time | None = None
    hours: object = None  # Decimal, one decimal place


def missed_activity(case, source: str) -> MissedActivity | None:
    """The facts behind a task's source ("plans.activitysession:<id>" for an absence,
    "plans.activityschedule:<id>:declined:event=<id>" for a declined activity), for a case the
    caller opened through its door; None for any other source or another case's object."""
    from ekb.cases.models import CaseEvent
    from ekb.plans.models import ActivitySession

    room, _sep, rest = (source or "").partition(":")
    if room == "plans.activitysession" and rest.isdigit():
        session = ActivitySession.objects.filter(pk=int(rest), schedule__case=case).first()
        if session is None:
            return None
        starts = timezone.localtime(session.starts_at)
        ends = timezone.localtime(session.ends_at)
        return MissedActivity(
            title=session.title,
            kind=str(session.get_kind_display()),
            day=starts.date(),
            starts=starts.time(),
            ends=ends.time(),
            hours=session.hours,
        )
    if room == "plans.activityschedule" and ":declined:event=" in rest:
        event_id = rest.rsplit("=", 1)[-1]
        event = (
            CaseEvent.objects.filter(pk=int(event_id), case=case).first()
            if event_id.isdigit()
            else None
        )
        if event is None or not event.data.get("declined_on"):
            return None
        # The event keeps ids and dates only: which activity it was, the caseworker adds.
        return MissedActivity(
            title="", kind="", day=dt.date.fromisoformat(event.data["declined_on"])
        )
    return None


def absence_still_unexcused(case, source: str) -> bool:
    """Whether the absence behind a task's source is still recorded as absent without a valid
    reason: False once the attendance of that session was corrected (absent with a valid
    reason, sick with a certificate, present), so no decision rests on it any longer (a
    communication about it carries none: ekb.flow.activity). A declined activity stays declined
    (there is no correcting it here), and a source that is not a session of this case is not
    the plans room's to judge: both True."""
    from ekb.plans.activity_choices import AttendanceStatus
    from ekb.plans.models import ActivityAttendance

    room, _sep, rest = (source or "").partition(":")
    if room != "plans.activitysession" or not rest.isdigit():
        return True
    attendance = ActivityAttendance.objects.filter(
        session_id=int(rest), session__schedule__case=case
    ).first()
    if attendance is None:
        # No session of this case, or one never recorded: nothing recorded to excuse it.
        from ekb.plans.models import ActivitySession

        return not ActivitySession.objects.filter(pk=int(rest), schedule__case=case).exists()
    return attendance.status == AttendanceStatus.ABSENT_WITHOUT
