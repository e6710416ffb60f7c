"""Four eyes (fyraögonsprincip, issue 11): what the decider does with a proposal that waits.

The decider (a colleague with delegation under four eyes, or the section manager above the
caseworker's delegation) may

- approve it as proposed (``decide.do_approve_decision``);
- change it with written reasons (``do_change_decision``): the decision is then the decider's
  own, and each changed line keeps what the caseworker proposed, so the change can be shown;
- send it back to the caseworker with a comment (``do_send_back_decision``): the caseworker
  sees why (the decision page, the application page and an inbox row), changes the proposal
  and proposes again through ``decide.do_decide_application``.

Who presented the case and who decided are both named in the letter (förvaltningslagen 31 §)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.roles import Role
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus
from ekb.decisions.decide import (
    _decision_line,
    decide_as_decider,
    line_citation,
    line_communication,
    lock_awaiting_decision,
    validate_lines,
)
from ekb.decisions.delegation import delegation_for
from ekb.decisions.lines import LineInput
from ekb.decisions.models import Decision, DecisionLine


def is_decider(decision: Decision, user) -> bool:
    """The user may approve, change or send back the waiting decision: not the one who proposed
    it, and a section manager of the case's unit or someone whose delegation covers every line."""
    if decision.status not in (
        DecisionStatus.AWAITING_APPROVAL,
        DecisionStatus.AWAITING_COMMITTEE,
    ):
        return False
    if decision.created_by_id == user.pk:
        return False
    if decision.case.unit_id in user.units_with_roles({Role.SECTION_MANAGER}):
        return True
    return all(
        delegation_for(user, decision.case, line.purpose, line.outcome, line.amount).allowed
        for line in decision.lines.all()
    )


def _refuse_unless_decider(decision: Decision, user) -> None:
    if not is_decider(decision, user):
        raise ValidationError(
            {"__all__": [_("Bara den som får fatta beslutet kan ändra eller skicka tillbaka det.")]}
        )


@transaction.atomic
def do_send_back_decision(
    decision: Decision, *, comment: str, acting_user, channel=Channel.WEB
) -> Decision:
    """The decider sends the proposal back to the caseworker, saying why."""
    decision = lock_awaiting_decision(decision, acting_user)
    _refuse_unless_decider(decision, acting_user)
    if not (comment or "").strip():
        raise ValidationError(
            {
                "comment": [
                    _(
                        "Skriv varför du skickar tillbaka förslaget, så att handläggaren vet vad som ska ändras."
                    )
                ]
            }
        )
    decision.status = DecisionStatus.SENT_BACK
    decision.sent_back_comment = comment.strip()
    decision.sent_back_by = acting_user
    decision.sent_back_at = timezone.now()
    decision.version += 1
    decision.save(
        update_fields=["status", "sent_back_comment", "sent_back_by", "sent_back_at", "version"]
    )
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=decision.case_id, channel=channel)
    append_event(
        decision.case,
        EventKind.DECISION_SENT_BACK,
        actor=acting_user,
        data={"decision_id": decision.pk},
        visible_to_client=False,
    )
    return decision


@transaction.atomic
def do_change_decision(
    decision: Decision,
    lines: list[LineInput],
    *,
    change_reasons: str,
    acting_user,
    children_consideration: str | None = None,
    channel=Channel.WEB,
) -> Decision:
    """The decider changes the outcome, amount or reasons of the proposed lines, or adds a
    purpose the proposal lacks (as the caseworker's "Lägg till ett ändamål"), with written
    reasons for the change, and decides (or, above a section manager's delegation, passes it
    on to the committee). ``lines`` give the purposes of the proposal, each once, and any added
    ones; a line is not taken away (the decider sends the proposal back for that). What was
    applied for and calculated is taken from the application, the proposal and the
    calculation, not from the caller. An added purpose not applied for departs from the
    application, so ``validate_lines`` asks its reasons (förvaltningslagen 32 §)."""
    decision = lock_awaiting_decision(decision, acting_user)
    _refuse_unless_decider(decision, acting_user)
    application = decision.application
    assert application is not None  # four eyes is on decisions made on applications
    stored = {line.purpose: line for line in decision.lines.order_by("id")}
    if not set(stored) <= {line.purpose for line in lines}:
        raise ValidationError(
            {
                "__all__": [
                    _(
                        "Ta inte bort en rad ur förslaget: skicka tillbaka det till handläggaren "
                        "i stället."
                    )
                ]
            }
        )
    proposal = _proposal_by_purpose(application)
    lines = [
        LineInput(
            purpose=line.purpose,
            outcome=line.outcome,
            amount=line.amount,
            amount_applied=(
                stored[line.purpose].amount_applied
                if line.purpose in stored
                else getattr(proposal.get(line.purpose), "amount_applied", None)
            ),
            calculated=getattr(proposal.get(line.purpose), "calculated", None),
            reasons=line.reasons or "",
            # The communication the line rests on: the decider's choice, else the proposal's.
            communication_id=(
                line.communication_id
                if line.communication_id is not None
                else getattr(stored.get(line.purpose), "communication_id", None)
            ),
            not_activity_requirement=bool(
                line.not_activity_requirement
                or getattr(stored.get(line.purpose), "not_activity_requirement", False)
            ),
        )
        for line in lines
    ]
    consideration = (
        decision.children_consideration
        if children_consideration is None
        else children_consideration
    )
    errors: dict[str, list] = {}
    try:
        validate_lines(
            application,
            lines,
            children_consideration=consideration,
            reconsidering=decision.reconsiders_id is not None,
        )
    except ValidationError as error:
        errors = dict(error.message_dict)
    added = [line for line in lines if line.purpose not in stored]
    changed = [
        line for line in lines if line.purpose in stored and _differs(stored[line.purpose], line)
    ]
    if not (changed or added) and consideration.strip() == decision.children_consideration:
        errors.setdefault("__all__", []).append(
            _("Du har inte ändrat något. Godkänn förslaget i stället, eller ändra en rad.")
        )
    if not (change_reasons or "").strip():
        errors["change_reasons"] = [_("Skriv skälen till att du ändrar förslaget.")]
    if errors:
        raise ValidationError(errors)
    for line in changed:
        row = stored[line.purpose]
        if not row.proposed_outcome:
            row.proposed_outcome = row.outcome
            row.proposed_amount = row.amount
            row.proposed_reasons = row.reasons
        row.outcome = line.outcome
        row.amount = line.amount
        row.reasons = line.reasons.strip()
        # What the line cites follows what it now says, exactly as a line proposed so (an
        # activity reason cites 12 kap. 4 a–6 a §§ SoL; a grant again cites the purpose's only).
        row.reference_keys, row.legal_reference = line_citation(line)
        row.communication_id, row.not_activity_requirement = line_communication(line)
        row.save(
            update_fields=[
                "outcome",
                "amount",
                "reasons",
                "proposed_outcome",
                "proposed_amount",
                "proposed_reasons",
                "reference_keys",
                "legal_reference",
                "communication_id",
                "not_activity_requirement",
            ]
        )
    if added:
        rows = [_decision_line(decision, line) for line in added]
        for row in rows:
            row.added_by_decider = True
        DecisionLine.objects.bulk_create(rows)
    decision.children_consideration = consideration.strip()
    decision.change_reasons = change_reasons.strip()
    decision.changed_by = acting_user
    decision.changed_at = timezone.now()
    decision.save(
        update_fields=["children_consideration", "change_reasons", "changed_by", "changed_at"]
    )
    append_event(
        decision.case,
        EventKind.DECISION_CHANGED,
        actor=acting_user,
        data={
            "decision_id": decision.pk,
            "purposes": [line.purpose for line in changed + added],
            "added": [line.purpose for line in added],
        },
        visible_to_client=False,
    )
    return decide_as_decider(decision, acting_user, channel)


def _differs(row, line: LineInput) -> bool:
    return (
        row.outcome != line.outcome
        or Decimal(row.amount) != line.amount
        or row.reasons.strip() != (line.reasons or "").strip()
        or (row.communication_id, row.not_activity_requirement) != line_communication(line)
    )


def _proposal_by_purpose(application) -> dict[str, LineInput]:
    """What the calculation gives each purpose and what the client applied for, as the
    caseworker's proposal was checked against."""
    from ekb.decisions.proposal import propose_lines

    snapshot = latest_calculation(application)
    if snapshot is None:
        return {}
    return {line.purpose: line for line in propose_lines(application, snapshot)}
