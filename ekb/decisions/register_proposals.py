"""Register data are proposals, not facts (issue 9).

A register (SSBTEK-like: Försäkringskassan, CSN, Skatteverket, ...) may report an income the
application lacks, or another amount than the client gave. Such a value becomes a
`RegisterProposal` with its source, shown beside what the client said; a caseworker accepts or
rejects each one. Only an accepted proposal counts, as the application line it becomes. A
recalculation (after a caseworker changes a line) may find new register values, but they only
become new proposals: the amount never changes by itself. Before this, one changed cost pulled
in a register salary and cut the support by 8 269 kr with only a warning.

One exception, decided on the robot's first calculation only: benefits the application form
does not ask the client about because Försäkringskassan reports them by design (barnbidrag,
underhållsstöd, bostadsbidrag; `fetched_by_design` in rules/register_proposals.yaml) are accepted by rule
when the application has no line for them. Leaving them out would overpay every family that
gets them; they remain visible as register facts, and the caseworker can change them like any
line. A value for them that differs from a line already there is a proposal like any other.

These family benefits are paid for the household's children, and the e-service lets the client
write them under one person (Sara writes the household's barnbidrag, 1 875 kr, under her own
name) while Försäkringskassan may split them between the parents (1 325 kr to Sara, 1 325 kr to
Johan). Compared person by person, Johan's share was accepted by rule beside Sara's own line and
the household's barnbidrag was counted one and a half times (3 200 kr). So they are compared for
the household as a whole, per type (`household_group`): the register's total against the
client's total, whoever's name the lines are on. Equal: nothing to do. The client stated none:
the register's lines are taken (fetched by design, on the robot's first calculation). Otherwise
one proposal for the household and type: accepting it replaces all the household's lines of that
type with the register's, rejecting it keeps the client's; never both.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ekb.applications.actions import forget_meeting_confirmation
from ekb.applications.choices import ApplicationStatus, LineKind, Source
from ekb.applications.models import Application, ApplicationLine, RegisterProposal
from ekb.applications.register_benefits import fetched_by_design
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.decisions.choices import WarningStatus
from ekb.decisions.models import CaseWarning
from ekb.decisions.warning_words import render, words
from ekb.lib.money import kr
from ekb.norm.vocabulary import CHILD_EARNINGS, EMPLOYMENT_INCOME, INCOME_LABELS_SV

Status = RegisterProposal.Status


def proposal_text(proposal) -> str:
    """A proposal in words, for the register warning and for the refusal to decide while one is
    untried: the income, whose it is, and what the register and the application say."""
    label = INCOME_LABELS_SV.get(proposal.type, proposal.type)
    benefit = f" ({proposal.benefit})" if proposal.benefit and proposal.benefit != label else ""
    if proposal.household:
        # A benefit for the household's children, compared for the household as a whole
        # (household proposals, below): both sides as totals, with whose name each line is on.
        rows = proposal.household_rows()
        register = ", ".join(f"{name} {kr(amount)}" for name, amount in rows["register"])
        client = ", ".join(f"{name} {kr(amount)}" for name, _, amount in rows["client"])
        text = (
            f"{label}{benefit} för hushållet: {kr(proposal.amount)} enligt registret ({register})"
        )
        if rows["client"]:
            total = sum((amount for _, _, amount in rows["client"]), Decimal(0))
            text += (
                f", {kr(total)} enligt ansökan ({client}), godtas den räknas registrets "
                "i stället för ansökans"
            )
        else:
            text += ", inte med i ansökan"
        return text
    text = (
        f"{label}{benefit} för {proposal.member.first_name}: {kr(proposal.amount)} enligt registret"
    )
    if proposal.client_line is not None:
        text += f", {kr(proposal.client_line.amount)} enligt ansökan"
    else:
        text += ", inte med i ansökan"
    return text


# Flerbarnstillägg is paid with the barnbidrag (SFB 15 kap.) and a client may write the two as
# one line: the household compares them as one benefit.
_SAME_BENEFIT = {"large_family_supplement": "child_allowance"}


def household_group(income_type: str) -> str | None:
    """The household benefit an income type belongs to, or None for a person's own income."""
    income_type = _SAME_BENEFIT.get(income_type, income_type)
    return income_type if income_type in fetched_by_design() else None


def _household_lines(application: Application, group: str) -> list[ApplicationLine]:
    return [
        line
        for line in application.lines.filter(kind=LineKind.INCOME, overridden=False).order_by("id")
        if household_group(line.type) == group
    ]


def _counted_income_lines(
    application: Application, applicant_id: int | None
) -> dict[tuple[int | None, str], ApplicationLine]:
    """The income lines that count now, by (person, income type); an income not tied to a person
    is the applicant's (as in ekb.decisions.calculation.household_month)."""
    lines: dict[tuple[int | None, str], ApplicationLine] = {}
    for line in application.lines.filter(kind=LineKind.INCOME, overridden=False).order_by("id"):
        lines.setdefault((line.member_id or applicant_id, line.type), line)
    return lines


def _register_totals(report, persons: dict, children: frozenset = frozenset()) -> dict:
    """The register's incomes summed by (person, income type): two employers' salaries are one
    salary for the calculation. Each total keeps its sources, benefit names and references.
    A child's salary is the child's earnings, the type the norm engine takes for a child (part
    of it exempt, ekb/norm/rules/incomes.py); the registers are asked about the children too
    (ekb.cases.household.persons_to_ask_the_register)."""
    totals: dict = defaultdict(
        lambda: {"amount": Decimal(0), "sources": [], "benefits": [], "refs": [], "month": None}
    )
    for income in report.incomes:
        person = persons.get(income.identity_number)
        if person is None:
            continue  # not a member of this household in the month
        income_type = income.income_type
        if income.identity_number in children and income_type == EMPLOYMENT_INCOME:
            income_type = CHILD_EARNINGS
        entry = totals[(person, income_type)]
        entry["amount"] += income.amount
        entry["sources"].append(str(income.source))
        entry["benefits"].append(income.benefit)
        entry["refs"].append(income.reference)
        entry["month"] = income.period_month
    return totals


def record_register_facts(
    application: Application, report, *, members, by_rule: bool
) -> list[RegisterProposal]:
    """Turn a register report into proposals. Returns the new ones.

    A register value equal to the line that counts confirms it and adds nothing. A value that was
    proposed before for this application (pending, accepted or rejected) is not proposed again,
    so a rejected fact stays rejected however often the calculation is made again. With
    `by_rule` (the robot's first calculation), a benefit fetched by design with no line yet is
    accepted by rule and becomes a counted line; nothing else is ever counted here. The benefits
    paid for the household's children are compared for the household first (`household_group`,
    `_household_proposal`): "no line yet" means no line of that benefit on anyone in it."""
    persons = {m.person.identity_number: m.person for m in members}
    children = frozenset(m.person.identity_number for m in members if m.role == "child")
    applicant_id = next((m.person_id for m in members if m.role == "applicant"), None)
    counted = _counted_income_lines(application, applicant_id)
    proposed = set(
        application.register_proposals.values_list("member_id", "type", "amount").distinct()
    )
    created = []
    totals = _register_totals(report, persons, children)
    by_household: dict = defaultdict(list)
    for (person, income_type), total in totals.items():
        group = household_group(income_type)
        if group is not None:
            by_household[group].append((person, income_type, total))
    taken_by_rule = set()
    for group, register_lines in by_household.items():
        client_lines = _household_lines(application, group)
        if not client_lines and by_rule:
            taken_by_rule.add(group)  # the client stated none: taken below, person by person
            continue
        created.extend(
            _household_proposal(application, group, register_lines, client_lines, applicant_id)
        )
    for (person, income_type), total in totals.items():
        group = household_group(income_type)
        if group is not None and group not in taken_by_rule:
            continue  # compared for the household above
        amount = total["amount"].quantize(Decimal("0.01"))
        line = counted.get((person.pk, income_type))
        if line is not None and line.amount == amount:
            continue  # the register confirms what the application holds
        if (person.pk, income_type, amount) in proposed:
            continue  # already before the caseworker, or already decided
        proposal = RegisterProposal.objects.create(
            application=application,
            kind=LineKind.INCOME,
            type=income_type,
            member=person,
            amount=amount,
            register_source=",".join(dict.fromkeys(total["sources"]))[:20],
            benefit=", ".join(b for b in dict.fromkeys(total["benefits"]) if b)[:100],
            reference=",".join(r for r in total["refs"] if r)[:100],
            period_month=total["month"] or application.month,
            client_line=line,
        )
        if line is None and group in taken_by_rule:
            proposal.line = ApplicationLine.objects.create(
                application=application,
                kind=LineKind.INCOME,
                type=income_type,
                member=person,
                amount=amount,
                value=proposal.register_source,
                source=Source.REGISTER,
            )
            proposal.status = Status.ACCEPTED
            proposal.accepted_by_rule = True
            proposal.decided_at = timezone.now()
            proposal.save(update_fields=["line", "status", "accepted_by_rule", "decided_at"])
            counted[(person.pk, income_type)] = proposal.line
        proposed.add((person.pk, income_type, amount))
        created.append(proposal)
    return created


def _household_proposal(
    application: Application, group: str, register_lines, client_lines, applicant_id
) -> list[RegisterProposal]:
    """One proposal for the household and benefit when the register's total differs from the
    client's (or the client stated none and the robot's first calculation is past). A total
    proposed before (pending, accepted or rejected) is not proposed again."""
    register_total = sum((t["amount"] for _, _, t in register_lines), Decimal(0)).quantize(
        Decimal("0.01")
    )
    client_total = sum((line.amount for line in client_lines), Decimal(0))
    if client_lines and client_total == register_total:
        return []  # the register confirms the household's total, however it is split
    member_id = applicant_id or register_lines[0][0].pk
    if application.register_proposals.filter(
        member_id=member_id, type=group, amount=register_total
    ).exists():
        return []  # already before the caseworker, or already decided
    totals = [t for _, _, t in register_lines]
    proposal = RegisterProposal.objects.create(
        application=application,
        kind=LineKind.INCOME,
        type=group,
        member_id=member_id,
        amount=register_total,
        register_source=",".join(dict.fromkeys(s for t in totals for s in t["sources"]))[:20],
        benefit=", ".join(dict.fromkeys(b for t in totals for b in t["benefits"] if b))[:100],
        reference=",".join(r for t in totals for r in t["refs"] if r)[:100],
        period_month=next((t["month"] for t in totals if t["month"]), application.month),
        client_line=client_lines[0] if client_lines else None,
        household={
            "register": [
                {
                    "member": person.pk,
                    "type": income_type,
                    "amount": str(t["amount"].quantize(Decimal("0.01"))),
                }
                for person, income_type, t in register_lines
            ],
            "client": [
                {
                    "line": line.pk,
                    "member": line.member_id,
                    "type": line.type,
                    "amount": str(line.amount),
                }
                for line in client_lines
            ],
        },
    )
    return [proposal]


def pending_proposals(application: Application):
    return application.register_proposals.filter(status=Status.PENDING).select_related(
        "member", "client_line"
    )


def document_with_proposals(document: dict, proposals, applicant_key: str | None) -> dict:
    """The household-month as it would be if every pending proposal were accepted: a proposal
    for an income the client gave replaces the client's amount; any other is added."""
    changed = copy.deepcopy(document)
    incomes = changed.setdefault("incomes", [])
    for proposal in proposals:
        if proposal.household:
            # The household's lines of this benefit are replaced by the register's, never added.
            incomes[:] = [e for e in incomes if household_group(e["type"]) != proposal.type]
            incomes.extend(
                {"member": f"p{e['member']}", "type": e["type"], "amount": e["amount"]}
                for e in proposal.household["register"]
            )
            continue
        member = f"p{proposal.member_id}"
        client = proposal.client_line
        if client is not None and not client.overridden:
            # The client's line as household_month wrote it: untied incomes are the applicant's.
            client_member = f"p{client.member_id}" if client.member_id else applicant_key
            for i, entry in enumerate(incomes):
                if (entry["member"], entry["type"]) == (client_member, proposal.type) and Decimal(
                    entry["amount"]
                ) == Decimal(client.amount):
                    del incomes[i]
                    break
        incomes.append({"member": member, "type": proposal.type, "amount": str(proposal.amount)})
    return changed


def untried_proposals_message(application: Application) -> str | None:
    """Why a caseworker cannot decide yet, naming the register facts not yet tried, or None.
    Register data are proposals the caseworker accepts or rejects (issue 9); a decision made by
    hand while one is untried would be made either without a fact the register reported or
    without the caseworker having weighed it (FL 23 §: the authority sees to it that the matter
    is sufficiently investigated)."""
    pending = list(pending_proposals(application).order_by("id"))
    if not pending:
        return None
    return gettext(
        "Pröva registeruppgifterna innan du beslutar: %(facts)s. Godta eller avvisa var och en "
        "under Registeruppgifter att pröva på ansökan."
    ) % {"facts": "; ".join(proposal_text(p) for p in pending)}


def _lock_pending(proposal: RegisterProposal) -> RegisterProposal:
    proposal = (
        RegisterProposal.objects.select_for_update(of=("self",))
        .select_related("application", "application__case")
        .get(pk=proposal.pk)
    )
    if proposal.status != Status.PENDING:
        raise ValidationError({"__all__": _("Registeruppgiften är redan prövad. Ladda om sidan.")})
    if proposal.application.status not in (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_PROGRESS,
    ):
        raise ValidationError({"__all__": _("Ansökan är redan beslutad.")})
    return proposal


def _outcome_text(proposal: RegisterProposal) -> str:
    if proposal.status == Status.PENDING:
        # The next calculation names it in a warning of its own, which tells its outcome.
        return "inte prövad än, visas i en ny varning"
    who = f" av {proposal.decided_by.display_name}" if proposal.decided_by else ""
    when = f" {timezone.localdate(proposal.decided_at):%Y-%m-%d}" if proposal.decided_at else ""
    if proposal.status == Status.ACCEPTED:
        return f"godtagen{who}{when}, räknas i beräkningen"
    reason = f" ({proposal.reason})" if proposal.reason else ""
    return f"avvisad{who}{when}, räknas inte{reason}"


def _settle_warnings(application: Application) -> None:
    """A register warning names the facts not yet tried and the amount if they were accepted.
    Once one of them is tried, that amount is history: the warning is closed by the next
    calculation but kept, so its text is rewritten to say what was decided for each fact (the
    caseworker reads the warning later and must not see an amount that no longer holds)."""
    proposals = {
        p.pk: p
        for p in application.register_proposals.select_related(
            "member", "client_line", "decided_by"
        )
    }
    warnings = CaseWarning.objects.select_for_update().filter(
        application=application, rule="register_proposals"
    )
    for warning in warnings:
        if warning.status == WarningStatus.CLOSED and warning.detail.get("tried"):
            # Closed after a fact was tried: it keeps its words. The facts still untried then
            # went on to a new warning, which tells their outcome (else each repeated it).
            continue
        named = [proposals[i] for i in warning.detail.get("proposal_ids", []) if i in proposals]
        if not named or all(p.status == Status.PENDING for p in named):
            continue
        all_tried = all(p.status != Status.PENDING for p in named)
        said = words(
            (
                "register_proposals.tried_" + ("all" if all_tried else "some"),
                {"facts": "; ".join(f"{proposal_text(p)}, {_outcome_text(p)}" for p in named)},
            )
        )
        warning.message = render(said)
        warning.detail = {**warning.detail, "tried": True, "words": said}
        warning.save(update_fields=["message", "detail"])


def _log(proposal, kind, *, acting_user, channel) -> None:
    _settle_warnings(proposal.application)
    if kind == EventKind.REGISTER_PROPOSAL_ACCEPTED:
        # A counted line changed: amounts confirmed in a meeting must be gone through again.
        forget_meeting_confirmation(proposal.application)
    append_event(
        proposal.application.case,
        kind,
        actor=acting_user,
        data={"application_id": proposal.application_id, "register_proposal_id": proposal.pk},
        visible_to_client=False,
    )
    record(
        action=Action.CHANGE_CALCULATION,
        user=acting_user,
        case_id=proposal.application.case_id,
        channel=channel,
        detail={"register_proposal": proposal.pk},
    )


@transaction.atomic
def do_accept_register_proposal(
    proposal: RegisterProposal, *, acting_user, reason: str = "", channel=Channel.WEB
) -> RegisterProposal:
    """The caseworker accepts a register fact: it becomes a counted line with source "register".
    When the client gave another amount for the same income, the client's line stays, marked as
    replaced, as with any change of a fact. The calculation is made again by the journey
    (ekb.flow.journey.accept_register_proposal)."""
    proposal = _lock_pending(proposal)
    if proposal.household:
        return _accept_for_household(
            proposal, acting_user=acting_user, reason=reason, channel=channel
        )
    client = proposal.client_line
    if client is not None:
        client = ApplicationLine.objects.select_for_update().get(pk=client.pk)
    source_text = f"Registeruppgift godtagen ({proposal.register_source})"
    if client is not None and not client.overridden:
        client.overridden = True
        client.save(update_fields=["overridden"])
        line = ApplicationLine.objects.create(
            application=proposal.application,
            kind=client.kind,
            type=client.type,
            member=client.member or proposal.member,
            amount=proposal.amount,
            value=proposal.register_source,
            source=Source.REGISTER,
            overrides=client,
            override_reason=reason.strip() or source_text,
            created_by=acting_user,
        )
    else:
        line = ApplicationLine.objects.create(
            application=proposal.application,
            kind=proposal.kind,
            type=proposal.type,
            member=proposal.member,
            amount=proposal.amount,
            value=proposal.register_source,
            source=Source.REGISTER,
            override_reason=reason.strip(),
            created_by=acting_user,
        )
    proposal.status = Status.ACCEPTED
    proposal.line = line
    proposal.decided_by = acting_user
    proposal.decided_at = timezone.now()
    proposal.reason = reason.strip()
    proposal.save(update_fields=["status", "line", "decided_by", "decided_at", "reason"])
    _log(proposal, EventKind.REGISTER_PROPOSAL_ACCEPTED, acting_user=acting_user, channel=channel)
    return proposal


def _accept_for_household(proposal, *, acting_user, reason, channel) -> RegisterProposal:
    """All the household's lines of the benefit, whoever's name they are on, are replaced by the
    register's lines per person: the household's benefit counts once, as the register has it.
    Each client line stays, marked as replaced (by the register line of the same person, where
    there is one)."""
    application = proposal.application
    source_text = f"Registeruppgift godtagen ({proposal.register_source})"
    replaced: dict[int | None, ApplicationLine] = {}  # by person; None: a line tied to nobody
    for client_line in ApplicationLine.objects.select_for_update().filter(
        pk__in=[line.pk for line in _household_lines(application, proposal.type)]
    ):
        client_line.overridden = True
        client_line.save(update_fields=["overridden"])
        replaced.setdefault(client_line.member_id, client_line)
    applicant_id = proposal.member_id
    lines = []
    for entry in proposal.household["register"]:
        client = replaced.pop(entry["member"], None)
        if client is None and entry["member"] == applicant_id:
            client = replaced.pop(None, None)  # an untied line is the applicant's
        lines.append(
            ApplicationLine.objects.create(
                application=application,
                kind=LineKind.INCOME,
                type=entry["type"],
                member_id=entry["member"],
                amount=Decimal(entry["amount"]),
                value=proposal.register_source,
                source=Source.REGISTER,
                overrides=client,
                override_reason=reason.strip() or source_text,
                created_by=acting_user,
            )
        )
    proposal.status = Status.ACCEPTED
    proposal.line = lines[0] if lines else None
    proposal.decided_by = acting_user
    proposal.decided_at = timezone.now()
    proposal.reason = reason.strip()
    proposal.save(update_fields=["status", "line", "decided_by", "decided_at", "reason"])
    _log(proposal, EventKind.REGISTER_PROPOSAL_ACCEPTED, acting_user=acting_user, channel=channel)
    return proposal


@transaction.atomic
def do_reject_register_proposal(
    proposal: RegisterProposal, *, reason: str, acting_user, channel=Channel.WEB
) -> RegisterProposal:
    """The caseworker rejects a register fact, with a reason (e.g. the salary was for another
    month). Nothing in the calculation changes; the fact is never proposed again."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Skriv varför registeruppgiften inte ska räknas.")})
    proposal = _lock_pending(proposal)
    proposal.status = Status.REJECTED
    proposal.decided_by = acting_user
    proposal.decided_at = timezone.now()
    proposal.reason = reason.strip()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    _log(proposal, EventKind.REGISTER_PROPOSAL_REJECTED, acting_user=acting_user, channel=channel)
    return proposal
