"""Deciding an application: one line per purpose, reasons where the decision departs from what
was applied for or calculated, the delegation order, four-eyes approval, oral and automated
decisions (förvaltningslagen 28 and 31–33 §§)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.roles import Role
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.calculation import latest_calculation
from ekb.cases.choices import (
    ApplicationStatus,
    DecisionStatus,
    EventKind,
    Outcome,
    Purpose,
    WarningStatus,
)
from ekb.cases.delegation import delegation_for
from ekb.cases.models import Application, Decision, DecisionLine, MunicipalityPolicy
from ekb.lib.months import month_end

AUTOMATED_REFERENCE = "Automatiserat beslut enligt förvaltningslagen (2017:900) 28 §"


@dataclass
class LineInput:
    purpose: str
    outcome: str
    amount: Decimal
    amount_applied: Decimal | None = None
    calculated: Decimal | None = None
    reasons: str = ""
    legal_reference: str = ""


def month_period(month: dt.date) -> tuple[dt.date, dt.date]:
    end = month_end(month)
    return month, end


def policy_for(municipality) -> MunicipalityPolicy:
    return MunicipalityPolicy.objects.filter(
        municipality=municipality
    ).first() or MunicipalityPolicy(municipality=municipality)


def default_legal_reference(purpose: str = Purpose.LIVELIHOOD) -> str:
    """The provision in force on the decision date (förvaltningslagen 32 §: the rules applied)."""
    from ekb.cases.phrases import legal_reference_for

    return legal_reference_for(purpose, on=timezone.localdate())


def validate_lines(application: Application, lines: list[LineInput]) -> None:
    """Every problem at once, keyed by line and field, in plain Swedish."""
    errors: dict[str, list[str]] = {}
    if application.case.closed_on is not None:
        errors.setdefault("__all__", []).append(
            _("Ärendet är avslutat. Öppna ett nytt ärende för att fatta beslut.")
        )
    if application.status == ApplicationStatus.DECIDED:
        errors.setdefault("__all__", []).append(_("Ansökan är redan beslutad."))
    if not lines:
        errors.setdefault("__all__", []).append(_("Beslutet behöver minst en rad."))
    purposes = [line.purpose for line in lines]
    if len(set(purposes)) != len(purposes):
        errors.setdefault("__all__", []).append(_("Varje ändamål får bara finnas på en rad."))
    for i, line in enumerate(lines):
        prefix = f"lines-{i}-"
        if line.purpose not in Purpose.values:
            errors.setdefault(prefix + "purpose", []).append(_("Välj ändamål."))
        if line.outcome not in Outcome.values:
            errors.setdefault(prefix + "outcome", []).append(_("Välj utfall."))
        if line.amount is None or line.amount < 0:
            errors.setdefault(prefix + "amount", []).append(_("Beloppet kan inte vara negativt."))
            continue
        if line.outcome in (Outcome.REFUSED, Outcome.DISMISSED) and line.amount != 0:
            errors.setdefault(prefix + "amount", []).append(
                _("Vid avslag eller avvisning är beloppet 0 kr.")
            )
        if line.outcome == Outcome.GRANTED and line.amount == 0:
            errors.setdefault(prefix + "amount", []).append(
                _("Ett bifall behöver ett belopp över 0 kr.")
            )
        if departs(line) and not line.reasons.strip():
            errors.setdefault(prefix + "reasons", []).append(
                _("Beslutet avviker från ansökan eller beräkningen. Skriv skälen för beslutet.")
            )
    if errors:
        raise ValidationError(errors)


def departs(line: LineInput) -> bool:
    """A line departs from the application or the calculation: the law then demands reasons."""
    if line.outcome != Outcome.GRANTED:
        return True
    for reference in (line.calculated, line.amount_applied):
        if reference is not None and line.amount != reference:
            return True
    return False


def _decider_status(application, lines, user) -> tuple[str, str, str]:
    """(status, delegation reference, message): decided now, or waiting for someone with delegation."""
    references = []
    for line in lines:
        delegation = delegation_for(user, application.case, line.purpose, line.outcome, line.amount)
        if not delegation.allowed:
            manager_can = any(
                a.role == Role.SECTION_MANAGER and a.unit_id == application.case.unit_id
                for a in user.role_assignments.all()
            )
            status = (
                DecisionStatus.AWAITING_COMMITTEE
                if manager_can
                else DecisionStatus.AWAITING_APPROVAL
            )
            return status, "", delegation.reason
        references.append(delegation.reference)
    if policy_for(application.case.municipality).four_eyes:
        return (
            DecisionStatus.AWAITING_APPROVAL,
            "; ".join(dict.fromkeys(references)),
            _("Fyraögonsprincip: beslutet godkänns av en kollega."),
        )
    return DecisionStatus.DECIDED, "; ".join(dict.fromkeys(references)), ""


@transaction.atomic
def do_decide_application(
    application: Application,
    lines: list[LineInput],
    *,
    acting_user,
    made_orally: bool = False,
    channel=Channel.WEB,
) -> Decision:
    """Decide, or, above the user's delegation or under four-eyes, propose for approval."""
    application = (
        Application.objects.select_for_update().select_related("case").get(pk=application.pk)
    )
    if (
        Decision.objects.filter(application=application)
        .exclude(status=DecisionStatus.DRAFT)
        .exists()
    ):
        raise ValidationError(
            {"__all__": [_("Ansökan har redan ett beslut eller ett förslag som väntar.")]}
        )
    validate_lines(application, lines)
    status, reference, _message = _decider_status(application, lines, acting_user)
    decision = Decision.objects.create(
        case=application.case,
        application=application,
        calculation=latest_calculation(application),
        status=status,
        delegation_reference=reference,
        made_orally=made_orally,
        created_by=acting_user,
    )
    start, end = month_period(application.month)
    DecisionLine.objects.bulk_create(
        DecisionLine(
            decision=decision,
            purpose=line.purpose,
            outcome=line.outcome,
            amount_applied=line.amount_applied,
            amount=line.amount,
            period_start=start,
            period_end=end,
            reasons=line.reasons.strip(),
            legal_reference=line.legal_reference or default_legal_reference(line.purpose),
        )
        for line in lines
    )
    record(
        action=Action.CHANGE_CASE, user=acting_user, case_id=application.case_id, channel=channel
    )
    if status == DecisionStatus.DECIDED:
        _finalise(decision, decided_by=acting_user)
    return decision


@transaction.atomic
def do_approve_decision(decision: Decision, *, acting_user, channel=Channel.WEB) -> Decision:
    """A section manager (or, under four-eyes, a colleague with delegation) makes the decision."""
    decision = (
        # Lock the decision row only: PostgreSQL cannot lock the nullable side of the join.
        Decision.objects.select_for_update(of=("self",))
        .select_related("case", "application")
        .get(pk=decision.pk)
    )
    if decision.status not in (DecisionStatus.AWAITING_APPROVAL, DecisionStatus.AWAITING_COMMITTEE):
        raise ValidationError({"__all__": [_("Beslutet väntar inte på godkännande.")]})
    if decision.created_by_id == acting_user.pk:
        raise ValidationError(
            {"__all__": [_("Någon annan än den som föreslog beslutet ska godkänna det.")]}
        )
    references = []
    for line in decision.lines.all():
        delegation = delegation_for(
            acting_user, decision.case, line.purpose, line.outcome, line.amount
        )
        if not delegation.allowed:
            if acting_user.has_role(Role.SECTION_MANAGER):
                decision.status = DecisionStatus.AWAITING_COMMITTEE
                decision.save(update_fields=["status"])
                record(
                    action=Action.CHANGE_CASE,
                    user=acting_user,
                    case_id=decision.case_id,
                    channel=channel,
                )
                return decision
            raise ValidationError({"__all__": [delegation.reason]})
        references.append(delegation.reference)
    decision.delegation_reference = "; ".join(dict.fromkeys(references))
    decision.approved_by = acting_user
    decision.approved_at = timezone.now()
    decision.save(update_fields=["delegation_reference", "approved_by", "approved_at"])
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=decision.case_id, channel=channel)
    _finalise(decision, decided_by=acting_user)
    return decision


def _finalise(decision: Decision, *, decided_by, automated: bool = False) -> None:
    """The decision is made. Its letter and payments follow after commit (ekb.flow)."""
    decision.status = DecisionStatus.DECIDED
    decision.decided_by = decided_by
    decision.decided_at = timezone.now()
    decision.automated = automated
    decision.version += 1
    decision.save(update_fields=["status", "decided_by", "decided_at", "automated", "version"])
    application = decision.application
    application.status = ApplicationStatus.DECIDED
    application.save(update_fields=["status"])
    append_event(
        decision.case, EventKind.DECISION_MADE, actor=decided_by, data={"decision_id": decision.pk}
    )


def open_warnings(application) -> bool:
    return application.case.warnings.filter(
        application=application, status=WarningStatus.OPEN
    ).exists()


@transaction.atomic
def maybe_decide_automatically(application: Application) -> Decision | None:
    """Förvaltningslagen 28 §: a simple renewal decided by rule, when the municipality allows it.

    Only an unchanged household, no warnings, the calculated amount within the band and within
    the allowed change against last month. Logged as automated and always open to review."""
    policy = policy_for(application.case.municipality)
    if not policy.automated_renewals or application.kind != "renewal":
        return None
    snapshot = latest_calculation(application)
    if snapshot is None or open_warnings(application) or snapshot.amount <= 0:
        return None
    if snapshot.amount > policy.automated_max_amount:
        return None
    previous = (
        application.case.calculations.filter(month__lt=application.month)
        .order_by("-month", "-id")
        .first()
    )
    if previous is None or previous.input.get("members") != snapshot.input.get("members"):
        return None
    if (
        previous.amount
        and abs(snapshot.amount - previous.amount) / previous.amount * 100
        > policy.automated_max_change_percent
    ):
        return None
    start, end = month_period(application.month)
    decision = Decision.objects.create(
        case=application.case,
        application=application,
        calculation=snapshot,
        status=DecisionStatus.DRAFT,
        delegation_reference=AUTOMATED_REFERENCE,
    )
    DecisionLine.objects.create(
        decision=decision,
        purpose=Purpose.LIVELIHOOD,
        outcome=Outcome.GRANTED,
        amount_applied=snapshot.amount,
        amount=snapshot.amount,
        period_start=start,
        period_end=end,
        legal_reference=default_legal_reference(),
    )
    record(
        action=Action.CHANGE_CASE,
        case_id=application.case_id,
        channel=Channel.SYSTEM,
        detail={"automated": True},
    )
    _finalise(decision, decided_by=None, automated=True)
    return decision


@transaction.atomic
def do_review_automated_decision(decision: Decision, *, acting_user, channel=Channel.WEB) -> None:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.automated:
        raise ValidationError({"__all__": [_("Beslutet är inte automatiserat.")]})
    decision.reviewed_by = acting_user
    decision.reviewed_at = timezone.now()
    decision.save(update_fields=["reviewed_by", "reviewed_at"])
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=decision.case_id, channel=channel)
