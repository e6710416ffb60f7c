"""Deciding an application: one line per purpose, reasons where the decision departs from what
was applied for or calculated, the delegation order, four-eyes approval, oral and automated
decisions (förvaltningslagen 28 and 31–33 §§).

The reasons must be true and be reasons (förvaltningslagen 32 §): a phrase from the library left
as proposed is checked against the calculation (its ``when:`` conditions), and a phrase that says
only what was decided does not count as reasons. A refusal or reduction in a household with
children records how the children's situation was considered (barnets bästa; SOSFS 2014:5).
What a decision cites is fixed on the day it is made: the approval day for a decision that
waited for someone with delegation, not the day it was proposed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.roles import Role
from ekb.applications.choices import ApplicationStatus, LineKind, Source, SubmittedVia
from ekb.applications.cost_types import COSTS
from ekb.applications.models import Application
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose, WarningStatus
from ekb.decisions.delegation import delegation_for
from ekb.decisions.lines import LineInput, month_period
from ekb.decisions.models import Decision, DecisionLine
from ekb.decisions.phrases import purpose_reference_keys
from ekb.decisions.policy import policy_for
from ekb.decisions.proposal import (
    applied_purposes,
    calculation_values,
    decision_facts,
    is_couple,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Outcomes that refuse or reduce what was applied for: with children in the household, the
# decision records how their situation was considered.
REFUSING_OUTCOMES = (Outcome.REFUSED, Outcome.PARTLY_GRANTED)


def default_legal_reference(purpose: str = Purpose.LIVELIHOOD, *, on: dt.date | None = None) -> str:
    """The provision in force on the decision date (förvaltningslagen 32 §: the rules applied)."""
    from ekb.decisions.phrases import legal_reference_for

    return legal_reference_for(purpose, on=on or timezone.localdate())


def has_children(application: Application, snapshot=None) -> bool:
    """Children in the household the decision is about: in the calculation it rests on, or,
    without one, registered in the household during the month."""
    from ekb.people.models import HouseholdMember, MemberRole

    if snapshot is not None:
        return any(m.get("role") == "child" for m in (snapshot.input or {}).get("members", []))
    start, end = month_period(application.month)
    return (
        HouseholdMember.objects.filter(
            household_id=application.case.household_id,
            role=MemberRole.CHILD,
            valid_from__lte=end,
        )
        .exclude(valid_to__lt=start)
        .exists()
    )


def refuses_or_reduces(line: LineInput) -> bool:
    """A line that refuses, or grants less than the calculation or the application."""
    if line.outcome in REFUSING_OUTCOMES:
        return True
    return any(
        reference is not None and line.amount is not None and line.amount < reference
        for reference in (line.calculated, line.amount_applied)
    )


def _reason_problems(
    application: Application, line: LineInput, snapshot, lines
) -> Sequence[StrOrPromise]:
    """Why the reasons of a line that departs are not reasons (förvaltningslagen 32 §): a phrase
    left as proposed that says only what was decided, or states a fact the calculation denies."""
    from ekb.decisions.phrases import PhraseError, gives_reasons, unmet_conditions

    values: dict = {"month": application.month, "amount": line.amount}
    if line.amount_applied is not None:
        values["amount_applied"] = line.amount_applied
    facts: dict = {}
    if snapshot is not None:
        values.update(calculation_values(snapshot))
        facts = decision_facts(
            snapshot, costs_on_own_lines=any(x.purpose != Purpose.LIVELIHOOD for x in lines)
        )
    try:
        key = _identify_as_proposed(line.reasons, line.purpose, line.outcome, snapshot, values)
    except PhraseError:
        return []
    if key is None:
        if _is_a_proposal_for_another_decision(application, line, snapshot, values):
            return [
                _(
                    "Texten är skälen för ett annat beslut (ett annat utfall eller belopp än det "
                    "du beslutar). Skriv skälen för det du beslutar: varför beloppet blir det."
                )
            ]
        return []  # the caseworker's own words
    if not gives_reasons(key):
        return [
            _(
                "Texten säger vad vi har beslutat men inte varför. Skriv skälen: vilka "
                "omständigheter som avgör och vilka regler vi har tillämpat."
            )
        ]
    if snapshot is None:
        return []
    # Only the facts of the calculation are checked here; a line-level fact (was this line
    # reduced by income?) was the proposal's to know and is not guessed.
    return unmet_conditions(key, facts, skip_unknown=True, **values)


def _identify_as_proposed(reasons: str, purpose: str, outcome: str, snapshot, values):
    """The key of the library phrase the reasons are, filled with ``values``, in either address
    form: the household's own ("ni" for a couple, "du" for one applicant) first, then the
    other (a text kept from before a co-applicant joined or left is still that phrase).
    None for the caseworker's own words; a PhraseError for an unknown purpose or outcome."""
    from ekb.decisions.phrases import identify_phrase

    couple = is_couple(snapshot)
    for form in (couple, not couple):
        key = identify_phrase(
            reasons, purpose, outcome, on=timezone.localdate(), couple=form, **values
        )
        if key is not None:
            return key
    return None


def _is_a_proposal_for_another_decision(application, line: LineInput, snapshot, values) -> bool:
    """The reasons are a phrase filled for another outcome or amount: the proposal's text left
    as it was after the caseworker changed the line (a partial grant whose reasons still say
    the calculated amount). Such reasons are untrue for what is decided (FL 32 §)."""
    from ekb.decisions.phrases import PhraseError

    amounts = {a for a in (line.calculated, line.amount_applied) if a is not None}
    for outcome in Outcome.values:
        for amount in amounts | {line.amount}:
            if outcome == line.outcome and amount == line.amount:
                continue
            try:
                if _identify_as_proposed(
                    line.reasons, line.purpose, outcome, snapshot, {**values, "amount": amount}
                ):
                    return True
            except PhraseError:
                continue
    return False


def _set_references(application: Application, snapshot, lines: list[LineInput]) -> None:
    """What was applied for and what the calculation gives are the system's facts, never the
    caller's: each line gets them from the robot's proposal for the latest calculation (a form's
    hidden field, or a calculation changed in another tab since the form was opened, must not
    make a departure look like none: the confirmation, the reasons the law asks for (FL 32 §)
    and the stored line all rest on them). A purpose the proposal does not have has neither.
    A reference the caller leaves out stays out (the API's and the tests' lines without one are
    compared with nothing, as before; NOTES.md "Known gaps")."""
    if snapshot is None or all(x.calculated is None and x.amount_applied is None for x in lines):
        return
    from ekb.decisions.proposal import propose_lines

    proposed = {line.purpose: line for line in propose_lines(application, snapshot)}
    for line in lines:
        reference = proposed.get(line.purpose)
        if line.amount_applied is not None:
            line.amount_applied = reference.amount_applied if reference else None
        if line.calculated is not None:
            line.calculated = reference.calculated if reference else None


def validate_lines(
    application: Application,
    lines: list[LineInput],
    *,
    children_consideration: str = "",
    reconsidering: bool = False,
) -> None:
    """Every problem at once, keyed by line and field, in plain Swedish."""
    errors: dict[str, list[StrOrPromise]] = {}
    snapshot = latest_calculation(application)
    _set_references(application, snapshot, lines)
    if application.case.closed_on is not None:
        errors.setdefault("__all__", []).append(
            _("Ärendet är avslutat. Öppna ett nytt ärende för att fatta beslut.")
        )
    if application.status == ApplicationStatus.DECIDED and not reconsidering:
        errors.setdefault("__all__", []).append(_("Ansökan är redan beslutad."))
    if not lines:
        errors.setdefault("__all__", []).append(_("Beslutet behöver minst en rad."))
    purposes = [line.purpose for line in lines]
    applied = applied_purposes(application)
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
        if line.purpose in Purpose.values and line.purpose not in applied:
            # Added on the caseworker's (or decider's) own initiative: the decision departs from
            # the application, so it states its reasons (förvaltningslagen 32 §).
            if not line.reasons.strip():
                errors.setdefault(prefix + "reasons", []).append(
                    _(
                        "Ändamålet finns inte i ansökan, så beslutet avviker från ansökan. "
                        "Skriv skälen för beslutet."
                    )
                )
            elif line.outcome in Outcome.values:
                for problem in _reason_problems(application, line, snapshot, lines):
                    errors.setdefault(prefix + "reasons", []).append(problem)
            continue
        if departs(line) and not line.reasons.strip():
            errors.setdefault(prefix + "reasons", []).append(
                _("Beslutet avviker från ansökan eller beräkningen. Skriv skälen för beslutet.")
            )
        elif departs(line) and line.purpose in Purpose.values and line.outcome in Outcome.values:
            for problem in _reason_problems(application, line, snapshot, lines):
                errors.setdefault(prefix + "reasons", []).append(problem)
    for i, line in enumerate(lines):
        # Reasons already found to be another decision's (a proposal kept with a new amount)
        # say so once; the amount they state is the same correction.
        stated = [] if f"lines-{i}-reasons" in errors else _amount_in_reasons_problems(line)
        for problem in [*_prior_step_problems(application, line), *stated]:
            errors.setdefault(f"lines-{i}-reasons", []).append(problem)
    if (
        not children_consideration.strip()
        and any(refuses_or_reduces(line) for line in lines)
        and has_children(application, snapshot)
    ):
        errors.setdefault("children_consideration", []).append(
            _(
                "Det finns barn i hushållet och beslutet avslår eller minskar biståndet. Skriv "
                "hur barnens situation har beaktats."
            )
        )
    if errors:
        raise ValidationError(errors)


# What the decision form puts where the caseworker must write her own sentence (the activity
# requirement's proportionality, ekb.flow.activity): a reason still holding it is not finished.
WRITE_HERE = "[Skriv här"


def communicated_reason(line: LineInput, on: dt.date | None = None) -> str | None:
    """The key of the phrase needing communication first (FL 25 §) that the line's reasons are."""
    from ekb.decisions.phrases import communicated_phrase_in

    if line.purpose not in Purpose.values or line.outcome not in Outcome.values:
        return None
    return communicated_phrase_in(
        line.reasons, purpose=line.purpose, outcome=line.outcome, on=on or timezone.localdate()
    )


def _prior_step_problems(application: Application, line: LineInput) -> list[StrOrPromise]:
    """A reason left unfinished, or one that needs a step the law asks first (kommunicering
    before a refusal or reduction for a missed activity: ekb.decisions.prior_steps)."""
    from ekb.decisions import prior_steps
    from ekb.decisions.phrases import communicated_phrase_values

    found: list[StrOrPromise] = []
    if WRITE_HERE in (line.reasons or ""):
        found.append(
            _(
                "Skälen är inte färdiga: skriv det som står inom hakparentes, till exempel "
                "varför avslaget eller nedsättningen är proportionerlig."
            )
        )
    if line.purpose not in Purpose.values or line.outcome not in Outcome.values:
        return found
    on = timezone.localdate()
    matched = communicated_phrase_values(
        line.reasons, purpose=line.purpose, outcome=line.outcome, on=on
    )
    found.extend(
        prior_steps.problems(
            prior_steps.LineToCheck(
                case=application.case,
                application_id=application.pk,
                purpose=line.purpose,
                outcome=line.outcome,
                refuses_or_reduces=refuses_or_reduces(line),
                reasons=line.reasons or "",
                phrase_key=matched[0] if matched else None,
                phrase_values=matched[1] if matched else {},
                communication_id=line.communication_id,
                not_activity_requirement=line.not_activity_requirement,
                on=on,
            )
        )
    )
    return found


def _amount_in_reasons_problems(line: LineInput) -> list[StrOrPromise]:
    """A reason that is a phrase stating the line's amount ({amount}) states the amount decided:
    the letter's reasons may not say one amount and its table another (förvaltningslagen 32 §).
    The caseworker who types a new amount after the reason was filled in corrects the reason."""
    from ekb.decisions.phrases import format_amount, parse_amount, written_amounts

    if line.purpose not in Purpose.values or line.amount is None or not line.reasons:
        return []
    found: list[StrOrPromise] = []
    for written in written_amounts(line.reasons, purpose=line.purpose, on=timezone.localdate()):
        value = parse_amount(written)
        if value == line.amount:
            continue
        shown = format_amount(value) if value is not None else written
        found.append(
            _(
                "Beloppet i skälen (%(written)s) är inte beslutets belopp (%(amount)s). Rätta skälen."
            )
            % {"written": shown, "amount": format_amount(line.amount)}
        )
        break  # once is enough: the same correction
    return found


def departs(line: LineInput) -> bool:
    """A line departs from the application or the calculation: the law then demands reasons."""
    if line.outcome != Outcome.GRANTED:
        return True
    for reference in (line.calculated, line.amount_applied):
        if reference is not None and line.amount != reference:
            return True
    return False


def _decider_status(application, lines, user) -> tuple[str, str, StrOrPromise]:
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


def status_if_decided(application, lines, user) -> tuple[str, StrOrPromise]:
    """What deciding these lines would do for this user, without checking anything else: the
    status (decided now, or waiting for a decider) and why it would wait."""
    status, _reference, message = _decider_status(application, lines, user)
    return status, message


def warning_field(warning_id: int) -> str:
    """The form field (and error key) of the comment that acknowledges one warning."""
    return f"warning-{warning_id}"


def _unanswered(warnings, comments: dict[int, str]) -> dict[str, list]:
    """The error of each open warning given no comment in the decision step."""
    return {
        warning_field(w.pk): [
            _("Kvittera varningen med en kommentar: vad du har kontrollerat eller bedömt.")
        ]
        for w in warnings
        if not (comments.get(w.pk) or "").strip()
    }


def _acknowledge_open_warnings(application, comments: dict[int, str], acting_user, channel):
    from ekb.decisions.warnings import do_acknowledge_warning, open_warnings

    unanswered = open_warnings(application, for_update=True)
    missing = _unanswered(unanswered, comments)
    if missing:
        raise ValidationError(missing)
    for warning in unanswered:
        do_acknowledge_warning(
            warning, comment=comments[warning.pk], acting_user=acting_user, channel=channel
        )


def check_decision(
    application: Application,
    lines: list[LineInput],
    *,
    acting_user,
    children_consideration: str = "",
    acknowledgements: dict[int, str] | None = None,
    reconsiders: Decision | None = None,
) -> tuple[str, StrOrPromise]:
    """Everything ``do_decide_application`` would refuse, without deciding or storing anything:
    what the confirmation page asks before the decision is made. Returns the status the decision
    would get (decided now, or waiting for a decider) and why it would wait. With
    ``reconsiders``, the omprövning of that decision is checked (FL 38–39 §§)."""
    from ekb.decisions.register_proposals import untried_proposals_message
    from ekb.decisions.warnings import open_warnings

    if reconsiders is not None:
        from ekb.decisions.reconsideration import check_reconsideration

        check_reconsideration(application, reconsiders)
    else:
        existing = application.decisions.exclude(status=DecisionStatus.DRAFT).first()
        if existing is not None and existing.status != DecisionStatus.SENT_BACK:
            raise ValidationError(
                {"__all__": [_("Ansökan har redan ett beslut eller ett förslag som väntar.")]}
            )
    untried = untried_proposals_message(application)
    if untried:
        raise ValidationError({"__all__": [untried]})
    validate_lines(
        application,
        lines,
        children_consideration=children_consideration,
        reconsidering=reconsiders is not None,
    )
    missing = _unanswered(open_warnings(application), acknowledgements or {})
    if missing:
        raise ValidationError(missing)
    status, _reference, message = _decider_status(application, lines, acting_user)
    return status, message


def unsaved_decision(
    application: Application,
    lines: list[LineInput],
    *,
    acting_user,
    made_orally: bool = False,
    children_consideration: str = "",
) -> tuple[Decision, list[DecisionLine]]:
    """The decision as it would be made today, in memory only (never saved): what the letter
    preview renders before the caseworker decides."""
    from ekb.decisions.phrases import legal_reference_from_keys

    status, reference, _message = _decider_status(application, lines, acting_user)
    decision = Decision(
        case=application.case,
        application=application,
        calculation=latest_calculation(application),
        status=DecisionStatus.DRAFT,
        delegation_reference=reference,
        made_orally=made_orally,
        children_consideration=children_consideration.strip(),
        created_by=acting_user,
        decided_by=acting_user if status == DecisionStatus.DECIDED else None,
    )
    rows = [_decision_line(decision, line) for line in lines]
    for row in rows:
        if row.reference_keys:
            row.legal_reference = legal_reference_from_keys(
                row.reference_keys, on=timezone.localdate()
            )
    return decision, rows


@transaction.atomic
def do_decide_application(
    application: Application,
    lines: list[LineInput],
    *,
    acting_user,
    made_orally: bool = False,
    children_consideration: str = "",
    acknowledgements: dict[int, str] | None = None,
    reconsiders: Decision | None = None,
    meeting=None,
    channel=Channel.WEB,
) -> Decision:
    """Decide, or, above the user's delegation or under four-eyes, propose for approval.

    With ``meeting``, the decision was given orally in that meeting with the client
    (ekb.flow.meetings): it is marked as made orally and keeps the meeting.

    With ``reconsiders``, the decision changes that decided decision on the same application
    (omprövning, förvaltningslagen 38–39 §§; ekb.decisions.reconsideration says when it may).

    A warning still open on the application is acknowledged in the same step, with the comment
    given for it in ``acknowledgements`` (warning id -> comment); without one the decision is
    refused, so nobody decides past a warning they have not answered (issue 11)."""
    application = (
        Application.objects.select_for_update().select_related("case").get(pk=application.pk)
    )
    if reconsiders is not None:
        from ekb.decisions.reconsideration import check_reconsideration

        check_reconsideration(application, reconsiders)
        # An omprövning sent back by the decider (four eyes) is proposed again in its place.
        existing = (
            Decision.objects.select_for_update(of=("self",))
            .filter(application=application, reconsiders=reconsiders)
            .filter(status=DecisionStatus.SENT_BACK)
            .first()
        )
    else:
        existing = (
            Decision.objects.select_for_update(of=("self",))
            .filter(application=application)
            .exclude(status=DecisionStatus.DRAFT)
            .first()
        )
        if existing is not None and existing.status != DecisionStatus.SENT_BACK:
            raise ValidationError(
                {"__all__": [_("Ansökan har redan ett beslut eller ett förslag som väntar.")]}
            )
    # Register data are proposals the caseworker tries first (issue 9; FL 23 §): no decision by
    # hand past a register fact not yet accepted or rejected.
    from ekb.decisions.register_proposals import untried_proposals_message

    untried = untried_proposals_message(application)
    if untried:
        raise ValidationError({"__all__": [untried]})
    validate_lines(
        application,
        lines,
        children_consideration=children_consideration,
        reconsidering=reconsiders is not None,
    )
    _acknowledge_open_warnings(application, acknowledgements or {}, acting_user, channel)
    status, reference, _message = _decider_status(application, lines, acting_user)
    fields = {
        "calculation": latest_calculation(application),
        "status": status,
        "delegation_reference": reference,
        "made_orally": made_orally or meeting is not None,
        "meeting": meeting,
        "children_consideration": children_consideration.strip(),
        "created_by": acting_user,
        "reconsiders": reconsiders,
    }
    if existing is None:
        decision = Decision.objects.create(case=application.case, application=application, **fields)
    else:
        # A proposal sent back (four eyes): the caseworker's new proposal takes its place; the
        # comment it was sent back with stays, and the case's events keep every round.
        decision = existing
        decision.lines.all().delete()
        for name, value in fields.items():
            setattr(decision, name, value)
        decision.version += 1
        decision.save(update_fields=[*fields, "version"])
    DecisionLine.objects.bulk_create(_decision_line(decision, line) for line in lines)
    record(
        action=Action.CHANGE_CASE, user=acting_user, case_id=application.case_id, channel=channel
    )
    if status == DecisionStatus.DECIDED:
        _finalise(decision, decided_by=acting_user)
    else:
        append_event(
            decision.case,
            EventKind.DECISION_PROPOSED,
            actor=acting_user,
            data={"decision_id": decision.pk, "again": existing is not None},
            visible_to_client=False,
        )
    return decision


AWAITING = (DecisionStatus.AWAITING_APPROVAL, DecisionStatus.AWAITING_COMMITTEE)


def lock_awaiting_decision(decision: Decision, acting_user) -> Decision:
    """The decision, locked, if it waits for a decider and the user is not the one who proposed
    it (four eyes): what approving, changing and sending back all start with."""
    decision = (
        # Lock the decision row only: PostgreSQL cannot lock the nullable side of the join.
        Decision.objects.select_for_update(of=("self",))
        .select_related("case", "application")
        .get(pk=decision.pk)
    )
    if decision.status not in AWAITING:
        raise ValidationError({"__all__": [_("Beslutet väntar inte på godkännande.")]})
    if decision.created_by_id == acting_user.pk:
        raise ValidationError(
            {"__all__": [_("Någon annan än den som föreslog beslutet ska godkänna det.")]}
        )
    return decision


def decide_as_decider(decision: Decision, acting_user, channel) -> Decision:
    """The decider makes the (locked, awaiting) decision under their own delegation; above a
    section manager's it goes on to the committee."""
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


@transaction.atomic
def do_approve_decision(decision: Decision, *, acting_user, channel=Channel.WEB) -> Decision:
    """A section manager (or, under four-eyes, a colleague with delegation) makes the decision."""
    decision = lock_awaiting_decision(decision, acting_user)
    return decide_as_decider(decision, acting_user, channel)


def line_citation(line: LineInput) -> tuple[list[str], str]:
    """(reference keys, legal reference) a line cites: the purpose's, or, for a reason of the
    activity requirement, the phrase's own act (12 kap. 4 a–6 a §§ SoL). A caller's own legal
    reference (the API) is kept as given, with no keys. Four eyes recomputes it for a line the
    decider changes (ekb.decisions.four_eyes), so the letter cites what the line now says."""
    from ekb.decisions.phrases import legal_reference_from_keys, phrase_reference_keys

    if line.legal_reference:
        return [], line.legal_reference
    communicated = communicated_reason(line)
    if communicated is None:
        return purpose_reference_keys(line.purpose), default_legal_reference(line.purpose)
    keys = phrase_reference_keys(communicated, purpose=line.purpose)
    return keys, legal_reference_from_keys(keys, on=timezone.localdate())


def line_communication(line: LineInput) -> tuple[int | None, bool]:
    """(communication id, not on the activity requirement) as stored: only on a line that
    refuses or reduces (a grant rests on no communication and uses none up)."""
    if not refuses_or_reduces(line):
        return None, False
    return line.communication_id, bool(line.not_activity_requirement)


def _decision_line(decision: Decision, line: LineInput) -> DecisionLine:
    """A line as proposed; what it cites is made from its reference keys when it is decided."""
    assert decision.application is not None  # a decision is made on an application here
    start, end = month_period(decision.application.month)
    keys, legal_reference = line_citation(line)
    communication_id, not_activity_requirement = line_communication(line)
    return DecisionLine(
        decision=decision,
        purpose=line.purpose,
        outcome=line.outcome,
        amount_applied=line.amount_applied,
        amount=line.amount,
        period_start=start,
        period_end=end,
        reasons=line.reasons.strip(),
        legal_reference=legal_reference,
        reference_keys=keys,
        communication_id=communication_id,
        not_activity_requirement=not_activity_requirement,
    )


def _cite_on_decision_day(decision: Decision, on: dt.date) -> None:
    """The act in force on the day the decision is made is the act cited (a proposal made on
    30 June 2025 and approved on 1 July 2025 cites SoL 2025:400, not 2001:453). Stores the
    references and rule versions the decision was made with."""
    from ekb.decisions.phrases import legal_reference_from_keys

    references: list[str] = []
    for line in decision.lines.order_by("id"):
        if line.reference_keys:
            cited = legal_reference_from_keys(line.reference_keys, on=on)
            if cited != line.legal_reference:
                line.legal_reference = cited
                line.save(update_fields=["legal_reference"])
        references.append(line.legal_reference)
    decision.legal_references = list(dict.fromkeys(references))
    snapshot = decision.calculation
    decision.rule_versions = {
        "cited_on": on.isoformat(),
        "reference_keys": sorted(
            {key for line in decision.lines.all() for key in line.reference_keys}
        ),
        "calculation": (snapshot.result or {}).get("versions", {}) if snapshot else {},
        "calculation_rules": snapshot.rule_versions if snapshot else {},
    }


def _finalise(decision: Decision, *, decided_by, automated: bool = False) -> None:
    """The decision is made. Its letter and payments follow after commit (ekb.flow)."""
    decision.status = DecisionStatus.DECIDED
    decision.decided_by = decided_by
    decision.decided_at = timezone.now()
    decision.automated = automated
    decision.version += 1
    _cite_on_decision_day(decision, timezone.localtime(decision.decided_at).date())
    decision.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "automated",
            "version",
            "legal_references",
            "rule_versions",
        ]
    )
    application = decision.application
    assert application is not None  # decisions are made on applications (do_decide_application)
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
    if not _simple_renewal(application):
        return None
    if not policy.automation_decision.strip():
        # Förvaltningslagen 28 §: only where the committee has decided to automate, and the
        # decision cites that decision; without it recorded, a person decides.
        return None
    snapshot = latest_calculation(application)
    if snapshot is None or open_warnings(application) or snapshot.amount <= 0:
        return None
    if snapshot.amount > policy.automated_max_amount:
        return None
    previous = (
        application.case.calculations.filter(month__lt=application.month, application__isnull=False)
        .order_by("-month", "-id")
        .first()
    )
    if previous is None or _household(previous) != _household(snapshot):
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
        delegation_reference=policy.automation_decision.strip(),
    )
    DecisionLine.objects.create(
        decision=decision,
        purpose=Purpose.LIVELIHOOD,
        outcome=Outcome.GRANTED,
        amount_applied=snapshot.amount,
        amount=snapshot.amount,
        period_start=start,
        period_end=end,
        reasons=_automated_reason(application, snapshot),
        legal_reference=default_legal_reference(),
        reference_keys=purpose_reference_keys(Purpose.LIVELIHOOD),
    )
    record(
        action=Action.CHANGE_CASE,
        case_id=application.case_id,
        channel=Channel.SYSTEM,
        detail={"automated": True},
    )
    _finalise(decision, decided_by=None, automated=True)
    return decision


def _simple_renewal(application: Application) -> bool:
    """A renewal a rule may decide: not one given at a meeting (the caseworker decides it
    orally), no one-off cost (a dental bill, medicine: its own line and an individual
    assessment) and no line a caseworker added or changed (a person's judgement is in it)."""
    if application.channel == SubmittedVia.MEETING:
        return False
    lines = application.lines.filter(overridden=False)
    if lines.filter(source=Source.CASEWORKER).exists():
        return False
    one_off = {code for code, cost in COSTS.items() if cost.one_off}
    return not lines.filter(kind=LineKind.COST, type__in=one_off).exists()


# Member facts that grow every month in an unchanged household: each person's months with
# support (jobbstimulans, per person) gain the last month. They are not a household change.
_MONTHLY_MEMBER_FACTS = frozenset({"support_history"})


def _household(snapshot) -> list[dict]:
    """The household a calculation was made for, as compared between two months: the members
    and their facts, without the facts that change every month anyway."""
    return [
        {k: v for k, v in member.items() if k not in _MONTHLY_MEMBER_FACTS}
        for member in (snapshot.input or {}).get("members", [])
    ]


def _automated_reason(application: Application, snapshot) -> str:
    """The reasons of an automated grant, built from its calculation like a caseworker's."""
    from ekb.decisions.phrases import PhraseError, default_reason

    try:
        return default_reason(
            Purpose.LIVELIHOOD,
            Outcome.GRANTED,
            on=timezone.localdate(),
            amount=snapshot.amount,
            month=application.month,
            facts=decision_facts(snapshot, costs_on_own_lines=False),
            couple=is_couple(snapshot),
            **calculation_values(snapshot),
        )
    except PhraseError:
        return ""


@transaction.atomic
def do_review_automated_decision(decision: Decision, *, acting_user, channel=Channel.WEB) -> None:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.automated:
        raise ValidationError({"__all__": [_("Beslutet är inte automatiserat.")]})
    decision.reviewed_by = acting_user
    decision.reviewed_at = timezone.now()
    decision.save(update_fields=["reviewed_by", "reviewed_at"])
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=decision.case_id, channel=channel)
