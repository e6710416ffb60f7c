"""The household step: the client confirms or corrects the household the population register
proposes (or last month's): who each person is in the household, a child's days in the home,
school and lunch, someone who moved in or out, someone missing from the list.

Nothing typed is lost: the answers are saved as typed, errors name the field, and the step is
marked answered only when the household is right (ekb.cases.household.answer_errors). Plain
forms, no JavaScript needed."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ekb.applications.drafts import do_set_draft_co_applicant
from ekb.cases.household import (
    ASK_STILL_HERE,
    answer_errors,
    person_added_by_client,
    registered_at_address,
)
from ekb.eservice import apply
from ekb.eservice import steps as s
from ekb.eservice.session import client_required
from ekb.eservice.vocabulary import ROLE_LABELS
from ekb.people.household import age_on, parse_days
from ekb.people.identity_number import InvalidIdentityNumber, parse_identity_number
from ekb.people.models import MemberRole

GONE = "gone"  # the form's value for "does not live here (any more)"
ROLE_CHOICES = (
    (MemberRole.CO_APPLICANT, _("Min make, maka, sambo eller registrerade partner (medsökande)")),
    (
        MemberRole.CHILD,
        _("Mitt eller min partners barn, under 18 år eller under 21 och går i skolan"),
    ),
    (
        MemberRole.OTHER_ADULT,
        _(
            "Annan vuxen som bor här, till exempel inneboende eller vuxet barn som inte går i skolan"
        ),
    ),
    (GONE, _("Bor inte här")),
)
NEW_ROLES = ROLE_CHOICES[:3]
FIELD_LABELS = {
    "role": _("Vem är personen"),
    "days_per_month": _("Dagar i månaden hos dig"),
    "lunch_at_home": _("Lunch på vardagar"),
    "in_school": _("Går i skolan"),
    "valid_from": _("Första dagen hos dig"),
    "valid_to": _("Sista dagen hos dig"),
    "unregistered_reason": _("Varför bor personen här utan att vara folkbokförd här"),
    "identity_number": _("Personnummer"),
    "first_name": _("Förnamn"),
}
FORM_FIELD = {  # the domain's field name -> the form field's suffix
    "role": "role",
    "days_per_month": "days",
    "lunch_at_home": "lunch",
    "in_school": "school",
    "valid_from": "moved_in",
    "valid_to": "moved_out",
    "unregistered_reason": "reason",
}


def _yes_no(raw, current):
    return {"1": True, "0": False}.get(raw, current)


def _update_entry(entry: dict, post, *, previous_ids: set[str]) -> tuple[dict | None, dict | None]:
    """(entry still in the household, or None; entry that left, or None) from the POST. A field
    not in the POST keeps what the draft holds, so a page without a question loses nothing."""
    key = entry["id"]
    prefix = f"m-{key}-"
    if entry["role"] == MemberRole.APPLICANT:
        return entry, None
    role = post.get(prefix + "role", entry.get("role"))
    updated = {**entry}
    if role == GONE:
        left = {
            "id": key,
            "first_name": entry.get("first_name", ""),
            "birth_date": entry.get("birth_date"),
            "role": entry.get("role") if entry.get("role") != GONE else entry.get("was_role"),
            "was_member": key in previous_ids,
            "moved_out": post.get(prefix + "moved_out", entry.get("moved_out", "")).strip(),
            "source": entry.get("source", "register"),
            "source_detail": entry.get("source_detail", ""),
            "registered_at_address": entry.get("registered_at_address"),
        }
        return None, left
    updated["role"] = role
    if prefix + "role" in post and updated.pop(ASK_STILL_HERE, None):
        updated["source"] = "client"  # an earlier case's member the client confirms
    days = post.get(prefix + "days")
    if days is not None:
        days = days.strip()
        try:
            updated["days_in_household"] = parse_days(days)
        except ValueError:
            updated["days_in_household"] = days  # kept as typed; the error says what to fix
    updated["in_school"] = _yes_no(post.get(prefix + "school"), entry.get("in_school", False))
    updated["lunch_at_home"] = _yes_no(post.get(prefix + "lunch"), entry.get("lunch_at_home"))
    if prefix + "moved_in" in post:
        updated["moved_in"] = post.get(prefix + "moved_in", "").strip()
    if prefix + "reason" in post:
        updated["unregistered_reason"] = post.get(prefix + "reason", "").strip()[:2000]
    # A member who lives here part of the month and then moves out keeps the date, whatever
    # the role: the robot counts them for the days they lived here.
    if prefix + "moved_out" in post:
        updated["moved_out"] = post.get(prefix + "moved_out", "").strip()
    return updated, None


def _new_person(draft, post) -> tuple[dict | None, dict[str, str], dict]:
    """A person the client adds. (entry or None, errors by form field, the values as typed)."""
    typed = {
        name: post.get(f"new-{name}", "").strip()[:100]
        for name in ("identity_number", "first_name", "role", "moved_in")
    }
    if not any(typed.values()):
        return None, {}, typed
    errors = {}
    number = None
    try:
        number = parse_identity_number(typed["identity_number"], today=timezone.localdate())
    except InvalidIdentityNumber as error:
        errors["new-identity_number"] = str(error.message)
    if not typed["first_name"]:
        errors["new-first_name"] = _("Skriv personens förnamn.")
    if typed["role"] not in dict(NEW_ROLES):
        errors["new-role"] = _("Välj vem personen är i ditt hushåll.")
    if errors:
        return None, errors, typed
    person = person_added_by_client(number, typed["first_name"])
    key = f"p{person.pk}"
    if any(e["id"] == key for e in draft.answers.get("household", [])):
        return None, {"new-identity_number": _("Personen finns redan i listan.")}, typed
    applicant = draft.person
    entry = {
        "id": key,
        "role": typed["role"],
        # The name as the client wrote it: the e-service never shows a stored name for a
        # number the client typed.
        "first_name": typed["first_name"],
        "birth_date": number.birth_date.isoformat(),
        "days_in_household": None,
        "in_school": False,
        "lunch_at_home": None if age_on(number.birth_date, draft.month) <= 6 else True,
        "moved_in": typed["moved_in"],
        "source": "client",
        "source_detail": _("Uppgift från dig"),
        "registered_at_address": registered_at_address(applicant, person),
        "unregistered_reason": "",
    }
    return entry, {}, {}


def _page_errors(draft, errors: dict[str, dict]) -> tuple[dict, dict]:
    """Form field id -> message, and -> label for the error summary."""
    names = {e["id"]: e.get("first_name", "") for e in _all_entries(draft)}
    messages, labels = {}, {}
    for key, fields in errors.items():
        for name, message in fields.items():
            field_id = f"m-{key}-{FORM_FIELD.get(name, 'role')}"
            messages[field_id] = message
            labels[field_id] = f"{names.get(key, '')}: {FIELD_LABELS.get(name, '')}"
    return messages, labels


def _all_entries(draft) -> list[dict]:
    return [*draft.answers.get("household", []), *draft.answers.get("household_left", [])]


def _rows(draft, page) -> list[dict]:
    """What the page shows per person, those who left included (as "Bor inte här")."""
    rows = []
    left_ids = {e["id"] for e in draft.answers.get("household_left", [])}
    for entry in _all_entries(draft):
        birth = dt.date.fromisoformat(entry["birth_date"]) if entry.get("birth_date") else None
        age = age_on(birth, draft.month) if birth else None
        key = entry["id"]
        errors = {suffix: page.errors.get(f"m-{key}-{suffix}") for suffix in FORM_FIELD.values()}
        rows.append(
            {
                **entry,
                "key": key,
                # An earlier case's member is not pre-selected: the client answers.
                "form_role": GONE
                if key in left_ids
                else (None if entry.get(ASK_STILL_HERE) else entry.get("role")),
                "ask_still_here": bool(entry.get(ASK_STILL_HERE)),
                "is_applicant": entry.get("role") == MemberRole.APPLICANT,
                "role_label": ROLE_LABELS.get(entry.get("role"), ""),
                "age": age,
                "ask_lunch": age is not None and age <= 6,
                "ask_school": age is not None and 6 <= age <= 20,
                "ask_days": age is not None and age < 21,
                "days_question": _days_question(entry, draft.month),
                "ask_reason": entry.get("registered_at_address") is False,
                "ask_moved_in": entry.get("source") == "client",
                "days": ""
                if entry.get("days_in_household") is None
                else entry["days_in_household"],
                "errors": errors,
                "changed": key in page.values.get("changed", set()),
            }
        )
    return rows


def _days_question(entry: dict, month: dt.date) -> str:
    """The days question for a child who moves in or out during the month: the days asked for
    are the days in the home within that span, counted once (ekb.norm.rules.membership). ""
    when no date in the month is given (the page's general question)."""
    from django.utils.formats import date_format

    from ekb.lib.months import month_end
    from ekb.people.household import DateError, parse_date

    try:
        moved_in = parse_date(entry.get("moved_in"))
        moved_out = parse_date(entry.get("moved_out"))
    except DateError:
        return ""
    last_day = month_end(month)
    moved_in = moved_in if moved_in is not None and month < moved_in <= last_day else None
    moved_out = moved_out if moved_out is not None and month <= moved_out < last_day else None
    if moved_in is None and moved_out is None:
        return ""
    values = {"name": entry.get("first_name") or _("barnet"), "month": date_format(month, "F")}
    if moved_in is not None and moved_out is not None:
        values.update(first=moved_in.day, last=moved_out.day)
        return (
            _(
                "Hur många dagar bor %(name)s hos dig i %(month)s, från och med den %(first)s "
                "till och med den %(last)s?"
            )
            % values
        )
    if moved_out is not None:
        values["last"] = moved_out.day
        return _("Hur många dagar bor %(name)s hos dig i %(month)s, till och med den %(last)s?") % (
            values
        )
    values["first"] = moved_in.day
    return _("Hur många dagar bor %(name)s hos dig i %(month)s, från och med den %(first)s?") % (
        values
    )


def _changed_ids(draft) -> set[str]:
    before = {e["id"]: e for e in draft.prefilled.get("household", [])}
    changed = set()
    for entry in _all_entries(draft):
        old = before.get(entry["id"])
        if old is None or entry in draft.answers.get("household_left", []):
            changed.add(entry["id"])
            continue
        if any(old.get(k) != entry.get(k) for k in ("role", "days_in_household", "in_school")):
            changed.add(entry["id"])
    return changed


@client_required
def household(request, draft_id: int):
    draft, elsewhere = apply._draft_for_writing(request, draft_id)
    if elsewhere:
        return elsewhere
    status = 200
    page = s.Page(values={"household_comment": draft.answers.get("household_comment", "")})
    new_errors, new_typed = {}, {}
    if request.method == "POST":
        # Last month's members (a renewal) must say when they moved out; a person the register
        # proposes who does not live here just is not in the household.
        previous_ids = (
            {e["id"] for e in draft.prefilled.get("household", [])} if draft.case_id else set()
        )
        entries, left = [], []
        for entry in _all_entries(draft):
            kept, gone = _update_entry(entry, request.POST, previous_ids=previous_ids)
            if kept is not None:
                entries.append(kept)
            if gone is not None:
                left.append(gone)
        added, new_errors, new_typed = _new_person(draft, request.POST)
        if added is not None:
            entries.append(added)
        comment = request.POST.get("household_comment", "").strip()[:2000]
        errors = answer_errors(entries, left, draft.month)
        ok = not errors and not new_errors and request.POST.get("action") != "add"
        update = {"household": entries, "household_left": left, "household_comment": comment}
        if apply._save(request, draft, "hushall", update, ok).get("__submitted__"):
            return redirect("eservice:apply_received", draft.pk)
        do_set_draft_co_applicant(draft, entries, person=draft.person)
        if ok:
            return apply._after_save(request, draft, "hushall")
        draft.refresh_from_db(fields=["answers"])
        page.values["household_comment"] = comment
        page.errors, page.labels = _page_errors(draft, errors)
        for field_id, message in new_errors.items():
            page.errors[field_id] = message
            page.labels[field_id] = str(FIELD_LABELS.get(field_id[4:], ""))
        if request.POST.get("action") == "add" and not errors and not new_errors:
            return redirect(apply._step_url(draft, "hushall") + "#new-person")
        status = 400
    page.values["changed"] = _changed_ids(draft) if draft.kind == "renewal" else set()
    context = apply._step_context(
        draft,
        "hushall",
        page,
        request,
        rows=_rows(draft, page),
        role_choices=ROLE_CHOICES,
        new_roles=NEW_ROLES,
        new=new_typed,
        new_errors={k[4:]: v for k, v in new_errors.items()},
    )
    return render(request, "eservice/apply_household.html", context, status=status)
