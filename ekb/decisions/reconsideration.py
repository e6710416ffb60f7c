"""Decisions an appeal leads to (förvaltningslagen 38–39 and 45 §§).

    check_reconsideration(application, old)   # may a new decision change `old` (omprövning)?
    do_dismiss_late_appeal(appealed, ...)     # the decision that dismisses a late appeal

Omprövning is a new decision on the same application, made through
ekb.decisions.decide.do_decide_application(..., reconsiders=old), so it gets its calculation,
delegation, letter and payments like any decision. A late appeal is dismissed (avvisning) by a
decision of its own: it decides nothing about the money, only that the appeal cannot be tried,
and it has its own letter with appeal instructions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.delegation import delegation_for
from ekb.decisions.models import Decision, DecisionLine
from ekb.decisions.phrases import phrase

# The reference key (phrases/references.yaml) a dismissal of a late appeal cites.
LATE_APPEAL_REFERENCE = "fl_late_appeal"


def current_decision(old: Decision) -> Decision:
    """The decision in force for the appealed one: the last decided omprövning of it, or itself."""
    while True:
        newer = (
            Decision.objects.filter(reconsiders=old, status=DecisionStatus.DECIDED)
            .order_by("-decided_at")
            .first()
        )
        if newer is None:
            return old
        old = newer


def check_reconsideration(application, old: Decision) -> None:
    """A new decision may change `old` when it is decided, on this application, not changed
    already, and no other decision on the application waits for approval."""
    if old.application_id != application.pk or old.status != DecisionStatus.DECIDED:
        raise ValidationError(
            {"__all__": [_("Omprövningen gäller ett fattat beslut om samma ansökan.")]}
        )
    done = Decision.objects.filter(reconsiders=old).exclude(
        status__in=[DecisionStatus.DRAFT, DecisionStatus.SENT_BACK]
    )
    if done.exists():
        raise ValidationError({"__all__": [_("Beslutet är redan omprövat.")]})
    waiting = Decision.objects.filter(
        application=application,
        status__in=[DecisionStatus.AWAITING_APPROVAL, DecisionStatus.AWAITING_COMMITTEE],
    )
    if waiting.exists():
        raise ValidationError(
            {"__all__": [_("Ett beslut om ansökan väntar redan på godkännande.")]}
        )


def _period(appealed: Decision) -> tuple[dt.date, dt.date]:
    lines = list(appealed.lines.all())
    if lines:
        return min(x.period_start for x in lines), max(x.period_end for x in lines)
    today = timezone.localdate()
    return today, today


@transaction.atomic
def do_dismiss_late_appeal(
    appealed: Decision,
    *,
    received_on: dt.date,
    deadline: dt.date | None,
    couple: bool,
    acting_user,
    channel=Channel.WEB,
) -> Decision:
    """The decision that dismisses an appeal that came in too late (avvisning, förvaltningslagen
    45 §), made now under the delegation order's point for a dismissal. Its reasons are the
    phrase `notice.late_appeal_dismissed` (phrases/notices.yaml), filled with the dates."""
    from ekb.decisions.decide import _cite_on_decision_day

    if appealed.status != DecisionStatus.DECIDED:
        raise ValidationError({"__all__": [_("Det överklagade beslutet är inte fattat.")]})
    first = appealed.lines.order_by("id").first()
    purpose = first.purpose if first is not None else Purpose.LIVELIHOOD
    delegation = delegation_for(acting_user, appealed.case, purpose, Outcome.DISMISSED, Decimal(0))
    if not delegation.allowed:
        raise ValidationError({"__all__": [delegation.reason]})
    today = timezone.localdate()
    reasons = phrase(
        "notice.late_appeal_dismissed",
        on=today,
        couple=couple,
        decided_on=timezone.localtime(appealed.decided_at).date() if appealed.decided_at else today,
        received_on=received_on,
        deadline=deadline or received_on,
    )
    start, end = _period(appealed)
    decision = Decision.objects.create(
        case=appealed.case,
        application=appealed.application,
        status=DecisionStatus.DRAFT,
        delegation_reference=delegation.reference,
        created_by=acting_user,
    )
    DecisionLine.objects.create(
        decision=decision,
        purpose=purpose,
        outcome=Outcome.DISMISSED,
        amount=0,
        period_start=start,
        period_end=end,
        reasons=reasons.text,
        legal_reference=reasons.legal_reference,
        reference_keys=[LATE_APPEAL_REFERENCE],
    )
    decision.status = DecisionStatus.DECIDED
    decision.decided_by = acting_user
    decision.decided_at = timezone.now()
    _cite_on_decision_day(decision, today)
    decision.save(
        update_fields=["status", "decided_by", "decided_at", "legal_references", "rule_versions"]
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=decision.case_id, channel=channel)
    return decision
