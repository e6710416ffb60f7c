"""The caseworker's appeal page (förvaltningslagen 38–39 and 44–46 §§): rättidsprövning, a late
appeal dismissed by a decision, omprövning as a new decision, and the appeal sent to
förvaltningsrätten as one PDF after a confirmation. Thin views: access, one action each."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ekb.audit.models import Action
from ekb.decisions.choices import DecisionStatus
from ekb.decisions.lines import LineInput
from ekb.decisions.reads import against_application, against_replaced, granted_total, replaced_total
from ekb.flow.appeals import check_reconsider_appeal, dismiss_appeal, reconsider_appeal
from ekb.notices.access import access_appeal_by_id, access_court_bundle
from ekb.notices.appeal_reads import appeal_overview, decision_lines
from ekb.notices.appeals import do_forward_appeal, do_record_reconsideration, do_record_timeliness
from ekb.notices.choices import Timeliness
from ekb.workspace.error_summary import decision_problems
from ekb.workspace.handling_forms import (
    DecisionLineFormSet,
    DecisionOptionsForm,
    filled_forms,
    line_choices,
    offer_communications,
)


class TimelinessForm(forms.Form):
    timeliness = forms.ChoiceField(
        label=_("Kom överklagandet in i rätt tid?"),
        choices=Timeliness.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om överklagandet kom in i rätt tid.")},
    )


class ReconsiderForm(forms.Form):
    fully_as_asked = forms.TypedChoiceField(
        label=_("Ändras beslutet helt så som klienten begär?"),
        choices=[
            ("yes", _("Ja, helt så som klienten begär: överklagandet faller")),
            ("no", _("Nej, delvis eller på annat sätt: överklagandet går vidare")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om beslutet ändras helt så som klienten begär.")},
    )


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label=_("Kommunens yttrande till förvaltningsrätten"),
        help_text=_("Skriv varför kommunen vidhåller beslutet. Stycken skiljs med en tomrad."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": _("Skriv kommunens yttrande till förvaltningsrätten.")},
    )


def _appeal(request, case_id: int, appeal_id: int, *, action=Action.CHANGE_CASE):
    appeal = access_appeal_by_id(request.user, appeal_id, action=action)
    if appeal.case_id != case_id:
        raise Http404
    return appeal


def _line_formset(overview):
    # A proposal the decider sent back is where the caseworker starts again.
    sent_back = overview.appeal.reconsideration if overview.step == "reconsider" else None
    initial = [
        {
            "purpose": line.purpose,
            "outcome": line.outcome,
            "amount": line.amount,
            "amount_applied": line.amount_applied,
            "reasons": line.reasons,
            "communication": line.communication_id,
            "not_activity_requirement": line.not_activity_requirement,
        }
        for line in decision_lines(sent_back or overview.current)
    ]
    return DecisionLineFormSet(initial=initial, prefix="lines")


def _page(request, appeal, status=200, **forms_):
    overview = appeal_overview(appeal)
    formset = forms_.get("decision_formset") or _line_formset(overview)
    offer_communications(formset, appeal.case)
    context = {
        "case": appeal.case,
        "o": overview,
        "timeliness_form": forms_.get("timeliness_form")
        or TimelinessForm(initial={"timeliness": overview.proposed}),
        "reconsider_form": forms_.get("reconsider_form") or ReconsiderForm(),
        "decision_formset": formset,
        # The omprövning starts from the appealed decision: its lines and its words on the
        # children's situation, to be changed where the decision is wrong.
        "options_form": forms_.get("options_form")
        or DecisionOptionsForm(
            initial={"children_consideration": overview.current.children_consideration}
        ),
        "error": forms_.get("error"),
        "reconsider_problems": forms_.get("reconsider_problems") or [],
        # Back from the confirmation page: the omprövning form open, as it was typed.
        "reconsider_open": forms_.get("reconsider_open", False),
    }
    return render(request, "workspace/appeal.html", context, status=status)


@login_required
def appeal_page(request, case_id: int, appeal_id: int):
    """The appeal and what to do next. A POST records that an omprövning that waited for
    approval, now decided, changed the decision as asked (the appeal lapses)."""
    if request.method == "POST":
        appeal = _appeal(request, case_id, appeal_id)
        try:
            do_record_reconsideration(appeal, acting_user=request.user)
            messages.success(request, _("Överklagandet har fallit: beslutet är ändrat som begärt."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("workspace:appeal", case_id, appeal_id)
    return _page(request, _appeal(request, case_id, appeal_id, action=Action.OPEN_CASE))


@login_required
@require_POST
def record_timeliness(request, case_id: int, appeal_id: int):
    appeal = _appeal(request, case_id, appeal_id)
    form = TimelinessForm(request.POST)
    if form.is_valid():
        try:
            do_record_timeliness(appeal, form.cleaned_data["timeliness"], acting_user=request.user)
        except ValidationError as error:
            return _page(request, appeal, 400, error=" ".join(error.messages))
        messages.success(request, _("Rättidsprövningen är registrerad."))
        return redirect("workspace:appeal", case_id, appeal_id)
    return _page(request, appeal, 400, timeliness_form=form)


@login_required
@require_POST
def dismiss(request, case_id: int, appeal_id: int):
    appeal = _appeal(request, case_id, appeal_id)
    try:
        appeal = dismiss_appeal(appeal, acting_user=request.user)
    except ValidationError as error:
        return _page(request, appeal, 400, error=" ".join(error.messages))
    messages.success(request, _("Överklagandet är avvisat. Beslutsbrevet är skapat."))
    assert appeal.dismissal is not None
    return redirect("workspace:decision", appeal.dismissal.pk)


def _problems(formset, options, form, error: str = "") -> list[tuple[str, str]]:
    """The omprövning form's error summary: its lines, options and the choice whether the
    decision is changed fully as asked."""
    problems = decision_problems(formset, options, error=error, anchor="reconsider")
    for field in form:
        # A radio group's first option, as GOV.UK links a question of radios.
        problems += [(f"{field.auto_id}_0", str(e)) for e in field.errors]
    return problems


# What the confirmation page does not carry over to its own forms.
NOT_CARRIED = frozenset({"csrfmiddlewaretoken", "bekraftat", "andra"})


@login_required
@require_POST
def reconsider(request, case_id: int, appeal_id: int):
    """The omprövning in two steps, as an ordinary decision: the form comes to a confirmation
    page with the total and each line beside the decision it replaces; only its "Bekräfta"
    decides. "Tillbaka och ändra" takes the form back as it was typed. A second click on
    "Bekräfta" finds the omprövning made and shows it."""
    appeal = _appeal(request, case_id, appeal_id)
    formset = DecisionLineFormSet(request.POST, prefix="lines")
    options = DecisionOptionsForm(request.POST)
    form = ReconsiderForm(request.POST)
    forms_ = {"decision_formset": formset, "options_form": options, "reconsider_form": form}
    if not (formset.is_valid() and options.is_valid() and form.is_valid()):
        return _page(
            request, appeal, 400, **forms_, reconsider_problems=_problems(formset, options, form)
        )
    if request.POST.get("andra"):
        return _page(request, appeal, **forms_, reconsider_open=True)
    lines = [
        LineInput(
            purpose=f.cleaned_data["purpose"],
            outcome=f.cleaned_data["outcome"],
            amount=f.cleaned_data["amount"],
            amount_applied=f.cleaned_data.get("amount_applied"),
            reasons=f.cleaned_data.get("reasons") or "",
            **line_choices(f),
        )
        for f in filled_forms(formset)
    ]
    consideration = options.cleaned_data.get("children_consideration") or ""
    confirmed = request.POST.get("bekraftat") == "ja"
    try:
        if not confirmed:
            replaced, would_be, why = check_reconsider_appeal(
                appeal, lines, acting_user=request.user, children_consideration=consideration
            )
            return _confirmation(request, appeal, lines, replaced, would_be, why, form)
        decision = reconsider_appeal(
            appeal,
            lines,
            fully_as_asked=form.cleaned_data["fully_as_asked"],
            acting_user=request.user,
            made_orally=options.cleaned_data["made_orally"],
            children_consideration=consideration,
        )
    except ValidationError as exc:
        appeal.refresh_from_db()
        made = appeal.reconsideration
        if (
            confirmed
            and made is not None
            and made.status != DecisionStatus.SENT_BACK
            and made.created_by_id == request.user.pk
        ):
            # A double click on "Bekräfta": the first click made the omprövning.
            return redirect("workspace:decision", made.pk)
        problems = []
        for field, texts in exc.message_dict.items():
            if field.startswith("lines-"):
                index, name = field.removeprefix("lines-").split("-", 1)
                formset.forms[int(index)].add_error(name, texts)
            elif field in options.fields:
                options.add_error(field, texts)
            else:
                problems.extend(texts)
        error = " ".join(problems)
        return _page(
            request,
            appeal,
            400,
            error=error,
            reconsider_problems=_problems(formset, options, form, error=error),
            **forms_,
        )
    if decision.status == DecisionStatus.DECIDED:
        messages.success(request, _("Omprövningens beslut är sparat."))
    else:  # four eyes, or beyond the caseworker's delegation
        messages.info(request, _("Förslaget väntar nu på beslutsfattaren."))
    return redirect("workspace:decision", decision.pk)


def _confirmation(request, appeal, lines, replaced, would_be, why, form):
    rows = against_replaced(against_application(lines), replaced)
    return render(
        request,
        "workspace/confirm_reconsideration.html",
        {
            "case": appeal.case,
            "appeal": appeal,
            "month": replaced.application.month,
            "rows": rows,
            "total": granted_total(rows),
            "replaced": replaced,
            "replaced_total": replaced_total(replaced),
            "fully_as_asked": form.cleaned_data["fully_as_asked"],
            "decided_now": would_be == DecisionStatus.DECIDED,
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
def forward(request, case_id: int, appeal_id: int):
    """Write the opinion, see what goes to the court, confirm: then the bundle is made."""
    appeal = _appeal(
        request,
        case_id,
        appeal_id,
        action=Action.OPEN_CASE if request.method == "GET" else Action.CHANGE_CASE,
    )
    form = OpinionForm(request.POST or None)
    step = request.POST.get("step")
    context = {"case": appeal.case, "o": appeal_overview(appeal), "form": form}
    if request.method == "POST" and step == "edit":
        return render(request, "workspace/appeal_forward.html", context)
    if request.method == "POST" and form.is_valid():
        if step != "send":
            return render(request, "workspace/appeal_forward_confirm.html", context)
        try:
            do_forward_appeal(appeal, form.cleaned_data["opinion"], acting_user=request.user)
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            return render(request, "workspace/appeal_forward.html", context, status=400)
        messages.success(request, _("Överklagandet är skickat till förvaltningsrätten."))
        return redirect("workspace:appeal", case_id, appeal_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "workspace/appeal_forward.html", context, status=status)


@login_required
def court_bundle(request, case_id: int, appeal_id: int):
    bundle = access_court_bundle(request.user, appeal_id)
    if bundle.appeal.case_id != case_id:
        raise Http404
    response = HttpResponse(bytes(bundle.pdf), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="overklagande-forvaltningsratten.pdf"'
    response["Cache-Control"] = "no-store"
    return response
