"""After the bulk build: what a municipality configures and what the robot would have done.

The bulk generator writes history straight into the tables. A working demo also needs the
delegation order, the municipality's policy (pay day, its bank account), payout accounts for the
clients, and the robot's run over the applications still waiting: fresh calculations with
register data and the warnings they raise, so the caseworker's inbox looks like a real morning."""

from __future__ import annotations

from django.db import transaction
from stdnum import iban

from ekb.accounts.models import User
from ekb.cases.calculation import do_prepare_calculation
from ekb.cases.choices import ApplicationStatus
from ekb.cases.delegation import load_delegation_order
from ekb.cases.models import Application, MunicipalityPolicy
from ekb.people.models import Person

# Above this size the robot's run is left out: it calculates one application at a time.
ROBOT_LIMIT = 5000
# A bank code no Swedish bank uses, so a demo account can never be a real one.
DEMO_BANK = "999"


def demo_iban(number: int) -> str:
    bban = f"{DEMO_BANK}{number:017d}"
    check = iban.calc_check_digits(f"SE00{bban}")
    return f"SE{check}{bban}"


@transaction.atomic
def configure(municipality) -> None:
    load_delegation_order(municipality)
    MunicipalityPolicy.objects.update_or_create(
        municipality=municipality,
        defaults={
            "pay_day": 25,
            "debtor_name": municipality.name,
            "debtor_iban": demo_iban(1),
            "debtor_bic": "DEMOSESS",
            "debtor_org_number": "2129999999",
        },
    )
    # Open phone hours as Malmö's FAS describes them: a fixed hour most weekdays.
    User.objects.filter(municipality=municipality).update(phone_hours="Måndag–torsdag 9.00–10.00")
    people = (
        Person.objects.filter(memberships__household__municipality=municipality)
        .distinct()
        .only("pk")
    )
    updates = [Person(pk=p.pk, payout_iban=demo_iban(1000 + p.pk)) for p in people]
    Person.objects.bulk_update(updates, ["payout_iban"], batch_size=5000)


def run_robot(municipality, *, progress=lambda line: None) -> int:
    waiting = Application.objects.filter(
        case__municipality=municipality,
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROGRESS],
    ).select_related("case")
    count = 0
    for application in waiting.iterator(chunk_size=500):
        do_prepare_calculation(application)
        count += 1
    progress(f"Roboten förberedde {count} beräkningar.")
    return count
