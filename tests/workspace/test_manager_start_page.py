"""The section manager's start page: the unit's open applications by age, the decisions waiting
for her, caseloads, absences and who covers, overdue supplement requests, this month's meetings."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ekb.accounts.models import Absence
from ekb.applications.choices import ApplicationKind
from ekb.applications.models import Application
from ekb.applications.supplements import do_request_supplement
from ekb.audit.models import AccessLogEntry
from ekb.decisions.choices import DecisionStatus
from ekb.decisions.models import Decision
from ekb.flow import journey
from ekb.meetings.actions import do_book_meeting
from tests import factories as f
from tests.personas import DECEMBER, TODAY, lines


def waiting_since(org, karin, days: int, *, unit=None):
    """A case in Norr (or ``unit``) with an application that came in ``days`` days ago."""
    case = f.case(unit or org.norr, assigned=org.ida)
    applicant = case.household.members.get().person
    karin.register.script(applicant.identity_number, {})
    application = journey.receive_application(
        case, DECEMBER, ApplicationKind.RENEWAL, lines(), client_person_id=applicant.pk
    )
    Application.objects.filter(pk=application.pk).update(
        submitted_at=TODAY - dt.timedelta(days=days)
    )
    return case


def panel(page: str, heading: str) -> str:
    """The text of the section under the heading, tags stripped."""
    section = page.split(heading, 1)[1].split("</section>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_the_manager_sees_her_units_open_applications_by_days_waiting(client, org, karin):
    for days in (0, 7, 8, 14, 15, 30):
        waiting_since(org, karin, days)
    waiting_since(org, karin, 30, unit=org.soder)  # another unit's: not hers
    client.force_login(org.cecilia)
    page = client.get("/handlaggare/").content.decode()
    ages = panel(page, "Öppna ansökningar efter väntetid")
    assert "0–7 dagar 2" in ages and "8–14 dagar 2" in ages and "Mer än 14 dagar 2" in ages


def test_a_caseworker_sees_no_manager_panels(client, org, karin):
    client.force_login(org.anna)
    page = client.get("/handlaggare/").content.decode()
    assert "Öppna ansökningar efter väntetid" not in page and "Registrera frånvaro" not in page


def test_the_manager_sees_the_decisions_waiting_for_her_and_the_list_is_logged(client, org, karin):
    case = waiting_since(org, karin, 2)
    Decision.objects.create(case=case, status=DecisionStatus.AWAITING_APPROVAL, created_by=org.anna)
    client.force_login(org.cecilia)
    page = client.get("/handlaggare/").content.decode()
    assert case.number in panel(page, "Beslut som väntar på dig")
    assert "Anna" in panel(page, "Beslut som väntar på dig")
    logged = AccessLogEntry.objects.filter(actor_username="cecilia", detail__list="manager")
    assert logged.get().detail["case_ids"] == [case.pk]


def test_the_manager_sees_each_caseworkers_open_cases(client, org, karin):
    f.case(org.norr, assigned=org.ida)
    f.case(org.norr, assigned=org.ida)
    client.force_login(org.cecilia)
    loads = panel(client.get("/handlaggare/").content.decode(), "Ärenden per handläggare")
    assert "Ida 2" in loads and "Anna 1" in loads and "Bertil" not in loads


def test_an_overdue_supplement_request_is_listed_with_the_days_it_is_late(
    client, org, karin, time_machine
):
    do_request_supplement(
        karin.case,
        what="Hyresavi för december",
        why="Hyran har ändrats.",
        due_date=dt.date(2026, 11, 25),
        acting_user=org.anna,
    )
    time_machine.move_to(TODAY + dt.timedelta(days=8), tick=False)  # 28 November
    client.force_login(org.cecilia)
    overdue = panel(
        client.get("/handlaggare/").content.decode(), "Kompletteringar som är försenade"
    )
    assert karin.case.number in overdue and "Hyresavi för december 2026-11-25 3 Anna" in overdue


def test_this_months_meetings_are_counted_per_caseworker(client, org, karin):
    do_book_meeting(
        karin.case,
        starts_at=TODAY + dt.timedelta(days=3),
        kind="visit",
        place="",
        interpreter_language="",
        acting_user=org.anna,
    )
    client.force_login(org.cecilia)
    meetings = panel(client.get("/handlaggare/").content.decode(), "Möten i")
    # Due by the rule, of them met, booked, held, missed, the target (meetings.month).
    assert "Anna 1 0 1 0 0 40" in meetings


# --- absences and cover --------------------------------------------------------------------------


def register(client, **data):
    return client.post("/handlaggare/franvaro/", data)


def test_the_manager_registers_an_absence_and_it_is_shown_with_the_cover(client, org, karin):
    client.force_login(org.cecilia)
    response = register(
        client,
        user=org.anna.pk,
        starts_on="2026-11-20",
        ends_on="2026-11-27",
        covered_by=org.ida.pk,
    )
    assert response.status_code == 302
    absence = Absence.objects.get()
    assert (absence.user, absence.covered_by, absence.registered_by) == (
        org.anna,
        org.ida,
        org.cecilia,
    )
    shown = panel(client.get("/handlaggare/").content.decode(), "Frånvaro och ersättare")
    assert "Anna: 2026-11-20 – 2026-11-27, ersättare Ida (borta nu)" in shown


def test_registering_the_same_absence_twice_keeps_one(client, org, karin):
    client.force_login(org.cecilia)
    data = dict(user=org.anna.pk, starts_on="2026-11-20", ends_on="2026-11-27")
    register(client, **data)
    again = register(client, **data)
    assert again.status_code == 400
    assert "Det finns redan en frånvaro för samma dagar." in again.content.decode()
    assert Absence.objects.count() == 1


def test_an_absence_ending_before_it_starts_is_refused_with_what_was_typed_kept(client, org, karin):
    client.force_login(org.cecilia)
    response = register(client, user=org.anna.pk, starts_on="2026-11-27", ends_on="2026-11-20")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Slutdatum kan inte vara före startdatum." in page and 'value="2026-11-27"' in page
    assert not Absence.objects.exists()


def test_a_caseworker_cannot_register_an_absence(client, org, karin):
    client.force_login(org.anna)
    register(client, user=org.ida.pk, starts_on="2026-11-20", ends_on="2026-11-27")
    assert not Absence.objects.exists()


def test_a_caseworker_of_another_unit_cannot_be_named_cover(client, org, karin):
    client.force_login(org.cecilia)
    response = register(
        client,
        user=org.anna.pk,
        starts_on="2026-11-20",
        ends_on="2026-11-27",
        covered_by=org.bertil.pk,
    )
    assert response.status_code == 400 and not Absence.objects.exists()


@pytest.fixture
def annas_renewal(karin, org):
    return journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )


def absent(org, starts_on, ends_on):
    return Absence.objects.create(
        user=org.anna,
        starts_on=starts_on,
        ends_on=ends_on,
        covered_by=org.ida,
        registered_by=org.cecilia,
    )


def test_while_anna_is_away_her_renewal_is_in_idas_inbox(client, org, annas_renewal):
    absent(org, dt.date(2026, 11, 19), dt.date(2026, 11, 27))
    client.force_login(org.ida)
    assert (
        f"/ansokningar/{annas_renewal.pk}/" in client.get("/handlaggare/inkorg/").content.decode()
    )


def test_before_and_after_annas_absence_her_renewal_is_not_in_idas_inbox(
    client, org, annas_renewal
):
    absent(org, dt.date(2026, 11, 23), dt.date(2026, 11, 27))
    absent(org, dt.date(2026, 11, 2), dt.date(2026, 11, 19))
    client.force_login(org.ida)
    assert (
        f"/ansokningar/{annas_renewal.pk}/"
        not in client.get("/handlaggare/inkorg/").content.decode()
    )


def test_ida_sees_which_items_in_her_inbox_are_annas_while_she_covers(client, org, annas_renewal):
    """A fresh-eye tester: the cover's inbox mixed the absent colleague's items with her own."""
    absent(org, dt.date(2026, 11, 19), dt.date(2026, 11, 27))
    client.force_login(org.ida)
    page = client.get("/handlaggare/inkorg/").content.decode()
    assert f"för {org.anna.display_name}, frånvarande" in page
