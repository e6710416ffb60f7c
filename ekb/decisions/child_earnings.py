"""A child's earnings earlier in the calendar year, for the yearly cap on exempt earnings.

"Inkomster av arbete som ett hemmavarande barn eller en skolungdom ... har ... ska inte beaktas
till den del de under ett kalenderår inte överstiger ett prisbasbelopp" (4 kap. 1 a § SoL
2001:453 as amended by SFS 2013:421, carried into SoL 2025:400 12 kap.; the amount is the
parameter income/child_earnings_exemption.yaml). The cap is per calendar year, so the engine
needs what the child earned before this month in the same year (``earned_this_year_before``):

* each earlier month of the year in which the household applied in EKB: the child's earnings
  lines of that month's latest application (what counted then: the client's figures, a
  caseworker's change, an accepted register fact);
* each earlier month of the year without an application in EKB (the household was not on
  support, or applied elsewhere): what the register reports (Skatteverket's employer
  declarations, ekb.integrations.registers) for the child that month, when it answers.

January starts from zero: the year's earlier earnings are those of the application's month's
year, so an application made on 31 December for January counts no December earnings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from ekb.applications.choices import LineKind
from ekb.applications.models import Application, ApplicationLine
from ekb.norm.vocabulary import CHILD_EARNINGS, EMPLOYMENT_INCOME

# A child's income from work, however it was entered: the client reports "child_salary", the
# register reports a salary ("salary") for whoever was paid it.
EARNINGS_TYPES = (CHILD_EARNINGS, EMPLOYMENT_INCOME)


def earlier_months(month: dt.date) -> list[dt.date]:
    """The months of ``month``'s calendar year before it (none in January)."""
    return [dt.date(month.year, m, 1) for m in range(1, month.month)]


def _latest_applications(household_id: int, months: Iterable[dt.date]) -> dict[dt.date, int]:
    """Per month, the household's latest application for it (a new application for a month
    replaces the facts of an earlier one)."""
    latest: dict[dt.date, int] = {}
    rows = (
        Application.objects.filter(case__household_id=household_id, month__in=list(months))
        .order_by("month", "id")
        .values_list("month", "id")
    )
    for month, pk in rows:
        latest[month] = pk  # ordered by id: the last one wins
    return latest


def _register_earnings(person, months: list[dt.date], register_client) -> Decimal:
    """What the register reports the child earned in ``months``; nothing from a source that
    did not answer."""
    if not months or register_client is None:
        return Decimal(0)
    total = Decimal(0)
    for month in months:
        report = register_client.fetch([person.identity_number], month)
        total += sum(
            (
                income.amount
                for income in report.incomes_for(person.identity_number)
                if income.income_type in EARNINGS_TYPES
            ),
            Decimal(0),
        )
    return total


def earned_this_year_before(application: Application, person, *, register_client=None) -> Decimal:
    """What ``person`` (a child of the household) earned from work in the months of the
    application's calendar year before its month."""
    months = earlier_months(application.month)
    if not months:
        return Decimal(0)
    applied = _latest_applications(application.case.household_id, months)
    amounts = ApplicationLine.objects.filter(
        application_id__in=applied.values(),
        kind=LineKind.INCOME,
        type__in=EARNINGS_TYPES,
        member=person,
        overridden=False,
        amount__isnull=False,
    ).values_list("amount", flat=True)
    from_applications = sum((amount for amount in amounts if amount is not None), Decimal(0))
    not_applied = [m for m in months if m not in applied]
    return from_applications + _register_earnings(person, not_applied, register_client)
