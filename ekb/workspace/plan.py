"""The caseworker's plan page (/handlaggare/arenden/<case>/plan/): write the draft with the
client, share it, sign, establish it at a held meeting, assess the conditions, follow up, record
progress steps and referrals; earlier versions are read on a page of their own.

One page, one form per task; each form says which task it is (``do``). A refused form comes back
on the page with what was typed and an error summary, so nothing is lost."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ekb.cases.access import access_case_by_id
from ekb.plans import actions
from ekb.plans.access import access_plan_object
from ekb.plans.choices import (
    OBSTACLE_AREAS,
    SENSITIVE_AREAS,
    CommentTopic,
    LifeArea,
    ReferralTo,
    Responsible,
    SubGoalStatus,
    VersionStatus,
)
from ekb.plans.models import (
    PlanActivity,
    PlanCondition,
    PlanFollowUp,
    PlanVersion,
    Referral,
    SubGoal,
)
from ekb.plans.reads import (
    meeting_of_case,
    obstacle_texts,
    plan_page,
    sub_goal_texts,
    version_content,
)

DATE_ERRORS = {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")}


def _date(label, required=True):
    return forms.DateField(
        label=label,
        required=required,
        error_messages={**DATE_ERRORS, "required": _("Ange datum (ÅÅÅÅ-MM-DD).")},
        widget=forms.DateInput(attrs={"inputmode": "numeric", "placeholder": "ÅÅÅÅ-MM-DD"}),
    )


def _text(label, rows=3, required=False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=actions.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class DraftForm(forms.Form):
    intervention = forms.CharField(label=_("Beslutad insats"), max_length=200, required=False)
    situation = _text(
        _("Nuvarande situation"), help_text=_("Kort om situationen nu och annat som är viktigt.")
    )
    interpreter_language = forms.CharField(
        label=_("Tolkbehov (språk)"), max_length=60, required=False
    )
    goal = _text(
        _("Klientens eget mål"),
        help_text=_("Med klientens egna ord: hur vill du kunna försörja dig?"),
    )
    sub_goals = _text(
        _("Delmål (ett per rad)"), rows=4, help_text=_("Hur kan det stora målet delas upp?")
    )
    strengths = _text(_("Styrkor och nätverk"))
    work_capacity_client = _text(_("Arbetsförmåga enligt klienten"), rows=2)
    work_capacity_af = _text(_("Arbetsförmåga enligt Arbetsförmedlingen"), rows=2)
    work_capacity_caseworker = _text(_("Arbetsförmåga enligt socialsekreteraren"), rows=2)
    help_from_social_services = _text(_("Hjälp som behövs från socialtjänsten"), rows=2)
    help_from_other_agencies = _text(
        _("Hjälp från Arbetsförmedlingen, sjukvården eller andra myndigheter"), rows=2
    )
    cooperation_wishes = _text(_("Samverkan som klienten önskar"), rows=2)

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        # With two adults, an obstacle in a sensitive area is written for the one it is about:
        # the e-service shows it to her only. With one adult, it is hers.
        self.couple = len(parties) > 1
        self.obstacle_names: list[tuple[str, str, int | None]] = []
        for area in OBSTACLE_AREAS:
            if self.couple and area in SENSITIVE_AREAS:
                for person_id, name in parties:
                    self._obstacle(
                        f"obstacle_{area}_{person_id}",
                        area,
                        person_id,
                        format_lazy("{}: {}", LifeArea(area).label, name),
                        format_lazy(_("Visas bara för {} i e-tjänsten."), name),
                    )
            else:
                self._obstacle(f"obstacle_{area}", area, None, LifeArea(area).label, "")

    def _obstacle(self, name, area, person_id, label, help_text):
        self.fields[name] = _text(label, rows=2, help_text=help_text)
        self.obstacle_names.append((name, area, person_id))

    def obstacle_fields(self):
        return [self[name] for name, _area, _person in self.obstacle_names]

    def obstacles(self, data) -> tuple[dict[str, str], dict[int, dict[str, str]]]:
        """(the household's by area, each adult's by person id and area) from the cleaned data."""
        shared: dict[str, str] = {}
        personal: dict[int, dict[str, str]] = {}
        for name, area, person_id in self.obstacle_names:
            if person_id is None:
                shared[area] = data.get(name, "")
            else:
                personal.setdefault(person_id, {})[area] = data.get(name, "")
        return shared, personal

    @classmethod
    def of(cls, version: PlanVersion, parties=()):
        initial = {name: getattr(version, name) for name in actions.TEXT_FIELDS}
        initial["sub_goals"] = "\n".join(sub_goal_texts(version))
        couple = len(parties) > 1
        for area, person_id, text in obstacle_texts(version):
            key = (
                f"obstacle_{area}_{person_id}"
                if couple and person_id is not None
                else f"obstacle_{area}"
            )
            initial[key] = text
        return cls(initial=initial, prefix="draft", parties=parties)


class ActivityForm(forms.Form):
    what = forms.CharField(label=_("Vad ska göras"), max_length=500)
    responsible = forms.ChoiceField(label=_("Vem gör det"), choices=Responsible.choices)
    responsible_text = forms.CharField(
        label=_("Namn eller myndighet (vid annan)"), max_length=200, required=False
    )
    by_date = _date(_("Senast (ÅÅÅÅ-MM-DD)"), required=False)


class ConditionForm(forms.Form):
    key = forms.ChoiceField(label=_("Villkor"))
    individual_reason = _text(
        _("Varför villkoret gäller den här personen"),
        required=True,
        help_text=_("En individuell bedömning: ett villkor läggs aldrig på av rutin."),
    )

    def __init__(self, *args, catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(key, rule.text) for key, rule in catalogue.items()]


class MarkConditionForm(forms.Form):
    met = forms.TypedChoiceField(
        label=_("Bedömning"),
        coerce=lambda value: value == "yes",
        choices=[("", _("Välj")), ("yes", _("Uppfyllt")), ("no", _("Inte uppfyllt"))],
        error_messages={"required": _("Välj om villkoret är uppfyllt.")},
    )
    note = _text(_("Vad som hänt (krävs när villkoret inte är uppfyllt)"), rows=2)


class EstablishForm(forms.Form):
    meeting = forms.TypedChoiceField(
        label=_("Genomfört möte med klienten"),
        coerce=int,
        error_messages={
            "required": _("Välj mötet med klienten där planen gicks igenom."),
            "invalid_choice": _("Välj ett av mötena i listan."),
        },
    )
    follow_up_on = _date(_("Uppföljning senast (ÅÅÅÅ-MM-DD)"))

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", _("Välj möte"))] + [
            (m.pk, f"{timezone.localtime(m.starts_at):%Y-%m-%d %H:%M} {m.get_kind_display()}")
            for m in meetings
        ]


class BookFollowUpForm(forms.Form):
    booked_for = _date(_("Ny dag för uppföljningen (ÅÅÅÅ-MM-DD)"))


class RecordFollowUpForm(forms.Form):
    notes = _text(_("Vad ni gick igenom"), rows=3, required=True)
    next_due_on = _date(_("Nästa uppföljning senast (ÅÅÅÅ-MM-DD)"))


class ProgressForm(forms.Form):
    life_area = forms.ChoiceField(label=_("Livsområde"), choices=LifeArea.choices)
    from_step = forms.TypedChoiceField(label=_("Från steg"), coerce=int)
    to_step = forms.TypedChoiceField(label=_("Till steg"), coerce=int)
    on = _date(_("Datum (ÅÅÅÅ-MM-DD)"))
    note = _text(_("Vad som hänt"), rows=2)

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, **kwargs)
        steps = [(n, str(n)) for n in range(scale[0], scale[1] + 1)]
        self.fields["from_step"].choices = steps
        self.fields["to_step"].choices = steps


class ReferralForm(forms.Form):
    to = forms.ChoiceField(label=_("Till"), choices=ReferralTo.choices)
    question = _text(_("Vad remissen gäller"), rows=2, required=True)
    sent_on = _date(_("Skickad (ÅÅÅÅ-MM-DD)"))


class ReferralAnswerForm(forms.Form):
    answer = _text(_("Svar"), rows=2, required=True)
    answered_on = _date(_("Svaret kom (ÅÅÅÅ-MM-DD)"))


def _forms(page, bound=None) -> dict:
    """The page's forms, empty, with the one that was sent (``bound``) in its place."""
    result = {
        "activity_form": ActivityForm(prefix="activity"),
        "condition_form": ConditionForm(prefix="condition", catalogue=page.conditions_catalogue),
        "establish_form": EstablishForm(prefix="establish", meetings=page.meetings),
        "book_form": BookFollowUpForm(prefix="book"),
        "follow_up_form": RecordFollowUpForm(prefix="followup"),
        "progress_form": ProgressForm(prefix="progress", scale=page.scale),
        "referral_form": ReferralForm(prefix="referral"),
    }
    if page.current is not None and page.current.version.status == VersionStatus.DRAFT:
        result["draft_form"] = DraftForm.of(page.current.version, page.parties)
    bound = bound or {}
    result.update(bound)
    # The forms of one condition or referral each: their fields' ids carry the object's id.
    in_force = established(page)
    for condition in in_force.conditions if in_force else ():
        condition.mark_form = bound.get(f"mark-{condition.pk}") or MarkConditionForm(
            prefix=f"mark-{condition.pk}"
        )
    for referral in page.referrals:
        referral.answer_form = bound.get(f"answer-{referral.pk}") or ReferralAnswerForm(
            prefix=f"answer-{referral.pk}"
        )
    return result


def established(page):
    """The version in force (established) on the page, if any."""
    if page.current is not None and page.current.version.status == VersionStatus.ESTABLISHED:
        return page.current
    return page.in_force


def _problems(form: forms.Form, anchor: str) -> list[tuple[str, str]]:
    """(target, message) for the error summary: each field in error, the rest to the form."""
    return [
        (form[name].id_for_label if name in form.fields else anchor, str(message))
        for name, errors in form.errors.items()
        for message in errors
    ]


def _render(request, case, page, *, bound=None, problems=(), status=200):
    return render(
        request,
        "workspace/plan.html",
        {
            "case": case,
            "page": page,
            "problems": list(problems),
            "today": timezone.localdate(),
            "comment_topics": dict(CommentTopic.choices),
            **_forms(page, bound),
            "assessed_conditions": established(page).conditions if established(page) else [],
            "followed_sub_goals": established(page).sub_goals if established(page) else [],
            "sub_goal_statuses": SubGoalStatus.choices,
        },
        status=status,
    )


def _done(request, case, anchor: str, message):
    messages.success(request, message)
    return redirect(reverse("workspace:plan", args=[case.pk]) + f"#{anchor}")


@login_required
def plan(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    page = plan_page(case, request.user)
    if request.method != "POST":
        return _render(request, case, page)
    handler = HANDLERS.get(request.POST.get("do", ""))
    if handler is None:
        raise Http404
    try:
        return handler(request, case, page)
    except _Refused as refused:
        page = plan_page(case, request.user)
        return _render(
            request, case, page, bound=refused.bound, problems=refused.problems, status=400
        )


class _Refused(Exception):
    def __init__(self, bound: dict, problems: list):
        self.bound, self.problems = bound, problems


def _run(form, name: str, anchor: str, call):
    """Validate the form, call the action; a refusal carries the form back with its errors."""
    if not form.is_valid():
        raise _Refused({name: form}, _problems(form, anchor))
    try:
        return call(form.cleaned_data)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
        raise _Refused({name: form}, _problems(form, anchor)) from None


def _current(page, *, draft=False) -> PlanVersion:
    if page.current is None:
        raise Http404
    version = page.current.version
    if draft and version.status != VersionStatus.DRAFT:
        raise _Refused({}, [("versions", str(_("Den här versionen kan inte ändras.")))])
    return version


def _start(request, case, page):
    try:
        actions.do_start_plan(case, acting_user=request.user)
    except ValidationError as error:
        raise _Refused({}, [("plan-heading", m) for m in error.messages]) from None
    return _done(request, case, "draft", _("Ett utkast till plan är skapat."))


def _save(request, case, page):
    version = _current(page, draft=True)
    form = DraftForm(request.POST, prefix="draft", parties=page.parties)

    def call(data):
        shared, personal = form.obstacles(data)
        actions.do_save_plan_draft(
            version,
            data=data,
            obstacles=shared,
            personal_obstacles=personal,
            sub_goals=data["sub_goals"].splitlines(),
            acting_user=request.user,
        )

    _run(form, "draft_form", "draft", call)
    return _done(request, case, "draft", _("Utkastet är sparat."))


def _share(request, case, page):
    version = _current(page, draft=True)
    try:
        actions.do_share_plan(version, acting_user=request.user)
    except ValidationError as error:
        form = DraftForm.of(version, page.parties)
        problems = [
            (form[name].id_for_label if name in form.fields else "draft", str(m))
            for name, ms in error.message_dict.items()
            for m in ms
        ]
        raise _Refused({}, problems) from None
    return _done(request, case, "plan-heading", _("Planen är delad med klienten i e-tjänsten."))


def _version_read(request, case) -> PlanVersion:
    """The version the form was sent for (its id is in the form), not whatever is newest now:
    the action refuses it if another version has been shared since."""
    return access_plan_object(request.user, PlanVersion, request.POST.get("version"), case=case)


def _sign(request, case, page):
    version = _version_read(request, case)
    try:
        actions.do_sign_plan_as_staff(version, acting_user=request.user)
    except ValidationError as error:
        raise _Refused({}, [("signatures", m) for m in error.messages]) from None
    return _done(request, case, "signatures", _("Du har skrivit under planen."))


def _establish(request, case, page):
    version = _version_read(request, case)
    form = EstablishForm(request.POST, prefix="establish", meetings=page.meetings)
    _run(
        form,
        "establish_form",
        "establish",
        lambda data: actions.do_establish_plan(
            version,
            meeting=meeting_of_case(case, data["meeting"]),
            follow_up_on=data["follow_up_on"],
            acting_user=request.user,
        ),
    )
    return _done(request, case, "plan-heading", _("Planen är fastställd."))


def _revise(request, case, page):
    if page.plan is None:
        raise Http404
    try:
        actions.do_revise_plan(page.plan, acting_user=request.user)
    except ValidationError as error:
        raise _Refused({}, [("versions", m) for m in error.messages]) from None
    return _done(request, case, "draft", _("En ny version av planen är skapad som utkast."))


def _add_activity(request, case, page):
    version = _current(page, draft=True)
    _run(
        ActivityForm(request.POST, prefix="activity"),
        "activity_form",
        "activities",
        lambda data: actions.do_add_plan_activity(version, **data, acting_user=request.user),
    )
    return _done(request, case, "activities", _("Aktiviteten är tillagd."))


def _remove_activity(request, case, page):
    activity = access_plan_object(request.user, PlanActivity, request.POST.get("id"), case=case)
    try:
        actions.do_remove_plan_activity(activity, acting_user=request.user)
    except ValidationError as error:
        raise _Refused({}, [("activities", m) for m in error.messages]) from None
    return _done(request, case, "activities", _("Aktiviteten är borttagen."))


def _add_condition(request, case, page):
    version = _current(page, draft=True)
    _run(
        ConditionForm(request.POST, prefix="condition", catalogue=page.conditions_catalogue),
        "condition_form",
        "conditions",
        lambda data: actions.do_add_plan_condition(version, **data, acting_user=request.user),
    )
    return _done(request, case, "conditions", _("Villkoret är tillagt."))


def _remove_condition(request, case, page):
    condition = access_plan_object(request.user, PlanCondition, request.POST.get("id"), case=case)
    try:
        actions.do_remove_plan_condition(condition, acting_user=request.user)
    except ValidationError as error:
        raise _Refused({}, [("conditions", m) for m in error.messages]) from None
    return _done(request, case, "conditions", _("Villkoret är borttaget."))


def _mark_condition(request, case, page):
    condition = access_plan_object(request.user, PlanCondition, request.POST.get("id"), case=case)
    name = f"mark-{condition.pk}"
    _run(
        MarkConditionForm(request.POST, prefix=name),
        name,
        f"condition-{condition.pk}",
        lambda data: actions.do_mark_condition(
            condition, met=data["met"], note=data["note"], acting_user=request.user
        ),
    )
    return _done(
        request,
        case,
        "conditions",
        _(
            "Bedömningen är sparad. Ett villkor som inte är uppfyllt blir en uppgift, aldrig en "
            "sänkning: en sänkning är ett beslut med skäl."
        ),
    )


def _sub_goal(request, case, page):
    sub_goal = access_plan_object(request.user, SubGoal, request.POST.get("id"), case=case)
    try:
        actions.do_set_sub_goal_status(
            sub_goal, status=request.POST.get("status", ""), acting_user=request.user
        )
    except ValidationError as error:
        raise _Refused({}, [(f"sub-goal-{sub_goal.pk}", m) for m in error.messages]) from None
    return _done(request, case, "sub-goals", _("Delmålet är uppdaterat."))


def _book(request, case, page):
    if page.plan is None:
        raise Http404
    _run(
        BookFollowUpForm(request.POST, prefix="book"),
        "book_form",
        "follow-up",
        lambda data: actions.do_book_follow_up(
            page.plan, booked_for=data["booked_for"], acting_user=request.user
        ),
    )
    return _done(request, case, "follow-up", _("Uppföljningen är bokad."))


def _record_follow_up(request, case, page):
    follow_up = access_plan_object(request.user, PlanFollowUp, request.POST.get("id"), case=case)
    _run(
        RecordFollowUpForm(request.POST, prefix="followup"),
        "follow_up_form",
        "follow-up",
        lambda data: actions.do_record_follow_up(
            follow_up,
            notes=data["notes"],
            next_due_on=data["next_due_on"],
            acting_user=request.user,
        ),
    )
    return _done(request, case, "follow-up", _("Uppföljningen är registrerad."))


def _progress(request, case, page):
    if page.plan is None:
        raise Http404
    _run(
        ProgressForm(request.POST, prefix="progress", scale=page.scale),
        "progress_form",
        "progress",
        lambda data: actions.do_record_progress(page.plan, **data, acting_user=request.user),
    )
    return _done(request, case, "progress", _("Steget är registrerat."))


def _referral(request, case, page):
    if page.plan is None:
        raise Http404
    _run(
        ReferralForm(request.POST, prefix="referral"),
        "referral_form",
        "referrals",
        lambda data: actions.do_send_referral(page.plan, **data, acting_user=request.user),
    )
    return _done(request, case, "referrals", _("Remissen är registrerad."))


def _referral_answer(request, case, page):
    referral = access_plan_object(request.user, Referral, request.POST.get("id"), case=case)
    name = f"answer-{referral.pk}"
    _run(
        ReferralAnswerForm(request.POST, prefix=name),
        name,
        f"referral-{referral.pk}",
        lambda data: actions.do_record_referral_answer(referral, **data, acting_user=request.user),
    )
    return _done(request, case, "referrals", _("Svaret är registrerat."))


HANDLERS = {
    "start": _start,
    "save": _save,
    "share": _share,
    "sign": _sign,
    "establish": _establish,
    "revise": _revise,
    "add_activity": _add_activity,
    "remove_activity": _remove_activity,
    "add_condition": _add_condition,
    "remove_condition": _remove_condition,
    "mark_condition": _mark_condition,
    "sub_goal": _sub_goal,
    "book_follow_up": _book,
    "record_follow_up": _record_follow_up,
    "progress": _progress,
    "referral": _referral,
    "referral_answer": _referral_answer,
}


@login_required
def plan_version(request, case_id: int, version_id: int):
    """An earlier (or any) version, read only."""
    case = access_case_by_id(request.user, case_id)
    version = access_plan_object(request.user, PlanVersion, version_id, case=case)
    return render(
        request,
        "workspace/plan_version.html",
        {
            "case": case,
            "content": version_content(version),
            "comment_topics": dict(CommentTopic.choices),
        },
    )
