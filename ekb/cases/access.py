"""Who may see which case. The one place that decides; every view and endpoint goes through it.

The rule, per case:
- the assigned caseworker sees it;
- a section manager sees every case of the unit, protected identity included;
- a caseworker, senior caseworker or labour-market officer sees the unit's cases, except those
  with protected identity;
- nobody else (committee members, administrators and log auditors work without case access).
A refusal looks exactly like a missing case (404) and is logged; it never says why.

Who may (re)assign a case (fördelning) is decided here too, not in a view: see ``may_assign``.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.http import Http404

from ekb.accounts.roles import Role
from ekb.audit.log import record
from ekb.audit.models import Action, Channel, Outcome
from ekb.cases.models import Case
from ekb.lib.ids import parse_id
from ekb.people.models import MemberRole

UNIT_ROLES = frozenset({Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.LABOUR_MARKET_OFFICER})


MANAGER_ROLES = frozenset({Role.SECTION_MANAGER})


# Who distributes the unit's cases (fördelning): the section manager, and the senior caseworker
# (förste socialsekreterare), who in many units distributes the intake under the manager.
DISTRIBUTOR_ROLES = frozenset({Role.SECTION_MANAGER, Role.SENIOR_CASEWORKER})


# Who may be given cases to handle: the unit's caseworkers (assignment_options lists them).
ASSIGNEE_ROLES = frozenset({Role.CASEWORKER})


def _case_filter(user) -> Q | None:
    if not (user and user.is_authenticated and user.is_active):
        return None
    manager_units = user.units_with_roles(MANAGER_ROLES)
    unit_units = user.units_with_roles(UNIT_ROLES)
    condition = Q(assigned_caseworker_id=user.pk)
    if manager_units:
        condition |= Q(unit_id__in=manager_units)
    if unit_units:
        condition |= Q(unit_id__in=unit_units, is_protected=False)
    return condition


def visible_cases(user) -> QuerySet[Case]:
    """The cases the staff member may see, as a queryset scoped in SQL."""
    condition = _case_filter(user)
    if condition is None:
        return Case.objects.none()
    return Case.objects.filter(condition)


def may_see_case(user, case: Case) -> bool:
    """The same rule for one case in memory; tests check that both forms agree."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if case.assigned_caseworker_id == user.pk:
        return True
    if case.unit_id in user.units_with_roles(MANAGER_ROLES):
        return True
    return case.unit_id in user.units_with_roles(UNIT_ROLES) and not case.is_protected


def may_assign(user, case: Case, caseworker=None) -> bool:
    """Whether ``user`` may give ``case`` to ``caseworker`` (or to anyone, when None).

    - Nobody assigns a closed case, or a case they may not see.
    - A distributor (section manager, senior caseworker) of the case's unit assigns any open
      case of the unit to any active caseworker of the unit.
    - A caseworker of the unit may take an unassigned case to themselves (the intake), and
      nothing else: moving a colleague's case is the distributor's decision, so a caseworker
      cannot take over a case by moving it to themselves.
    """
    if case.closed_on is not None or not may_see_case(user, case):
        return False
    if caseworker is not None and not _is_unit_caseworker(caseworker, case.unit_id):
        return False
    if case.unit_id in user.units_with_roles(DISTRIBUTOR_ROLES):
        return True
    if case.unit_id in user.units_with_roles(ASSIGNEE_ROLES):
        return case.assigned_caseworker_id is None and (
            caseworker is None or caseworker.pk == user.pk
        )
    return False


def _is_unit_caseworker(user, unit_id: int) -> bool:
    return bool(user.is_active and unit_id in user.units_with_roles(ASSIGNEE_ROLES))


def access_case_by_id(
    user, case_id, *, action: Action = Action.OPEN_CASE, channel: Channel = Channel.WEB
) -> Case:
    """The case, or Http404 alike for "missing" and "not yours"; the attempt is logged either way."""
    pk = parse_id(case_id)  # None for anything the key column cannot hold
    case = (
        visible_cases(user).filter(pk=pk).select_related("unit", "assigned_caseworker").first()
        if pk
        else None
    )
    record(
        action=action,
        outcome=Outcome.PERMITTED if case else Outcome.DENIED,
        user=user,
        case_id=pk,
        channel=channel,
    )
    if case is None:
        raise Http404("Ärendet finns inte.")
    return case


def client_cases(person_id: int) -> QuerySet[Case]:
    """The cases of households where the person is applicant or co-applicant today."""
    return Case.objects.filter(
        household__members__person_id=person_id,
        household__members__role__in=[MemberRole.APPLICANT, MemberRole.CO_APPLICANT],
        household__members__valid_to__isnull=True,
    ).distinct()


def access_own_case(person_id: int, *, channel: Channel = Channel.WEB) -> Case | None:
    """The client's current case (the newest open one, else the newest), logged as a client read."""
    case = (
        client_cases(person_id)
        .order_by(F("closed_on").desc(nulls_first=True), "-opened_on", "-pk")
        .first()
    )
    record(
        action=Action.CLIENT_OPEN_OWN_CASE,
        outcome=Outcome.PERMITTED,
        client_person_id=person_id,
        case_id=case.pk if case else None,
        channel=channel,
    )
    return case


def access_via_case(user, model, object_id, *, action, channel, case_path="case", related=()):
    """An object that belongs to a case: visible exactly when its case is, logged like a case read."""
    pk = parse_id(object_id)
    obj = (
        model.objects.filter(pk=pk, **{f"{case_path}__in": visible_cases(user)})
        .select_related(case_path, *related)
        .first()
        if pk
        else None
    )
    case_id = None
    if obj is not None:
        holder = obj
        for step in case_path.split("__")[:-1]:
            holder = getattr(holder, step)
        case_id = holder.case_id
    record(
        action=action,
        outcome=Outcome.PERMITTED if obj else Outcome.DENIED,
        user=user,
        case_id=case_id,
        channel=channel,
        detail={model._meta.model_name: pk} if pk else {},
    )
    if obj is None:
        raise Http404("Ärendet finns inte.")
    return obj


def access_task_by_id(user, task_id, *, channel: Channel = Channel.WEB):
    """A task is visible exactly when its case is; 404 (logged as denied) otherwise."""
    from ekb.cases.models import Task

    return access_via_case(user, Task, task_id, action=Action.CHANGE_CASE, channel=channel)
