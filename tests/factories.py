"""Plain constructors for test data: a municipality, staff with roles, households and cases."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from stdnum import iban

from ekb.accounts.actions import do_grant_role
from ekb.accounts.models import Municipality, Unit, User
from ekb.cases.models import Case
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.models import Decision, DecisionLine
from ekb.payments.actions import do_plan_payments
from ekb.people.identity_number import make_test_number
from ekb.people.models import Household, HouseholdMember, MemberRole, Person

PASSWORD = "correct-horse-battery-staple"
_serials = itertools.count()


def municipality(code="9998", name="Testby kommun", is_demo=False) -> Municipality:
    return Municipality.objects.create(code=code, name=name, is_demo=is_demo)


def unit(muni, code, name) -> Unit:
    return Unit.objects.create(municipality=muni, code=code, name=name)


def staff(username, muni, *roles_and_units) -> User:
    user = User(username=username, first_name=username.capitalize(), municipality=muni)
    user.set_password(PASSWORD)
    user.save()
    for role, role_unit in roles_and_units:
        do_grant_role(user, role, unit=role_unit)
    return user


def person(
    birth_date=dt.date(1985, 4, 2), *, protected=False, first_name="Testa", last_name="Testsson"
) -> Person:
    n = next(_serials)
    # Walk through the test-number serials 980-999 and birth days so numbers stay unique.
    number = make_test_number(birth_date + dt.timedelta(days=n // 20), 980 + n % 20)
    return Person.objects.create(
        identity_number=number,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date + dt.timedelta(days=n // 20),
        protected_identity=protected,
    )


def household(muni, *, applicant=None, children=()) -> Household:
    home = Household.objects.create(municipality=muni)
    HouseholdMember.objects.create(
        household=home,
        person=applicant or person(),
        role=MemberRole.APPLICANT,
        valid_from=dt.date(2025, 1, 1),
    )
    for child in children:
        HouseholdMember.objects.create(
            household=home, person=child, role=MemberRole.CHILD, valid_from=dt.date(2025, 1, 1)
        )
    return home


_case_numbers = itertools.count(1)


def case(case_unit, *, assigned=None, protected=False, applicant=None) -> Case:
    home = household(case_unit.municipality, applicant=applicant or person(protected=protected))
    return Case.objects.create(
        municipality=case_unit.municipality,
        unit=case_unit,
        number=f"EKB-TEST-{next(_case_numbers):06d}",
        household=home,
        assigned_caseworker=assigned,
        opened_on=dt.date(2025, 3, 1),
        is_protected=protected,
    )


def an_iban(serial: int) -> str:
    """A valid Swedish IBAN, one for each serial."""
    bban = f"500{serial:017d}"
    return f"SE{iban.calc_check_digits('SE00' + bban)}{bban}"


def case_paying(case_unit, amount, account) -> Case:
    """A case with a decision granting ``amount`` for June 2025, its payment planned to the
    applicant's ``account`` (None: no account)."""
    applicant = person()
    applicant.payout_iban = account
    applicant.save(update_fields=["payout_iban"])
    paying = case(case_unit, applicant=applicant)
    decision = Decision.objects.create(case=paying, status=DecisionStatus.DECIDED)
    DecisionLine.objects.create(
        decision=decision,
        purpose=Purpose.LIVELIHOOD,
        outcome=Outcome.GRANTED,
        amount=Decimal(amount),
        period_start=dt.date(2025, 6, 1),
        period_end=dt.date(2025, 6, 30),
        legal_reference="4 kap. 1 § SoL",
    )
    do_plan_payments(decision, acting_user=None)
    return paying
