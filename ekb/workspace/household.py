"""The case's household on its own page: add, correct or end a member with a reason; the history
of changes with their reasons; what the client changed in the latest application. Thin views:
the rules and the logging are in ekb.cases.household."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ekb.audit.models import Action
from ekb.cases.access import access_case_by_id
from ekb.cases.household import (
    describe_change,
    describe_client_changes,
    do_add_household_member,
    do_edit_household_member,
    do_end_household_member,
    first_row,
    from_day_given,
    held_from_words,
    household_change_history,
    household_member_of,
)
from ekb.flow import journey
from ekb.people.household import (
    day_words,
    days_in_month,
    days_words,
    moved_in_words,
    moved_out_words,
)
from ekb.people.models import MemberRole

ADD_FIELDS = (
    "identity_number",
    "first_name",
    "last_name",
    "role",
    "valid_from",
    "days_per_month",
    "in_school",
    "lunch_at_home",
    "unregistered_reason",
    "reason",
)
EDIT_FIELDS = (
    "role",
    "valid_from",
    "days_per_month",
    "in_school",
    "lunch_at_home",
    "unregistered_reason",
    "reason",
)
FIELD_LABELS = {
    "identity_number": _("Personnummer"),
    "first_name": _("Förnamn"),
    "last_name": _("Efternamn"),
    "role": _("Roll i hushållet"),
    "valid_from": _("Första dag i hushållet"),
    "valid_to": _("Sista dag i hushållet"),
    "days_per_month": _("Dagar per månad i hushållet (växelvis boende)"),
    "in_school": _("Går i skolan"),
    "lunch_at_home": _("Äter lunch hemma på vardagar"),
    "unregistered_reason": _("Varför bor personen här utan att vara folkbokförd här"),
    "reason": _("Skäl till ändringen"),
    "__all__": "",
}


def _typed(post, names) -> dict:
    values = {name: post.get(name, "").strip() for name in names}
    for flag in ("in_school", "lunch_at_home"):
        if flag in values:
            values[flag] = "1" if post.get(flag) else "0"
    return values


def _members(case, today):
    """Every member this month and later: one who moved out during the month is still counted
    for the days they lived here, so they stay on the list until the month is over."""
    return (
        case.household.members.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today.replace(day=1))
        )
        .select_related("person")
        .order_by("role", "person__birth_date", "valid_from")
    )


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]  # not str.capitalize: "10 November" keeps its capital


def _when(member, rows, today, case_start=None) -> str:
    """The member's dates in words: in the household from, moves in (a future member is not
    shown as present), moved out and the days counted this month, or new facts from a day."""
    same = [r for r in rows if r.person_id == member.person_id and r.pk != member.pk]
    continues = any(r.valid_to == member.valid_from - dt.timedelta(days=1) for r in same)
    if member.valid_to is not None:
        if any(r.valid_from == member.valid_to + dt.timedelta(days=1) for r in same):
            return _("Uppgifterna gäller till och med %(day)s") % {
                "day": day_words(member.valid_to, today=today)
            }
        words = _first_upper(moved_out_words(member.valid_to, today=today))
        if member.valid_to.replace(day=1) == today.replace(day=1):
            first = max(member.valid_from, today.replace(day=1))
            words += ", " + _("räknas med %(days)s av %(all)s dagar i %(month)s") % {
                "days": (member.valid_to - first).days + 1,
                "all": days_in_month(today),
                "month": date_format(today, "F"),
            }
        return words
    if member.valid_from > today:
        if continues:
            return _("Nya uppgifter från %(day)s") % {
                "day": day_words(member.valid_from, today=today)
            }
        return _first_upper(moved_in_words(member.valid_from, today=today))
    return _stay_words(member, case_start, today)


def _stay_words(member, case_start, today) -> str:
    """ "I hushållet från" only from a day the client or caseworker gave; a member EKB holds
    because the client applied, or whose facts changed from a month, did not move in that day."""
    first = first_row(member)
    if from_day_given(first):
        return _("I hushållet från %(day)s") % {"day": day_words(first.valid_from, today=today)}
    # A row without a given day may start long before the case (a made-up or register date):
    # the words say from when the case holds the facts.
    start = max(first.valid_from, case_start) if case_start else first.valid_from
    return _first_upper(held_from_words(start))


def _member_values(member) -> dict:
    return {
        "role": member.role,
        "valid_from": member.valid_from.isoformat(),
        "days_per_month": "" if member.days_per_month is None else member.days_per_month,
        "in_school": "1" if member.in_school else "0",
        "lunch_at_home": "1" if member.lunch_at_home else "0",
        "unregistered_reason": member.unregistered_reason,
        "reason": "",
    }


def _fields(prefix: str, names, form: dict) -> list[dict]:
    """What the template shows per field: id, name, label, the value as typed, the error."""
    kinds = {"role": "select", "in_school": "checkbox", "lunch_at_home": "checkbox"}
    return [
        {
            "id": f"{prefix}-{name}",
            "name": name,
            "label": FIELD_LABELS[name],
            "value": form["values"].get(name, ""),
            "error": form["errors"].get(name),
            "kind": "textarea"
            if name in ("reason", "unregistered_reason")
            else kinds.get(name, "text"),
        }
        for name in names
    ]


def _errors(error: ValidationError) -> dict[str, str]:
    return {
        name: " ".join(str(m) for m in problems) for name, problems in error.message_dict.items()
    }


@login_required
def household(request, case_id: int):
    """GET shows the page; POST with action add, edit or end makes one change."""
    action = Action.CHANGE_CASE if request.method == "POST" else Action.OPEN_CASE
    case = access_case_by_id(request.user, case_id, action=action)
    # Lunch at home starts ticked: the riksnorm's main amount, the default of the model, the
    # e-service and the engine; the lower "utan lunch" amount only when the caseworker says so.
    forms = {"add": {"values": {"role": MemberRole.CHILD, "lunch_at_home": "1"}, "errors": {}}}
    status = 200
    if request.method == "POST":
        verb = request.POST.get("action", "")
        member = None
        if verb in ("edit", "end"):
            member = household_member_of(case, request.POST.get("member"))
            if member is None:
                raise Http404
        try:
            if verb == "add":
                values = _typed(request.POST, ADD_FIELDS)
                key = "add"
                do_add_household_member(case, values, values["reason"], acting_user=request.user)
                messages.success(request, _("Personen är tillagd i hushållet."))
            elif verb == "edit":
                values = _typed(request.POST, EDIT_FIELDS)
                key = f"edit-{member.pk}"
                do_edit_household_member(member, values, values["reason"], acting_user=request.user)
                messages.success(request, _("Uppgifterna om personen är ändrade."))
            elif verb == "end":
                values = _typed(request.POST, ("valid_to", "reason"))
                key = f"end-{member.pk}"
                do_end_household_member(
                    member, values["valid_to"], values["reason"], acting_user=request.user
                )
                messages.success(request, _("Personen har flyttat från hushållet."))
            else:
                raise Http404
        except ValidationError as error:
            forms[key] = {"values": values, "errors": _errors(error)}
            status = 400
        else:
            journey.recalculate_open_applications(case, acting_user=request.user)
            return redirect("workspace:household", case.pk)
    members = []
    today = timezone.localdate()
    rows = list(_members(case, today))
    case_start = case.applications.order_by("month").values_list("month", flat=True).first()
    for member in rows:
        edit = forms.get(f"edit-{member.pk}", {"values": _member_values(member), "errors": {}})
        end = forms.get(f"end-{member.pk}", {"values": {}, "errors": {}})
        members.append(
            {
                "member": member,
                "when": _when(member, rows, today, case_start),
                "days": days_words(member.days_per_month, to_client=False),
                "open": member.valid_to is None,
                "edit": _fields(f"edit-{member.pk}", EDIT_FIELDS, edit),
                "end": _fields(f"end-{member.pk}", ("valid_to", "reason"), end),
                "end_error": end["errors"].get("__all__"),
                "edit_error": edit["errors"].get("__all__"),
            }
        )
    latest = case.applications.order_by("-month", "-id").first()
    summary = [
        (f"{key}-{name}", FIELD_LABELS.get(name, ""), message)
        for key, form in forms.items()
        for name, message in form["errors"].items()
    ]
    return render(
        request,
        "workspace/household.html",
        {
            "case": case,
            "members": members,
            "add": _fields("add", ADD_FIELDS, forms["add"]),
            "roles": [c for c in MemberRole.choices if c[0] != MemberRole.APPLICANT],
            "labels": FIELD_LABELS,
            "summary": summary,
            "changes": [
                {"change": c, "words": describe_change(c, today=today)}
                for c in household_change_history(case)
            ],
            "client_changes": describe_client_changes(latest, today=today) if latest else [],
        },
        status=status,
    )
