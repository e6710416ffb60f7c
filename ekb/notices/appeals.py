"""Appeals: the client's appeal and its deadline, and the caseworker's side: reconsider (ompröva)
the decision or forward it to the court.

Förvaltningslagen 45–46 §§: the municipality checks the appeal came in time, may change the
decision itself, and otherwise sends the appeal to the förvaltningsrätt without delay.

Whether the appeal came in time (`Appeal.in_time`) is decided once, on the day it arrives, by
ekb.notices.appeals.appeal_in_time: three weeks from the day the appellant themself was notified
(FL 44 §: "från den dag då den som överklagar fick del av beslutet"; a co-applicant's time runs
from their own day, not the applicant's), moved to the next weekday (lag 1930:173 2 §), and
always in time before the appellant was notified.
Nothing here recomputes it: a fact learnt later (a posting day recorded afterwards) can only move
the notification earlier, and must not turn an appeal that was in time when it came into a late
one."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.decisions.choices import DecisionStatus
from ekb.decisions.models import Decision
from ekb.decisions.reconsideration import current_decision, do_dismiss_late_appeal
from ekb.lib.months import next_month_start
from ekb.lib.swedish_calendar import next_working_day
from ekb.notices.choices import AppealStatus, Timeliness
from ekb.notices.models import Appeal, DecisionNotification
from ekb.people.models import HouseholdMember, MemberRole


def _locked(appeal: Appeal) -> Appeal:
    appeal = Appeal.objects.select_for_update().select_related("decision", "case").get(pk=appeal.pk)
    if appeal.status != AppealStatus.RECEIVED:
        raise ValidationError({"__all__": _("Överklagandet är redan hanterat.")})
    return appeal


def _event_data(appeal: Appeal) -> dict:
    # person_id: the appellant, so the status page says "ditt" only to them (ekb.cases.status).
    return {
        "appeal_id": appeal.pk,
        "decision_id": appeal.decision_id,
        "person_id": appeal.person_id,
    }


def _handle(appeal: Appeal, status: str, event: EventKind, *, acting_user, channel) -> Appeal:
    appeal = _locked(appeal)
    appeal.status = status
    appeal.handled_by = acting_user
    appeal.handled_at = timezone.now()
    appeal.save(update_fields=["status", "handled_by", "handled_at"])
    append_event(appeal.case, event, actor=acting_user, data=_event_data(appeal))
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=appeal.case_id, channel=channel)
    return appeal


# --- rättidsprövning (FL 45 §) ------------------------------------------------------------------


def proposed_timeliness(appeal: Appeal) -> str:
    """What the dates said when the appeal arrived (appeal_in_time): the caseworker confirms it
    or records otherwise (a notification the system does not know of)."""
    return Timeliness.IN_TIME if appeal.in_time else Timeliness.LATE


@transaction.atomic
def do_record_timeliness(
    appeal: Appeal, timeliness: str, *, acting_user, channel=Channel.WEB
) -> Appeal:
    """Rättidsprövning: the caseworker records whether the appeal came in time (FL 45 §), with
    who and when. Recorded once; the same answer again (a double click) changes nothing."""
    if timeliness not in Timeliness.values:
        raise ValidationError({"timeliness": _("Välj om överklagandet kom in i rätt tid.")})
    appeal = _locked(appeal)
    if appeal.timeliness:
        if appeal.timeliness == timeliness:
            return appeal
        raise ValidationError({"__all__": _("Rättidsprövningen är redan gjord.")})
    appeal.timeliness = timeliness
    appeal.timeliness_by = acting_user
    appeal.timeliness_at = timezone.now()
    appeal.save(update_fields=["timeliness", "timeliness_by", "timeliness_at"])
    append_event(
        appeal.case,
        EventKind.APPEAL_TIMELINESS,
        actor=acting_user,
        data={**_event_data(appeal), "timeliness": timeliness},
        visible_to_client=False,
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=appeal.case_id, channel=channel)
    return appeal


def _is_couple(decision: Decision) -> bool:
    return len(decision_parties(decision)) > 1


@transaction.atomic
def do_dismiss_appeal(appeal: Appeal, *, acting_user, channel=Channel.WEB) -> Appeal:
    """A late appeal is dismissed (avvisning, FL 45 §) by a decision with its own letter and
    appeal instructions; the letter follows after commit (ekb.flow.appeals.dismiss_appeal)."""
    appeal = _locked(appeal)
    if appeal.timeliness != Timeliness.LATE:
        raise ValidationError(
            {
                "__all__": _(
                    "Bara ett överklagande som kom in för sent avvisas. Gör rättidsprövningen först."
                )
            }
        )
    decision = do_dismiss_late_appeal(
        appeal.decision,
        received_on=timezone.localdate(appeal.received_at),
        deadline=appeal_deadline(appeal.decision, appeal.person_id),
        couple=_is_couple(appeal.decision),
        acting_user=acting_user,
        channel=channel,
    )
    appeal.dismissal = decision
    appeal.save(update_fields=["dismissal"])
    append_event(
        appeal.case, EventKind.DECISION_MADE, actor=acting_user, data={"decision_id": decision.pk}
    )
    return _handle(
        appeal,
        AppealStatus.DISMISSED,
        EventKind.APPEAL_DISMISSED,
        acting_user=acting_user,
        channel=channel,
    )


# --- omprövning (FL 38–39 §§) -------------------------------------------------------------------


def reconsideration_sent_back(appeal: Appeal) -> bool:
    """The omprövning's proposal was sent back by the decider (four eyes): the caseworker makes
    it again, as any proposal sent back."""
    found = appeal.reconsideration
    return found is not None and found.status == DecisionStatus.SENT_BACK


def check_can_reconsider(appeal: Appeal) -> Decision:
    """The decision an omprövning of this appeal changes (the appealed one, or the omprövning
    already made of it); refused before the rättidsprövning found the appeal in time."""
    if appeal.status != AppealStatus.RECEIVED:
        raise ValidationError({"__all__": _("Överklagandet är redan hanterat.")})
    if appeal.timeliness != Timeliness.IN_TIME:
        raise ValidationError(
            {
                "__all__": _(
                    "Gör rättidsprövningen först: bara ett överklagande som kom in i rätt tid omprövas."
                )
            }
        )
    if appeal.reconsideration_id is not None and not reconsideration_sent_back(appeal):
        raise ValidationError({"__all__": _("Beslutet är redan omprövat.")})
    if appeal.decision.application_id is None:
        raise ValidationError(
            {"__all__": _("Beslutet gäller ingen ansökan och kan inte omprövas här.")}
        )
    return current_decision(appeal.decision)


@transaction.atomic
def do_link_reconsideration(
    appeal: Appeal, decision: Decision, *, fully_as_asked: bool, acting_user, channel=Channel.WEB
) -> Appeal:
    """Tie the omprövning's new decision to the appeal. Changed fully as the client asked and
    decided: the appeal lapses (status recorded); otherwise it goes on to the court."""
    appeal = _locked(appeal)
    if decision.reconsiders_id is None or decision.case_id != appeal.case_id:
        raise ValidationError({"__all__": _("Beslutet är ingen omprövning av det överklagade.")})
    appeal.reconsideration = decision
    appeal.reconsidered_fully = fully_as_asked
    appeal.save(update_fields=["reconsideration", "reconsidered_fully"])
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=appeal.case_id, channel=channel)
    if fully_as_asked and decision.status == DecisionStatus.DECIDED:
        return _handle(
            appeal,
            AppealStatus.RECONSIDERED,
            EventKind.APPEAL_RECONSIDERED,
            acting_user=acting_user,
            channel=channel,
        )
    return appeal


def reconsidering_decision(appeal: Appeal) -> Decision | None:
    """The decided decision that changed the appealed one (omprövning), or None. A changed
    decision is a new decision with its own letter (FL 38–39 §§): recording "reconsidered and
    changed" without one would tell the client the decision changed while the money and the
    letter stayed the same (a fresh-eye tester did exactly that)."""
    found = appeal.reconsideration
    if found is None:
        found = (
            Decision.objects.filter(reconsiders_id=appeal.decision_id)
            .order_by("decided_at")
            .first()
        )
    if found is None or found.status != DecisionStatus.DECIDED:
        return None
    return found


@transaction.atomic
def do_record_reconsideration(appeal: Appeal, *, acting_user, channel=Channel.WEB) -> Appeal:
    """The decision was changed fully as the client asked: the appeal lapses. Only once the new
    decision is made. An omprövning approved as proposed lapses the appeal by itself
    (do_lapse_appeals_after_approval); this is for the caseworker's own judgment, e.g. after the
    decider changed the proposal before deciding it."""
    if reconsidering_decision(appeal) is None:
        raise ValidationError(
            {
                "__all__": _(
                    "Fatta först det nya beslutet som ändrar det överklagade. Annars skickas "
                    "överklagandet till förvaltningsrätten."
                )
            }
        )
    return _handle(
        appeal,
        AppealStatus.RECONSIDERED,
        EventKind.APPEAL_RECONSIDERED,
        acting_user=acting_user,
        channel=channel,
    )


@transaction.atomic
def do_lapse_appeals_after_approval(
    decision: Decision, *, approved_by, channel=Channel.SYSTEM
) -> list[Appeal]:
    """An omprövning that waited for approval (four eyes, above the caseworker's delegation) is
    decided now. Each appeal it changes fully as the client asked lapses by itself
    (förvaltningslagen 2017:900 45 § 2 st.: "överklagandet faller"), as it does when the
    caseworker decides the omprövning herself: nobody has to remember to record it.

    Recorded by the system (handled_by is empty, handled_at is now); the case's event names the
    decider whose approval made it so. A partly changed decision leaves the appeal to go on to
    the court, as before. Nothing when the decision is not decided (passed on to the committee)."""
    if decision.status != DecisionStatus.DECIDED or decision.reconsiders_id is None:
        return []
    appeals = list(
        Appeal.objects.select_for_update()
        .filter(reconsideration=decision, reconsidered_fully=True, status=AppealStatus.RECEIVED)
        .select_related("case")
        .order_by("id")
    )
    for appeal in appeals:
        appeal.status = AppealStatus.RECONSIDERED
        appeal.handled_by = None
        appeal.handled_at = timezone.now()
        appeal.save(update_fields=["status", "handled_by", "handled_at"])
        append_event(
            appeal.case,
            EventKind.APPEAL_RECONSIDERED,
            data={**_event_data(appeal), "after_approval_by": approved_by.pk},
        )
        record(
            action=Action.CHANGE_CASE,
            case_id=appeal.case_id,
            channel=channel,
            detail={"appeal_lapsed_after_approval_by": approved_by.pk},
        )
    return appeals


# --- to förvaltningsrätten (FL 46 §) ------------------------------------------------------------


def forward_due_on(appeal: Appeal) -> dt.date:
    """The day the appeal should be with the court: promptly (FL 46 §), as a number of days
    from its arrival (rules/appeal.yaml)."""
    received = timezone.localdate(appeal.received_at)
    return received + dt.timedelta(days=appeal_rules(received)["forward_within_days"])


def check_can_forward(appeal: Appeal) -> None:
    if appeal.status != AppealStatus.RECEIVED:
        raise ValidationError({"__all__": _("Överklagandet är redan hanterat.")})
    if appeal.timeliness != Timeliness.IN_TIME:
        raise ValidationError(
            {
                "__all__": _(
                    "Gör rättidsprövningen först: ett överklagande som kom in för sent avvisas."
                )
            }
        )
    if (
        appeal.reconsideration is not None
        and appeal.reconsideration.status != DecisionStatus.DECIDED
    ):
        raise ValidationError(
            {
                "__all__": _(
                    "Omprövningens beslut väntar på godkännande. Skicka överklagandet när det är fattat."
                )
            }
        )


@transaction.atomic
def do_forward_appeal(appeal: Appeal, opinion: str, *, acting_user, channel=Channel.WEB) -> Appeal:
    """Send the appeal to förvaltningsrätten (FL 46 §): the bundle (the municipality's opinion,
    the decision's letter, the calculation, the appeal and its attachments) is made and kept,
    and the client is told."""
    from ekb.notices.court import do_store_court_bundle

    if not (opinion or "").strip():
        raise ValidationError({"opinion": _("Skriv kommunens yttrande till förvaltningsrätten.")})
    appeal = _locked(appeal)
    check_can_forward(appeal)
    do_store_court_bundle(appeal, opinion.strip(), acting_user=acting_user)
    return _handle(
        appeal,
        AppealStatus.FORWARDED,
        EventKind.APPEAL_FORWARDED,
        acting_user=acting_user,
        channel=channel,
    )


APPEAL_RULES_FILE = Path(__file__).parent / "rules" / "appeal.yaml"


@functools.cache
def _appeal_versions() -> list[dict]:
    with APPEAL_RULES_FILE.open(encoding="utf-8") as fh:
        versions = yaml.safe_load(fh)["versions"]
    return sorted(versions, key=lambda v: v["valid_from"])


def appeal_rules(on: dt.date) -> dict:
    """The appeal rules in force on a day (rules/appeal.yaml: FL 44 §, lag 1930:173,
    delgivningslagen 22–26 §§)."""
    in_force = [v for v in _appeal_versions() if v["valid_from"] <= on]
    return in_force[-1] if in_force else _appeal_versions()[0]


def presumed_notification_day(posted_on: dt.date) -> dt.date:
    """The day a letter posted with förenklad delgivning counts as received: two weeks after it
    was sent (delgivningslagen (2010:1932) 22–26 §§; the number of days and why the range is cited
    are in rules/appeal.yaml). An ordinary letter has no presumed day: FL 44 § counts from the
    day the party got the decision."""
    days = appeal_rules(posted_on)["posted_letter_presumed_days"]
    return posted_on + dt.timedelta(days=days)


def decision_parties(decision: Decision) -> list:
    """The parties the decision concerns, each notified on their own: the applicant and a
    co-applicant of the household in the decision's month (a couple applies together and both
    are parties; the appeal time runs for each from their own day, FL 44 §). Falls back to the
    latest applicant when no adult is recorded for the month."""
    application = decision.application  # None (without a query) when the decision has none
    month = application.month if application is not None else None
    if month is None:
        month = timezone.localdate(decision.decided_at or timezone.now()).replace(day=1)
    members = (
        HouseholdMember.objects.filter(
            household_id=decision.case.household_id,
            role__in=[MemberRole.APPLICANT, MemberRole.CO_APPLICANT],
            valid_from__lt=next_month_start(month),
        )
        .exclude(valid_to__lt=month)
        .select_related("person")
        .order_by("role", "id")
    )
    persons = list(dict.fromkeys(m.person for m in members))
    if not persons:
        latest = (
            HouseholdMember.objects.filter(
                household_id=decision.case.household_id, role=MemberRole.APPLICANT
            )
            .select_related("person")
            .order_by("-valid_from")
            .first()
        )
        persons = [latest.person] if latest else []
    return persons


def notified_on(decision: Decision, person) -> dt.date | None:
    """The day this party was notified of the decision (fick del av beslutet, FL 44 §): the
    earliest of the day they opened it in the e-service, the presumed day of a letter posted to
    them and the day they were told it orally. None while none has happened: no time runs for
    them yet, whatever the other party has done."""
    days = [n.notified_on for n in _notifications(decision) if n.person_id == _pk(person)]
    return min(days) if days else None


def _pk(person) -> int:
    return person if isinstance(person, int) else person.pk


def _notifications(decision: Decision) -> list[DecisionNotification]:
    cached = getattr(decision, "_prefetched_objects_cache", {}).get("notifications")
    if cached is not None:
        return list(cached)
    return list(decision.notifications.all())


def appeal_deadline(decision: Decision, person) -> dt.date | None:
    """The last day this party's appeal is in time, or None before they have been notified.

    Three weeks from the day of notification (FL 44 §): by lag 1930:173 1 § the deadline is the
    day with the same weekday name three weeks later; by its 2 § a deadline on a Saturday,
    Sunday, public holiday, midsommarafton, julafton or nyårsafton moves to the next weekday."""
    on = notified_on(decision, person)
    if on is None:
        return None
    weeks = appeal_rules(on)["appeal_weeks"]
    return next_working_day(on + dt.timedelta(weeks=weeks))


def appeal_in_time(decision: Decision, person, received_on: dt.date) -> bool:
    """An appeal is in time when it arrives on or before the appellant's own deadline; before the
    appellant has been notified no time has started to run, so it is in time (FL 44–45 §§)."""
    deadline = appeal_deadline(decision, person)
    return deadline is None or received_on <= deadline


def party_notifications(decision: Decision) -> list[dict]:
    """Each party, how they were notified and their deadline: for the caseworker's page and API."""
    rows = _notifications(decision)
    result = []
    for person in decision_parties(decision):
        own = sorted((n for n in rows if n.person_id == person.pk), key=lambda n: n.notified_on)
        result.append(
            {
                "person": person,
                "notifications": own,
                "notified_on": notified_on(decision, person),
                "deadline": appeal_deadline(decision, person),
            }
        )
    return result


@transaction.atomic
def appeal_already_sent(decision: Decision, text: str, *, person) -> Appeal | None:
    """The appeal this person already sent with this text (a double click), so that a door can
    skip storing its files a second time."""
    return Appeal.objects.filter(decision=decision, person=person, text=text.strip()).first()


def do_submit_appeal(
    decision: Decision, text: str, *, person, attachments=(), channel=Channel.WEB
) -> Appeal:
    """The client's appeal (FL 43 §), with papers already sent to the case (``attachments``),
    which go to the court with it."""
    if decision.status != DecisionStatus.DECIDED:
        raise ValidationError({"__all__": "Beslutet är inte fattat ännu."})
    if not text.strip():
        raise ValidationError({"text": "Skriv vad du vill ändra i beslutet och varför."})
    existing = appeal_already_sent(decision, text, person=person)
    if existing:
        return existing  # a double click sends one appeal
    appeal = Appeal.objects.create(
        decision=decision,
        case=decision.case,
        person=person,
        text=text.strip(),
        in_time=appeal_in_time(decision, person, timezone.localdate()),
    )
    papers = [a for a in attachments if a.case_id == decision.case_id]
    if papers:
        appeal.attachments.set(papers)
    append_event(decision.case, EventKind.APPEAL_RECEIVED, data=_event_data(appeal))
    record(
        action=Action.CHANGE_CASE,
        client_person_id=person.pk,
        case_id=decision.case_id,
        channel=channel,
    )
    return appeal
