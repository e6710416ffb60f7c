"""After the build the demo is ready for casework: a delegation order, a policy, accounts, and
the robot's calculations with warnings for the applications still waiting."""

from __future__ import annotations

from stdnum import iban

from ekb.applications.choices import ApplicationStatus
from ekb.applications.models import Application
from ekb.decisions.models import DelegationRule, MunicipalityPolicy
from ekb.demo.casework import configure, demo_iban, run_robot
from ekb.flow.inbox import inbox_for
from ekb.people.models import Person


def test_demo_accounts_are_valid_swedish_ibans_at_a_bank_that_does_not_exist():
    for number in (1, 42, 10**9):
        account = demo_iban(number)
        assert iban.is_valid(account) and account.startswith("SE") and account[4:7] == "999"


def test_the_demo_gets_a_delegation_order_a_policy_and_payout_accounts(demo):
    configure(demo)
    assert DelegationRule.objects.filter(municipality=demo, role="caseworker").exists()
    policy = MunicipalityPolicy.objects.get(municipality=demo)
    assert iban.is_valid(policy.debtor_iban) and not policy.automated_renewals
    assert not Person.objects.filter(
        memberships__household__municipality=demo, payout_iban__isnull=True
    ).exists()


def test_the_robot_prepares_the_waiting_applications_so_the_inbox_has_work(demo):
    configure(demo)
    waiting = Application.objects.filter(
        case__municipality=demo,
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROGRESS],
    )
    assert waiting.exists()
    assert run_robot(demo) == waiting.count()
    assert all(
        a.calculations.filter(is_preliminary=True, created_by__isnull=True).exists()
        for a in waiting
    )
    first = (
        waiting.select_related("case__assigned_caseworker")
        .filter(case__assigned_caseworker__isnull=False)
        .first()
    )
    box = inbox_for(first.case.assigned_caseworker)
    assert first in list(box["renewals"]) + list(box["new_applications"])
    snapshot = first.calculations.order_by("-id").first()
    assert set(snapshot.result["register_status"]) == {"fk", "csn", "af", "skv", "akassa", "pm"}


def test_a_demo_built_in_december_before_next_years_norm_is_ready_for_work(db, time_machine):
    """A busy December morning (README) on a new machine: January's amounts are not decided, so
    the demo leaves January's renewals out instead of stopping `./dev start`, and a January
    renewal that arrives waits for the amounts with a warning."""
    import datetime as dt

    from ekb.applications.choices import ApplicationKind
    from ekb.demo.build import DEFAULT_SEED, build_demo, demo_municipality
    from ekb.flow import journey

    time_machine.move_to(dt.datetime(2026, 12, 12, 9, tzinfo=dt.UTC), tick=False)
    build_demo(households=40, seed=DEFAULT_SEED, as_of=dt.date(2026, 12, 12))
    demo = demo_municipality()
    configure(demo)
    run_robot(demo)
    assert Application.objects.filter(case__municipality=demo, month=dt.date(2026, 12, 1)).exists()
    case = Application.objects.filter(case__municipality=demo).latest("month").case
    january = journey.receive_application(case, dt.date(2027, 1, 1), ApplicationKind.RENEWAL, [])
    assert january.warnings.get(rule="flow_prepare").status == "open"
