"""Money in the meeting (issue 12): the prepared calculation, each amount gone through with the
client, unforeseen costs added, and the oral decision with its reasons, a confirmation with the
total, then the decision and its letter. Thin views: parse, access, one flow function, render;
the rules are in ekb.flow.meetings."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ekb.applications.cost_types import COSTS
from ekb.decisions.choices import DecisionStatus
from ekb.decisions.decide import check_decision
from ekb.decisions.proposal import propose_lines
from ekb.decisions.register_proposals import untried_proposals_message
from ekb.flow import meetings
from ekb.norm.vocabulary import INCOME_LABELS_SV
from ekb.workspace.error_summary import decision_problems
from ekb.workspace.handling import (
    _acknowledgements,
    _confirmation,
    _line_inputs,
    _named_rows,
    _to_acknowledge,
)
from ekb.workspace.handling_forms import (
    AmountField,
    DecisionLineFormSet,
    DecisionOptionsForm,
    offer_communications,
)


class AmountsForm(forms.Form):
    """One amount and one "confirmed with the client" box per row the caseworker goes through,
    the unforeseen costs, and what the client said when an amount changed."""

    note = forms.CharField(
        label=gettext_lazy("Vad klienten berättade"),
        help_text=gettext_lazy("Krävs när du ändrar ett belopp: det blir skälet till ändringen."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, rows=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = [row for row in rows if row.editable]
        for row in self.rows:
            self.fields[f"amount-{row.key}"] = AmountField(
                label=gettext_lazy("Belopp (kr)"), initial=row.amount, required=False
            )
            self.fields[f"confirm-{row.key}"] = forms.BooleanField(
                label=gettext_lazy("Stämmer enligt klienten"), required=False
            )
        choices = [("", gettext_lazy("Välj kostnad"))] + [
            (code, COSTS[code].staff_label) for code in meetings.ADDABLE_COSTS
        ]
        for i in range(meetings.ADDED_ROWS):
            self.fields[f"added-{i}-type"] = forms.ChoiceField(
                label=gettext_lazy("Kostnad"), choices=choices, required=False
            )
            self.fields[f"added-{i}-amount"] = AmountField(
                label=gettext_lazy("Belopp (kr)"), required=False
            )
            self.fields[f"added-{i}-note"] = forms.CharField(
                label=gettext_lazy("Vad gäller kostnaden?"), required=False, max_length=200
            )

        incomes = [("", gettext_lazy("Välj inkomst"))] + [
            (code, gettext_lazy(INCOME_LABELS_SV.get(code, code)))
            for code in meetings.addable_incomes()
        ]
        people = [("", gettext_lazy("Välj person"))] + [(str(pk), name) for pk, name in members]
        for i in range(meetings.ADDED_INCOME_ROWS):
            self.fields[f"income-{i}-type"] = forms.ChoiceField(
                label=gettext_lazy("Inkomst"), choices=incomes, required=False
            )
            self.fields[f"income-{i}-member"] = forms.TypedChoiceField(
                label=gettext_lazy("Vems inkomst"),
                choices=people,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"income-{i}-amount"] = AmountField(
                label=gettext_lazy("Belopp för månaden (kr)"), required=False
            )
            self.fields[f"income-{i}-note"] = forms.CharField(
                label=gettext_lazy("Vad gäller inkomsten?"), required=False, max_length=200
            )

    def row_fields(self):
        return [(row, self[f"amount-{row.key}"], self[f"confirm-{row.key}"]) for row in self.rows]

    def income_fields(self):
        return [
            (
                i + 1,
                self[f"income-{i}-type"],
                self[f"income-{i}-member"],
                self[f"income-{i}-amount"],
                self[f"income-{i}-note"],
            )
            for i in range(meetings.ADDED_INCOME_ROWS)
        ]

    def added_fields(self):
        return [
            (i + 1, self[f"added-{i}-type"], self[f"added-{i}-amount"], self[f"added-{i}-note"])
            for i in range(meetings.ADDED_ROWS)
        ]


def _decision_forms(money, formset=None, options=None):
    application, snapshot = money.application, money.snapshot
    if application is None or snapshot is None or not money.confirmed or money.decisions:
        return None, None
    if formset is None:
        formset = DecisionLineFormSet(
            initial=[line.__dict__ for line in propose_lines(application, snapshot)],
            prefix="lines",
        )
    return formset, options or DecisionOptionsForm(initial={"made_orally": True})


def _page(request, meeting, *, status=200, amounts_form=None, formset=None, options=None, **extra):
    money = meetings.meeting_money(meeting)
    formset, options = _decision_forms(money, formset, options)
    offer_communications(formset, meeting.case)
    application = money.application
    context = {
        "meeting": meeting,
        "case": meeting.case,
        "money": money,
        "rows": _named_rows(application or meeting, money.snapshot) if money.snapshot else [],
        "amounts_form": amounts_form or AmountsForm(rows=money.rows, members=money.members),
        "decision_formset": formset,
        "options_form": options,
        "to_acknowledge": _to_acknowledge(application) if formset is not None else [],
        "DecisionStatus": DecisionStatus,
        # Register data not yet weighed stop the decision (decisions.register_proposals): say so
        # here, with the way to the application where they are accepted or rejected.
        "untried_register_data": untried_proposals_message(application) if application else None,
        **extra,
    }
    if amounts_form is not None and amounts_form.errors:
        # The error summary: a link to each field in error, what belongs to none to the heading.
        context["amounts_problems"] = [
            ("amounts", str(e)) for e in amounts_form.non_field_errors()
        ] + [(f.id_for_label, str(e)) for f in amounts_form for e in f.errors]
    if "to_acknowledge_post" in extra:
        context["to_acknowledge"] = extra["to_acknowledge_post"]
    return render(request, "workspace/meeting_money.html", context, status=status)


@login_required
def meeting_money(request, meeting_id: int):
    meeting = meetings.access_meeting(request.user, meeting_id)
    return _page(request, meeting)


def _refused(form, error: ValidationError) -> None:
    for key, problems in error.message_dict.items():
        form.add_error(key if key in form.fields else None, problems)


@login_required
@require_POST
def prepare(request, meeting_id: int):
    meeting = meetings.access_meeting(request.user, meeting_id)
    try:
        meetings.prepare_for_meeting(meeting, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Schablonberäkningen är gjord."))
    return redirect("workspace:meeting_money", meeting.pk)


@login_required
@require_POST
def confirm_amounts(request, meeting_id: int):
    meeting = meetings.access_meeting(request.user, meeting_id)
    money = meetings.meeting_money(meeting)
    form = AmountsForm(request.POST, rows=money.rows, members=money.members)
    if form.is_valid():
        data = form.cleaned_data
        try:
            meetings.confirm_amounts(
                meeting,
                amounts={row.key: data[f"amount-{row.key}"] for row in form.rows},
                confirmed={row.key for row in form.rows if data[f"confirm-{row.key}"]},
                added=[
                    meetings.AddedCost(
                        data[f"added-{i}-type"], data[f"added-{i}-amount"], data[f"added-{i}-note"]
                    )
                    for i in range(meetings.ADDED_ROWS)
                ],
                incomes=[
                    meetings.AddedIncome(
                        data[f"income-{i}-type"],
                        data[f"income-{i}-member"],
                        data[f"income-{i}-amount"],
                        data[f"income-{i}-note"],
                    )
                    for i in range(meetings.ADDED_INCOME_ROWS)
                ],
                note=data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Beloppen är bekräftade och beräkningen är gjord om."))
            return redirect(reverse("workspace:meeting_money", args=[meeting.pk]) + "#decision")
    return _page(request, meeting, status=400, amounts_form=form)


@login_required
@require_POST
def decide(request, meeting_id: int):
    """The oral decision in two steps, as every decision: the form comes to a confirmation page
    with the total (and the letter's preview); only its "Bekräfta" decides."""
    meeting = meetings.access_meeting(request.user, meeting_id)
    money = meetings.meeting_money(meeting)
    application = money.application
    if application is None:
        messages.error(request, _("Gå igenom beloppen med klienten och bekräfta dem först."))
        return redirect("workspace:meeting_money", meeting.pk)
    formset = DecisionLineFormSet(request.POST, prefix="lines")
    options = DecisionOptionsForm(request.POST)
    error, warning_errors, status = None, {}, 400
    if request.POST.get("andra") and formset.is_valid() and options.is_valid():
        status = 200
    elif formset.is_valid() and options.is_valid():
        lines = _line_inputs(formset)
        choices = {
            "children_consideration": options.cleaned_data.get("children_consideration") or "",
            "acknowledgements": _acknowledgements(request.POST),
        }
        try:
            if request.POST.get("bekraftat") != "ja":
                meetings.check_oral_decision(meeting, application)
                would_be, why = check_decision(
                    application, lines, acting_user=request.user, **choices
                )
                return _confirmation(
                    request,
                    application,
                    lines,
                    would_be,
                    why,
                    decide_url=reverse("workspace:meeting_money_decide", args=[meeting.pk]),
                )
            decision = meetings.record_oral_decision(
                meeting, application, lines, acting_user=request.user, **choices
            )
        except ValidationError as exc:
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
                messages.success(
                    request, _("Det muntliga beslutet är fattat. Beslutsbrevet är skapat.")
                )
            else:
                messages.info(request, _("Förslaget väntar nu på beslutsfattaren."))
            return redirect(reverse("workspace:meeting_money", args=[meeting.pk]) + "#decided")
    to_acknowledge = _to_acknowledge(application, request.POST, warning_errors)
    return _page(
        request,
        meeting,
        status=status,
        formset=formset,
        options=options,
        decision_error=error,
        to_acknowledge_post=to_acknowledge,
        decision_problems=decision_problems(
            formset, options, error=error, to_acknowledge=to_acknowledge, anchor="decision"
        ),
    )
