"""Changes to the activity requirement's facts: each one do_<verb>_<noun>, atomic, logged, with a
case event. An absence without a valid reason opens a task (cases.tasks) and never changes
money: a reduction or refusal is a decision with reasons (strand D2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind, TaskKind
from ekb.cases.models import Task
from ekb.cases.tasks import do_close_task, do_open_task
from ekb.decisions.support_history import adults_of_case
from ekb.lib.months import next_month_start
from ekb.lib.swedish_calendar import is_working_day
from ekb.plans.activity import (
    activity_requirement_status,
    requirement_problem,
    rule_target_hours,
    run_start,
    schedule_problem,
)
from ekb.plans.activity_choices import ActivityKind, AttendanceStatus, ExemptionReason
from ekb.plans.models import (
    ActivityAttendance,
    ActivityExemption,
    ActivitySchedule,
    ActivitySession,
    ActivityTarget,
)

MAX_HOURS = Decimal(60)


def _adult(case, person) -> bool:
    return person is not None and person.pk in {p.pk for p in adults_of_case(case)}


def _log(case, acting_user, channel):
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=case.pk, channel=channel)


def _once(case, source: str) -> bool:
    """Whether a task with this source was ever opened (open or closed): one thing, one task."""
    return Task.objects.filter(case=case, source=source).exists()


# --- the flag ------------------------------------------------------------------------------


REACHED_SOURCE = "plans.activity_requirement"


def flagged_person_id(source: str) -> int | None:
    """The person a reached-the-requirement task is about, read back from the source
    do_flag_activity_requirement wrote ("plans.activity_requirement:person=N:from=YYYY-MM")."""
    room, *parts = source.split(":")
    if room != REACHED_SOURCE:
        return None
    for part in parts:
        if part.startswith("person="):
            return int(part.removeprefix("person="))
    return None


@transaction.atomic
def do_flag_activity_requirement(case, month: dt.date, *, acting_user=None, channel=Channel.SYSTEM):
    """Open TaskKind.ACTIVITY_REQUIREMENT_REACHED once for each person who reached the
    requirement for ``month`` and is not exempt; a new run of months after a gap is a new
    task. Returns the tasks opened now."""
    status = activity_requirement_status(case, month)
    opened = []
    for row in status.covered:
        first = run_start(status.month, row.months_in_a_row)
        source = f"{REACHED_SOURCE}:person={row.person.pk}:from={first:%Y-%m}"
        if _once(case, source):
            continue
        task = do_open_task(
            case,
            kind=TaskKind.ACTIVITY_REQUIREMENT_REACHED,
            text=_(
                "%(name)s har haft försörjningsstöd %(count)s månader i följd och omfattas av "
                "aktivitetskravet från %(month)s. Ge ett aktivitetsschema eller registrera undantag."
            )
            % {
                "name": row.person.full_name,
                "count": row.months_in_a_row,
                "month": f"{status.month:%Y-%m}",
            },
            source=source,
            acting_user=acting_user,
            channel=channel,
        )
        append_event(
            case,
            EventKind.ACTIVITY_REQUIREMENT_REACHED,
            actor=acting_user,
            data={"person_id": row.person.pk, "month": f"{status.month:%Y-%m}"},
            visible_to_client=False,
        )
        opened.append(task)
    return opened


def flag_case_now(case, today: dt.date) -> list:
    """Flag for this month's support and next month's: the third month in a row may be this one
    (decided already) or next (decided ahead). One run of months is one task either way. Also
    the exemptions due for review."""
    return (
        do_flag_activity_requirement(case, today)
        + do_flag_activity_requirement(case, next_month_start(today))
        + flag_exemptions_due(case, today)
    )


# --- exemptions ----------------------------------------------------------------------------


@transaction.atomic
def do_record_exemption(
    case,
    *,
    person,
    reason: str,
    note: str = "",
    valid_from: dt.date | None,
    review_on: dt.date | None,
    acting_user,
    channel=Channel.WEB,
) -> ActivityExemption:
    today = timezone.localdate()
    note = (note or "").strip()
    errors = {}
    if not _adult(case, person):
        errors["person"] = _("Välj sökande eller medsökande i hushållet.")
    if reason not in ExemptionReason.values:
        errors["reason"] = _("Välj skälet till undantaget.")
    elif reason == ExemptionReason.OTHER and not note:
        errors["note"] = _("Beskriv skälet när du väljer ”Annat skäl”.")
    if valid_from is None:
        errors["valid_from"] = _("Ange från vilken dag undantaget gäller (ÅÅÅÅ-MM-DD).")
    if review_on is None:
        errors["review_on"] = _("Ange när undantaget ska omprövas (ÅÅÅÅ-MM-DD).")
    elif review_on < today:
        errors["review_on"] = _("Omprövningsdagen kan inte ligga i det förflutna.")
    elif valid_from is not None and review_on < valid_from:
        errors["review_on"] = _(
            "Omprövningsdagen kan inte ligga före dagen undantaget börjar gälla."
        )
    if errors:
        raise ValidationError(errors)
    assert valid_from is not None and review_on is not None  # else errors above
    exemption = ActivityExemption.objects.create(
        case=case,
        person=person,
        reason=reason,
        note=note,
        valid_from=valid_from,
        review_on=review_on,
        recorded_by=acting_user,
    )
    append_event(
        case,
        EventKind.ACTIVITY_EXEMPTION_RECORDED,
        actor=acting_user,
        data={"exemption_id": exemption.pk, "reason": reason},
        visible_to_client=False,
    )
    _log(case, acting_user, channel)
    return exemption


@transaction.atomic
def do_end_exemption(
    exemption: ActivityExemption, *, ended_on: dt.date | None, acting_user, channel=Channel.WEB
) -> ActivityExemption:
    if exemption.ended_on is not None:
        raise ValidationError({"ended_on": _("Undantaget har redan upphört.")})
    if ended_on is None:
        raise ValidationError({"ended_on": _("Ange sista dagen undantaget gäller (ÅÅÅÅ-MM-DD).")})
    if ended_on < exemption.valid_from:
        raise ValidationError(
            {"ended_on": _("Undantaget kan inte upphöra före dagen det började gälla.")}
        )
    exemption.ended_on = ended_on
    exemption.ended_by = acting_user
    exemption.save(update_fields=["ended_on", "ended_by"])
    append_event(
        exemption.case,
        EventKind.ACTIVITY_EXEMPTION_ENDED,
        actor=acting_user,
        data={"exemption_id": exemption.pk},
        visible_to_client=False,
    )
    _log(exemption.case, acting_user, channel)
    return exemption


# --- the schedule --------------------------------------------------------------------------


def parse_hours(raw, field: str, errors: dict, *, default=Decimal(0)) -> Decimal:
    """Hours from a form ("7,5" or "7.5"); an error in ``errors`` for anything else."""
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    if not text:
        return default
    try:
        hours = Decimal(text)
    except InvalidOperation:
        errors[field] = _("Ange timmar som ett tal, till exempel 7,5.")
        return default
    if hours < 0 or hours > MAX_HOURS or hours != hours.quantize(Decimal("0.1")):
        errors[field] = _("Ange timmar mellan 0 och 60, med högst en decimal.")
        return default
    return hours


@transaction.atomic
def do_set_schedule(
    case,
    *,
    person,
    part_time_work_hours="",
    weekly_target_hours="",
    target_reason: str = "",
    own_job_seeking_hours="",
    acting_user,
    channel=Channel.WEB,
) -> ActivitySchedule:
    """Give the person a schedule, or change its target from today. The target is the rule's
    (40; less with a child under 8; less part-time work) unless the caseworker lowers it with a
    reason; the rule's is the law's ceiling and cannot be raised. Only for a person covered by
    the requirement, and not exempt, for this month's support or the next. Each change is a new
    ActivityTarget from today, so the weeks before keep theirs."""
    today = timezone.localdate()
    target_reason = (target_reason or "").strip()
    errors: dict = {}
    if not _adult(case, person):
        errors["person"] = _("Välj sökande eller medsökande i hushållet.")
    elif (problem := schedule_problem(case, person, today)) is not None:
        errors["person"] = problem
    part_time = parse_hours(part_time_work_hours, "part_time_work_hours", errors)
    own = parse_hours(own_job_seeking_hours, "own_job_seeking_hours", errors)
    by_rule = rule_target_hours(case, today, part_time_work_hours=part_time)
    target = parse_hours(weekly_target_hours, "weekly_target_hours", errors, default=by_rule)
    if "weekly_target_hours" not in errors and target > by_rule:
        errors["weekly_target_hours"] = _(
            "Målet kan inte vara högre än regelns, %(hours)s timmar i veckan; det kan bara "
            "sänkas, med skäl."
        ) % {"hours": by_rule}
    elif "weekly_target_hours" not in errors and target != by_rule and not target_reason:
        errors["target_reason"] = _(
            "Ange skälet när målet avviker från regeln (%(hours)s timmar i veckan)."
        ) % {"hours": by_rule}
    if errors:
        raise ValidationError(errors)
    values = {
        "weekly_target_hours": target,
        "rule_target_hours": by_rule,
        "part_time_work_hours": part_time,
        "target_reason": target_reason if target != by_rule else "",
        "own_job_seeking_hours": own,
        "set_by": acting_user,
        "set_at": timezone.now(),
    }
    schedule, _created = ActivitySchedule.objects.update_or_create(
        case=case, person=person, defaults=values
    )
    # One target a day: a second change the same day replaces the first.
    ActivityTarget.objects.update_or_create(
        schedule=schedule,
        valid_from=today,
        defaults={
            "hours": target,
            "rule_hours": by_rule,
            "part_time_work_hours": part_time,
            "reason": values["target_reason"],
            "set_by": acting_user,
            "set_at": values["set_at"],
        },
    )
    append_event(
        case,
        EventKind.ACTIVITY_SCHEDULE_SET,
        actor=acting_user,
        data={"schedule_id": schedule.pk, "weekly_target_hours": str(target)},
    )
    _log(case, acting_user, channel)
    return schedule


@transaction.atomic
def do_add_session(
    schedule: ActivitySchedule,
    *,
    kind: str,
    title: str,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    place: str,
    provider: str = "",
    acting_user,
    channel=Channel.WEB,
) -> ActivitySession:
    title, place, provider = (title or "").strip(), (place or "").strip(), (provider or "").strip()
    errors = {}
    if kind not in ActivityKind.values:
        errors["kind"] = _("Välj en av lagens fyra typer av aktivitet.")
    if not title:
        errors["title"] = _("Ange vad aktiviteten är.")
    if not place:
        errors["place"] = _("Ange platsen.")
    if starts_at is None:
        errors["starts_at"] = _("Ange när aktiviteten börjar (ÅÅÅÅ-MM-DD TT:MM).")
    if ends_at is None:
        errors["ends_at"] = _("Ange när aktiviteten slutar (TT:MM).")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("Aktiviteten måste sluta efter att den börjar.")
    elif starts_at and ends_at and ends_at - starts_at > dt.timedelta(hours=10):
        errors["ends_at"] = _("Ett pass kan vara högst tio timmar; lägg in flera pass.")
    if starts_at is not None:
        day = timezone.localtime(starts_at).date()
        if starts_at < timezone.now():
            # A session is an assignment given ahead: one put in afterwards could at once be
            # recorded as an absence the client never knew of.
            errors["starts_at"] = _(
                "Ett pass kan inte läggas in i efterhand: det måste börja senare än nu."
            )
        elif not is_working_day(day):
            errors["starts_at"] = _(
                "%(day)s är inte en arbetsdag (helg eller helgdag). Lägg passet på en arbetsdag."
            ) % {"day": f"{day:%Y-%m-%d}"}
    if errors:
        raise ValidationError(errors)
    assert starts_at is not None and ends_at is not None  # else errors above
    # Lock the schedule so two submits of the same form wait for each other; the second then
    # finds the first session and is refused.
    ActivitySchedule.objects.select_for_update().filter(pk=schedule.pk).first()
    if schedule.sessions.filter(starts_at=starts_at, ends_at=ends_at).exists():
        raise ValidationError(
            {"starts_at": _("Passet finns redan i schemat, med samma början och slut.")}
        )
    # One person cannot be in two sessions at once: an overlap would count the same hours twice
    # in the week's balance, and an absence from one could open a task while she was at the other.
    clash = (
        schedule.sessions.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "starts_at": _("Passet krockar med %(title)s %(start)s–%(end)s i samma schema.")
                % {
                    "title": clash.title,
                    "start": timezone.localtime(clash.starts_at).strftime("%Y-%m-%d %H:%M"),
                    "end": timezone.localtime(clash.ends_at).strftime("%H:%M"),
                }
            }
        )
    session = ActivitySession.objects.create(
        schedule=schedule,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        provider=provider,
        created_by=acting_user,
    )
    append_event(
        schedule.case,
        EventKind.ACTIVITY_SESSION_ADDED,
        actor=acting_user,
        data={"session_id": session.pk, "kind": kind},
        visible_to_client=False,
    )
    _log(schedule.case, acting_user, channel)
    return session


# --- attendance ----------------------------------------------------------------------------


@transaction.atomic
def do_record_attendance(
    session: ActivitySession, *, status: str, note: str = "", acting_user, channel=Channel.WEB
) -> ActivityAttendance:
    """Record (or correct) whether the person took part. Absent without a valid reason opens
    TaskKind.ACTIVITY_ABSENCE for the session; it never changes money. It is refused when the
    requirement does not apply to the person that day (an exemption, not covered); a
    correction away from it closes the open task."""
    note = (note or "").strip()
    errors = {}
    case = session.schedule.case
    if status not in AttendanceStatus.values:
        errors["status"] = _("Välj närvaro.")
    if session.starts_at > timezone.now():
        errors["status"] = _("Närvaro kan registreras först när passet har börjat.")
    elif status == AttendanceStatus.ABSENT_WITHOUT:
        day = timezone.localtime(session.starts_at).date()
        problem = requirement_problem(case, session.schedule.person, day)
        if problem is not None:
            errors["status"] = problem
    if status == AttendanceStatus.ABSENT_VALID and not note:
        errors["note"] = _("Skriv vilket skäl klienten angav.")
    if errors:
        raise ValidationError(errors)
    before = ActivityAttendance.objects.filter(session=session).values_list("status", flat=True)
    previous = before.first()
    attendance, _created = ActivityAttendance.objects.update_or_create(
        session=session,
        defaults={
            "status": status,
            "note": note,
            "recorded_by": acting_user,
            "recorded_at": timezone.now(),
        },
    )
    append_event(
        case,
        EventKind.ACTIVITY_ATTENDANCE_RECORDED,
        actor=acting_user,
        data={"session_id": session.pk, "status": status},
        visible_to_client=False,
    )
    source = f"plans.activitysession:{session.pk}"
    if previous == AttendanceStatus.ABSENT_WITHOUT and status != AttendanceStatus.ABSENT_WITHOUT:
        for task in Task.objects.filter(case=case, source=source, closed_at__isnull=True):
            do_close_task(
                task,
                outcome=_("Närvaron rättades till: %(status)s.")
                % {"status": AttendanceStatus(status).label},
                acting_user=acting_user,
                channel=channel,
            )
    # Recorded again as absent without reason: the same absence, the task already opened (and
    # perhaps closed after looking into it). Back to it after a correction: a new task.
    if status == AttendanceStatus.ABSENT_WITHOUT and previous != AttendanceStatus.ABSENT_WITHOUT:
        local = timezone.localtime(session.starts_at)
        do_open_task(
            case,
            kind=TaskKind.ACTIVITY_ABSENCE,
            text=_(
                "Frånvaro utan giltigt skäl från %(title)s den %(day)s. Utred skälet; en "
                "nedsättning eller ett avslag är ett beslut med skäl efter kommunicering."
            )
            % {"title": session.title, "day": f"{local:%Y-%m-%d %H:%M}"},
            source=source,
            acting_user=acting_user,
            channel=channel,
        )
    _log(case, acting_user, channel)
    return attendance


# --- declining, and exemptions due for review ----------------------------------------------

DECLINED_MAX_LENGTH = 1000


@transaction.atomic
def do_record_declined(
    schedule: ActivitySchedule,
    *,
    what: str,
    declined_on: dt.date | None,
    acting_user,
    channel=Channel.WEB,
):
    """The client declined an assigned activity: a task with the facts
    (TaskKind.ACTIVITY_DECLINED) for the caseworker to look into; never a change of money (a
    refusal or reduction is a decision with reasons after communication, FL 25 §)."""
    what = (what or "").strip()
    errors = {}
    if not what:
        errors["what"] = _("Beskriv vilken aktivitet klienten avböjde och vad hon sa.")
    elif len(what) > DECLINED_MAX_LENGTH:
        errors["what"] = _("Beskrivningen får vara högst 1000 tecken.")
    if declined_on is None:
        errors["declined_on"] = _("Ange dagen (ÅÅÅÅ-MM-DD).")
    elif declined_on > timezone.localdate():
        errors["declined_on"] = _("Dagen kan inte ligga i framtiden.")
    elif (problem := requirement_problem(schedule.case, schedule.person, declined_on)) is not None:
        errors["declined_on"] = problem
    if errors:
        raise ValidationError(errors)
    assert declined_on is not None  # else errors above
    case = schedule.case
    event = append_event(
        case,
        EventKind.ACTIVITY_DECLINED,
        actor=acting_user,
        data={"schedule_id": schedule.pk, "declined_on": declined_on.isoformat()},
        visible_to_client=False,
    )
    task = do_open_task(
        case,
        kind=TaskKind.ACTIVITY_DECLINED,
        text=_("%(name)s avböjde en anvisad aktivitet den %(day)s: %(what)s")
        % {"name": schedule.person.full_name, "day": declined_on.isoformat(), "what": what},
        source=f"plans.activityschedule:{schedule.pk}:declined:event={event.pk}",
        acting_user=acting_user,
        channel=channel,
    )
    _log(case, acting_user, channel)
    return task


def flag_exemptions_due(case, today: dt.date) -> list:
    """Open TaskKind.ACTIVITY_EXEMPTION_REVIEW once for each exemption in force whose review
    date has come (the exemption does not end by itself: the caseworker decides)."""
    opened = []
    for exemption in case.activity_exemptions.filter(ended_on__isnull=True, review_on__lte=today):
        source = f"plans.activityexemption:{exemption.pk}:review={exemption.review_on:%Y-%m-%d}"
        if _once(case, source):
            continue
        opened.append(
            do_open_task(
                case,
                kind=TaskKind.ACTIVITY_EXEMPTION_REVIEW,
                text=_("Undantaget från aktivitetskravet (%(reason)s) ska omprövas senast %(day)s.")
                % {
                    "reason": exemption.get_reason_display(),
                    "day": f"{exemption.review_on:%Y-%m-%d}",
                },
                source=source,
                due_on=exemption.review_on,
            )
        )
    return opened
