"""Staff doors to decisions, warnings and register proposals: 404 for missing and not-yours alike, every read logged."""

from __future__ import annotations

from ekb.applications.models import RegisterProposal
from ekb.audit.models import Action, Channel
from ekb.cases.access import access_via_case
from ekb.decisions.models import CaseWarning, Decision


def access_decision_by_id(user, decision_id, *, action=Action.OPEN_CASE, channel=Channel.WEB):
    return access_via_case(
        user, Decision, decision_id, action=action, channel=channel, related=("application",)
    )


def access_warning_by_id(user, warning_id, *, action=Action.CHANGE_CASE, channel=Channel.WEB):
    return access_via_case(user, CaseWarning, warning_id, action=action, channel=channel)


def access_register_proposal_by_id(user, proposal_id, *, channel=Channel.WEB) -> RegisterProposal:
    """A proposal is visible exactly when its case is; 404 (logged as denied) otherwise."""
    return access_via_case(
        user,
        RegisterProposal,
        proposal_id,
        action=Action.CHANGE_CALCULATION,
        channel=channel,
        case_path="application__case",
    )
