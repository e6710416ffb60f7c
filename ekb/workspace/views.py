"""What staff see. Thin views: parse, go through the access function, render."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils import timezone

from ekb.accounts.roles import Role
from ekb.applications.reads import latest_applications, open_applications
from ekb.audit.access import access_log_entries
from ekb.audit.log import record
from ekb.audit.models import Action, Outcome
from ekb.cases.access import access_case_by_id, visible_cases
from ekb.cases.household import describe_events
from ekb.cases.messages import do_mark_client_messages_read
from ekb.cases.reads import current_reasons, household_of_month, latest_events, latest_journal
from ekb.cases.search import search_cases
from ekb.cases.tasks import open_tasks
from ekb.decisions.reads import latest_decisions, open_case_warnings
from ekb.flow.inbox import overdue_after_days
from ekb.integrations.norm_tables import loading_due
from ekb.lib.unsent import unsent_for
from ekb.meetings.access import next_meeting
from ekb.norm.engine import default_engine
from ekb.payments.access import case_payments
from ekb.plans.reads import plan_summary
from ekb.workspace.casework import casework_context
from ekb.workspace.forms import AccessLogFilterForm, StaffLoginForm
from ekb.workspace.manager import manager_context
from ekb.workspace.meeting_rule import meeting_rule_context
from ekb.workspace.meetings_outward import contact_context, officer_case_list

PAGE_SIZE = 50


class StaffLoginView(auth_views.LoginView):
    template_name = "workspace/login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        # A form sent after the session ended is shown to be sent again (ekb.lib.unsent).
        if unsent_for(self.request, "/handlaggare/"):
            return reverse("workspace:resend")
        # The workspace's own address (/handlaggare/) asks for the login with itself as "next":
        # the working day starts in the inbox, not in the case list (LOGIN_REDIRECT_URL).
        url = self.get_redirect_url()
        if not url or url == resolve_url("workspace:home"):
            return resolve_url(settings.LOGIN_REDIRECT_URL)
        return url

    def form_valid(self, form):
        response = super().form_valid(form)
        record(action=Action.STAFF_LOGIN, user=self.request.user)
        return response

    def form_invalid(self, form):
        locked = getattr(self.request, "ekb_login_outcome", "") == "locked"
        record(
            action=Action.STAFF_LOCKED_OUT if locked else Action.STAFF_LOGIN_FAILED,
            outcome=Outcome.DENIED,
        )
        return super().form_invalid(form)


def _age(birth_date: dt.date, on: dt.date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


@login_required
def home(request):
    return render(request, "workspace/home.html", home_context(request))


def home_context(request, *, absence_form=None) -> dict:
    """The start page: search, the case list, and for a section manager the unit's panels."""
    search, search_text, search_error = None, "", ""
    if request.method == "POST" and absence_form is None:
        # A search is posted, never put in the address: a personnummer or a name must not end
        # up in a URL, the browser history or a server log.
        search_text = request.POST.get("q", "")
        try:
            search = search_cases(request.user, search_text)
        except ValidationError as error:
            search_error = " ".join(error.messages)
    cases = (
        visible_cases(request.user)
        .select_related("unit", "assigned_caseworker")
        .order_by(F("closed_on").asc(nulls_first=True), "-opened_on", "number")
    )
    number = request.GET.get("arende", "").strip()
    if number:
        cases = cases.filter(number__icontains=number)
    mine = request.GET.get("mina") == "1"
    if mine:
        cases = cases.filter(assigned_caseworker=request.user)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("sida"))
    shown = [c.pk for c in page.object_list]
    if shown:
        record(action=Action.LIST_CASES, user=request.user, detail={"case_ids": shown})
    return {
        "page": page,
        "search": search,
        "search_text": search_text,
        "search_error": search_error,
        "number": number,
        "mine": mine,
        "can_audit": request.user.has_role(Role.LOG_AUDITOR),
        "officer_cases": officer_case_list(request.user)
        if request.user.has_role(Role.LABOUR_MARKET_OFFICER)
        else [],
        "norm_year_missing": _norm_year_missing(request.user),
        **manager_context(request.user, absence_form),
    }


def _norm_year_missing(user) -> int | None:
    """Next year, from 1 November until its norm amounts are loaded, for administrators: the
    ones who load them. Applications for January arrive in December and wait until then."""
    if not user.has_role(Role.ADMINISTRATOR):
        return None
    return loading_due(default_engine().store, timezone.localdate())


@login_required
def case_detail(request, case_id: int):
    case = access_case_by_id(request.user, case_id)
    # The caseworker has now seen the client's messages; the inbox stops listing them.
    do_mark_client_messages_read(case, acting_user=request.user)
    return render(request, "workspace/case_detail.html", case_page_context(request, case))


def case_page_context(request, case, **forms) -> dict:
    """The case page: what needs doing now first (open applications, open warnings, the next
    meeting), the history after it. Every read is a read function of the room that owns it;
    ``forms`` carries a refused form back with what was typed."""
    today = timezone.localdate()
    members = household_rows(case, today)
    waiting = open_applications(case)
    return {
        "case": case,
        "members": members,
        "applied_household": applied_household(case, waiting, members, today),
        "today": today,
        "reasons": current_reasons(case),
        "open_applications": waiting,
        "overdue_days": overdue_after_days(today),
        "open_warnings": open_case_warnings(case),
        "open_tasks": open_tasks(case),
        "next_meeting": next_meeting(case),
        "plan_summary": plan_summary(case),
        "applications": latest_applications(case),
        "decisions": latest_decisions(case),
        "payments": case_payments(case),
        "events": describe_events(latest_events(case)),
        "journal": latest_journal(case),
        **casework_context(case, request.user, **forms),
        **contact_context(case, request.user, **forms),
        **meeting_rule_context(case, request.user, **forms),
    }


def household_rows(case, on: dt.date) -> list[dict]:
    return [
        {"member": m, "person": m.person, "age": _age(m.person.birth_date, on)}
        for m in household_of_month(case, on)
    ]


def applied_household(case, waiting, members, today: dt.date) -> dict | None:
    """The household of the month the latest open application is for, when that is another
    month than today's and its members differ (on 31 December, the January household the
    client applied with beside today's): the caseworker decides on that month."""
    months = [row.application.month for row in waiting]
    month = max(months) if months else None
    if month is None or month == today.replace(day=1):
        return None
    rows = household_rows(case, max(month, today))
    if {r["member"].pk for r in rows} == {r["member"].pk for r in members}:
        return None
    return {"month": month, "rows": rows}


@login_required
def access_log(request):
    form = AccessLogFilterForm(request.GET or None)
    wanted = form.cleaned_data if form.is_valid() else {}
    # The door decides who may read, and logs the review before the rows are read.
    entries = access_log_entries(
        request.user,
        case_id=wanted.get("case_id"),
        username=wanted.get("username", ""),
        outcome=wanted.get("outcome", ""),
        review=form.data.dict() if form.is_bound else {},
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(request, "workspace/access_log.html", {"form": form, "page": page})
