"""The caseworker's side of an appeal where it makes a decision (förvaltningslagen 38–39 and
45 §§): the decision is made in the rooms below, and its letter (and payments) follow after
commit as for any decision (ekb.flow.journey). The front doors call these, never the actions
behind them."""

from __future__ import annotations

from django.db import transaction

from ekb.audit.models import Channel
from ekb.decisions.decide import check_decision
from ekb.decisions.models import Decision
from ekb.flow.journey import _after_decision, decide_application
from ekb.notices.appeals import check_can_reconsider, do_dismiss_appeal, do_link_reconsideration
from ekb.notices.models import Appeal


@transaction.atomic
def dismiss_appeal(appeal: Appeal, *, acting_user, channel=Channel.WEB) -> Appeal:
    """Dismiss a late appeal by a decision; its letter with appeal instructions follows."""
    appeal = do_dismiss_appeal(appeal, acting_user=acting_user, channel=channel)
    assert appeal.dismissal is not None
    _after_decision(appeal.dismissal)
    return appeal


def check_reconsider_appeal(appeal: Appeal, lines, *, acting_user, children_consideration=""):
    """Everything ``reconsider_appeal`` would refuse, without deciding or storing anything: what
    the omprövning's confirmation page asks first. Returns the decision it would replace, the
    status the new decision would get (decided now, or waiting for a decider) and why."""
    old = check_can_reconsider(appeal)
    assert old.application is not None  # check_can_reconsider refuses a decision without one
    status, why = check_decision(
        old.application,
        lines,
        acting_user=acting_user,
        children_consideration=children_consideration,
        reconsiders=old,
    )
    return old, status, why


@transaction.atomic
def reconsider_appeal(
    appeal: Appeal, lines, *, fully_as_asked: bool, acting_user, channel=Channel.WEB, **options
) -> Decision:
    """Omprövning: a new decision on the same application that changes the appealed one, made
    through the ordinary decision step (calculation, delegation, four-eyes, letter, payments as
    the difference). Changed fully as the client asked: the appeal lapses once it is decided."""
    old = check_can_reconsider(appeal)
    decision = decide_application(
        old.application, lines, acting_user=acting_user, reconsiders=old, channel=channel, **options
    )
    do_link_reconsideration(
        appeal, decision, fully_as_asked=fully_as_asked, acting_user=acting_user, channel=channel
    )
    return decision
