"""The caseworker's busiest pages ask the database the same number of times however much there is
to show: the inbox, the case page and the payment list. Each guard counts a page's queries with
a little data, adds more of the same, and asserts the count did not grow (an N+1 would)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ekb.applications.choices import ApplicationKind
from ekb.cases.journal import do_write_journal_entry
from ekb.cases.models import Message
from ekb.decisions.models import MunicipalityPolicy
from ekb.flow import journey
from tests import factories as f
from tests.factories import an_iban, case_paying
from tests.personas import DECEMBER, grant_everything, lines


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def a_renewal_with_a_warning(org, register, *, assigned):
    """A case with a December renewal whose register income the client did not report: the
    inbox shows the application and the register's warning."""
    case = f.case(org.norr, assigned=assigned)
    applicant = case.household.members.get().person
    register.script(applicant.identity_number, {"fk": [("sickness_benefit", 2500, "Sjukpenning")]})
    application = journey.receive_application(
        case, DECEMBER, ApplicationKind.RENEWAL, lines(), client_person_id=applicant.pk
    )
    assert application.warnings.filter(rule="register_proposals").exists()
    Message.objects.create(case=case, from_person=applicant, text="Hyresavin kommer i morgon.")
    return case


def test_the_inbox_asks_as_often_with_six_cases_as_with_two(
    client, org, karin, django_assert_num_queries
):
    client.force_login(org.anna)
    for _ in range(2):
        a_renewal_with_a_warning(org, karin.register, assigned=org.anna)
    queries_of(client, "/handlaggare/inkorg/")  # the first request of a session asks more
    with_two = queries_of(client, "/handlaggare/inkorg/")
    for _ in range(4):
        a_renewal_with_a_warning(org, karin.register, assigned=org.anna)
    a_renewal_with_a_warning(org, karin.register, assigned=None)  # intake sees it too

    with django_assert_num_queries(with_two):
        page = client.get("/handlaggare/inkorg/").content.decode()
    assert page.count("Sjukpenning") >= 7


def test_the_case_page_asks_as_often_with_three_decided_months_as_with_two(
    client, org, karin, django_assert_num_queries
):
    client.force_login(org.anna)
    url = f"/handlaggare/arenden/{karin.case.pk}/"
    queries_of(client, url)
    with_two = queries_of(client, url)
    december = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    decided = grant_everything(december, org.anna)
    do_write_journal_entry(karin.case, text="Telefonsamtal om december.", acting_user=org.anna)
    Message.objects.create(case=karin.case, from_user=org.anna, text="Beslutet är fattat.")

    with django_assert_num_queries(with_two):
        page = client.get(url).content.decode()
    assert f'/ansokningar/{december.pk}/">2026-12</a>' in page
    assert f"/beslut/{decided.pk}/" in page and "Telefonsamtal om december." in page


@pytest.fixture
def pay_day(org, time_machine):
    time_machine.move_to(dt.datetime(2025, 5, 10, 9, 30, tzinfo=dt.UTC), tick=False)
    MunicipalityPolicy.objects.create(
        municipality=org.muni, debtor_name="Testby kommun", debtor_iban=an_iban(999)
    )


def test_the_payment_list_asks_as_often_with_six_payments_as_with_two(
    client, org, pay_day, django_assert_num_queries
):
    client.force_login(org.cecilia)
    url = "/handlaggare/utbetalningar/?datum=2025-05-23"
    cases = [case_paying(org.norr, "6450.00", an_iban(n)) for n in range(2)]
    queries_of(client, url)
    with_two = queries_of(client, url)
    cases += [case_paying(org.norr, f"{1000 + n}.00", an_iban(10 + n)) for n in range(3)]
    cases.append(case_paying(org.norr, "1200.00", None))  # no account: listed, not paid

    with django_assert_num_queries(with_two):
        page = client.get(url).content.decode()
    assert all(case.number in page for case in cases) and "Konto saknas" in page


def test_the_managers_start_page_asks_as_often_with_more_cases_waiting(
    client, org, karin, django_assert_num_queries
):
    from ekb.accounts.models import Absence
    from ekb.applications.models import SupplementRequest
    from ekb.applications.supplements import do_request_supplement
    from ekb.decisions.choices import DecisionStatus
    from ekb.decisions.models import Decision

    def more(n):
        case = a_renewal_with_a_warning(org, karin.register, assigned=org.ida)
        Decision.objects.create(
            case=case, status=DecisionStatus.AWAITING_APPROVAL, created_by=org.anna
        )
        request = do_request_supplement(
            case, what=f"Kontoutdrag {n}", why="Saknas.", due_date=dt.date(2026, 11, 21),
            acting_user=org.anna,
        )  # fmt: skip
        SupplementRequest.objects.filter(pk=request.pk).update(due_date=dt.date(2026, 11, 10))
        Absence.objects.create(
            user=org.ida, starts_on=dt.date(2026, 12, n), ends_on=dt.date(2026, 12, n),
            covered_by=org.anna, registered_by=org.cecilia,
        )  # fmt: skip

    client.force_login(org.cecilia)
    more(1)
    queries_of(client, "/handlaggare/")
    with_one = queries_of(client, "/handlaggare/")
    for n in range(2, 5):
        more(n)
    with django_assert_num_queries(with_one):
        page = client.get("/handlaggare/").content.decode()
    assert page.count("Kontoutdrag") == 4 and page.count("ersättare Anna") == 4
