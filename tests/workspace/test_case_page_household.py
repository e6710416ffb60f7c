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
