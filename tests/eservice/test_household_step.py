"""The household step: the population register proposes the persons at the address, the client
confirms who they are, and the household the client confirms is the one the robot calculates
(issue 9, "Real households"). Bad input names the field and loses nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.cases.models import CaseEvent
from ekb.decisions.calculation import latest_calculation
from ekb.eservice.estimate import household_month as estimate_household_month
from ekb.people.models import HouseholdChange, HouseholdMember, MemberRole
from tests.eservice.household_fixtures import (
    ALVA,
    JOHAN,
    LEO,
    NORA,
    berg_fixture,  # noqa: F401 - the fixture
    family_answers,
    person,
)
from tests.personas import DECEMBER, NOVEMBER, draft_url, log_in, start_draft

FAMILY_ROLES = ["applicant", "child", "child", "co_applicant", "other_adult"]


def test_a_new_applicant_sees_the_persons_registered_at_the_address_with_their_source(client, berg):
    log_in(client, berg.sara)
    draft = start_draft(client, NOVEMBER)
    page = client.get(draft_url(draft, "hushall/")).content.decode()
    for name in ("Sara", "Johan", "Alva", "Leo", "Nora"):
        assert name in page
    assert "Källa: Folkbokföringen (Skatteverket), hämtad 2026-11-20" in page
    roles = {m["first_name"]: m["role"] for m in draft.answers["household"]}
    # The register's relations are suggestions: the partner as co-applicant, a child under 18
    # as a child, the 19-year-old as another adult until the client says she is in school.
    assert roles == {
        "Sara": "applicant",
        "Johan": "co_applicant",
        "Alva": "child",
        "Leo": "child",
        "Nora": "other_adult",
    }


def test_a_person_the_register_does_not_know_is_proposed_alone(client, org, frozen, stack):
    from ekb.integrations.population import FakePopulationClient, override_population_client
    from tests import factories as f

    lone = f.person(dt.date(1990, 2, 3), first_name="Lina")
    f.household(org.muni, applicant=lone)
    stack.enter_context(override_population_client(FakePopulationClient()))
    log_in(client, lone)
    draft = start_draft(client, NOVEMBER)
    assert [m["id"] for m in draft.answers["household"]] == [f"p{lone.pk}"]


def test_a_confirmed_family_is_calculated_as_a_family(client, berg):
    log_in(client, berg.sara)
    draft = start_draft(client, NOVEMBER)
    response = client.post(draft_url(draft, "hushall/"), family_answers())
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    # Johan is the co-applicant: he confirms the application with his own login.
    assert draft.co_applicant == person(JOHAN)
    for step, data in (
        # Nora, another adult in the home: Sara answers that she pays nothing towards the rent.
        ("boende/", {"rent": "9800", "electricity": "600", "rent_contribution-answer": "no"}),
        ("inkomster/", {"income-count": "0"}),
        ("kostnader/", {}),
        ("behov/", {}),
        ("situation/", {"reason": "Jag har blivit arbetslös.", "assets": ""}),
    ):
        assert client.post(draft_url(draft, step), data).status_code == 302, step

    # The estimate counts the same household the robot will.
    draft.refresh_from_db()
    estimate_document, _ = estimate_household_month(draft)
    assert sorted(m["role"] for m in estimate_document["members"]) == FAMILY_ROLES
    assert {m.get("days_in_household") for m in estimate_document["members"]} == {None, 15}

    client.post(draft_url(draft, "kontrollera/"))
    draft.refresh_from_db()
    assert draft.status == "awaiting_co_applicant"
    log_in(client, person(JOHAN))
    assert client.post(draft_url(draft, "bekrafta/")).status_code == 302
    draft.refresh_from_db()
    application = draft.application
    assert application is not None

    members = {
        m.person.identity_number: m
        for m in HouseholdMember.objects.filter(household=application.case.household)
        .filter(valid_to__isnull=True)
        .select_related("person")
    }
    assert members[JOHAN].role == MemberRole.CO_APPLICANT
    assert members[ALVA].role == MemberRole.CHILD and members[ALVA].days_per_month is None
    assert members[LEO].role == MemberRole.CHILD and members[LEO].days_per_month == 15
    assert members[NORA].role == MemberRole.OTHER_ADULT
    assert members[JOHAN].valid_from == NOVEMBER  # the whole month applied for, not from today
    assert "Folkbokföringen" in members[JOHAN].source

    calculation = latest_calculation(application)
    document = calculation.input
    assert document["cohabiting"] is True
    # Sara, Johan, Alva and Leo are in the norm; Nora lives there and shares the common costs.
    assert sorted(m["role"] for m in document["members"]) == FAMILY_ROLES
    nora = next(m for m in document["members"] if m["id"] == f"p{person(NORA).pk}")
    assert nora["role"] == "other_adult"
    assert {m.get("days_in_household") for m in document["members"]} == {None, 15}
    labels = [row["label"] for row in calculation.result["rows"]]
    assert any("5 personer" in label and "4/5" in label for label in labels), labels
    # Every member added is a case event (for the caseworker) and in the access log.
    assert CaseEvent.objects.filter(case=application.case, kind="household_changed").count() >= 4
    assert HouseholdChange.objects.filter(case_id=application.case_id).count() >= 4
    # The caseworker sees what the client changed against the register's proposal: nothing here
    # but Leo's days.
    changes = application.document["household_changes"]
    assert changes == [
        {"member": f"p{person(LEO).pk}", "change": "changed", "fields": ["days_in_household"]}
    ]


def test_days_in_the_home_above_the_days_of_the_month_names_the_field_and_keeps_the_input(
    client, berg
):
    log_in(client, berg.sara)
    draft = start_draft(client, NOVEMBER)
    leo = person(LEO).pk
    response = client.post(draft_url(draft, "hushall/"), family_answers(**{f"m-p{leo}-days": "45"}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Leo: Dagar i månaden hos dig" in page
    assert "Dagar i hemmet ska vara mellan 1 och 30, så många dagar som november 2026 har." in page
    assert 'value="45"' in page
    draft.refresh_from_db()
    assert "hushall" not in draft.answers.get("steps_done", [])


def test_a_nineteen_year_old_not_in_school_cannot_be_a_child_of_the_household(client, berg):
    log_in(client, berg.sara)
    draft = start_draft(client, NOVEMBER)
    nora = person(NORA).pk
    response = client.post(
        draft_url(draft, "hushall/"), family_answers(**{f"m-p{nora}-role": "child"})
    )
    assert response.status_code == 400
    assert "har fyllt 18 år och går inte i skolan" in response.content.decode()


def test_an_impossible_move_in_date_names_the_field(client, berg):
    log_in(client, berg.sara)
    draft = start_draft(client, NOVEMBER)
    data = family_answers()
    data.update(
        {
            "new-identity_number": "19950130-9869",
            "new-first_name": "Amira",
            "new-role": "other_adult",
            "action": "add",
        }
    )
    assert client.post(draft_url(draft, "hushall/"), data).status_code == 302
    draft.refresh_from_db()
    amira = next(e for e in draft.answers["household"] if e["first_name"] == "Amira")
    response = client.post(
        draft_url(draft, "hushall/"), family_answers(**{f"m-{amira['id']}-moved_in": "2026-02-30"})
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Amira: Första dagen hos dig" in page and "Datumet finns inte" in page
    assert 'value="2026-02-30"' in page


def test_a_co_applicant_not_registered_at_the_address_needs_a_reason(client, berg):
    log_in(client, berg.sara)
    draft = start_draft(client, NOVEMBER)
    johan = person(JOHAN).pk
    data = family_answers(**{f"m-p{johan}-role": "gone"})
    data.update(
        {
            "new-identity_number": "19791201-9887",  # Per Lind, registered at another address
            "new-first_name": "Per",
            "new-role": "co_applicant",
        }
    )
    response = client.post(draft_url(draft, "hushall/"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Medsökande är inte folkbokförd på adressen" in page
    draft.refresh_from_db()
    per = next(e for e in draft.answers["household"] if e["first_name"] == "Per")
    response = client.post(
        draft_url(draft, "hushall/"),
        family_answers(
            **{
                f"m-p{johan}-role": "gone",
                f"m-{per['id']}-reason": "Vi flyttade ihop i oktober, adressändringen är på gång.",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:6000]


@pytest.mark.parametrize("lunch", ["1", "0"])
def test_the_e_service_asks_whether_a_small_child_eats_lunch_at_home(
    client, org, frozen, stack, lunch
):
    from ekb.integrations.population import FakePopulationClient, override_population_client
    from ekb.people.models import Household, Person

    amira = Person.objects.create(
        identity_number="199501309869",
        first_name="Amira",
        last_name="Hassan",
        birth_date=dt.date(1995, 1, 30),
    )
    home = Household.objects.create(municipality=org.muni)
    HouseholdMember.objects.create(
        household=home, person=amira, role="applicant", valid_from=NOVEMBER
    )
    stack.enter_context(override_population_client(FakePopulationClient()))
    log_in(client, amira)
    draft = start_draft(client, NOVEMBER)
    yusuf = next(e for e in draft.answers["household"] if e["first_name"] == "Yusuf")
    per = next(e for e in draft.answers["household"] if e["first_name"] == "Per")
    base = {f"m-{yusuf['id']}-role": "child", f"m-{per['id']}-role": "other_adult"}
    response = client.post(draft_url(draft, "hushall/"), base)
    assert response.status_code == 400
    assert "Svara på om barnet äter lunch hemma på vardagar." in response.content.decode()
    response = client.post(draft_url(draft, "hushall/"), {**base, f"m-{yusuf['id']}-lunch": lunch})
    assert response.status_code == 302
    draft.refresh_from_db()
    yusuf = next(e for e in draft.answers["household"] if e["first_name"] == "Yusuf")
    assert yusuf["lunch_at_home"] is (lunch == "1")


def test_a_renewal_with_a_child_now_half_the_month_at_home_is_marked_for_the_caseworker(
    client, karin
):
    """Karin renews for December: Elias now lives with her 15 days a month. The change is marked
    for the caseworker, earlier months keep their household, and December is calculated with it."""

    log_in(client, karin.applicant)
    draft = start_draft(client)
    elias = f"m-p{karin.son.pk}-"
    response = client.post(
        draft_url(draft, "hushall/"),
        {elias + "role": "child", elias + "days": "15", elias + "school": "0"},
    )
    assert response.status_code == 302
    page = client.get(draft_url(draft, "hushall/")).content.decode()
    assert "Ändrad" in page  # the client sees what differs from last month too
    for step, data in (
        ("boende/", {"rent": "7200", "electricity": "400"}),
        ("inkomster/", {"income-count": "0"}),
        ("kostnader/", {}),
        ("behov/", {}),
    ):
        assert client.post(draft_url(draft, step), data).status_code == 302, step
    assert client.post(draft_url(draft, "kontrollera/")).status_code == 302
    draft.refresh_from_db()
    application = draft.application
    assert application.document["household_changes"] == [
        {"member": f"p{karin.son.pk}", "change": "changed", "fields": ["days_in_household"]}
    ]
    rows = HouseholdMember.objects.filter(person=karin.son).order_by("valid_from")
    assert [(r.valid_from, r.valid_to, r.days_per_month) for r in rows] == [
        (dt.date(2025, 1, 1), dt.date(2026, 11, 30), None),  # November keeps its household
        (DECEMBER, None, 15),
    ]
    document = latest_calculation(application).input
    son = next(m for m in document["members"] if m["id"] == f"p{karin.son.pk}")
    assert son["days_in_household"] == 15

    # The caseworker sees the client's change on the household page.
    from tests.personas import staff_log_in

    staff_log_in(client, "anna")
    household = client.get(f"/handlaggare/arenden/{karin.case.pk}/hushall/").content.decode()
    assert "Klientens ändringar i hushållet i senaste ansökan" in household
    # In words (tester finding 7): what changed, and from when, not only "Ändrade uppgifter".
    assert "Elias: bor här 15 dagar i månaden (december 2026)" in household
    assert "Elias från 1 december: bor här 15 dagar i månaden" in household
    assert "Nya uppgifter från 1 december" in household


def test_a_returning_client_is_calculated_with_the_household_she_confirmed_not_an_old_one(
    client, org, frozen, stack
):
    # Lina's household from an earlier time still holds a child the register no longer shows;
    # the e-service asks whether Tuva still lives with her, and she says no. The old child must
    # not be counted (a child's norm paid for a child who is not there).
    from ekb.integrations.population import FakePopulationClient, override_population_client
    from ekb.integrations.registers import override_register_client
    from tests import factories as f
    from tests.personas import quiet_register

    lina = f.person(dt.date(1990, 2, 3), first_name="Lina")
    home = f.household(org.muni, applicant=lina)
    old_child = f.person(dt.date(2014, 5, 6), first_name="Tuva")
    HouseholdMember.objects.create(
        household=home, person=old_child, role=MemberRole.CHILD, valid_from=dt.date(2020, 1, 1)
    )
    stack.enter_context(override_population_client(FakePopulationClient()))
    stack.enter_context(override_register_client(quiet_register(lina, old_child)))
    log_in(client, lina)
    draft = start_draft(client, NOVEMBER)
    assert [m["id"] for m in draft.answers["household"]] == [f"p{lina.pk}", f"p{old_child.pk}"]
    for step, data in (
        ("hushall/", {"household_comment": "", f"m-p{old_child.pk}-role": "gone"}),
        ("boende/", {"rent": "6200", "electricity": "300"}),
        ("inkomster/", {"income-count": "0"}),
        ("kostnader/", {}),
        ("behov/", {}),
        ("situation/", {"reason": "Jag har blivit sjuk.", "assets": ""}),
    ):
        assert client.post(draft_url(draft, step), data).status_code == 302, step
    assert client.post(draft_url(draft, "kontrollera/")).status_code == 302
    draft.refresh_from_db()
    application = draft.application
    calculation = latest_calculation(application)
    assert [m["role"] for m in calculation.input["members"]] == ["applicant"]
    # 3 940 + 1 280 (riksnorm 2026, one adult) + rent 6 200 + electricity 300
    assert calculation.amount == 3940 + 1280 + 6200 + 300
    tuva = HouseholdMember.objects.get(household=home, person=old_child)
    assert tuva.valid_to == dt.date(2026, 10, 31)
    assert {"member": f"p{old_child.pk}", "change": "left"} in application.document[
        "household_changes"
    ]


def test_the_estimate_counts_a_co_applicant_from_the_day_he_moves_in(client, berg):
    # Johan moves in on 20 November: the estimate must count him for 11 of 30 days, as the
    # robot will, not for the whole month (which would promise the client too much).
    log_in(client, berg.sara)
    draft = start_draft(client, NOVEMBER)
    johan = f"p{person(JOHAN).pk}"
    draft.answers["household"] = [
        {**m, "moved_in": "2026-11-20"} if m["id"] == johan else m
        for m in draft.answers["household"]
        if m["id"] in (johan, f"p{berg.sara.pk}")
    ]
    document, _ = estimate_household_month(draft)
    entry = next(m for m in document["members"] if m["id"] == johan)
    assert entry["in_household_from"] == "2026-11-20"
