"""What the caseworker's appeal page and the API show about one appeal, read in the room (the
front doors do not walk relations themselves)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from ekb.decisions.models import Decision
from ekb.decisions.reconsideration import current_decision
from ekb.notices.appeals import (
    appeal_deadline,
    forward_due_on,
    notified_on,
    proposed_timeliness,
    reconsideration_sent_back,
    reconsidering_decision,
)
from ekb.notices.choices import AppealStatus, Timeliness
from ekb.notices.models import Appeal, CourtBundle


@dataclass(frozen=True)
class AppealOverview:
    appeal: Appeal
    appellant: str  # the appellant's name
    appealed: Decision
    current: Decision  # the decision in force: the omprövning's, or the appealed one
    notified_on: dt.date | None
    deadline: dt.date | None
    received_on: dt.date
    proposed: str  # Timeliness: what the dates said when it arrived
    due_on: dt.date  # with the court by (FL 46 §, rules/appeal.yaml)
    overdue: bool
    bundle: CourtBundle | None
    reconsideration: Decision | None
    attachments: list

    @property
    def step(self) -> str:
        """Where the appeal is: timeliness, late, reconsider, forward, done."""
        a = self.appeal
        if a.status != AppealStatus.RECEIVED:
            return "done"
        if not a.timeliness:
            return "timeliness"
        if a.timeliness == Timeliness.LATE:
            return "late"
        if a.reconsideration_id and not reconsideration_sent_back(a):
            return "forward"
        return "reconsider"


def appeal_overview(appeal: Appeal, *, today: dt.date | None = None) -> AppealOverview:
    today = today or timezone.localdate()
    decision = appeal.decision
    due = forward_due_on(appeal)
    return AppealOverview(
        appeal=appeal,
        appellant=appeal.person.full_name,
        appealed=decision,
        current=current_decision(decision),
        notified_on=notified_on(decision, appeal.person_id),
        deadline=appeal_deadline(decision, appeal.person_id),
        received_on=timezone.localdate(appeal.received_at),
        proposed=proposed_timeliness(appeal),
        due_on=due,
        overdue=appeal.status == AppealStatus.RECEIVED and today > due,
        bundle=CourtBundle.objects.filter(appeal=appeal)
        .only("id", "sha256", "page_count", "created_at")
        .first(),
        reconsideration=appeal.reconsideration or reconsidering_decision(appeal),
        attachments=list(appeal.attachments.order_by("id")),
    )


def decision_lines(decision: Decision) -> list:
    """The lines of a decision, for the omprövning form's starting point."""
    return list(decision.lines.order_by("id"))


def appeal_attachments(appeal: Appeal) -> list:
    """The papers the client sent with the appeal (they go with it to förvaltningsrätten)."""
    return list(appeal.attachments.order_by("id"))
