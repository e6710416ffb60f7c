"""The doors to a plan's objects. Staff: by id through the case's door (404 alike for missing and
not yours, logged), and only under the case in the address. The client: her own case's plan,
only the versions shared with her (never the caseworker's draft)."""

from __future__ import annotations

from django.http import Http404

from ekb.audit.log import record
from ekb.audit.models import Action, Channel, Outcome
from ekb.cases.access import access_own_case, access_via_case
from ekb.plans.choices import VersionStatus
from ekb.plans.models import (
    PlanActivity,
    PlanCondition,
    PlanFollowUp,
    PlanVersion,
    Referral,
    SubGoal,
)

CLIENT_STATUSES = (VersionStatus.SHARED, VersionStatus.ESTABLISHED, VersionStatus.SUPERSEDED)
_PATHS = {
    PlanVersion: "plan__case",
    PlanActivity: "version__plan__case",
    PlanCondition: "version__plan__case",
    PlanFollowUp: "plan__case",
    Referral: "plan__case",
    SubGoal: "version__plan__case",
}


def access_plan_object(user, model, object_id, *, case, channel=Channel.WEB):
    """A plan object of ``case`` (the case in the address, already opened through its door)."""
    obj = access_via_case(
        user, model, object_id, action=Action.CHANGE_CASE, channel=channel, case_path=_PATHS[model]
    )
    holder = obj
    for step in _PATHS[model].split("__")[:-1]:
        holder = getattr(holder, step)
    if holder.case_id != case.pk:
        raise Http404("Ärendet finns inte.")
    return obj


def client_versions(case):
    """The versions the client may read: shared with her, the newest first."""
    return list(
        PlanVersion.objects.filter(plan__case=case, status__in=CLIENT_STATUSES)
        .select_related("plan", "meeting")
        .order_by("-number")
    )


def access_own_plan(person_id: int, *, channel=Channel.WEB):
    """(case, the version she reads now) for the client: the newest version shared with her;
    (case, None) when none is. The read is logged (the case door logs it)."""
    case = access_own_case(person_id, channel=channel)
    if case is None:
        return None, None
    version = (
        PlanVersion.objects.filter(
            plan__case=case, status__in=(VersionStatus.SHARED, VersionStatus.ESTABLISHED)
        )
        .select_related("plan")
        .order_by("-number")
        .first()
    )
    if version is not None:
        record(
            action=Action.CLIENT_OPEN_OWN_CASE,
            outcome=Outcome.PERMITTED,
            client_person_id=person_id,
            case_id=case.pk,
            channel=channel,
            detail={"planversion": version.pk},
        )
    return case, version


def access_own_plan_version(person_id: int, version_id, *, channel=Channel.WEB):
    """One of the client's own versions (an earlier one, to read); 404 for anything else."""
    case = access_own_case(person_id, channel=channel)
    if case is None:
        raise Http404
    for version in client_versions(case):
        if str(version.pk) == str(version_id):
            return case, version
    raise Http404
