"""The application, one group of questions per page (GOV.UK's "one thing per page").

Each step reads its part of the draft's answers into form values, turns a POST back into
answers for `do_save_draft`, and maps the domain's errors (keyed by paths such as
"costs[2].amount") back to the fields of the page. Nothing here saves; the views do that."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ekb.applications.choices import ApplicationKind
from ekb.eservice.vocabulary import (
    COST_LABELS,
    HOUSING_COSTS,
    INCOME_LABELS,
    NEEDS,
    OTHER_COSTS,
    translated,
)
from ekb.lib.money import AmountError, format_amount, parse_amount


@dataclass(frozen=True)
class Step:
    slug: str  # the Swedish URL segment
    title: str
    new_only: bool = False


STEPS = (
    Step("hushall", _("Ditt hushåll")),
    Step("boende", _("Boende")),
    Step("inkomster", _("Inkomster")),
    Step("kostnader", _("Andra kostnader")),
    Step("behov", _("Kostnader utöver det vanliga")),
    Step("situation", _("Din situation"), new_only=True),
)
STEP_BY_SLUG = {s.slug: s for s in STEPS}


def steps_for(draft) -> list[Step]:
    new = draft.kind == ApplicationKind.NEW
    return [s for s in STEPS if new or not s.new_only]


def steps_done(draft) -> list[str]:
    return list(draft.answers.get("steps_done", []))


def next_step(draft, after: str | None = None) -> str | None:
    """The step after `after`, or (without `after`) the first one not answered yet."""
    slugs = [s.slug for s in steps_for(draft)]
    if after is not None:
        index = slugs.index(after) + 1
        return slugs[index] if index < len(slugs) else None
    done = set(steps_done(draft))
    return next((slug for slug in slugs if slug not in done), None)


def previous_step(draft, slug: str) -> str | None:
    slugs = [s.slug for s in steps_for(draft)]
    index = slugs.index(slug)
    return slugs[index - 1] if index > 0 else None


@dataclass
class Page:
    """What a step page shows: values as typed, errors by field id, in page order."""

    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)  # field id -> message
    labels: dict = field(default_factory=dict)  # field id -> label, for the error summary

    def summary(self) -> list[tuple[str, str]]:
        return [
            (
                field_id,
                gettext("%(label)s: %(message)s")
                % {"label": self.labels.get(field_id, ""), "message": message},
            )
            if self.labels.get(field_id)
            else (field_id, message)
            for field_id, message in self.errors.items()
        ]


_PATH = re.compile(r"^(incomes|costs)\[(\d+)\]\.(\w+)$")


def split_errors(errors: dict[str, str]) -> dict[tuple[str, int], dict[str, str]]:
    """{"costs[2].amount": msg} -> {("costs", 2): {"amount": msg}} (other keys are dropped)."""
    result: dict = {}
    for path, message in errors.items():
        match = _PATH.match(path)
        if match:
            group, index, name = match.group(1), int(match.group(2)), match.group(3)
            result.setdefault((group, index), {})[name] = translated(message)
    return result


def _amount_text(value) -> str:
    """A saved amount back in the field the way a person writes it: "9800.50" -> "9 800,50",
    "7200.00" -> "7 200" (plain spaces: the person edits it). Text that is no amount stays as
    it was typed, so the person sees what to correct."""
    if value in (None, ""):
        return ""
    try:
        return format_amount(parse_amount(value), space=" ")
    except AmountError:
        return str(value)


# --- fixed cost pages: one amount per type (housing, other costs, needs) --------------------


def cost_types_for(slug: str) -> tuple[str, ...]:
    return {"boende": HOUSING_COSTS, "kostnader": OTHER_COSTS, "behov": NEEDS}[slug]


def cost_values(draft, slug: str) -> dict:
    """{"rent": "7200", "dental_care-description": "..."} from the answers."""
    values = {}
    for row in draft.answers.get("costs", []):
        if row.get("type") in cost_types_for(slug):
            values[row["type"]] = _amount_text(row.get("amount"))
            if slug == "behov":
                values[f"{row['type']}-description"] = row.get("description", "")
    return values


def costs_from_post(draft, slug: str, post) -> tuple[list[dict], dict[str, int]]:
    """The whole costs list with this page's rows replaced, and each of its rows' index."""
    types = cost_types_for(slug)
    previous = {r.get("type"): r for r in draft.answers.get("costs", []) if r.get("type") in types}
    rows = [r for r in draft.answers.get("costs", []) if r.get("type") not in types]
    index = {}
    for code in types:
        amount = post.get(code, "").strip()
        description = post.get(f"{code}-description", "").strip()
        if not amount and not description:
            continue
        row = {**previous.get(code, {}), "type": code, "amount": amount}
        row.setdefault("source", "client")
        if slug == "behov":
            row["description"] = description
        index[code] = len(rows)
        rows.append(row)
    return rows, index


def cost_page(draft, slug: str, *, values=None, errors=None, index=None) -> Page:
    page = Page(values=values if values is not None else cost_values(draft, slug))
    if errors is None:
        return page
    if index is None:  # the stored answers: find each type's row
        index = {
            r.get("type"): i
            for i, r in enumerate(draft.answers.get("costs", []))
            if r.get("type") in cost_types_for(slug)
        }
    by_row = split_errors(errors)
    for code in cost_types_for(slug):
        problems = by_row.get(("costs", index[code]), {}) if code in index else {}
        if "amount" in problems or "type" in problems:
            page.errors[code] = problems.get("amount") or problems["type"]
            page.labels[code] = str(COST_LABELS[code])
        if "description" in problems:
            page.errors[f"{code}-description"] = problems["description"]
            page.labels[f"{code}-description"] = gettext("Beskrivning av %(what)s") % {
                "what": str(COST_LABELS[code]).lower()
            }
    return page


# --- rent from another adult in the home (asked on the housing page) ------------------------

RENT_CONTRIBUTION = "rent_contribution"  # "Hyresdel från annan vuxen i hemmet" (income_types.yaml)
RENT_ANSWER, RENT_AMOUNT = "rent_contribution-answer", "rent_contribution-amount"


def applicant_id(draft) -> str | None:
    return next(
        (m["id"] for m in draft.answers.get("household", []) if m.get("role") == "applicant"), None
    )


def rent_contribution_values(draft) -> dict:
    """The answer as the page shows it, from the applicant's rent-contribution income line: an
    amount above zero is "yes", a line of 0 kr is the client's explicit "Nej, inget"."""
    row = next(
        (r for r in draft.answers.get("incomes", []) if r.get("type") == RENT_CONTRIBUTION), None
    )
    if row is None:
        return {}
    amount = _amount_text(row.get("amount"))
    if amount in ("0", "0,00", "0.00"):
        return {RENT_ANSWER: "no"}
    return {RENT_ANSWER: "yes", RENT_AMOUNT: amount}


def rent_contribution_from_post(draft, post, names: str) -> tuple[list[dict] | None, dict, dict]:
    """(the incomes with the rent-contribution line replaced, or None when not answered; errors
    by field id; labels). The money is the applicant's income ("Hyra som någon annan i bostaden
    betalar till dig"); "Nej, inget" is kept as a line of 0 kr, so the caseworker sees that the
    client was asked and answered (the warning other_adult_rent says so)."""
    answer = post.get(RENT_ANSWER, "").strip()
    amount = post.get(RENT_AMOUNT, "").strip()
    label = gettext("Betalar %(names)s något till dig för hyran?") % {"names": names}
    if answer not in ("yes", "no"):
        message = gettext("Svara om %(names)s betalar något till dig för hyran.") % {"names": names}
        return None, {RENT_ANSWER: message}, {RENT_ANSWER: label}
    if answer == "yes" and not amount:
        message = gettext("Skriv hur mycket %(names)s betalar till dig för hyran i månaden.") % {
            "names": names
        }
        return None, {RENT_AMOUNT: message}, {RENT_AMOUNT: label}
    rows = [r for r in draft.answers.get("incomes", []) if r.get("type") != RENT_CONTRIBUTION]
    rows.append(
        {
            "member": applicant_id(draft) or "",
            "type": RENT_CONTRIBUTION,
            "amount": amount if answer == "yes" else "0",
            "source": "client",
        }
    )
    return rows, {}, {}


# --- incomes: a list of rows, any member, any type ("add another" without JavaScript) ------


def income_rows(draft) -> list[dict]:
    """The incomes step's rows: every income but the rent another adult pays, which is asked
    and answered on the costs step (a "Nej, inget" there is a line of 0 kr that read as an
    unnamed "Inkomst 1" here)."""
    return [
        {
            "member": row.get("member", ""),
            "type": row.get("type", ""),
            "amount": _amount_text(row.get("amount")),
        }
        for row in draft.answers.get("incomes", [])
        if row.get("type") != RENT_CONTRIBUTION
    ]


def rent_contribution_rows(draft) -> list[dict]:
    """The costs step's answer, kept when the incomes step saves its own rows."""
    return [r for r in draft.answers.get("incomes", []) if r.get("type") == RENT_CONTRIBUTION]


def incomes_from_post(post) -> tuple[list[dict], list[dict], dict[int, int]]:
    """(answers rows, form rows as typed, answers index -> form row) from income-N-* fields.

    A row marked for removal, or left empty, is dropped from the answers but not from what the
    page shows back (an empty row stays as the row to add)."""
    try:
        count = min(int(post.get("income-count", 0)), 100)
    except ValueError:
        count = 0
    rows, typed, index = [], [], {}
    for i in range(count + 1):  # the extra one is the empty "add an income" row
        member = post.get(f"income-{i}-member", "").strip()
        code = post.get(f"income-{i}-type", "").strip()
        amount = post.get(f"income-{i}-amount", "").strip()
        removed = post.get(f"income-{i}-remove") == "1"
        if removed or not (code or amount):
            continue
        typed.append({"member": member, "type": code, "amount": amount})
        index[len(rows)] = len(typed) - 1
        rows.append({"member": member, "type": code, "amount": amount, "source": "client"})
    return rows, typed, index


def income_page(rows: list[dict], errors: dict | None, index: dict[int, int] | None = None):
    page = Page(values={"rows": rows})
    for (group, i), problems in split_errors(errors or {}).items():
        if group != "incomes":
            continue
        row = index.get(i, i) if index is not None else i
        for name in ("type", "amount", "member"):
            if name in problems:
                field_id = f"income-{row}-{name}"
                page.errors[field_id] = problems[name]
                kind = INCOME_LABELS.get(rows[row]["type"]) if row < len(rows) else None
                page.labels[field_id] = (
                    gettext("Inkomst %(n)s (%(kind)s)") % {"n": row + 1, "kind": kind}
                    if kind
                    else gettext("Inkomst %(n)s") % {"n": row + 1}
                )
    return page


def error_links(draft, errors: dict[str, str]) -> list[tuple[str, str, str]]:
    """(step, field id, message) for each error in the stored answers, for the check page."""
    links = []
    costs = draft.answers.get("costs", [])
    for (group, i), problems in split_errors(errors).items():
        if group == "incomes":
            rows = income_page(
                income_rows(draft),
                {f"incomes[{i}].{name}": message for name, message in problems.items()},
            )
            links += [("inkomster", fid, msg) for fid, msg in rows.summary()]
            continue
        code = costs[i].get("type") if i < len(costs) else None
        slug = next(
            (s for s in ("boende", "kostnader", "behov") if code in cost_types_for(s)), None
        )
        if slug is None:
            continue
        page = cost_page(
            draft,
            slug,
            errors={f"costs[{i}].{name}": message for name, message in problems.items()},
        )
        links += [(slug, fid, msg) for fid, msg in page.summary()]
    return links
