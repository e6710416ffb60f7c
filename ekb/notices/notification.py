"""How each party took part of a decision (fick del av beslutet, FL 44 §): opened in the
e-service, a posted letter or told orally. The appeal time of each party runs from their own day."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.decisions.choices import DecisionStatus
from ekb.decisions.models import Decision
from ekb.notices.appeals import _pk, decision_parties, presumed_notification_day
from ekb.notices.models import DecisionNotification


def with_opened_by(decisions, person_id: int):
    """Decisions annotated with `opened`: whether this person has opened each one in the
    e-service (the "Nytt" tag is per person: the other party's opening is not this one's)."""
    return decisions.annotate(
        opened=Exists(
            DecisionNotification.objects.filter(
                decision=OuterRef("pk"),
                person_id=person_id,
                how=DecisionNotification.How.ESERVICE,
            )
        )
    )


def log_decision_read(decision: Decision, *, person, channel=Channel.WEB) -> None:
    """A page about the decision was read (the appeal form): logged, but not the decision itself,
    so no appeal time starts."""
    record(
        action=Action.CLIENT_OPEN_OWN_CASE,
        client_person_id=person.pk,
        case_id=decision.case_id,
        channel=channel,
        detail={"decision": decision.pk},
    )


@transaction.atomic
def do_mark_decision_seen(decision: Decision, *, person, channel=Channel.WEB) -> None:
    """This person opened the decision itself (its page or its letter): they have taken part of
    it, and their three weeks for an appeal start (FL 44 §); the other party's do not. Call it only
    from that explicit act, never from a list, the status page or any other page that merely
    mentions the decision. The first opening counts."""
    if decision.status == DecisionStatus.DECIDED:
        now = timezone.now()
        _, created = DecisionNotification.objects.get_or_create(
            decision=decision,
            person=person,
            how=DecisionNotification.How.ESERVICE,
            defaults={"notified_at": now, "notified_on": timezone.localdate(now)},
        )
        if created and hasattr(decision, "_prefetched_objects_cache"):
            decision._prefetched_objects_cache.pop("notifications", None)
    record(
        action=Action.CLIENT_OPEN_OWN_CASE,
        client_person_id=person.pk,
        case_id=decision.case_id,
        channel=channel,
        detail={"decision": decision.pk},
    )


RECORDABLE = (DecisionNotification.How.POSTED_LETTER, DecisionNotification.How.ORAL)


@transaction.atomic
def do_record_notification(
    decision: Decision,
    person,
    how: str,
    on: dt.date,
    *,
    acting_user,
    told_how_to_appeal: bool = False,
    channel=Channel.WEB,
) -> DecisionNotification:
    """The caseworker records how one party was notified: the day a letter to them was posted
    with förenklad delgivning (notified two weeks later, delgivningslagen 22–26 §§), or the day they
    were told the decision orally (FL 33 §: the whole decision and how to appeal). The earliest
    recorded day of each way counts; a later one changes nothing."""
    decision = Decision.objects.select_for_update().select_related("case").get(pk=decision.pk)
    if decision.status != DecisionStatus.DECIDED:
        raise ValidationError({"__all__": gettext_lazy("Beslutet är inte fattat ännu.")})
    if how not in RECORDABLE:
        raise ValidationError({"how": gettext_lazy("Välj brev eller muntligt besked.")})
    if _pk(person) not in {p.pk for p in decision_parties(decision)}:
        raise ValidationError({"person": gettext_lazy("Personen är inte part i beslutet.")})
    if on > timezone.localdate():
        raise ValidationError({"on": gettext_lazy("Dagen kan inte vara i framtiden.")})
    decided_on = timezone.localdate(decision.decided_at) if decision.decided_at else None
    # An oral decision is made in the meeting and recorded afterwards: the meeting may be
    # earlier than the day the decision was registered.
    if decided_on and on < decided_on and not decision.made_orally:
        raise ValidationError({"on": gettext_lazy("Dagen kan inte vara före beslutsdagen.")})
    if how == DecisionNotification.How.ORAL and not told_how_to_appeal:
        # FL 33 §: the party must be told the whole decision and how to appeal it; without that
        # the notification does not start the appeal time.
        raise ValidationError(
            {
                "told_how_to_appeal": gettext_lazy(
                    "Bekräfta att personen fick hela beslutet och besked om hur man överklagar."
                )
            }
        )
    if how == DecisionNotification.How.POSTED_LETTER:
        values = {"posted_on": on, "notified_on": presumed_notification_day(on)}
    else:
        values = {"notified_on": on}
    existing = (
        DecisionNotification.objects.select_for_update()
        .filter(decision=decision, person_id=_pk(person), how=how)
        .first()
    )
    if existing is None:
        notification = DecisionNotification.objects.create(
            decision=decision, person_id=_pk(person), how=how, recorded_by=acting_user, **values
        )
    elif values["notified_on"] < existing.notified_on:
        for field, value in values.items():
            setattr(existing, field, value)
        existing.recorded_by = acting_user
        existing.recorded_at = timezone.now()
        existing.save(update_fields=[*values, "recorded_by", "recorded_at"])
        notification = existing
    else:
        notification = existing
    append_event(
        decision.case,
        EventKind.DECISION_NOTIFICATION_RECORDED,
        actor=acting_user,
        data={
            "decision_id": decision.pk,
            "person_id": _pk(person),
            "how": how,
            "on": on.isoformat(),
        },
        visible_to_client=False,
    )
    record(
        action=Action.CHANGE_CASE,
        user=acting_user,
        case_id=decision.case_id,
        channel=channel,
        detail={"decision": decision.pk, "notification": how},
    )
    return notification
