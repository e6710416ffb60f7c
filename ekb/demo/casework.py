"""After the bulk build: what a municipality configures and what the robot would have done.

The bulk generator writes history straight into the tables. A working demo also needs the
delegation order, the municipality's policy (pay day, its bank account), payout accounts for the
clients, and the robot's run over the applications still waiting: fresh calculations with
register data and the warnings they raise, so the caseworker's inbox looks like a real morning."""

from __future__ import annotations

from django.db import transaction
from stdnum import iban

from ekb.accounts.models import User
from ekb.applications.choices import ApplicationStatus, LineKind
from ekb.applications.models import Application
from ekb.decisions.calculation import household_members
from ekb.decisions.delegation import load_delegation_order
from ekb.decisions.models import MunicipalityPolicy
from ekb.flow import journey
from ekb.flow.models import Step, StepStatus
from ekb.integrations.registers import override_register_client
from ekb.integrations.registers.fake import FakeRegisterClient
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


# Which register answers for which kind of income, for the demo's scripted register.
SOURCE_OF_INCOME = {
    "salary": "skv",
    "unemployment_benefit": "akassa",
    "activity_support": "af",
    "sickness_benefit": "fk",
    "parental_benefit": "fk",
    "housing_allowance": "fk",
    "maintenance_support": "fk",
    "child_allowance": "fk",
    "pension": "pm",
    "student_grant": "csn",
}
# One household in this many has an income in the register that it did not report, so the
# demo shows that warning without drowning the inbox in it.
UNREPORTED_EVERY = 12


def demo_register(application) -> FakeRegisterClient:
    """A register that confirms what the household reported (the demo's incomes and the fake's
    invented ones would otherwise never agree), plus the odd unreported income."""
    client = FakeRegisterClient(generate=False)
    members = {
        m.person_id: m.person for m in household_members(application.case, application.month)
    }
    applicant = next(
        (
            m.person
            for m in household_members(application.case, application.month)
            if m.role == "applicant"
        ),
        None,
    )
    answers: dict[str, dict[str, list]] = {p.identity_number: {} for p in members.values()}
    for line in application.lines.filter(kind=LineKind.INCOME, overridden=False):
        person = members.get(line.member_id) or applicant
        source = SOURCE_OF_INCOME.get(line.type)
        if person is None or source is None or line.amount is None:
            continue
        answers[person.identity_number].setdefault(source, []).append((line.type, line.amount))
    if applicant is not None and application.case_id % UNREPORTED_EVERY == 0:
        answers[applicant.identity_number].setdefault("skv", []).append(
            ("salary", 2400, "Lön, timanställning")
        )
    for number, incomes in answers.items():
        client.script(number, incomes)
    return client


def run_robot(municipality, *, progress=lambda line: None) -> int:
    waiting = Application.objects.filter(
        case__municipality=municipality,
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROGRESS],
    ).select_related("case")
    count = waited = 0
    for application in waiting.iterator(chunk_size=500):
        # Through the journey, as a real application: a month without norm amounts (January
        # before they are decided) waits with a warning instead of stopping the demo.
        with transaction.atomic():
            run = journey.make_due(Step.PREPARE, application, dispatch=False)
        with override_register_client(demo_register(application)):
            status = journey.run_step(run.pk)
        count += status == StepStatus.DONE
        waited += status != StepStatus.DONE
    progress(f"Roboten förberedde {count} beräkningar.")
    if waited:
        progress(f"{waited} beräkningar väntar (se varningarna i inkorgen).")
    return count
