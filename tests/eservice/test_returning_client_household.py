"""A returning client (her earlier case closed) applies for January on 31 December: the e-service
asks whether the members of the earlier case's household still live with her ("Bor de här
fortfarande hos dig?"), so what is recorded about them is what she answered. A member she was
never asked about is not recorded as her change (tester finding, 31 December 2026)."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.cases.models import Case
from ekb.decisions.delegation import load_delegation_order
from ekb.integrations.population import FakePopulationClient, override_population_client
from ekb.integrations.registers import override_register_client
from ekb.people.models import HouseholdChange, HouseholdMember, MemberRole
from tests import factories as f
from tests.personas import (
    assert_valid,
    at_ten,
    draft_url,
    household_url,
    log_in,
    quiet_register,
    staff_log_in,
)

JANUARY = dt.date(2027, 1, 1)
STILL_HERE = "Bor personen fortfarande hos dig?"


@pytest.fixture
def returning(org, stack, time_machine):
    """Nikola's case closed in June; EKB still holds Sabina (co-applicant) and Hanna (child)
    in the household, and the register shows Nikola alone (the fake knows none of them)."""
    time_machine.move_to(at_ten(dt.date(2026, 12, 31)), tick=False)
    load_delegation_order(org.muni)
    nikola = f.person(dt.date(1985, 3, 4), first_name="Nikola", last_name="Abdi")
    sabina = f.person(dt.date(1987, 5, 6), first_name="Sabina", last_name="Abdi")
    hanna = f.person(dt.date(2016, 7, 8), first_name="Hanna", last_name="Abdi")
    case = f.case(org.norr, assigned=org.anna, applicant=nikola)
    Case.objects.filter(pk=case.pk).update(closed_on=dt.date(2026, 6, 30), closure_reason="work")
    for member, role in ((sabina, MemberRole.CO_APPLICANT), (hanna, MemberRole.CHILD)):
        HouseholdMember.objects.create(
            household=case.household, person=member, role=role, valid_from=dt.date(2025, 3, 1)
        )
    stack.enter_context(override_population_client(FakePopulationClient()))
    stack.enter_context(override_register_client(quiet_register(nikola, sabina, hanna)))
    return nikola, sabina, hanna, case


def _start(client, nikola):
    from ekb.applications.models import ApplicationDraft

    log_in(client, nikola)
    assert client.post("/e-tjanst/ansokan/", {"month": "2027-01"}).status_code == 302
    return ApplicationDraft.objects.get(person=nikola, month=JANUARY)


def _submit(client, draft, household: dict):
    for step, data in (
        ("hushall/", {"household_comment": "", **household}),
        ("boende/", {"rent": "6200", "electricity": "300"}),
        ("inkomster/", {"income-count": "0"}),
        ("kostnader/", {}),
        ("behov/", {}),
        ("situation/", {"reason": "Jag har blivit sjuk.", "assets": ""}),
    ):
        assert client.post(draft_url(draft, step), data).status_code == 302, step
    assert client.post(draft_url(draft, "kontrollera/")).status_code == 302
    draft.refresh_from_db()
    return draft.application


def test_a_returning_client_is_asked_whether_the_earlier_household_still_lives_with_her(
    client, returning
):
    nikola, sabina, hanna, _case = returning
    draft = _start(client, nikola)
    page = client.get(draft_url(draft, "hushall/")).content.decode()
    assert "Sabina" in page and "Hanna" in page
    assert STILL_HERE in page
    assert "Källa: Ditt tidigare ärende hos socialtjänsten" in page
    # Nothing is chosen for her: the earlier role is not taken as her answer.
    assert (
        f'name="m-p{sabina.pk}-role" id="m-p{sabina.pk}-role-co_applicant" value="co_applicant">'
        in page
    )
    response = client.post(draft_url(draft, "hushall/"), {"household_comment": ""})
    assert response.status_code == 400
    assert "Svara om personen fortfarande bor hos dig." in response.content.decode()


def test_what_the_client_answered_about_the_earlier_household_is_recorded_as_hers(
    client, returning
):
    nikola, sabina, hanna, case = returning
    draft = _start(client, nikola)
    household = {
        f"m-p{sabina.pk}-role": "gone",
        f"m-p{hanna.pk}-role": "child",
        f"m-p{hanna.pk}-school": "1",
        f"m-p{hanna.pk}-days": "",
    }
    application = _submit(client, draft, household)
    assert application.case.household_id == case.household_id
    assert_valid("application.v1", application.document)  # the contract holds
    hanna_in_document = next(
        m for m in application.document["household"] if m["id"] == f"p{hanna.pk}"
    )
    assert hanna_in_document["source"] == "client"  # she confirmed that Hanna lives with her
    sabina_row = HouseholdMember.objects.get(household=case.household, person=sabina)
    assert sabina_row.valid_to == dt.date(2026, 12, 31)
    change = HouseholdChange.objects.get(member=sabina_row, kind=HouseholdChange.Kind.ENDED)
    assert change.client_person_id == nikola.pk
    assert change.reason.startswith("Bor inte här enligt den sökande i ansökan")
    hanna_rows = HouseholdMember.objects.filter(household=case.household, person=hanna)
    assert hanna_rows.filter(valid_to__isnull=True).exists()  # still in the household


def test_a_member_the_client_was_never_asked_about_is_not_recorded_as_her_change(
    client, org, returning
):
    # A lodger recorded in the household after her draft began (the draft never showed him):
    # not counted in January, but the ending is EKB's, for the caseworker to check.
    nikola, sabina, hanna, case = returning
    draft = _start(client, nikola)
    lodger = f.person(dt.date(1990, 1, 2), first_name="Omar", last_name="Ali")
    row = HouseholdMember.objects.create(
        household=case.household,
        person=lodger,
        role=MemberRole.OTHER_ADULT,
        valid_from=dt.date(2025, 9, 1),
    )
    _submit(client, draft, {f"m-p{sabina.pk}-role": "gone", f"m-p{hanna.pk}-role": "gone"})
    row.refresh_from_db()
    assert row.valid_to == dt.date(2026, 12, 31)
    change = HouseholdChange.objects.get(member=row, kind=HouseholdChange.Kind.ENDED)
    assert change.client_person_id is None and change.changed_by_id is None
    assert "klienten tillfrågades inte" in change.reason
    staff_log_in(client, "anna")
    page = client.get(household_url(case)).content.decode()
    assert "klienten tillfrågades inte" in page
    assert "Inte med i hushållet som den sökande bekräftade" not in page
