"""Case handling in the workspace: inbox, the prepared calculation, overrides, warnings,
supplement requests, decisions and letters. Thin views: parse, access, one action, render."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ekb.applications.access import access_application_by_id, access_line_by_id
from ekb.applications.supplements import do_request_supplement
from ekb.cases.access import access_case_by_id
from ekb.cases.journal import do_write_journal_entry
from ekb.decisions.access import access_warning_by_id
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus, Outcome, WarningStatus
from ekb.decisions.decide import check_decision, unsaved_decision, warning_field
from ekb.decisions.lines import LineInput
from ekb.decisions.proposal import propose_lines
from ekb.decisions.reads import outcome_again, proposal_again
from ekb.decisions.warnings import WarningStateError, do_acknowledge_warning, open_warnings
from ekb.flow import activity, journey
from ekb.flow.inbox import SORTS, inbox_for, inbox_rows, overdue_after_days
from ekb.notices.letters import preview_letter as render_letter_preview
from ekb.workspace.error_summary import decision_problems
from ekb.workspace.handling_forms import (
    AcknowledgeForm,
    DecisionLineFormSet,
    DecisionOptionsForm,
    JournalForm,
    OverrideForm,
    SupplementForm,
    filled_forms,
    line_choices,
    offer_communications,
)
from ekb.workspace.norm_words import row_label_in_language


def _apply_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(None if field == "__all__" or field not in form.fields else field, messages_)


def _named_rows(application, snapshot) -> list[dict]:
    from ekb.notices.letters import member_names, row_label

    if snapshot is None:
        return []
    names = member_names(application.case.household_id)
    return [
        {**row, "label": row_label({**row, "label": row_label_in_language(row["label"])}, names)}
        for row in snapshot.result.get("rows", [])
    ]


@login_required
def inbox(request):
    box = inbox_for(request.user)
    sort = request.GET.get("ordning", "received")
    sort = sort if sort in SORTS else "received"
    return render(
        request,
        "workspace/inbox.html",
        {
            "rows": inbox_rows(box, sort=sort, reader=request.user),
            "sort": sort,
            "sorts": SORT_LABELS,
            "overdue_days": overdue_after_days(timezone.localdate()),
        },
    )


SORT_LABELS = (
    ("received", gettext_lazy("Inkom")),
    ("kind", gettext_lazy("Vad")),
    ("client", gettext_lazy("Klient")),
    ("month", gettext_lazy("Månad")),
)


def _application_context(request, application, **forms):
    snapshot = latest_calculation(application)
    lines = list(
        application.lines.select_related("member", "overrides", "created_by").order_by(
            "kind", "type", "id"
        )
    )
    decision = application.decisions.exclude(status=DecisionStatus.DRAFT).order_by("-id").first()
    # Four eyes: a proposal sent back comes back to the form as it was, to be changed.
    sent_back = decision if decision and decision.status == DecisionStatus.SENT_BACK else None
    if "decision_formset" not in forms and snapshot is not None and decision is None:
        initial = [line.__dict__ for line in propose_lines(application, snapshot)]
        if request.method == "GET" and request.GET.get("kommunicering"):
            # From an activity task (ekb.flow.activity): the reason preselected.
            initial = activity.preselect_lines(
                application,
                initial,
                request.GET["kommunicering"],
                request.GET.get("utfall", ""),
            )
        forms["decision_formset"] = DecisionLineFormSet(initial=initial, prefix="lines")
    elif "decision_formset" not in forms and sent_back is not None:
        forms["decision_formset"] = DecisionLineFormSet(
            initial=proposal_again(sent_back), prefix="lines"
        )
        forms.setdefault(
            "options_form",
            DecisionOptionsForm(
                initial={
                    "made_orally": sent_back.made_orally,
                    "children_consideration": sent_back.children_consideration,
                }
            ),
        )
    offer_communications(forms.get("decision_formset"), application.case)
    return {
        "application": application,
        "case": application.case,
        "open_steps": journey.open_step_runs(application),
        "snapshot": snapshot,
        # No internal ids on screen: a row about a person names the person (issue 9).
        "rows": _named_rows(application, snapshot),
        "register_status": snapshot.result.get("register_status", {}) if snapshot else {},
        "lines": lines,
        "warnings": application.warnings.select_related("acknowledged_by").order_by(
            "status", "created_at"
        ),
        "decision": decision,
        "sent_back": sent_back,
        "again": outcome_again(sent_back, request.user) if sent_back else None,
        "to_acknowledge": _to_acknowledge(application),
        "supplements": application.case.supplement_requests.order_by("-requested_at"),
        "supplement_form": forms.get("supplement_form") or SupplementForm(),
        "acknowledge_form": forms.get("acknowledge_form") or AcknowledgeForm(),
        "override_form": forms.get("override_form") or OverrideForm(),
        "override_line_id": forms.get("override_line_id"),
        "ack_warning_id": forms.get("ack_warning_id"),
        "decision_formset": forms.get("decision_formset"),
        "options_form": forms.get("options_form") or DecisionOptionsForm(),
        "decision_error": forms.get("decision_error"),
        "WarningStatus": WarningStatus,
    }


@login_required
def application_detail(request, application_id: int):
    application = access_application_by_id(request.user, application_id)
    return render(request, "workspace/application.html", _application_context(request, application))


@login_required
@require_POST
def retry_step(request, application_id: int, step_run_id: int):
    """Run a step of the journey again (a calculation that waited, a letter that failed)."""
    application = access_application_by_id(request.user, application_id)
    run = journey.open_step_runs_by_id(application, step_run_id)
    journey.do_retry_step(run, acting_user=request.user)
    run.refresh_from_db()
    if run.status == "done":
        messages.success(request, _("Steget är gjort."))
    elif run.status == "failed":
        messages.error(request, run.reason)
    else:
        messages.info(request, _("Steget körs igen. Ladda om sidan om en stund."))
    return redirect("workspace:application", application.pk)


@login_required
@require_POST
def override_line(request, line_id: int):
    line = access_line_by_id(request.user, line_id)
    form = OverrideForm(request.POST)
    return _act(
        request,
        line.application,
        form,
        lambda data: journey.override_line(
            line, data["amount"], data["reason"], acting_user=request.user
        ),
        _("Uppgiften är ändrad och beräkningen är gjord om."),
        override_form=form,
        override_line_id=line.pk,
    )


@login_required
@require_POST
def acknowledge_warning(request, warning_id: int):
    """Acknowledge an open warning from the application page, with a comment. From the page's
    script (htmx) only that warning comes back, and its row in the decision form says it is
    acknowledged: a half-filled decision form stays as it was typed. Without script the page
    reloads, as any form (progressive enhancement, as the case page)."""
    warning = access_warning_by_id(request.user, warning_id)
    form = AcknowledgeForm(request.POST)
    if request.htmx:
        return _acknowledge_in_place(request, warning, form)
    return _act(
        request,
        warning.application,
        form,
        lambda data: do_acknowledge_warning(
            warning, comment=data["comment"], acting_user=request.user
        ),
        _("Varningen är kvitterad."),
        acknowledge_form=form,
        ack_warning_id=warning.pk,
    )


def _acknowledge_in_place(request, warning, form):
    done = False
    if form.is_valid():
        try:
            do_acknowledge_warning(
                warning, comment=form.cleaned_data["comment"], acting_user=request.user
            )
            done = True
        except WarningStateError as error:
            form.add_error(None, str(error))
    warning.refresh_from_db()
    context = {
        "w": warning,
        "acknowledge_form": form,
        "ack_warning_id": None if done else warning.pk,
        # The decision form's row for this warning, replaced out of band (hx-swap-oob).
        "row": {"warning": warning, "field": warning_field(warning.pk)} if done else None,
    }
    return render(request, "workspace/_application_warning_htmx.html", context)


@login_required
@require_POST
def request_supplement(request, application_id: int):
    application = access_application_by_id(request.user, application_id)
    form = SupplementForm(request.POST)
    return _act(
        request,
        application,
        form,
        lambda data: do_request_supplement(
            application.case, application=application, acting_user=request.user, **data
        ),
        _("Begäran om komplettering är skickad till klienten."),
        supplement_form=form,
    )


def _act(request, application, form, action, success, **form_context):
    """The application page's one form protocol: a valid form runs the action and redirects with
    a message; otherwise the page comes back (400) with the errors and what was typed."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        except WarningStateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return redirect("workspace:application", application.pk)
    context = _application_context(request, application, **form_context)
    return render(request, "workspace/application.html", context, status=400)


def _line_inputs(formset) -> list[LineInput]:
    return [
        LineInput(
            purpose=f.cleaned_data["purpose"],
            outcome=f.cleaned_data["outcome"],
            amount=f.cleaned_data["amount"],
            amount_applied=f.cleaned_data.get("amount_applied"),
            calculated=f.cleaned_data.get("calculated"),
            reasons=f.cleaned_data.get("reasons") or "",
            **line_choices(f),
        )
        for f in filled_forms(formset)
    ]


# What the confirmation page does not carry over to its own forms.
NOT_CARRIED = frozenset({"csrfmiddlewaretoken", "bekraftat", "andra"})


@login_required
@require_POST
def decide(request, application_id: int):
    """Decide in two steps: the form comes to a confirmation page that shows the total (and
    offers the letter's preview); only its "Bekräfta" decides. "Ändra" takes the form back as
    it was typed. A second click on "Bekräfta" finds the decision made and shows it."""
    application = access_application_by_id(request.user, application_id)
    formset = DecisionLineFormSet(request.POST, prefix="lines")
    options = DecisionOptionsForm(request.POST)
    error = None
    warning_errors: dict[str, str] = {}
    status = 400
    if request.POST.get("andra") and formset.is_valid() and options.is_valid():
        status = 200  # back from the confirmation page to change something: nothing is wrong
    elif formset.is_valid() and options.is_valid():
        lines = _line_inputs(formset)
        choices = {
            "children_consideration": options.cleaned_data.get("children_consideration") or "",
            "acknowledgements": _acknowledgements(request.POST),
        }
        try:
            if request.POST.get("bekraftat") != "ja":
                would_be, why = check_decision(
                    application, lines, acting_user=request.user, **choices
                )
                return _confirmation(request, application, lines, would_be, why)
            decision = journey.decide_application(
                application,
                lines,
                acting_user=request.user,
                made_orally=options.cleaned_data["made_orally"],
                **choices,
            )
        except ValidationError as exc:
            existing = application.decisions.exclude(status=DecisionStatus.DRAFT).first()
            if (
                existing is not None
                and existing.status != DecisionStatus.SENT_BACK
                and existing.created_by_id == request.user.pk
            ):
                # A double click on "Bekräfta": the first click made the decision.
                return redirect("workspace:decision", existing.pk)
            for field, problems in exc.message_dict.items():
                if field.startswith("lines-"):
                    index, name = field.removeprefix("lines-").split("-", 1)
                    formset.forms[int(index)].add_error(name, problems)
                elif field in options.fields:
                    options.add_error(field, problems)
                elif field.startswith("warning-"):
                    warning_errors[field] = " ".join(problems)
                else:
                    error = " ".join(problems)
        else:
            if decision.status == DecisionStatus.DECIDED:
                messages.success(request, _("Beslutet är fattat. Beslutsbrevet är skapat."))
            else:
                messages.info(request, _("Förslaget väntar nu på beslutsfattaren."))
            return redirect("workspace:decision", decision.pk)
    context = _application_context(
        request, application, decision_formset=formset, options_form=options, decision_error=error
    )
    context["to_acknowledge"] = _to_acknowledge(application, request.POST, warning_errors)
    context["decision_problems"] = decision_problems(
        formset, options, error=error, to_acknowledge=context["to_acknowledge"], anchor="decision"
    )
    return render(request, "workspace/application.html", context, status=status)


def _confirmation(request, application, lines, would_be, why, *, decide_url=None):
    """The confirmation page; its "Bekräfta" and "Ändra" go to ``decide_url`` (the application's
    decide step, or the meeting's for an oral decision, ekb.workspace.meeting_money)."""
    from django.urls import reverse

    paying = (Outcome.GRANTED, Outcome.PARTLY_GRANTED)
    return render(
        request,
        "workspace/confirm_decision.html",
        {
            "application": application,
            "case": application.case,
            "lines": lines,
            "total": sum((line.amount for line in lines if line.outcome in paying), Decimal(0)),
            # A typo (52 200 for 5 220) or a grant above the calculation shows before it is made.
            "calculated_total": getattr(latest_calculation(application), "amount", None),
            "decided_now": would_be == DecisionStatus.DECIDED,
            "decide_url": decide_url or reverse("workspace:decide", args=[application.pk]),
            "why_it_waits": why,
            "carried": [
                (key, value)
                for key, values in request.POST.lists()
                if key not in NOT_CARRIED
                for value in values
            ],
        },
    )


@login_required
@require_POST
def preview_letter(request, application_id: int):
    """The letter of the decision as it stands in the form, marked as a draft, in a new tab;
    nothing is stored (the caseworker has not decided yet)."""
    application = access_application_by_id(request.user, application_id)
    formset = DecisionLineFormSet(request.POST, prefix="lines")
    options = DecisionOptionsForm(request.POST)
    if not (formset.is_valid() and options.is_valid()):
        return render(
            request,
            "workspace/letter_preview_refused.html",
            {"application": application, "case": application.case, "formset": formset},
            status=400,
        )
    decision, rows = unsaved_decision(
        application,
        _line_inputs(formset),
        acting_user=request.user,
        made_orally=options.cleaned_data["made_orally"],
        children_consideration=options.cleaned_data.get("children_consideration") or "",
    )
    content, content_type = render_letter_preview(decision, rows)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = 'inline; filename="forhandsgranskning.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _to_acknowledge(application, post=None, errors=None) -> list[dict]:
    """The open warnings the decision form asks a comment for, with what was typed and why it
    was refused: a refused decision keeps every word the caseworker wrote."""
    rows = []
    for warning in open_warnings(application):
        field = warning_field(warning.pk)
        rows.append(
            {
                "warning": warning,
                "field": field,
                "value": (post or {}).get(field, ""),
                "error": (errors or {}).get(field, ""),
            }
        )
    return rows


def _acknowledgements(post) -> dict[int, str]:
    """The comments typed for open warnings in the decision form (fields ``warning-<id>``)."""
    comments = {}
    for key, value in post.items():
        number = key.removeprefix("warning-")
        if key.startswith("warning-") and number.isdigit():
            comments[int(number)] = value
    return comments


@login_required
@require_POST
def write_journal_entry(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    form = JournalForm(request.POST)
    if form.is_valid():
        do_write_journal_entry(case, text=form.cleaned_data["text"], acting_user=request.user)
        messages.success(request, _("Anteckningen är signerad."))
    else:
        messages.error(request, _("Skriv anteckningen innan du signerar."))
    return redirect("workspace:case", case.pk)
