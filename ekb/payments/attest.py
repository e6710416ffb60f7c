"""Who may attest a payment run: decided here, for the run door, the action and the pages alike.

Internal control of payments asks for two people, and the control that matters is that the one
who DECIDED a payment (or asked for it to be paid urgently) is not also the one who attests
paying it: segregation of duties (the manager's check of the day's payments is the unit's control
of what its caseworkers pay out, seed 000 "Vi gör ett arbete av god kvalitet!" (Aziz & Lindgren)
L1986-1989: the manager "får ... en lista för alla betalningar vi har gjort under dag"; the
auditors' review of Huddinge's manual försörjningsstöd payments (EY 2014,
research/domain-facts.md § 3.5) names payments as the risk; segregation of duties as in UNICEF
HOPE's payment-plan approvals, research/anchors.md). Preparing a run is mechanical collection of
what was already decided, not a control step: the one who prepared it may attest it.

So a section manager of the run's unit attests it unless she decided a line in it (decided,
approved or changed the decision) or asked for one of its payments to be paid urgently. When no
section manager of the unit may (the unit has none, or each of them has such a part in it), a
section manager of another unit of the same municipality who has no part in it may attest that
run: the one case where a run is opened outside one's own units, logged as such by the door.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ekb.accounts.models import User
from ekb.accounts.roles import Role
from ekb.payments.choices import PaymentStatus
from ekb.payments.models import Payment, PaymentRun


@dataclass(frozen=True)
class AttestVerdict:
    """Whether ``user`` may attest ``run`` now; if not, why (a sentence to show) and who may."""

    allowed: bool
    reason: str = ""
    # Allowed as a section manager of another unit (the run's unit has none who may).
    cross_unit: bool = False
    # Who may attest instead ("Bertil Berg, sektionschef Söder"), when she may not.
    others: tuple[str, ...] = ()

    @property
    def others_text(self) -> str:
        return ", ".join(self.others)


def parties_of(run: PaymentRun) -> set[int]:
    """The staff who decided a line of the run's payments or asked for one to be paid urgently."""
    rows = Payment.objects.filter(
        payment_run=run.message_id, status=PaymentStatus.PLANNED
    ).values_list(
        "decision_line__decision__decided_by",
        "decision_line__decision__approved_by",
        "decision_line__decision__changed_by",
        "urgent_by",
    )
    return {user_id for row in rows for user_id in row if user_id is not None}


def _urgent_requesters(run: PaymentRun) -> set[int]:
    return set(
        Payment.objects.filter(payment_run=run.message_id, status=PaymentStatus.PLANNED)
        .exclude(urgent_by=None)
        .values_list("urgent_by", flat=True)
    )


def section_managers(municipality_id: int) -> dict[int, list[User]]:
    """The municipality's active section managers by the unit they manage."""
    managers = (
        User.objects.filter(
            municipality_id=municipality_id,
            is_active=True,
            role_assignments__role=Role.SECTION_MANAGER,
            role_assignments__unit__isnull=False,
        )
        .prefetch_related("role_assignments__unit")
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    by_unit: dict[int, list[User]] = {}
    for manager in managers:
        for assignment in manager.role_assignments.all():
            if assignment.role == Role.SECTION_MANAGER and assignment.unit_id:
                by_unit.setdefault(assignment.unit_id, []).append(manager)
    return by_unit


def _named(manager: User, unit_name: str) -> str:
    return _("%(name)s, sektionschef %(unit)s") % {"name": manager.display_name, "unit": unit_name}


def who_may_attest(run: PaymentRun) -> tuple[list[tuple[User, str]], bool]:
    """The section managers who may attest the run, each with the name of the unit she manages
    (the run's own when it is hers), and whether they are of other units: True only when no
    manager of the run's own unit may."""
    managers = section_managers(run.municipality_id)
    parties = parties_of(run)
    names: dict[int, str] = {}
    for people in managers.values():
        for manager in people:
            for assignment in manager.role_assignments.all():
                if assignment.unit is not None:
                    names[assignment.unit.pk] = assignment.unit.name
    own_unit = run.unit_id or 0
    own = [(m, names[own_unit]) for m in managers.get(own_unit, []) if m.pk not in parties]
    if own:
        return own, False
    seen: set[int] = set()
    others = []
    for unit_id, people in sorted(managers.items(), key=lambda item: names[item[0]]):
        for manager in people:
            if unit_id != own_unit and manager.pk not in parties and manager.pk not in seen:
                seen.add(manager.pk)
                others.append((manager, names[unit_id]))
    return others, True


def attest_verdict(run: PaymentRun, user) -> AttestVerdict:
    """May ``user`` attest ``run`` now (see the module's text)? With the reason and the others
    who may when she may not."""
    if run.attested_at is not None or run.file_made_at is not None or run.reopened_at is not None:
        return AttestVerdict(allowed=False)
    if not (user is not None and user.is_authenticated and user.has_role(Role.SECTION_MANAGER)):
        return AttestVerdict(
            allowed=False, reason=_("Bara en sektionschef kan attestera utbetalningar.")
        )
    if user.municipality_id != run.municipality_id:
        return AttestVerdict(allowed=False, reason=_("Körningen hör inte till din kommun."))
    allowed, cross_unit = who_may_attest(run)
    if any(manager.pk == user.pk for manager, _unit in allowed):
        return AttestVerdict(allowed=True, cross_unit=cross_unit)
    names = tuple(_named(manager, unit) for manager, unit in allowed)
    if user.pk in _urgent_requesters(run):
        reason = _(
            "Du har själv begärt att en utbetalning i körningen betalas ut snarast och kan därför "
            "inte attestera den (två personer enligt den interna kontrollen)."
        )
    elif user.pk in parties_of(run):
        reason = _(
            "Du har själv beslutat om en utbetalning i körningen och kan därför inte attestera "
            "den (två personer enligt den interna kontrollen)."
        )
    else:
        reason = _("Körningen hör till en annan enhet och attesteras av dess sektionschef.")
    if names:
        more = _("Den kan attesteras av: %(names)s.") % {"names": ", ".join(names)}
    else:
        more = _(
            "Ingen sektionschef i kommunen utan del i utbetalningarna kan attestera den. Öppna "
            "körningen igen eller be en administratör ge en annan sektionschef rätt att attestera."
        )
    return AttestVerdict(allowed=False, reason=f"{reason} {more}", others=names)
