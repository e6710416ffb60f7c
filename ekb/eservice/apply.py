"""Applying: start or continue a draft, one group of questions per page, check your answers,
submit once, receipt; the co-applicant's confirmation; the estimate.

Every page saves the draft in the database (do_save_draft), so a closed tab, a lost connection
or a timed-out session loses nothing: after logging in again the client continues at the first
page not yet answered. Plain forms and redirects; no JavaScript needed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ekb.applications.choices import ApplicationKind, DraftStatus
from ekb.applications.drafts import (
    PartnerIsWriting,
    changes_from_prefill,
    clean_answers,
    do_save_draft,
    do_start_draft,
    member_ids,
    month_choices,
    open_case_for,
    refuse_a_second_application,
)
from ekb.cases.access import client_cases
from ekb.eservice import steps as s
from ekb.eservice.estimate import estimate_for
from ekb.eservice.session import client_required
from ekb.eservice.vocabulary import (
    COST_HINTS,
    COST_LABELS,
    HOUSING_COSTS,
    INCOME_LABELS,
    NEEDS,
    OTHER_COSTS,
    ROLE_LABELS,
    translated,
)
from ekb.flow import journey
from ekb.lib.money import amount_or_none
from ekb.notices.client_access import access_own_draft
from ekb.people.access import client_person, first_names
from ekb.people.household import DateError, member_words, parse_date
from ekb.people.models import Person


def _person(request) -> Person:
    return client_person(request.client_person_id)


def _step_url(draft, slug: str) -> str:
    return reverse(f"eservice:apply_{slug}", args=[draft.pk])


def _draft_for_writing(request, draft_id):
    """The client's own draft, still open. Anything else goes where it belongs."""
    draft = access_own_draft(request.client_person_id, draft_id)
    if draft.status == DraftStatus.SUBMITTED:
        return draft, redirect("eservice:apply_received", draft.pk)
    if draft.person_id != request.client_person_id:  # the co-applicant confirms, not edits
        return draft, redirect("eservice:apply_confirm", draft.pk)
    return draft, None


# --- start and continue --------------------------------------------------------------------


def _already_applied(person, month) -> str:
    """Who sent the household's application for the month: "Du" or the partner by name."""
    case = open_case_for(person)
    try:
        if case is not None:
            refuse_a_second_application(case, person, month)
    except ValidationError as problem:
        return translated(problem.messages[0])
    return _("Du har redan skickat in en ansökan för den här månaden.")


@client_required
def start(request):
    """Choose the month: this month or next, the suggested one first (see month_choices)."""
    person = _person(request)
    choices = month_choices(person)
    open_months = [c["month"] for c in choices if not c["applied"]]
    chosen, error = (open_months[0] if open_months else None), None
    if request.method == "POST":
        raw = request.POST.get("month", "")
        chosen = next((m for m in open_months if f"{m:%Y-%m}" == raw), None)
        applied = next(
            (c["month"] for c in choices if c["applied"] and f"{c['month']:%Y-%m}" == raw), None
        )
        if applied is not None:
            messages.info(request, _already_applied(person, applied))
            return redirect("eservice:home")
        if chosen is None:
            error = _("Välj vilken månad du söker för.")
        else:
            try:
                draft = do_start_draft(person, month=chosen)
            except PartnerIsWriting as problem:
                # The couple sends one application: read and confirm the partner's.
                messages.info(request, problem.messages[0])
                if problem.draft.co_applicant_id == person.pk:
                    return redirect("eservice:apply_confirm", problem.draft.pk)
                return redirect("eservice:home")
            except ValidationError as problem:
                for problems in problem.message_dict.values():
                    for text in problems:
                        messages.info(request, translated(text))
                return redirect("eservice:home")
            if request.POST.get("unchanged") and draft.kind == ApplicationKind.RENEWAL:
                return redirect("eservice:apply_unchanged", draft.pk)
            return redirect("eservice:apply_resume", draft.pk)
    renewal = client_cases(request.client_person_id).filter(closed_on__isnull=True).exists()
    context = {
        "choices": [
            {**c, "value": f"{c['month']:%Y-%m}", "chosen": c["month"] == chosen} for c in choices
        ],
        "open_months": open_months,
        "renewal": renewal,
        "error": error,
    }
    return render(request, "eservice/apply_start.html", context, status=400 if error else 200)


@client_required
def resume(request, draft_id: int):
    draft, elsewhere = _draft_for_writing(request, draft_id)
    if elsewhere:
        return elsewhere
    slug = s.next_step(draft)
    return redirect(
        _step_url(draft, slug) if slug else reverse("eservice:apply_check", args=[draft.pk])
    )


def _after_save(request, draft, slug: str):
    if request.POST.get("action") == "add":
        return redirect(_step_url(draft, slug) + "#income-new")
    draft.refresh_from_db(fields=["answers"])
    following = s.next_step(draft, after=slug)
    if request.POST.get("return") == "check" or following is None:
        return redirect("eservice:apply_check", draft.pk)
    return redirect(_step_url(draft, following))


def _save(request, draft, slug: str, update: dict, page_ok: bool) -> dict[str, str]:
    done = [d for d in s.steps_done(draft) if d != slug]
    update["steps_done"] = [*done, slug] if page_ok else done
    try:
        return do_save_draft(draft, update, person=_person(request))
    except ValidationError:  # submitted in another tab a moment ago
        return {"__submitted__": "1"}


def _step_context(draft, slug: str, page, request, **extra) -> dict:
    previous = s.previous_step(draft, slug)
    slugs = [st.slug for st in s.steps_for(draft)]
    return {
        "draft": draft,
        "step": s.STEP_BY_SLUG[slug],
        "number": slugs.index(slug) + 1,
        "count": len(slugs),
        "back_url": _step_url(draft, previous) if previous else reverse("eservice:home"),
        "page": page,
        "errors": page.summary(),
        "return_to_check": request.GET.get("fran") == "kontrollera"
        or request.POST.get("return") == "check",
        "renewal": draft.kind == ApplicationKind.RENEWAL,
        **extra,
    }


def _date_or_none(raw):
    try:
        return parse_date(raw)
    except DateError:
        return None  # kept as typed; the household step names the field


def _words(entry: dict) -> str:
    """A child's days in the home and a move-in or move-out date, in the client's words."""
    days = entry.get("days_in_household")
    return member_words(
        days=days if isinstance(days, int) else None,
        moved_in=_date_or_none(entry.get("moved_in")),
        moved_out=_date_or_none(entry.get("moved_out")),
        today=timezone.localdate(),
        to_client=True,
    )


def _left(draft) -> list[dict]:
    """Those the client said no longer live here, with the day they moved out."""
    return [
        {
            **m,
            "name": m.get("first_name", ""),
            "role_label": ROLE_LABELS.get(m.get("role"), ""),
            "words": _words(m),
        }
        for m in draft.answers.get("household_left", [])
    ]


def _members(draft) -> list[dict]:
    ids = [m["id"] for m in draft.answers.get("household", [])]
    names = {
        f"p{pk}": name
        for pk, name in first_names(int(i[1:]) for i in ids if i[1:].isdigit()).items()
    }
    return [
        {
            **m,
            # The name in the answers (from the register, or as the client typed it) first.
            "name": m.get("first_name") or names.get(m["id"], ""),
            "role_label": ROLE_LABELS.get(m["role"], m["role"]),
            "born": m.get("birth_date", "")[:4],
            "words": _words(m),
        }
        for m in draft.answers.get("household", [])
    ]


def _register_marks(draft) -> dict:
    """(member, income type) -> (amount, words) for the incomes prefilled from a register fact
    the caseworker accepted last month (ekb.applications.drafts.renewal_prefill): marked with their
    source as long as the client keeps the amount."""
    marks = {}
    for row in draft.prefilled.get("incomes", []):
        if row.get("source") != "register" or draft.kind != ApplicationKind.RENEWAL:
            continue
        month = _date_or_none(row.get("accepted_for"))
        words = _("Från %(source)s. Din handläggare räknade med inkomsten för %(month)s.") % {
            "source": row.get("register_source", ""),
            "month": date_format(month, "F Y") if month else "",
        }
        marks[(row.get("member", ""), row["type"])] = (amount_or_none(row.get("amount")), words)
    return marks


def _register_mark(marks: dict, row: dict) -> str:
    amount, words = marks.get((row.get("member", ""), row.get("type")), (None, ""))
    if amount is None or amount_or_none(row.get("amount")) != amount:
        return ""
    return words


def _previous_costs(draft) -> dict:
    return {
        r["type"]: r.get("amount")
        for r in draft.prefilled.get("costs", [])
        if draft.kind == ApplicationKind.RENEWAL
    }


def _cost_fields(draft, slug: str, page) -> list[dict]:
    previous = _previous_costs(draft)
    return [
        {
            "code": code,
            "label": COST_LABELS[code],
            "hint": COST_HINTS.get(code, ""),
            "value": page.values.get(code, ""),
            "error": page.errors.get(code),
            "previous": previous.get(code),
            "description": page.values.get(f"{code}-description", ""),
            "description_error": page.errors.get(f"{code}-description"),
        }
        for code in s.cost_types_for(slug)
    ]


def _other_adults_names(draft) -> str:
    """The first names of the other adults in the home ("Nora", "Nora och Erik"), or "" when
    there is none: only then is the client asked whether they pay towards the rent."""
    names = [m["name"] for m in _members(draft) if m.get("role") == "other_adult" and m["name"]]
    if len(names) > 1:
        return _("%(first)s och %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
    return names[0] if names else ""


def _rent_question(draft, slug: str, page) -> dict | None:
    names = _other_adults_names(draft) if slug == "boende" else ""
    if not names:
        return None
    return {
        "legend": _("Betalar %(names)s något till dig för hyran? Hur mycket i månaden?")
        % {"names": names},
        "answer": page.values.get(s.RENT_ANSWER, ""),
        "amount": page.values.get(s.RENT_AMOUNT, ""),
        "answer_error": page.errors.get(s.RENT_ANSWER),
        "amount_error": page.errors.get(s.RENT_AMOUNT),
    }


def _cost_step(request, draft_id: int, slug: str, template: str):
    draft, elsewhere = _draft_for_writing(request, draft_id)
    if elsewhere:
        return elsewhere
    status = 200
    names = _other_adults_names(draft) if slug == "boende" else ""
    if request.method == "POST":
        rows, index = s.costs_from_post(draft, slug, request.POST)
        update = {"costs": rows}
        rent_errors, rent_labels = {}, {}
        # Asked when there is a rent to share; an answer given without one is kept too.
        if names and (request.POST.get("rent", "").strip() or request.POST.get(s.RENT_ANSWER)):
            incomes, rent_errors, rent_labels = s.rent_contribution_from_post(
                draft, request.POST, names
            )
            if incomes is not None:
                update["incomes"] = incomes
        errors = clean_answers({**draft.answers, **update}, member_ids=member_ids(draft))[1]
        if "incomes" in update:  # the rent contribution's amount, checked as any income
            at = len(update["incomes"]) - 1
            problem = s.split_errors(errors).get(("incomes", at), {}).get("amount")
            if problem:
                rent_errors[s.RENT_AMOUNT] = problem
                rent_labels[s.RENT_AMOUNT] = _("Hur mycket i månaden")
                del update["incomes"]
        values = {k: v.strip() for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        page = s.cost_page(draft, slug, values=values, errors=errors, index=index)
        page.errors.update(rent_errors)
        page.labels.update(rent_labels)
        saved = _save(request, draft, slug, update, not page.errors)
        if saved.get("__submitted__"):
            return redirect("eservice:apply_received", draft.pk)
        if not page.errors:
            return _after_save(request, draft, slug)
        status = 400
    else:
        page = s.cost_page(draft, slug)
        if names:
            page.values.update(s.rent_contribution_values(draft))
    context = _step_context(
        draft,
        slug,
        page,
        request,
        fields=_cost_fields(draft, slug, page),
        rent_question=_rent_question(draft, slug, page),
    )
    return render(request, template, context, status=status)


@client_required
def housing(request, draft_id: int):
    return _cost_step(request, draft_id, "boende", "eservice/apply_costs.html")


@client_required
def other_costs(request, draft_id: int):
    return _cost_step(request, draft_id, "kostnader", "eservice/apply_costs.html")


@client_required
def needs(request, draft_id: int):
    return _cost_step(request, draft_id, "behov", "eservice/apply_needs.html")


@client_required
def incomes(request, draft_id: int):
    draft, elsewhere = _draft_for_writing(request, draft_id)
    if elsewhere:
        return elsewhere
    status = 200
    if request.method == "POST":
        rows, typed, index = s.incomes_from_post(request.POST)
        # The rent answer is the costs step's; appended last, the typed rows keep their indexes.
        rows = [r for r in rows if r["type"] != s.RENT_CONTRIBUTION] + s.rent_contribution_rows(
            draft
        )
        errors = clean_answers({**draft.answers, "incomes": rows}, member_ids=member_ids(draft))[1]
        page = s.income_page(typed, errors, index)
        saved = _save(request, draft, "inkomster", {"incomes": rows}, not page.errors)
        if saved.get("__submitted__"):
            return redirect("eservice:apply_received", draft.pk)
        if not page.errors:
            return _after_save(request, draft, "inkomster")
        status = 400
    else:
        page = s.income_page(s.income_rows(draft), None)
    previous = {
        (r.get("member", ""), r["type"]): r.get("amount")
        for r in draft.prefilled.get("incomes", [])
        if draft.kind == ApplicationKind.RENEWAL
    }
    marks = _register_marks(draft)
    rows = [
        {
            **row,
            "n": str(i),  # a string, so templates can build field ids with |add
            "previous": previous.get((row["member"], row["type"])),
            "register": _register_mark(marks, row),
            "errors": {
                name: page.errors.get(f"income-{i}-{name}") for name in ("member", "type", "amount")
            },
        }
        for i, row in enumerate(page.values["rows"])
    ]
    context = _step_context(
        draft,
        "inkomster",
        page,
        request,
        rows=rows,
        new_row=str(len(rows)),
        # Another adult's income is their own, not the household's (not in the calculation).
        members=[m for m in _members(draft) if m["role"] != "other_adult"],
        income_types=[(k, v) for k, v in INCOME_LABELS.items() if k != s.RENT_CONTRIBUTION],
    )
    return render(request, "eservice/apply_incomes.html", context, status=status)


@client_required
def situation(request, draft_id: int):
    draft, elsewhere = _draft_for_writing(request, draft_id)
    if elsewhere:
        return elsewhere
    if draft.kind != ApplicationKind.NEW:
        raise Http404
    values = {k: draft.answers.get(k, "") for k in ("reason", "assets")}
    page = s.Page(values=values)
    status = 200
    if request.method == "POST":
        page.values = {k: request.POST.get(k, "").strip()[:4000] for k in ("reason", "assets")}
        if not page.values["reason"]:
            page.errors["reason"] = _("Skriv varför du behöver ekonomiskt bistånd just nu.")
            page.labels["reason"] = _("Varför söker du ekonomiskt bistånd?")
        if _save(request, draft, "situation", dict(page.values), not page.errors).get(
            "__submitted__"
        ):
            return redirect("eservice:apply_received", draft.pk)
        if not page.errors:
            return _after_save(request, draft, "situation")
        status = 400
    context = _step_context(draft, "situation", page, request)
    return render(request, "eservice/apply_situation.html", context, status=status)


# --- check your answers, submit, receipt ---------------------------------------------------


def summary(draft) -> dict:
    """The answers grouped by page, with what changed against last month marked."""
    renewal = draft.kind == ApplicationKind.RENEWAL
    changes = {(c["member"], c["type"]): c for c in changes_from_prefill(draft)} if renewal else {}
    members = _members(draft)
    names = {m["id"]: m["name"] or m["role_label"] for m in members}
    costs = draft.answers.get("costs", [])

    def cost_section(types):
        rows = [
            {
                **r,
                "label": COST_LABELS.get(r["type"], r["type"]),
                "change": changes.get(("", r["type"])),
            }
            for r in costs
            if r.get("type") in types
        ]
        removed = [
            {**c, "label": COST_LABELS.get(c["type"], c["type"])}
            for c in changes.values()
            if c["after"] is None and c["type"] in types
        ]
        return {"rows": rows, "removed": removed}

    marks = _register_marks(draft)
    incomes = [
        {
            **r,
            "register": _register_mark(marks, r),
            "label": INCOME_LABELS.get(r.get("type"), r.get("type")),
            "who": names.get(r.get("member"), ""),
            "change": changes.get((r.get("member", ""), r.get("type"))),
        }
        for r in draft.answers.get("incomes", [])
    ]
    removed_incomes = [
        {
            **c,
            "label": INCOME_LABELS.get(c["type"], c["type"]),
            "who": names.get(c["member"], ""),
        }
        for c in changes.values()
        if c["after"] is None and c["type"] in INCOME_LABELS
    ]
    return {
        "members": members,
        "left": _left(draft),
        "household_comment": draft.answers.get("household_comment", ""),
        "housing": cost_section(HOUSING_COSTS),
        "other": cost_section(OTHER_COSTS),
        "needs": cost_section(NEEDS),
        "incomes": incomes,
        "removed_incomes": removed_incomes,
        "reason": draft.answers.get("reason", ""),
        "assets": draft.answers.get("assets", ""),
        "new": draft.kind == ApplicationKind.NEW,
        "renewal": renewal,
        "changed_count": len(changes),
    }


def _problems(draft) -> list[tuple[str, str]]:
    """(link, message): pages not answered yet and answers that need fixing."""
    done = set(s.steps_done(draft))
    problems = [
        (
            _step_url(draft, step.slug) + "?fran=kontrollera",
            _("Svara på frågorna på sidan ”%(title)s”.") % {"title": step.title},
        )
        for step in s.steps_for(draft)
        if step.slug not in done
    ]
    errors = clean_answers(draft.answers, member_ids=member_ids(draft))[1]
    problems += [
        (f"{_step_url(draft, slug)}?fran=kontrollera#{field_id}", message)
        for slug, field_id, message in s.error_links(draft, errors)
    ]
    return problems


@client_required
def check(request, draft_id: int):
    draft, elsewhere = _draft_for_writing(request, draft_id)
    if elsewhere:
        return elsewhere
    status, waiting = 200, False
    problems = _problems(draft)
    if request.method == "POST" and not problems:
        try:
            submission = journey.submit(_person(request), draft=draft)
        except ValidationError as error:
            problems = [("#submit", translated(m)) for m in error.messages]
            status = 400
        else:
            if submission.application is not None:
                return redirect("eservice:apply_received", draft.pk)
            draft.refresh_from_db()
            waiting = submission.waiting_for_co_applicant
    elif request.method == "POST":
        status = 400
    context = {
        "draft": draft,
        "summary": summary(draft),
        "problems": problems if request.method == "POST" or status == 400 else [],
        "waiting": waiting or draft.status == DraftStatus.AWAITING_CO_APPLICANT,
        "editable": True,
    }
    return render(request, "eservice/apply_check.html", context, status=status)


# --- "Inget har ändrats": a renewal confirmed as last month's in one step ----------------------

# Keys of a draft that are the form's own progress, not the client's answers.
PROGRESS_KEYS = ("steps_done",)


def _unchanged(draft) -> bool:
    """Whether the draft still holds exactly what was pre-filled from last month."""

    def others(d):  # amounts are compared as amounts ("7200" and "7200.00" are the same)
        return {k: v for k, v in d.items() if k not in (*PROGRESS_KEYS, "incomes", "costs")}

    return not changes_from_prefill(draft) and others(draft.answers) == others(draft.prefilled)


@client_required
def unchanged(request, draft_id: int):
    """A renewal where nothing changed: the pre-filled summary and one button. Sending stores the
    application in one transaction (the robot's work runs after commit, so nothing that can fail
    later loses it); a second click or tab gets the same application."""
    draft, elsewhere = _draft_for_writing(request, draft_id)
    if elsewhere:
        return elsewhere
    if (
        draft.kind != ApplicationKind.RENEWAL
        or not draft.prefilled.get("incomes", [])
        and not (draft.prefilled.get("costs", []))
    ):
        return redirect("eservice:apply_resume", draft.pk)  # nothing from last month to confirm
    if not _unchanged(draft):
        messages.info(request, _("Du har ändrat något i ansökan. Kontrollera dina svar."))
        return redirect("eservice:apply_check", draft.pk)
    status, problems = 200, []
    if request.method == "POST":
        # Every page is answered: with last month's answers, as confirmed here.
        try:
            do_save_draft(
                draft,
                {"steps_done": [st.slug for st in s.steps_for(draft)]},
                person=_person(request),
            )
        except ValidationError:  # sent from another tab a moment ago
            return redirect("eservice:apply_received", draft.pk)
        draft.refresh_from_db()
        try:
            submission = journey.submit(_person(request), draft=draft)
        except ValidationError as error:
            problems = [("#submit", translated(m)) for m in error.messages]
            status = 400
        else:
            if submission.application is not None:
                return redirect("eservice:apply_received", draft.pk)
            messages.info(
                request,
                _("%(name)s behöver logga in och bekräfta ansökan innan den skickas.")
                % {"name": draft.co_applicant.first_name},
            )
            return redirect("eservice:home")
    context = {
        "draft": draft,
        "summary": summary(draft),
        "problems": problems,
        "editable": False,
    }
    return render(request, "eservice/apply_unchanged.html", context, status=status)


@client_required
def received(request, draft_id: int):
    draft = access_own_draft(request.client_person_id, draft_id)
    if draft.application_id is None:
        return redirect("eservice:apply_resume", draft.pk)
    application = draft.application
    return render(
        request,
        "eservice/apply_received.html",
        {"draft": draft, "application": application, "case": application.case},
    )


@client_required
def confirm(request, draft_id: int):
    """The co-applicant reads the shared application and confirms it with their own login."""
    draft = access_own_draft(request.client_person_id, draft_id)
    if draft.co_applicant_id != request.client_person_id:
        return redirect("eservice:apply_check", draft.pk)
    if draft.application_id:
        return redirect("eservice:apply_received", draft.pk)
    if request.method == "POST":
        try:
            submission = journey.confirm_as_co_applicant(draft, person=_person(request))
        except journey.Conflict as error:  # the household's application for the month came first
            for text in error.messages:
                messages.info(request, translated(text))
            return redirect("eservice:home")
        if submission.application is not None:
            # The applicant had already pressed "Skicka": the confirmation sent it.
            return redirect("eservice:apply_received", draft.pk)
        messages.success(
            request,
            _("Du har bekräftat ansökan. Nu kan %(name)s skicka in den.")
            % {"name": draft.person.first_name},
        )
        return redirect("eservice:home")
    return render(
        request,
        "eservice/apply_confirm.html",
        {"draft": draft, "summary": summary(draft), "editable": False},
    )


@client_required
def estimate(request, draft_id: int):
    draft = access_own_draft(request.client_person_id, draft_id)
    return render(
        request, "eservice/estimate.html", {"draft": draft, "estimate": estimate_for(draft)}
    )
