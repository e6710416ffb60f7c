"""The case page shows the month's household as the calculation counts it: a member who moves
out later this month is still there (with the day), a member gone before the month is not."""

from __future__ import annotations

import datetime as dt

from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f
from tests.factories import PASSWORD


def test_anna_sees_therese_who_moves_out_on_the_tenth_on_the_case_page(client, org, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC), tick=False)
    ana = f.person(dt.date(1984, 3, 3), first_name="Ana", last_name="Lind")
    case = f.case(org.norr, assigned=org.anna, applicant=ana)
    therese = f.person(dt.date(2011, 5, 5), first_name="Therese", last_name="Lind")
    HouseholdMember.objects.create(
        household=case.household,
        person=therese,
        role=MemberRole.CHILD,
        in_school=True,
        valid_from=dt.date(2025, 3, 1),
        valid_to=dt.date(2026, 12, 10),
    )
    gone = f.person(dt.date(2010, 1, 1), first_name="Olle", last_name="Lind")
    HouseholdMember.objects.create(
        household=case.household,
        person=gone,
        role=MemberRole.CHILD,
        in_school=True,
        valid_from=dt.date(2025, 3, 1),
        valid_to=dt.date(2026, 10, 31),
    )
    assert client.login(username="anna", password=PASSWORD)
    page = client.get(f"/handlaggare/arenden/{case.pk}/").content.decode()
    assert "Therese Lind" in page and "flyttar ut 10 december" in page
    assert "Olle Lind" not in page


def test_on_new_years_eve_the_case_page_shows_the_january_household_the_client_applied_with(
    client, org, time_machine, stack
):
    # Tester finding (31 December 2026): the page listed only today's household, all "flyttar
    # ut 31 december"; the household of the January application was only on the household page.
    from ekb.applications.choices import ApplicationKind
    from ekb.flow import journey
    from ekb.integrations.registers import override_register_client
    from tests.personas import lines, quiet_register

    time_machine.move_to(dt.datetime(2026, 12, 31, 10, 0, tzinfo=dt.UTC), tick=False)
    nikola = f.person(dt.date(1985, 3, 4), first_name="Nikola", last_name="Abdi")
    case = f.case(org.norr, assigned=org.anna, applicant=nikola)
    december, january = dt.date(2026, 12, 31), dt.date(2027, 1, 1)
    people = {}
    for name, born, role, start, end in (
        ("Sabina", dt.date(1987, 5, 6), MemberRole.CO_APPLICANT, dt.date(2025, 3, 1), december),
        ("Sara", dt.date(1989, 2, 3), MemberRole.CO_APPLICANT, january, None),
        ("Adam", dt.date(2007, 6, 7), MemberRole.OTHER_ADULT, january, None),
    ):
        people[name] = f.person(born, first_name=name, last_name="Abdi")
        HouseholdMember.objects.create(
            household=case.household,
            person=people[name],
            role=role,
            valid_from=start,
            valid_to=end,
        )
    stack.enter_context(override_register_client(quiet_register(nikola, *people.values())))
    journey.receive_application(
        case, january, ApplicationKind.NEW, lines(), client_person_id=nikola.pk
    )
    assert client.login(username="anna", password=PASSWORD)
    page = client.get(f"/handlaggare/arenden/{case.pk}/").content.decode()
    applied = page.index("Hushållet i januari 2027, den månad ansökan gäller")
    today = page.index("Hushållet i dag, 31 december 2026")
    assert "Sara Abdi" in page[applied:today] and "Adam Abdi" in page[applied:today]
    assert "Sabina Abdi" not in page[applied:today]
    today_table = page[today : page.index("</table>", today)]
    assert "Sabina Abdi" in today_table and "flyttar ut 31 december" in today_table
    assert "Sara Abdi" not in today_table
