"""The client's activity schedule in the e-service (/e-tjanst/aktiviteter/): the week's
sessions with her own attendance and the hours planned and attended (not a shortfall against
the target: hours the municipality did not schedule are not hers to fill). Her own schedule
only, found through her own case (cases.access logs the read)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ekb.cases.access import access_own_case
from ekb.eservice.session import client_required
from ekb.plans.activity import (
    own_schedule,
    target_in_force,
    week_balance,
    week_from_query,
    week_label,
)


@client_required
def activities(request):
    case = access_own_case(request.client_person_id)
    if case is None:
        raise Http404
    schedule = own_schedule(case, request.client_person_id)
    today = timezone.localdate()
    monday, unreadable = week_from_query(request.GET.get("vecka"), today)
    if unreadable:
        messages.warning(request, _("Veckan kunde inte läsas. Sidan visar den här veckan."))
    context = {"schedule": schedule, "monday": monday, "sunday": monday + dt.timedelta(days=6)}
    if schedule is not None:
        context.update(
            target=target_in_force(schedule, today),
            balance=week_balance(schedule, monday),
            week=week_label(monday),
            previous_week=week_label(monday - dt.timedelta(days=7)),
            next_week=week_label(monday + dt.timedelta(days=7)),
        )
    return render(request, "eservice/activities.html", context)
