"""The estimate a client sees before applying: the norm engine on the household as entered.

Built from the draft's answers the way ekb.decisions.calculation builds the robot's input from an
application, so the estimate and the caseworker's calculation agree on the same facts. Needs
beyond the norm are not in the engine; they are listed apart and decided one by one."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ekb.decisions.calculation import household_members, member_entry, member_key, support_history
from ekb.decisions.household_month import assemble
from ekb.integrations.norm_tables import latest_complete_on
from ekb.lib.ids import MAX_ID
from ekb.lib.money import amount_or_none
from ekb.lib.months import month_end
from ekb.norm import HouseholdError, MissingParametersError, calculate
from ekb.norm.engine import default_engine
from ekb.norm.vocabulary import COST_TYPES, INCOME_TYPES
from ekb.people.household import days_in_month, parse_date, parse_days
from ekb.people.models import MemberRole


@dataclass
class Estimate:
    calculation: object | None = None
    skipped: list[dict] = field(default_factory=list)  # rows with an amount that is not valid yet
    needs: list[dict] = field(default_factory=list)  # beyond the norm: decided separately
    failed: bool = False
    # Set when the month's own amounts are not decided yet (January before the government's
    # table is loaded): the estimate then uses the latest published year's amounts, and says so.
    parameters_year: int | None = None  # the year whose amounts were used
    provisional_year: int | None = None  # the month's year, whose amounts are missing


def _valid(amount) -> str | None:
    """The amount as the engine takes it, or None for anything the application would refuse."""
    value = amount_or_none(amount, negative=False)
    return None if value is None else str(value.quantize(Decimal("0.01")))


def _members(draft) -> list[dict]:
    """The household as the client confirmed it in the draft: the same members the robot will
    calculate with once it is submitted (ekb.cases.household.do_confirm_household), built the
    way ekb.decisions.calculation.member_entry builds them."""
    members = []
    for m in draft.answers.get("household", []):
        entry = {"id": m["id"], "role": m["role"], "birth_date": m["birth_date"]}
        if m["role"] == MemberRole.CHILD:
            # Unanswered lunch: the riksnorm's main amount, as the model and the engine.
            entry["lunch_at_home"] = m.get("lunch_at_home") is not False
            entry["in_school"] = bool(m.get("in_school"))
            try:
                days = parse_days(m.get("days_in_household"))
            except ValueError:
                days = None
            if days is not None and 1 <= days <= days_in_month(draft.month):
                entry["days_in_household"] = days
        # A member moving in during the month counts from that day, as the robot counts them
        # (ekb.decisions.calculation.member_entry); a date that cannot be read is left to the form.
        try:
            moved_in = parse_date(m.get("moved_in"))
        except ValueError:
            moved_in = None
        if moved_in is not None and draft.month < moved_in <= month_end(draft.month):
            entry["in_household_from"] = moved_in.isoformat()
        try:
            moved_out = parse_date(m.get("moved_out"))
        except ValueError:
            moved_out = None
        if moved_out is not None and draft.month <= moved_out < month_end(draft.month):
            entry["in_household_to"] = moved_out.isoformat()
        members.append(entry)
    members.extend(_moved_out_during_the_month(draft))
    return members


def _moved_out_during_the_month(draft) -> list[dict]:
    """Members the client says no longer live here ("Bor inte här") with a last day in the month:
    the robot ends their membership that day and counts them until then (do_confirm_household,
    ekb.decisions.calculation.member_entry), so the estimate does the same, through the same builder,
    from the member EKB holds. Dropping them for the month while their income is still on the
    application showed the client too little (fresh-eye finding, 2026-12-02)."""
    if not draft.case_id:
        return []  # no members held yet: a person who does not live here is no member
    last_days = {}
    for left in draft.answers.get("household_left", []):
        try:
            last_day = parse_date(left.get("moved_out"))
        except ValueError:
            continue  # the form names the date to fix
        if last_day is not None and draft.month <= last_day <= month_end(draft.month):
            last_days[left["id"]] = last_day
    if not last_days:
        return []
    rows = [
        m
        for m in household_members(draft.case, draft.month)
        if member_key(m.person_id) in last_days and m.role != MemberRole.APPLICANT
    ]
    # do_confirm_household ends the person's current row (the latest) on the last day, never
    # before its first; an earlier row of the month stays as it is.
    current = {}
    for m in sorted(rows, key=lambda m: m.valid_from):
        current[m.person_id] = m
    for m in current.values():
        m.valid_to = max(last_days[member_key(m.person_id)], m.valid_from)
    return [member_entry(m, draft.month) for m in rows]


def household_month(draft) -> tuple[dict, Estimate]:
    estimate = Estimate()
    members = _members(draft)
    costs, incomes = [], []
    for row in draft.answers.get("costs", []):
        amount = _valid(row.get("amount"))
        if amount is None:
            if row.get("type") in COST_TYPES:
                estimate.skipped.append(row)
            continue
        costs.append({**row, "amount": amount})
    ids = {m["id"] for m in members}
    for row in draft.answers.get("incomes", []):
        amount = _valid(row.get("amount"))
        if row.get("type") not in INCOME_TYPES or amount is None:
            estimate.skipped.append(row)
            continue
        # An income tied to a person no longer in the household is counted as the applicant's.
        member = row.get("member") if row.get("member") in ids else None
        incomes.append({"member": member, "type": row["type"], "amount": amount})
    _add_own_months(members, draft.month)
    document, needs = assemble(
        f"{draft.month:%Y-%m}",
        members,
        costs,
        incomes,
        support_history=support_history(draft.case, draft.month) if draft.case_id else (),
        other_residents=draft.case.household.other_residents if draft.case_id else 0,
    )
    estimate.needs = needs
    document["costs"] = [{"type": c["type"], "amount": c["amount"]} for c in document["costs"]]
    return document, estimate


def _add_own_months(members: list[dict], month) -> None:
    """Each adult's own months of försörjningsstöd, as the robot gives them: jobbstimulans is
    per person, so a new sambo gets none of the applicant's (ekb.decisions.support_history)."""
    from ekb.decisions.support_history import supported_months_of

    adults = [m for m in members if m["role"] in (MemberRole.APPLICANT, MemberRole.CO_APPLICANT)]
    ids = {
        m["id"]: int(m["id"][1:]) for m in adults if m["id"][:1] == "p" and m["id"][1:].isdigit()
    }
    ids = {key: pk for key, pk in ids.items() if pk <= MAX_ID}  # a key column's number
    own = supported_months_of(list(ids.values()), month)
    for m in adults:
        m["support_history"] = own.get(ids.get(m["id"]), [])


def estimate_for(draft) -> Estimate:
    document, estimate = household_month(draft)
    try:
        estimate.calculation = calculate(document)
    except MissingParametersError as missing:
        # Better a clearly marked estimate from last year's amounts than none: the client
        # applies for January in December, before the new amounts are decided.
        latest = latest_complete_on(default_engine().store, draft.month)
        if latest is None:
            estimate.failed = True
            return estimate
        try:
            estimate.calculation = calculate(document, parameters_on=latest)
        except HouseholdError:
            estimate.failed = True
            return estimate
        estimate.parameters_year = latest.year
        estimate.provisional_year = missing.year
    except HouseholdError:
        estimate.failed = True
    return estimate
