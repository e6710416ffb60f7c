"""The decision letter: a PDF in plain Swedish, rendered once and kept.

    render_decision_letter(decision) -> bytes        # a fresh PDF (also for previews)
    do_store_letter(decision) -> DecisionLetter      # the stored PDF; renders only the first time

The letter carries what förvaltningslagen asks of a written decision: the date, what was
decided, who decided and under which delegation point, and who presented the case when someone
else decided (31 §), the reasons with the rules applied and the decisive facts (32 §), and how
to appeal (33 §, 40–44 §§); a notice when the decision was automated (28 §, citing the
committee's decision to automate) or first given orally in a meeting, and how the children's
situation was considered when a household with children is refused or reduced. The facts the
decision rests on are said in words (32 §): an income a register reported and the caseworker
accepted, with its source, and why another adult who lives in the home is not in the norm.
A couple (sökande and medsökande) is addressed as "ni" everywhere, one applicant as "du".
No full personnummer is printed: only its date part, with the last four digits as XXXX; no
internal id either: a row about a person names the person by first name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ekb.accounts.roles import Role
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.models import Decision
from ekb.decisions.phrases import (
    Phrase,
    appeal_instructions,
    automated_notice,
    children_notice,
    format_amount,
    format_date,
    format_month,
    oral_notice,
    phrase,
    unmet_conditions,
)
from ekb.lib.months import next_month_start
from ekb.norm.vocabulary import INCOME_LABELS_SV
from ekb.notices.models import DecisionLetter
from ekb.people.models import HouseholdMember, MemberRole

# How an outcome reads to the client (plainer than bifall/avslag).
OUTCOME_TEXT = {
    Outcome.GRANTED: "Beviljas",
    Outcome.PARTLY_GRANTED: "Beviljas delvis",
    Outcome.REFUSED: "Avslås",
    Outcome.DISMISSED: "Avvisas",
}
PAYING_OUTCOMES = {Outcome.GRANTED, Outcome.PARTLY_GRANTED}
ROLE_TEXT = {MemberRole.APPLICANT: "Sökande", MemberRole.CO_APPLICANT: "Medsökande"}
_MEMBER_SUFFIX = re.compile(r"\s*\((?P<member>[^()]*)\)$")
# An amount of 1 000 kr or more written without its thousands space ("av 2330 kr").
_BARE_AMOUNT = re.compile(r"(?<![\d,.])(?P<amount>\d{4,}(?:,\d{1,2})?)(?= kr\b)")


class LetterError(ValueError):
    pass


def masked_identity_number(number: str) -> str:
    """ "19850402-XXXX": the date part only; the last four digits never leave the system."""
    return f"{number[:8]}-XXXX"


def decision_date(decision: Decision) -> dt.date:
    when = decision.decided_at or timezone.now()
    return timezone.localtime(when).date()


def _period_text(start: dt.date, end: dt.date) -> str:
    next_month = next_month_start(start)
    if start.day == 1 and end == next_month - dt.timedelta(days=1):
        return format_month(start)
    return f"{format_date(start)} – {format_date(end)}"


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def _household_persons(
    decision: Decision, on: dt.date, *, full_identity: bool = False
) -> list[dict[str, str]]:
    """The parties; the personnummer masked as in the letter, or in full where the receiver must
    identify them (the bundle to förvaltningsrätten: ``full_identity``)."""
    members = (
        HouseholdMember.objects.filter(
            household_id=decision.case.household_id,
            role__in=[MemberRole.APPLICANT, MemberRole.CO_APPLICANT],
            valid_from__lte=on,
        )
        .exclude(valid_to__lt=on)
        .select_related("person")
        .order_by("role", "id")
    )
    if not members:
        members = (
            HouseholdMember.objects.filter(
                household_id=decision.case.household_id, role=MemberRole.APPLICANT
            )
            .select_related("person")
            .order_by("-valid_from")[:1]
        )
    return [
        {
            "role": ROLE_TEXT[MemberRole(m.role)],
            "name": m.person.full_name,
            "identity": m.person.formatted_identity_number
            if full_identity
            else masked_identity_number(m.person.identity_number),
        }
        for m in members
    ]


def _first_names(decision: Decision) -> dict[str, str]:
    """Calculation member ids ("p<person id>") to first names, for the calculation rows."""
    return member_names(decision.case.household_id)


def row_label(row: dict[str, Any], names: dict[str, str]) -> str:
    """A calculation row as a person reads it: "Personliga kostnader, 7–10 år (Lisa)". The
    engine's member id ("p116") is replaced by the first name, or dropped when unknown; a label
    that carries no id (the engine no longer puts it there) gets the name added."""
    label = _spaced_amounts(row.get("label", ""))
    member = row.get("member")
    if not member:
        return label
    name = names.get(member)
    match = _MEMBER_SUFFIX.search(label)
    if match and match["member"] == member:
        label = label[: match.start()]
    elif name and label.endswith(f"({name})"):
        return label
    return label + (f" ({name})" if name else "")


def _spaced_amounts(text: str) -> str:
    """Every amount in kronor with its thousands space, as format_amount writes it: a label
    the engine wrote as "av 2330 kr" reads "av 2 330 kr" in the letter."""
    return _BARE_AMOUNT.sub(
        lambda m: format_amount(Decimal(m["amount"].replace(",", "."))).removesuffix(" kr"), text
    )


def member_names(household_id: int) -> dict[str, str]:
    """Calculation member ids ("p<person id>") to first names, for any household."""
    return {
        f"p{m.person_id}": m.person.first_name
        for m in HouseholdMember.objects.filter(household_id=household_id)
        .select_related("person")
        .only("person__id", "person__first_name")
    }


_row_label = row_label


def calculation_table(decision: Decision) -> dict[str, Any] | None:
    """The calculation a decision rests on, as the letter and the client's decision page show it:
    the norm rows, the costs, the incomes that count and the total, amounts written out."""
    snapshot = decision.calculation
    if snapshot is None:
        return None
    result = snapshot.result or {}
    names = _first_names(decision)

    def rows(*kinds: str) -> list[dict[str, str]]:
        return [
            {"label": _row_label(row, names), "amount": format_amount(Decimal(row["amount"]))}
            for row in result.get("rows", [])
            if row.get("kind") in kinds and Decimal(row.get("amount", "0")) != 0
        ]

    return {
        "month": format_month(snapshot.month),
        "norm": format_amount(snapshot.norm),
        "reasonable_costs": format_amount(snapshot.reasonable_costs),
        "need": format_amount(snapshot.norm + snapshot.reasonable_costs),
        "countable_income": format_amount(snapshot.countable_income),
        "amount": format_amount(snapshot.amount),
        "norm_rows": rows("norm"),
        "cost_rows": rows("cost"),
        "income_rows": rows("income", "exemption"),
    }


def _role_text(user, case) -> str:
    roles = {a.role for a in user.role_assignments.all() if a.unit_id in (None, case.unit_id)}
    for role in (Role.SECTION_MANAGER, Role.SENIOR_CASEWORKER, Role.CASEWORKER):
        if role in roles:
            return Role(role).label.lower()
    return ""


_DELEGATION_PREFIX = re.compile(r"^(delegationsordning(en)?[,:]?\s*)?(punkt\s+)?", re.IGNORECASE)


def delegation_text(reference: str) -> str:
    """The delegation points as they follow "delegationsordningen, ": each once, each with the
    word "punkt" once, whatever form an older decision stored them in."""
    parts = []
    for part in (reference or "").split(";"):
        part = _DELEGATION_PREFIX.sub("", part.strip())
        if part:
            parts.append(f"punkt {part}")
    return "; ".join(dict.fromkeys(parts))


def _person_text(user, case) -> str:
    role = _role_text(user, case)
    return user.display_name + (f", {role}" if role else "")


def _decided_by(decision: Decision) -> list[str]:
    """Who decided, under what, and who presented the case (förvaltningslagen 28 and 31 §§)."""
    sentences = []
    if decision.automated:
        automation = decision.delegation_reference.strip()
        sentences.append(
            "Beslutet är fattat automatiskt med stöd av 28 § förvaltningslagen (2017:900)"
            + (f" och {automation}." if automation else ".")
        )
        return sentences
    if decision.decided_by is not None:
        sentences.append(
            f"Beslutet är fattat av {_person_text(decision.decided_by, decision.case)}."
        )
    delegation = delegation_text(decision.delegation_reference)
    if delegation:
        sentences.append(f"Beslutet är fattat med stöd av delegationsordningen, {delegation}.")
    if decision.approved_by is not None and decision.approved_by_id != decision.decided_by_id:
        sentences.append(f"Beslutet är godkänt av {decision.approved_by.display_name}.")
    if decision.created_by is not None and decision.created_by_id != decision.decided_by_id:
        sentences.append(f"Föredragande: {_person_text(decision.created_by, decision.case)}.")
    return sentences


def _contact(decision: Decision, *, couple: bool) -> str:
    you, your = ("ni", "er") if couple else ("du", "din")
    caseworker = decision.case.assigned_caseworker
    if caseworker is None:
        return f"Har {you} frågor? Kontakta socialtjänsten och ange ärende {decision.case.number}."
    phone = f" på telefon {caseworker.phone}" if caseworker.phone else ""
    return f"Har {you} frågor? Kontakta {your} handläggare {caseworker.display_name}{phone}."


def _is_couple(decision: Decision, persons: list[dict[str, str]]) -> bool:
    """Two applicants are "ni", one is "du": as the calculation the decision rests on has
    them (the reasons were written so), else as the letter is addressed."""
    from ekb.decisions.proposal import is_couple

    if decision.calculation is not None:
        return is_couple(decision.calculation)
    return len(persons) > 1


def _register_incomes(decision: Decision, on: dt.date) -> list[Phrase]:
    """Incomes a register reported that the caseworker (or the rule for benefits fetched by
    design) accepted and that the calculation the decision rests on counts, each with its
    amount and source: the facts the decision rests on (förvaltningslagen 32 §)."""
    from ekb.applications.models import RegisterProposal

    snapshot = decision.calculation
    if snapshot is None or decision.application_id is None:
        return []
    counted = {
        (entry.get("member"), entry.get("type"), Decimal(str(entry.get("amount", "0"))))
        for entry in (snapshot.input or {}).get("incomes", [])
    }
    names = _first_names(decision)
    found = []
    for proposal in RegisterProposal.objects.filter(
        application_id=decision.application_id,
        status=RegisterProposal.Status.ACCEPTED,
        line__isnull=False,
    ).select_related("line", "member"):
        # A household benefit (barnbidrag ...) accepted for the household became the register's
        # lines per person (ekb.decisions.register_proposals): each is named for its person.
        entries = [
            (f"p{e['member']}", e["type"], Decimal(e["amount"]))
            for e in proposal.household.get("register", [])
        ] or [(f"p{proposal.member_id}", proposal.type, proposal.amount)]
        assert proposal.line is not None  # line__isnull=False above
        for member, income_type, amount in entries:
            facts = {
                "register_income_counted": not proposal.line.overridden
                and (member, income_type, amount) in counted
            }
            if unmet_conditions("notice.register_income", facts):
                continue
            label = INCOME_LABELS_SV.get(income_type, income_type)
            found.append(
                phrase(
                    "notice.register_income",
                    on=on,
                    amount=amount,
                    income_type=label[:1].lower() + label[1:],
                    person=names.get(member) or proposal.member.first_name,
                    source=proposal.source_label,
                )
            )
    return found


def _left_out_of_norm(snapshot) -> list[str]:
    """The members the engine left out of the household's norm (its membership info rows)."""
    return [
        row.get("member")
        for row in (snapshot.result or {}).get("rows", [])
        if row.get("kind") == "info" and row.get("rule_id") == "household_membership"
    ]


def _only_child(decision: Decision) -> str:
    """The first name of the household's only child in the norm, or "" (none, several, or no
    calculation): the children's notice then speaks of "barnet" by name, else of "barnen"."""
    snapshot = decision.calculation
    if snapshot is None:
        return ""
    left_out = set(_left_out_of_norm(snapshot))
    children = [
        m.get("id")
        for m in (snapshot.input or {}).get("members", [])
        if m.get("role") == "child" and m.get("id") not in left_out
    ]
    if len(children) != 1:
        return ""
    return _first_names(decision).get(children[0], "")


def _other_adults(decision: Decision, on: dt.date, *, couple: bool) -> list[Phrase]:
    """Why a person who lives in the home is not in the household's norm (a young adult of
    18–20 not in school, FB 7 kap. 1 §; a lodger; an adult child), and that the common
    household costs are shared by everyone in the home (12 kap. 3 § andra stycket SoF
    2025:468). Who is left out is the engine's finding (its membership info rows)."""
    from ekb.norm.months import age_on_first_of_month, month_ordinal

    snapshot = decision.calculation
    if snapshot is None:
        return []
    left_out = _left_out_of_norm(snapshot)
    if not left_out:
        return []
    members = {m.get("id"): m for m in (snapshot.input or {}).get("members", [])}
    names = _first_names(decision)
    month = month_ordinal(snapshot.month.year, snapshot.month.month)
    found = []
    for member in dict.fromkeys(left_out):
        entry = members.get(member)
        name = names.get(member)
        if entry is None or not name:
            continue
        age = age_on_first_of_month(dt.date.fromisoformat(entry["birth_date"]), month)
        facts = {"under_21": age < 21}
        for key in ("notice.other_adult.young_adult", "notice.other_adult"):
            if not unmet_conditions(key, facts):
                found.append(phrase(key, on=on, name=name, age=age))
                break
    if found:
        found.append(phrase("notice.shared_common_costs", on=on, couple=couple))
    return found


def letter_context(decision: Decision, lines_: list | None = None) -> dict[str, Any]:
    """What the letter says. ``lines_`` are the decision's lines when it is not stored (the
    preview before deciding); otherwise they are read from the decision."""
    case = decision.case
    on = decision_date(decision)
    lines = []
    total = Decimal(0)
    pays = False
    references: list[str] = []
    for line in decision.lines.order_by("id") if lines_ is None else lines_:
        outcome = Outcome(line.outcome)
        if outcome in PAYING_OUTCOMES:
            total += line.amount
            pays = True
        if line.legal_reference:
            references.append(line.legal_reference)
        lines.append(
            {
                "purpose": Purpose(line.purpose).label,
                "outcome": OUTCOME_TEXT[outcome],
                "period": _period_text(line.period_start, line.period_end),
                "amount_applied": format_amount(line.amount_applied)
                if line.amount_applied is not None
                else None,
                "amount": format_amount(line.amount if outcome in PAYING_OUTCOMES else 0),
                "reasons": _paragraphs(line.reasons),
                "legal_reference": line.legal_reference or "socialtjänstlagen",
            }
        )
    persons = _household_persons(decision, on)
    couple = _is_couple(decision, persons)
    notices = []
    if decision.automated:
        notices.append(
            automated_notice(
                on=on,
                automation_decision=decision.delegation_reference.strip()
                or "kommunens beslut om automatiserade beslut",
                couple=couple,
            )
        )
    if decision.made_orally and not decision.change_reasons.strip():
        # "You were told at the meeting" holds only for what was said there: a decider who
        # changed the proposal under four eyes decided something the client was not told.
        told_on = timezone.localdate(decision.meeting.starts_at) if decision.meeting else on
        notices.append(oral_notice(on=on, meeting_date=told_on, couple=couple))
    children = (
        children_notice(
            on=on,
            consideration=decision.children_consideration.strip(),
            couple=couple,
            child_name=_only_child(decision),
        )
        if decision.children_consideration.strip()
        else None
    )
    if decision.reconsiders is not None:
        # Omprövning (FL 38–39 §§): the letter says which decision it replaces.
        notices.append(
            phrase(
                "notice.reconsidered",
                on=on,
                couple=couple,
                decided_on=decision_date(decision.reconsiders),
            )
        )
    dismissal = _dismissed_appeal(decision)
    if dismissal is not None:
        appealed_on = format_date(decision_date(dismissal.decision))
        for row in lines:
            row["purpose"] = f"Överklagande av beslutet från den {appealed_on}"
    other_adults = _other_adults(decision, on, couple=couple)
    appeal = appeal_instructions(on=on, municipality_name=case.municipality.name, couple=couple)
    references.extend(p.legal_reference for p in other_adults if p.legal_reference)
    if children is not None:
        references.append(children.legal_reference)
    references.extend(n.legal_reference for n in notices)
    references.append(appeal.legal_reference)
    you = "Ni" if couple else "Du"
    summary = (
        f"{you} får {format_amount(total)} i ekonomiskt bistånd."
        if pays
        else f"{you} får inget ekonomiskt bistånd."
    )
    heading = "Beslut om ekonomiskt bistånd"
    if dismissal is not None:
        heading = "Beslut om avvisning av överklagande"
        summary = "Överklagandet avvisas eftersom det kom in för sent."
    return {
        "title": f"{heading}, ärende {case.number}",
        "heading": heading,
        "municipality_name": case.municipality.name,
        "unit_name": case.unit.name,
        "case_number": case.number,
        "decided_on_text": format_date(on),
        "is_draft": decision.status != DecisionStatus.DECIDED,
        "persons": persons,
        "couple": couple,
        "lines": lines,
        "total_granted": format_amount(total) if lines else None,
        "summary": summary,
        "calculation": calculation_table(decision),
        "references": list(dict.fromkeys(references)),
        "notices": notices,
        "children": children,
        "other_adults": other_adults,
        "register_incomes": _register_incomes(decision, on),
        "appeal": appeal,
        "decided_by": _decided_by(decision),
        "contact": _contact(decision, couple=couple),
    }


def _dismissed_appeal(decision: Decision):
    """The appeal this decision dismisses as late (FL 45 §), or None."""
    from ekb.notices.models import Appeal

    if decision.pk is None:
        return None
    return Appeal.objects.filter(dismissal_id=decision.pk).select_related("decision").first()


def letter_html(decision: Decision) -> str:
    """The letter as HTML: everything it says, before the PDF conversion. Always in Swedish, the
    language of the decision (språklagen 2009:600 10 §), whatever language the caseworker who
    decides has chosen for her pages (a fresh-eye finding: "Income support Beviljas")."""
    with translation.override("sv"):
        return render_to_string("notices/letter.html", letter_context(decision))


def preview_letter(decision: Decision, lines: list) -> tuple[bytes, str]:
    """The letter of a decision not yet made (``decisions.decide.unsaved_decision``), marked as
    a draft, and its content type; nothing is stored. A PDF as the client would get it, or, where
    the test suite skips the PDF conversion (EKB_RENDER_LETTER_PDF), the same letter as HTML."""
    with translation.override("sv"):  # as the letter itself (letter_html)
        html = render_to_string("notices/letter.html", letter_context(decision, lines))
    if not settings.EKB_RENDER_LETTER_PDF:
        return html.encode("utf-8"), "text/html; charset=utf-8"
    return _pdf(html), "application/pdf"


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango is slow

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def render_decision_letter(decision: Decision) -> bytes:
    """The letter as a tagged PDF (PDF/UA-1 where WeasyPrint manages), language sv. Always a
    real PDF, whatever EKB_RENDER_LETTER_PDF says: it is what a preview shows."""
    return _pdf(letter_html(decision))


def _letter_bytes(decision: Decision) -> bytes:
    """What the stored letter keeps. With EKB_RENDER_LETTER_PDF off (the test suite only: the
    settings refuse it anywhere else) the conversion to PDF, which takes most of a decision's
    time, is the one thing skipped: the context and the template still run, so a letter that
    cannot be written still fails, and the letter's full text is stored as HTML. The bytes are
    HTML, plainly not a PDF: a test that reads them as a PDF fails loudly and asks for
    `real_letters` instead of passing on a placeholder that could be mistaken for a letter."""
    html = letter_html(decision)
    if not settings.EKB_RENDER_LETTER_PDF:
        return html.encode("utf-8")
    return _pdf(html)


def do_store_letter(decision: Decision) -> DecisionLetter:
    """Store the letter of a decided decision once; later calls return the stored letter."""
    existing = DecisionLetter.objects.filter(decision_id=decision.pk).first()
    if existing is not None:
        return existing
    if decision.status != DecisionStatus.DECIDED:
        raise LetterError("Beslutet är inte fattat än. Brevet skapas när beslutet är fattat.")
    pdf = _letter_bytes(decision)
    try:
        with transaction.atomic():
            return DecisionLetter.objects.create(
                decision=decision, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest()
            )
    except IntegrityError:
        # Someone stored it while we rendered: theirs is the letter.
        return DecisionLetter.objects.get(decision_id=decision.pk)
