"""Every change to a plan: one do_<verb>_<noun> each, atomic, logged in the access log, and a case
event where the client should see it (shared, established).

The rules the functions hold (issue 12, seed 004 §9):
- a draft is the caseworker's and can change; once shared with the client its text does not
  change: a revision is a new version, the old ones are kept and stay readable;
- the client comments and may disagree on a shared version; her words are kept as written;
- only a party signs (ekb.plans.signing); the client through the e-service session (her e-ID);
- a version is established only with a held meeting with the client linked, after a staff party
  signed it, with a follow-up date within the rule (dates.check_follow_up_date);
- a comment that disagrees opens a task (TaskKind.PLAN_DISAGREEMENT), closed with the caseworker's answer;
- a condition marked not met opens a task (TaskKind.PLAN_CONDITION_MISSED) and nothing else:
  no decision, no payment; a refusal or reduction is a decision with reasons, made elsewhere."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind, TaskKind
from ekb.cases.models import Case, Task
from ekb.cases.tasks import do_close_task, do_open_task
from ekb.meetings.choices import MeetingStatus
from ekb.plans import choices as c
from ekb.plans.dates import check_follow_up_date, follow_up_limit
from ekb.plans.models import (
    Plan,
    PlanActivity,
    PlanComment,
    PlanCondition,
    PlanFollowUp,
    PlanObstacle,
    PlanSignature,
    PlanVersion,
    ProgressStep,
    Referral,
    SubGoal,
)
from ekb.plans.rules import conditions_in_force, progress_scale
from ekb.plans.signing import client_parties, client_role, staff_role

DEFAULT_INTERVENTION = "Ekonomiskt bistånd enligt 12 kap. 1 § socialtjänstlagen (2025:400)"

# The draft's text fields, as the form sends them.
TEXT_FIELDS = (
    "intervention",
    "situation",
    "interpreter_language",
    "goal",
    "strengths",
    "work_capacity_client",
    "work_capacity_af",
    "work_capacity_caseworker",
    "help_from_social_services",
    "help_from_other_agencies",
    "cooperation_wishes",
)
COPIED_FIELDS = TEXT_FIELDS
MAX_TEXT = 5000
NOT_A_PARTY = _(
    "Bara planens parter kan skriva under: den sökande och medsökande, och ärendets "
    "handläggare eller arbetsmarknadssekreterare."
)


def _log(case_id: int, *, acting_user=None, person=None, channel=Channel.WEB) -> None:
    record(
        action=Action.CHANGE_CASE,
        user=acting_user,
        client_person_id=person.pk if person is not None else None,
        case_id=case_id,
        channel=channel,
    )


def _open_case(case: Case) -> None:
    if case.closed_on is not None:
        raise ValidationError({"__all__": _("Ärendet är avslutat.")})


def _draft(version: PlanVersion) -> None:
    if version.status != c.VersionStatus.DRAFT:
        raise ValidationError(
            {
                "__all__": _(
                    "Den här versionen är delad med klienten och kan inte ändras. "
                    "Gör en ny version för att ändra planen."
                )
            }
        )


PLAN_CHANGED = _("Planen har ändrats sedan du öppnade den. Läs den nya versionen.")


def _still_the_version_read(version: PlanVersion) -> None:
    """Refuse a form sent for a version that has since been replaced: a signature, comment or
    establishment lands on the version the person read (the form posts its id), never on a newer
    one shared in between. The plan row is locked so a share at the same moment waits."""
    Plan.objects.select_for_update().filter(pk=version.plan_id).first()
    version.refresh_from_db(fields=["status"])
    newer = version.plan.versions.filter(
        number__gt=version.number,
        status__in=(c.VersionStatus.SHARED, c.VersionStatus.ESTABLISHED),
    )
    if version.status == c.VersionStatus.SUPERSEDED or newer.exists():
        raise ValidationError({"__all__": PLAN_CHANGED})


def _in_force_or_shared(version: PlanVersion) -> None:
    if version.status == c.VersionStatus.DRAFT:
        raise ValidationError({"__all__": _("Den här versionen av planen är inte aktuell.")})
    _still_the_version_read(version)


# --- writing the draft -----------------------------------------------------------------------


@transaction.atomic
def do_start_plan(case: Case, *, acting_user, channel=Channel.WEB) -> PlanVersion:
    """The case's plan with its first draft; the existing plan's latest version if there is one."""
    _open_case(case)
    plan = Plan.objects.select_for_update().filter(case=case).first()
    if plan is not None:
        return plan.versions.order_by("-number")[0]
    plan = Plan.objects.create(case=case, created_by=acting_user)
    version = PlanVersion.objects.create(
        plan=plan, number=1, intervention=DEFAULT_INTERVENTION, created_by=acting_user
    )
    _log(case.pk, acting_user=acting_user, channel=channel)
    return version


@transaction.atomic
def do_save_plan_draft(
    version: PlanVersion,
    *,
    data: dict,
    obstacles: dict[str, str],
    personal_obstacles: dict[int, dict[str, str]] | None = None,
    sub_goals: list[str],
    acting_user,
    channel=Channel.WEB,
) -> PlanVersion:
    """Save the draft's text as written: the client's words are not rephrased or pre-filled.

    ``obstacles`` are the household's, by life area; ``personal_obstacles`` one adult's, by her
    person id. An obstacle in a sensitive area is always one adult's: with one adult on the case
    it is hers; with two it must be written for the one it is about (the other does not read it)."""
    _draft(version)
    _open_case(version.plan.case)
    errors: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        value = str(data.get(name, "")).strip()
        if len(value) > MAX_TEXT:
            errors[name] = _("Texten är för lång. Skriv högst 5 000 tecken.")
        setattr(version, name, value)
    parties = client_parties(version.plan.case)
    rows = []
    for area, text in obstacles.items():
        if area not in c.OBSTACLE_AREAS or not text.strip():
            continue
        person_id = None
        if area in c.SENSITIVE_AREAS:
            if len(parties) != 1:
                errors[f"obstacle_{area}"] = _(
                    "Skriv hinder om hälsa, missbruk, våld och kriminalitet för den vuxna det "
                    "gäller. Det visas bara för henne eller honom."
                )
                continue
            person_id = parties[0]
        rows.append(PlanObstacle(life_area=area, person_id=person_id, text=text.strip()))
    for person_id, texts in (personal_obstacles or {}).items():
        for area, text in texts.items():
            if area not in c.OBSTACLE_AREAS or not text.strip():
                continue
            if person_id not in parties:
                errors[f"obstacle_{area}"] = _("Hindret kan bara gälla sökande eller medsökande.")
                continue
            rows.append(PlanObstacle(life_area=area, person_id=person_id, text=text.strip()))
    if any(len(row.text) > MAX_TEXT for row in rows):
        errors.setdefault("__all__", _("Texten är för lång. Skriv högst 5 000 tecken."))
    goals = [g.strip() for g in sub_goals if g.strip()]
    if any(len(g) > 500 for g in goals):
        errors["sub_goals"] = _("Ett delmål får vara högst 500 tecken.")
    if errors:
        raise ValidationError(errors)
    version.save(update_fields=list(TEXT_FIELDS))
    version.obstacles.all().delete()
    for row in rows:
        row.version = version
    PlanObstacle.objects.bulk_create(rows)
    kept = {g.text: g for g in version.sub_goals.all()}
    version.sub_goals.exclude(text__in=goals).delete()
    for position, text in enumerate(goals):
        goal = kept.get(text)
        if goal is None:
            SubGoal.objects.create(version=version, position=position, text=text)
        elif goal.position != position:
            goal.position = position
            goal.save(update_fields=["position"])
    _log(version.plan.case_id, acting_user=acting_user, channel=channel)
    return version


@transaction.atomic
def do_add_plan_activity(
    version: PlanVersion,
    *,
    what: str,
    responsible: str,
    responsible_text: str = "",
    by_date: dt.date | None = None,
    acting_user,
    channel=Channel.WEB,
) -> PlanActivity:
    _draft(version)
    errors: dict[str, Any] = {}
    if not what.strip():
        errors["what"] = _("Skriv vad som ska göras.")
    if responsible not in c.Responsible.values:
        errors["responsible"] = _("Välj vem som gör det.")
    elif responsible == c.Responsible.OTHER_AGENCY and not responsible_text.strip():
        errors["responsible_text"] = _("Skriv vilken myndighet eller verksamhet.")
    if by_date is not None and by_date < timezone.localdate():
        errors["by_date"] = _("Datumet har redan passerat.")
    if errors:
        raise ValidationError(errors)
    activity = PlanActivity.objects.create(
        version=version,
        what=what.strip()[:500],
        responsible=responsible,
        responsible_text=responsible_text.strip()[:200],
        by_date=by_date,
    )
    _log(version.plan.case_id, acting_user=acting_user, channel=channel)
    return activity


@transaction.atomic
def do_remove_plan_activity(activity: PlanActivity, *, acting_user, channel=Channel.WEB) -> None:
    _draft(activity.version)
    case_id = activity.version.plan.case_id
    activity.delete()
    _log(case_id, acting_user=acting_user, channel=channel)


@transaction.atomic
def do_add_plan_condition(
    version: PlanVersion, *, key: str, individual_reason: str, acting_user, channel=Channel.WEB
) -> PlanCondition:
    """A condition for assistance from the catalogue in force (rules/conditions.yaml), with the
    caseworker's reason why it fits this person: a requirement is never laid on by default."""
    _draft(version)
    rules = conditions_in_force(timezone.localdate())
    errors: dict[str, Any] = {}
    if key not in rules:
        errors["key"] = _("Välj ett villkor.")
    elif version.conditions.filter(key=key).exists():
        errors["key"] = _("Villkoret finns redan i planen.")
    if not individual_reason.strip():
        errors["individual_reason"] = _(
            "Skriv varför villkoret gäller just den här personen (en individuell bedömning)."
        )
    if errors:
        raise ValidationError(errors)
    rule = rules[key]
    condition = PlanCondition.objects.create(
        version=version,
        key=key,
        text=rule.text,
        legal_basis=rule.legal_basis,
        consequence=rule.consequence,
        individual_reason=individual_reason.strip()[:MAX_TEXT],
    )
    _log(version.plan.case_id, acting_user=acting_user, channel=channel)
    return condition


@transaction.atomic
def do_remove_plan_condition(condition: PlanCondition, *, acting_user, channel=Channel.WEB):
    _draft(condition.version)
    case_id = condition.version.plan.case_id
    condition.delete()
    _log(case_id, acting_user=acting_user, channel=channel)


# --- sharing, commenting, signing, establishing ----------------------------------------------


@transaction.atomic
def do_share_plan(version: PlanVersion, *, acting_user, channel=Channel.WEB) -> PlanVersion:
    """The draft goes to the client to read, comment on and sign; its text is fixed from now."""
    Plan.objects.select_for_update().filter(pk=version.plan_id).first()
    _draft(version)
    case = version.plan.case
    _open_case(case)
    errors: dict[str, Any] = {}
    if not version.situation.strip():
        errors["situation"] = _("Beskriv den nuvarande situationen innan planen delas.")
    if not version.goal.strip():
        errors["goal"] = _("Skriv klientens eget mål, med klientens ord, innan planen delas.")
    if errors:
        raise ValidationError(errors)
    version.plan.versions.filter(status=c.VersionStatus.SHARED).exclude(pk=version.pk).update(
        status=c.VersionStatus.SUPERSEDED
    )
    version.status = c.VersionStatus.SHARED
    version.shared_at = timezone.now()
    version.save(update_fields=["status", "shared_at"])
    append_event(
        case, EventKind.PLAN_SHARED, actor=acting_user, data={"plan_version_id": version.pk}
    )
    _log(case.pk, acting_user=acting_user, channel=channel)
    return version


@transaction.atomic
def do_comment_on_plan(
    version: PlanVersion,
    *,
    person,
    text: str,
    topic: str = c.CommentTopic.WHOLE,
    disagrees: bool = False,
    channel=Channel.WEB,
) -> PlanComment:
    """The client's comment, or disagreement, kept as written and shown to the caseworker."""
    _in_force_or_shared(version)
    case = version.plan.case
    if client_role(case, person.pk) is None:
        raise ValidationError(
            {"__all__": _("Bara ärendets sökande och medsökande kan kommentera.")}
        )
    errors: dict[str, Any] = {}
    if not text.strip():
        errors["text"] = (
            _("Skriv vad du inte håller med om.") if disagrees else _("Skriv din kommentar.")
        )
    elif len(text) > MAX_TEXT:
        errors["text"] = _("Texten är för lång. Skriv högst 5 000 tecken.")
    if topic not in c.CommentTopic.values:
        errors["topic"] = _("Välj vad kommentaren gäller.")
    if errors:
        raise ValidationError(errors)
    comment = PlanComment.objects.create(
        version=version, person=person, topic=topic, text=text.strip(), disagrees=disagrees
    )
    append_event(
        case,
        EventKind.PLAN_COMMENTED,
        data={"plan_version_id": version.pk, "disagrees": disagrees},
        visible_to_client=False,
    )
    if disagrees:
        # The caseworker must answer a disagreement: a task, one per comment. It names the topic
        # only; her words are read on the plan page, where they are kept as written.
        do_open_task(
            case,
            kind=TaskKind.PLAN_DISAGREEMENT,
            text=str(
                _(
                    "Klienten håller inte med om planen (version %(number)s): %(topic)s. "
                    "Läs kommentaren på planens sida."
                )
                % {"number": version.number, "topic": c.CommentTopic(topic).label}
            ),
            source=disagreement_source(comment),
            channel=channel,
        )
    _log(case.pk, person=person, channel=channel)
    return comment


def disagreement_source(comment: PlanComment) -> str:
    return f"plans.plancomment:{comment.pk}"


def _sign(version: PlanVersion, *, role, person=None, user=None) -> PlanSignature:
    already = (
        version.signatures.filter(person=person)
        if person is not None
        else version.signatures.filter(user=user)
    )
    if already.exists():
        raise ValidationError({"__all__": _("Du har redan skrivit under den här versionen.")})
    signature = PlanSignature.objects.create(version=version, role=role, person=person, user=user)
    append_event(
        version.plan.case,
        EventKind.PLAN_SIGNED,
        actor=user,
        data={"plan_version_id": version.pk, "role": role},
        visible_to_client=False,
    )
    return signature


@transaction.atomic
def do_sign_plan_as_client(version: PlanVersion, *, person, channel=Channel.WEB) -> PlanSignature:
    """The client signs in the e-service: the session is her e-ID login, so the person is known."""
    _in_force_or_shared(version)
    role = client_role(version.plan.case, person.pk)
    if role is None:
        raise ValidationError({"__all__": NOT_A_PARTY})
    signature = _sign(version, role=role, person=person)
    _log(version.plan.case_id, person=person, channel=channel)
    return signature


@transaction.atomic
def do_sign_plan_as_staff(version: PlanVersion, *, acting_user, channel=Channel.WEB):
    _in_force_or_shared(version)
    role = staff_role(version.plan.case, acting_user)
    if role is None:
        raise ValidationError({"__all__": NOT_A_PARTY})
    signature = _sign(version, role=role, user=acting_user)
    _log(version.plan.case_id, acting_user=acting_user, channel=channel)
    return signature


@transaction.atomic
def do_establish_plan(
    version: PlanVersion, *, meeting, follow_up_on: dt.date | None, acting_user, channel=Channel.WEB
) -> PlanVersion:
    """A plan counts as established only when a held meeting with the client is linked to it:
    no plan is produced without meeting the client (seed 004 P4, feature 15)."""
    case = version.plan.case
    _open_case(case)
    if version.status == c.VersionStatus.DRAFT:
        raise ValidationError({"__all__": _("Dela planen med klienten innan den fastställs.")})
    _still_the_version_read(version)
    if version.status != c.VersionStatus.SHARED:
        raise ValidationError({"__all__": _("Den här versionen av planen är inte aktuell.")})
    errors: dict[str, Any] = {}
    if meeting is None or meeting.case_id != case.pk:
        errors["meeting"] = _("Välj mötet med klienten där planen gicks igenom.")
    elif meeting.status != MeetingStatus.HELD:
        errors["meeting"] = _(
            "Mötet är inte genomfört. En plan fastställs först när ett genomfört möte med "
            "klienten är registrerat."
        )
    elif version.shared_at is not None and timezone.localdate(
        meeting.starts_at
    ) < timezone.localdate(version.shared_at):
        # The meeting must be one where this version could be gone through with the client.
        errors["meeting"] = _(
            "Mötet hölls innan den här versionen delades med klienten. Välj ett möte den "
            "%(day)s eller senare."
        ) % {"day": timezone.localdate(version.shared_at).isoformat()}
    elif PlanVersion.objects.filter(meeting=meeting).exclude(pk=version.pk).exists():
        errors["meeting"] = _(
            "Mötet har redan fastställt en annan version av planen. Välj mötet där den här "
            "versionen gicks igenom med klienten."
        )
    try:
        check_follow_up_date(follow_up_on, timezone.localdate())
    except ValidationError as error:
        errors.update(error.message_dict)
    if not version.signatures.filter(user__isnull=False).exists():
        errors.setdefault(
            "__all__",
            _(
                "Handläggaren eller arbetsmarknadssekreteraren skriver under innan planen fastställs."
            ),
        )
    if errors:
        raise ValidationError(errors)
    assert follow_up_on is not None  # checked above
    version.plan.versions.filter(status=c.VersionStatus.ESTABLISHED).update(
        status=c.VersionStatus.SUPERSEDED
    )
    version.status = c.VersionStatus.ESTABLISHED
    version.established_at = timezone.now()
    version.established_by = acting_user
    version.meeting = meeting
    version.save(update_fields=["status", "established_at", "established_by", "meeting"])
    _book(version.plan, follow_up_on, acting_user, meeting=meeting)
    append_event(
        case,
        EventKind.PLAN_ESTABLISHED,
        actor=acting_user,
        data={"plan_version_id": version.pk, "follow_up_on": follow_up_on.isoformat()},
    )
    _log(case.pk, acting_user=acting_user, channel=channel)
    return version


@transaction.atomic
def do_revise_plan(plan: Plan, *, acting_user, channel=Channel.WEB) -> PlanVersion:
    """A new draft version from the latest one; the earlier versions are kept as they were."""
    _open_case(plan.case)
    latest = plan.versions.select_for_update().order_by("-number")[0]
    if latest.status == c.VersionStatus.DRAFT:
        return latest
    version = PlanVersion.objects.create(
        plan=plan,
        number=latest.number + 1,
        created_by=acting_user,
        **{name: getattr(latest, name) for name in COPIED_FIELDS},
    )
    SubGoal.objects.bulk_create(
        SubGoal(version=version, position=g.position, text=g.text, status=g.status)
        for g in latest.sub_goals.all()
    )
    PlanObstacle.objects.bulk_create(
        PlanObstacle(version=version, life_area=o.life_area, person_id=o.person_id, text=o.text)
        for o in latest.obstacles.all()
    )
    PlanActivity.objects.bulk_create(
        PlanActivity(
            version=version,
            what=a.what,
            responsible=a.responsible,
            responsible_text=a.responsible_text,
            by_date=a.by_date,
        )
        for a in latest.activities.all()
    )
    # The conditions are taken over as stated, and assessed anew in the new version.
    PlanCondition.objects.bulk_create(
        PlanCondition(
            version=version,
            key=x.key,
            text=x.text,
            legal_basis=x.legal_basis,
            consequence=x.consequence,
            individual_reason=x.individual_reason,
        )
        for x in latest.conditions.all()
    )
    _log(plan.case_id, acting_user=acting_user, channel=channel)
    return version


@transaction.atomic
def do_set_sub_goal_status(
    sub_goal: SubGoal, *, status: str, acting_user, channel=Channel.WEB
) -> SubGoal:
    """A sub-goal of the plan in force achieved, dropped or open again (seed 004 feature 4): its
    text stays as agreed; the status is what happened since."""
    if sub_goal.version.status != c.VersionStatus.ESTABLISHED:
        raise ValidationError({"__all__": _("Delmål följs upp i den fastställda planen.")})
    if status not in c.SubGoalStatus.values:
        raise ValidationError({"status": _("Välj hur det gått med delmålet.")})
    sub_goal.status = status
    sub_goal.save(update_fields=["status"])
    _log(sub_goal.version.plan.case_id, acting_user=acting_user, channel=channel)
    return sub_goal


# --- conditions and follow-up ---------------------------------------------------------------


@transaction.atomic
def do_mark_condition(
    condition: PlanCondition, *, met: bool, note: str = "", acting_user, channel=Channel.WEB
) -> PlanCondition:
    """Record whether a condition of the plan in force is met. Not met opens a task for the
    caseworker and nothing else: money changes only by a decision with reasons."""
    version = condition.version
    if version.status != c.VersionStatus.ESTABLISHED:
        raise ValidationError(
            {"__all__": _("Villkor bedöms i den fastställda planen som gäller nu.")}
        )
    if not met and not note.strip():
        raise ValidationError({"note": _("Skriv vad som inte är uppfyllt och varför.")})
    condition.status = c.ConditionStatus.MET if met else c.ConditionStatus.NOT_MET
    condition.status_note = note.strip()[:MAX_TEXT]
    condition.status_set_at = timezone.now()
    condition.status_set_by = acting_user
    condition.save(update_fields=["status", "status_note", "status_set_at", "status_set_by"])
    case = version.plan.case
    if not met:
        do_open_task(
            case,
            kind=TaskKind.PLAN_CONDITION_MISSED,
            text=str(
                _("Villkor i planen inte uppfyllt: %(text)s %(note)s")
                % {"text": condition.text, "note": condition.status_note}
            ),
            source=f"plans.plancondition:{condition.pk}",
            acting_user=acting_user,
            channel=channel,
        )
    _log(case.pk, acting_user=acting_user, channel=channel)
    return condition


def _book(plan: Plan, due_on: dt.date, acting_user, meeting=None) -> PlanFollowUp:
    # A new version established: the follow-up not yet held was done at the meeting where the
    # new version was gone through with the client. It is recorded as held there (its due date
    # kept in the history) and its reminder closed; the new version brings the next date.
    for earlier in plan.follow_ups.filter(held_on__isnull=True):
        earlier.held_on = (
            timezone.localdate(meeting.starts_at) if meeting is not None else timezone.localdate()
        )
        earlier.meeting = meeting
        earlier.held_by = acting_user
        earlier.notes = str(_("Planen gicks igenom och en ny version fastställdes."))
        earlier.save(update_fields=["held_on", "meeting", "held_by", "notes"])
        task = Task.objects.filter(
            case_id=plan.case_id, source=follow_up_source(earlier), closed_at__isnull=True
        ).first()
        if task is not None:
            do_close_task(
                task,
                outcome=str(_("Planen är uppföljd: en ny version är fastställd.")),
                acting_user=acting_user,
            )
    return PlanFollowUp.objects.create(plan=plan, due_on=due_on, booked_by=acting_user)


@transaction.atomic
def do_book_follow_up(
    plan: Plan, *, booked_for: dt.date | None, acting_user, channel=Channel.WEB
) -> PlanFollowUp:
    """Rebook the follow-up not yet held to another day. Its due date does not move: the limit is
    counted from the latest follow-up held (or the establishment), not from today, so the
    follow-up cannot be pushed ahead three months at a time; one past its due date stays overdue
    and keeps its task open until it is held."""
    _open_case(plan.case)
    follow_up = plan.follow_ups.select_for_update().filter(held_on__isnull=True).first()
    if follow_up is None:
        raise ValidationError({"__all__": _("Ingen uppföljning är bokad.")})
    today = timezone.localdate()
    limit = follow_up_limit(plan)
    if limit is not None and limit >= today:
        if booked_for is not None and today <= booked_for and booked_for > limit:
            raise ValidationError(
                {
                    "booked_for": _(
                        "Planen ska följas upp senast %(last)s: tre månader efter den senaste "
                        "uppföljningen eller efter att planen fastställdes. Välj ett datum senast "
                        "%(last)s."
                    )
                    % {"last": limit.isoformat()}
                }
            )
    # Overdue already: any near day will do; it stays overdue until it is held.
    check_follow_up_date(booked_for, today, field="booked_for")
    assert booked_for is not None  # checked above
    follow_up.booked_for = booked_for
    follow_up.save(update_fields=["booked_for"])
    _log(plan.case_id, acting_user=acting_user, channel=channel)
    return follow_up


@transaction.atomic
def do_record_follow_up(
    follow_up: PlanFollowUp,
    *,
    notes: str,
    next_due_on: dt.date | None,
    meeting=None,
    acting_user,
    channel=Channel.WEB,
) -> PlanFollowUp:
    """The follow-up is held: what was said, and the next date (the plan is followed up at least
    every third month). The reminder task, if open, is closed with it."""
    plan = follow_up.plan
    if follow_up.held_on is not None:
        raise ValidationError({"__all__": _("Uppföljningen är redan registrerad.")})
    errors: dict[str, Any] = {}
    if not notes.strip():
        errors["notes"] = _("Skriv vad ni gick igenom vid uppföljningen.")
    if meeting is not None and meeting.case_id != plan.case_id:
        errors["meeting"] = _("Välj ett möte i ärendet.")
    try:
        check_follow_up_date(next_due_on, timezone.localdate(), field="next_due_on")
    except ValidationError as error:
        errors.update(error.message_dict)
    if next_due_on is not None and next_due_on == timezone.localdate():
        errors.setdefault("next_due_on", _("Välj ett datum efter i dag för nästa uppföljning."))
    if errors:
        raise ValidationError(errors)
    assert next_due_on is not None  # checked above
    follow_up.held_on = timezone.localdate()
    follow_up.notes = notes.strip()[:MAX_TEXT]
    follow_up.meeting = meeting
    follow_up.held_by = acting_user
    follow_up.save(update_fields=["held_on", "notes", "meeting", "held_by"])
    task = Task.objects.filter(
        case_id=plan.case_id, source=follow_up_source(follow_up), closed_at__isnull=True
    ).first()
    if task is not None:
        do_close_task(task, outcome=str(_("Uppföljningen är gjord.")), acting_user=acting_user)
    PlanFollowUp.objects.create(plan=plan, due_on=next_due_on, booked_by=acting_user)
    _log(plan.case_id, acting_user=acting_user, channel=channel)
    return follow_up


def follow_up_source(follow_up: PlanFollowUp) -> str:
    return f"plans.planfollowup:{follow_up.pk}"


@transaction.atomic
def do_record_progress(
    plan: Plan,
    *,
    life_area: str,
    from_step: int | None,
    to_step: int | None,
    note: str = "",
    on: dt.date | None,
    acting_user,
    channel=Channel.WEB,
) -> ProgressStep:
    """A stegförflyttning: from one step to another in a life area, on a day not in the future."""
    today = timezone.localdate()
    lowest, highest = progress_scale(today)
    errors: dict[str, Any] = {}
    if life_area not in c.LifeArea.values:
        errors["life_area"] = _("Välj livsområde.")
    for name, value in (("from_step", from_step), ("to_step", to_step)):
        if value is None or not lowest <= value <= highest:
            errors[name] = _("Välj ett steg från %(lowest)s till %(highest)s.") % {
                "lowest": lowest,
                "highest": highest,
            }
    if on is None:
        errors["on"] = _("Ange datum (ÅÅÅÅ-MM-DD).")
    elif on > today:
        errors["on"] = _(
            "Ett steg registreras när det har hänt: datumet kan inte vara framåt i tiden."
        )
    if errors:
        raise ValidationError(errors)
    assert from_step is not None and to_step is not None and on is not None  # checked above
    step = ProgressStep.objects.create(
        plan=plan,
        life_area=life_area,
        from_step=from_step,
        to_step=to_step,
        note=note.strip()[:MAX_TEXT],
        on=on,
        recorded_by=acting_user,
    )
    _log(plan.case_id, acting_user=acting_user, channel=channel)
    return step


@transaction.atomic
def do_send_referral(
    plan: Plan,
    *,
    to: str,
    question: str,
    sent_on: dt.date | None,
    acting_user,
    channel=Channel.WEB,
) -> Referral:
    errors: dict[str, Any] = {}
    if to not in c.ReferralTo.values:
        errors["to"] = _("Välj mottagare.")
    if not question.strip():
        errors["question"] = _("Skriv vad remissen gäller.")
    if sent_on is None:
        errors["sent_on"] = _("Ange datum (ÅÅÅÅ-MM-DD).")
    elif sent_on > timezone.localdate():
        errors["sent_on"] = _("Datumet kan inte vara framåt i tiden.")
    if errors:
        raise ValidationError(errors)
    assert sent_on is not None  # checked above
    referral = Referral.objects.create(
        plan=plan, to=to, question=question.strip()[:MAX_TEXT], sent_on=sent_on, sent_by=acting_user
    )
    _log(plan.case_id, acting_user=acting_user, channel=channel)
    return referral


@transaction.atomic
def do_record_referral_answer(
    referral: Referral,
    *,
    answer: str,
    answered_on: dt.date | None,
    acting_user,
    channel=Channel.WEB,
) -> Referral:
    errors: dict[str, Any] = {}
    if not answer.strip():
        errors["answer"] = _("Skriv svaret.")
    if answered_on is None:
        errors["answered_on"] = _("Ange datum (ÅÅÅÅ-MM-DD).")
    elif answered_on > timezone.localdate() or answered_on < referral.sent_on:
        errors["answered_on"] = _("Svaret kan inte ha kommit före remissen eller framåt i tiden.")
    if errors:
        raise ValidationError(errors)
    referral.answer = answer.strip()[:MAX_TEXT]
    referral.answered_on = answered_on
    referral.save(update_fields=["answer", "answered_on"])
    _log(referral.plan.case_id, acting_user=acting_user, channel=channel)
    return referral
