"""The client's activity schedule in the e-service (/e-tjanst/aktiviteter/): the week's
sessions with her own attendance and the week's balance against the target. Her own schedule
only, found through her own case (cases.access logs the read)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from ekb.cases.access import access_own_case
from ekb.eservice.session import client_required
from ekb.plans.activity import own_schedule, parse_week, week_balance, week_label, week_start


@client_required
def activities(request):
    case = access_own_case(request.client_person_id)
    if case is None:
        raise Http404
    schedule = own_schedule(case, request.client_person_id)
    monday = week_start(parse_week(request.GET.get("vecka")) or timezone.localdate())
    context = {"schedule": schedule, "monday": monday, "sunday": monday + dt.timedelta(days=6)}
    if schedule is not None:
        context.update(
            balance=week_balance(schedule, monday),
            week=week_label(monday),
            previous_week=week_label(monday - dt.timedelta(days=7)),
            next_week=week_label(monday + dt.timedelta(days=7)),
        )
    return render(request, "eservice/activities.html", context)
