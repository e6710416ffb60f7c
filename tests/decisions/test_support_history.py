"""Months of försörjningsstöd outside this case count towards jobbstimulans.

"För den som har fått försörjningsstöd under sex månader i följd" (4 kap. 1 b § SoL 2001:453,
carried into SoL 2025:400 12 kap.): the months are the person's, not the case's. Sara Holm had
försörjningsstöd in Lunds kommun from March to August 2026 and moves to us; Anna records those
months with their source. Months in an earlier EKB case of the household count too.

Amounts (2026): riksnorm for a single adult 3 940 + 1 280 = 5 220 kr (socialtjänstförordningen
2025:468 12 kap. 2 §, SFS 2025:1046); rent 7 200 and electricity 400 kr; salary 8 000 kr.
Need 5 220 + 7 200 + 400 = 12 820 kr; without jobbstimulans 12 820 − 8 000 = 4 820 kr; with it
25 % of the salary (2 000 kr) is not counted: 12 820 − 6 000 = 6 820 kr.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from ekb.applications.choices import ApplicationKind
from ekb.audit.models import AccessLogEntry
from ekb.cases.choices import EventKind
from ekb.cases.models import Case
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.delegation import load_delegation_order
from ekb.decisions.models import EarlierSupportMonth
from ekb.decisions.support_history import do_record_earlier_support, do_remove_earlier_support
from ekb.flow import journey
from ekb.integrations.registers import override_register_client
from tests import factories as f
from tests.factories import PASSWORD
from tests.personas import bearer, decide_as_proposed, quiet_register, sara_lines

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LUND = "Beslut från Lunds kommun 2026-03-12"
MARCH_TO_AUGUST = [dt.date(2026, m, 1) for m in range(3, 9)]
SEPTEMBER = dt.date(2026, 9, 1)
WITHOUT, WITH_JOBBSTIMULANS = Decimal("4820.00"), Decimal("6820.00")


def on(time_machine, day: dt.date) -> None:
    time_machine.move_to(dt.datetime.combine(day, dt.time(10), tzinfo=STOCKHOLM), tick=False)


@pytest.fixture
def sara(org, stack):
    load_delegation_order(org.muni)
    person = f.person(dt.date(1990, 2, 14), first_name="Sara", last_name="Holm")
    case = f.case(org.norr, assigned=org.anna, applicant=person)
    stack.enter_context(override_register_client(quiet_register(person)))
    return type("Sara", (), {"person": person, "case": case})


def apply_for_september(sara, time_machine):
    on(time_machine, dt.date(2026, 8, 20))
    application = journey.receive_application(
        sara.case, SEPTEMBER, ApplicationKind.RENEWAL, sara_lines(), client_person_id=sara.person.pk
    )
    return latest_calculation(application)


@pytest.mark.calendar
def test_months_from_another_municipality_recorded_with_their_source_count_for_jobbstimulans(
    org, sara, time_machine
):
    on(time_machine, dt.date(2026, 8, 20))
    for month in MARCH_TO_AUGUST:
        do_record_earlier_support(sara.case, month=month, source=LUND, acting_user=org.anna)

    snapshot = apply_for_september(sara, time_machine)

    assert snapshot.input["support_history"] == [f"{m:%Y-%m}" for m in MARCH_TO_AUGUST]
    assert snapshot.amount == WITH_JOBBSTIMULANS
    events = sara.case.events.filter(kind=EventKind.EARLIER_SUPPORT_RECORDED)
    assert events.count() == 6 and not events.filter(visible_to_client=True).exists()
    assert events.first().data == {
        "earlier_support_id": EarlierSupportMonth.objects.order_by("id").first().pk,
        "month": "2026-03",
    }
    log = AccessLogEntry.objects.filter(
        action="change_case", case_id=sara.case.pk, actor_username="anna"
    )
    assert log.count() == 6


@pytest.mark.calendar
def test_a_struck_month_no_longer_counts_and_the_row_keeps_who_struck_it_and_why(
    org, sara, time_machine
):
    on(time_machine, dt.date(2026, 8, 20))
    facts = [
        do_record_earlier_support(sara.case, month=m, source=LUND, acting_user=org.anna)
        for m in MARCH_TO_AUGUST
    ]
    june = facts[3]
    do_remove_earlier_support(
        june, reason="Lunds beslut gällde maj, inte juni.", acting_user=org.ida
    )

    snapshot = apply_for_september(sara, time_machine)

    assert "2026-06" not in snapshot.input["support_history"]
    assert snapshot.amount == WITHOUT  # five months in a row are not six
    june.refresh_from_db()
    assert (june.removed_by, june.removal_reason) == (
        org.ida,
        "Lunds beslut gällde maj, inte juni.",
    )
    removed = sara.case.events.get(kind=EventKind.EARLIER_SUPPORT_REMOVED)
    assert removed.actor == org.ida and removed.data["month"] == "2026-06"
    assert AccessLogEntry.objects.filter(
        action="change_case", case_id=sara.case.pk, actor_username="ida"
    ).exists()


@pytest.mark.calendar
def test_support_decided_in_an_earlier_case_of_the_same_household_counts(org, sara, time_machine):
    for month in MARCH_TO_AUGUST:
        on(time_machine, (month - dt.timedelta(days=1)).replace(day=20))
        application = journey.receive_application(
            sara.case, month, ApplicationKind.RENEWAL, sara_lines(), client_person_id=sara.person.pk
        )
        decide_as_proposed(application, org.anna)
    Case.objects.filter(pk=sara.case.pk).update(
        closed_on=dt.date(2026, 8, 15), closure_reason="work"
    )
    sara.case = Case.objects.create(
        municipality=org.muni,
        unit=org.norr,
        number="EKB-TEST-SARA-2",
        household=sara.case.household,
        assigned_caseworker=org.anna,
        opened_on=dt.date(2026, 8, 20),
    )

    snapshot = apply_for_september(sara, time_machine)

    assert snapshot.input["support_history"] == [f"{m:%Y-%m}" for m in MARCH_TO_AUGUST]
    assert snapshot.amount == WITH_JOBBSTIMULANS


@pytest.fixture
def jonas_household(org, sara, stack, time_machine):
    """Jonas's household, with försörjningsstöd decided March–August in his case, where Sara
    was the co-applicant from a given day to 31 August: ``jonas_household(valid_from)``."""
    from ekb.people.models import HouseholdMember, MemberRole

    jonas = f.person(dt.date(1987, 9, 1), first_name="Jonas", last_name="Berg")
    before = f.case(org.norr, assigned=org.ida, applicant=jonas)
    stack.enter_context(override_register_client(quiet_register(sara.person, jonas)))

    def lived_with_jonas(valid_from: dt.date):
        HouseholdMember.objects.create(
            household=before.household,
            person=sara.person,
            role=MemberRole.CO_APPLICANT,
            valid_from=valid_from,
            valid_to=dt.date(2026, 8, 31),
        )
        for month in MARCH_TO_AUGUST:
            on(time_machine, (month - dt.timedelta(days=1)).replace(day=20))
            application = journey.receive_application(
                before, month, ApplicationKind.RENEWAL, sara_lines(), client_person_id=jonas.pk
            )
            decide_as_proposed(application, org.ida)
        return type("Jonas", (), {"person": jonas, "case": before})

    return lived_with_jonas


def own_months(snapshot, person) -> list[str]:
    member = next(m for m in snapshot.input["members"] if m["id"] == f"p{person.pk}")
    return member["support_history"]


@pytest.mark.calendar
def test_support_in_a_household_where_the_applicant_lived_before_counts(
    sara, jonas_household, time_machine
):
    """Sara was the co-applicant in Jonas's household until August; the support was granted to
    the household's adults together, so those months were hers too."""
    jonas_household(dt.date(2025, 1, 1))

    snapshot = apply_for_september(sara, time_machine)

    assert own_months(snapshot, sara.person) == [f"{m:%Y-%m}" for m in MARCH_TO_AUGUST]
    assert snapshot.amount == WITH_JOBBSTIMULANS


@pytest.mark.calendar
def test_support_in_another_household_before_the_applicant_moved_in_does_not_count(
    sara, jonas_household, time_machine
):
    """Sara moved in with Jonas on 1 June: his household's March–May were not hers."""
    jonas_household(dt.date(2026, 6, 1))

    snapshot = apply_for_september(sara, time_machine)

    assert own_months(snapshot, sara.person) == ["2026-06", "2026-07", "2026-08"]
    assert snapshot.input["support_history"] == ["2026-06", "2026-07", "2026-08"]
    assert snapshot.amount == WITHOUT


@pytest.mark.calendar
def test_a_month_the_applicant_moved_in_mid_month_counts_for_her(
    sara, jonas_household, time_machine
):
    """Sara moved in with Jonas on 15 March: she was a member on days of March, and the month's
    support was the household's (ekb.decisions.support_history: whole months), so March counts and
    she has six months in a row."""
    jonas_household(dt.date(2026, 3, 15))

    snapshot = apply_for_september(sara, time_machine)

    assert own_months(snapshot, sara.person) == [f"{m:%Y-%m}" for m in MARCH_TO_AUGUST]
    assert snapshot.amount == WITH_JOBBSTIMULANS


@pytest.mark.calendar
def test_months_as_a_child_in_a_supported_household_do_not_count_when_she_applies_herself(
    org, sara, jonas_household, time_machine
):
    """Sara's membership in Jonas's household, while it had support, is a child's (the role
    is set after the decisions, as a register would show a child who grew up there); now she
    applies on her own. The bistånd was the adults' (4 kap. 1 § SoL 2001:453), so those months
    are not hers for jobbstimulans (ekb.decisions.support_history)."""
    from ekb.people.models import HouseholdMember, MemberRole

    jonas = jonas_household(dt.date(2026, 3, 1))
    HouseholdMember.objects.filter(household=jonas.case.household, person=sara.person).update(
        role=MemberRole.CHILD, in_school=True
    )

    snapshot = apply_for_september(sara, time_machine)

    assert own_months(snapshot, sara.person) == []
    assert snapshot.amount == WITHOUT


@pytest.mark.calendar
def test_months_recorded_for_the_household_before_months_were_per_person_still_count(
    org, sara, time_machine
):
    """A row without a person (recorded before migration 0010, whose household had no applicant
    to give it to) counts as a month of the case's household, for its adults in that month."""
    for month in MARCH_TO_AUGUST:
        EarlierSupportMonth.objects.create(
            case=sara.case, person=None, month=month, source=LUND, recorded_by=org.anna
        )

    snapshot = apply_for_september(sara, time_machine)

    assert own_months(snapshot, sara.person) == [f"{m:%Y-%m}" for m in MARCH_TO_AUGUST]
    assert snapshot.amount == WITH_JOBBSTIMULANS


@pytest.mark.calendar
def test_a_month_recorded_for_the_co_applicant_is_his_not_the_applicants(org, sara, time_machine):
    """Jonas had försörjningsstöd in Lund March–August; Anna records those months for him.
    Sara gets none of them."""
    from ekb.people.models import HouseholdMember, MemberRole

    jonas = f.person(dt.date(1987, 9, 1), first_name="Jonas", last_name="Berg")
    HouseholdMember.objects.create(
        household=sara.case.household,
        person=jonas,
        role=MemberRole.CO_APPLICANT,
        valid_from=dt.date(2026, 9, 1),
    )
    on(time_machine, dt.date(2026, 8, 20))
    for month in MARCH_TO_AUGUST:
        do_record_earlier_support(
            sara.case, month=month, source=LUND, person=jonas, acting_user=org.anna
        )
    # The same month for Sara too is another fact, not a duplicate.
    do_record_earlier_support(
        sara.case, month=MARCH_TO_AUGUST[0], source=LUND, person=sara.person, acting_user=org.anna
    )
    stack_register = override_register_client(quiet_register(sara.person, jonas))

    with stack_register:
        snapshot = apply_for_september(sara, time_machine)

    assert own_months(snapshot, jonas) == [f"{m:%Y-%m}" for m in MARCH_TO_AUGUST]
    assert own_months(snapshot, sara.person) == ["2026-03"]


def test_bad_input_names_the_field_and_records_nothing(org, sara):
    with pytest.raises(ValidationError) as missing:
        do_record_earlier_support(sara.case, month=None, source="  ", acting_user=org.anna)
    assert set(missing.value.message_dict) == {"month", "source"}
    with pytest.raises(ValidationError) as future:
        do_record_earlier_support(
            sara.case, month=dt.date(2026, 12, 1), source=LUND, acting_user=org.anna
        )
    assert "framtiden" in future.value.message_dict["month"][0]
    with pytest.raises(ValidationError) as too_long:
        do_record_earlier_support(
            sara.case, month=dt.date(2026, 3, 1), source="x" * 301, acting_user=org.anna
        )
    assert set(too_long.value.message_dict) == {"source"}
    fact = do_record_earlier_support(
        sara.case, month=dt.date(2026, 3, 15), source=LUND, acting_user=org.anna
    )
    assert fact.month == dt.date(2026, 3, 1)
    with pytest.raises(ValidationError) as twice:
        do_record_earlier_support(
            sara.case, month=dt.date(2026, 3, 1), source=LUND, acting_user=org.anna
        )
    assert "redan" in twice.value.message_dict["month"][0]
    with pytest.raises(ValidationError) as no_reason:
        do_remove_earlier_support(fact, reason=" ", acting_user=org.anna)
    assert set(no_reason.value.message_dict) == {"reason"}
    stranger = f.person(dt.date(1970, 1, 1), first_name="Okänd", last_name="Person")
    with pytest.raises(ValidationError) as not_in_household:
        do_record_earlier_support(
            sara.case, month=dt.date(2026, 4, 1), source=LUND, person=stranger, acting_user=org.anna
        )
    assert set(not_in_household.value.message_dict) == {"person"}
    assert EarlierSupportMonth.objects.count() == 1
    assert fact.person == sara.person  # without a person: the applicant's month
    assert not sara.case.events.filter(kind=EventKind.EARLIER_SUPPORT_REMOVED).exists()


# --- the case page ---------------------------------------------------------------------------


def test_anna_records_a_month_on_the_case_page_and_sees_it_counted(client, org, sara):
    assert client.login(username="anna", password=PASSWORD)
    url = f"/handlaggare/arenden/{sara.case.pk}/tidigare-stod/"
    form = client.get(url).content.decode()
    assert "Person som fick försörjningsstödet" in form and "Sara Holm" in form
    response = client.post(url, {"person": sara.person.pk, "month": "2026-03", "source": LUND})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/arenden/{sara.case.pk}/#earlier-support")
    page = client.get(f"/handlaggare/arenden/{sara.case.pk}/").content.decode()
    assert "Tidigare försörjningsstöd" in page and LUND in page
    assert "<li>Sara Holm: 2026-03</li>" in page
    assert EarlierSupportMonth.objects.get().person == sara.person


def test_a_wrong_month_on_the_case_page_names_the_field_and_keeps_what_was_typed(client, org, sara):
    assert client.login(username="anna", password=PASSWORD)
    url = f"/handlaggare/arenden/{sara.case.pk}/tidigare-stod/"
    person = sara.person.pk
    response = client.post(url, {"person": person, "month": "mars 2026", "source": LUND})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ange månaden som ÅÅÅÅ-MM" in page
    assert 'value="mars 2026"' in page and LUND in page
    stranger = f.person(dt.date(1970, 1, 1), first_name="Okänd", last_name="Person")
    wrong_person = client.post(url, {"person": stranger.pk, "month": "2026-03", "source": LUND})
    assert wrong_person.status_code == 400
    assert "Välj sökande eller medsökande i hushållet." in wrong_person.content.decode()
    future = client.post(
        url, {"person": person, "month": "2027-01", "source": LUND}
    ).content.decode()
    assert "Månaden kan inte ligga i framtiden." in future and 'value="2027-01"' in future
    assert not EarlierSupportMonth.objects.exists()


def test_anna_strikes_a_month_on_the_case_page_with_a_reason(client, org, sara):
    fact = do_record_earlier_support(
        sara.case, month=dt.date(2026, 3, 1), source=LUND, acting_user=org.anna
    )
    assert client.login(username="anna", password=PASSWORD)
    url = f"/handlaggare/arenden/{sara.case.pk}/tidigare-stod/{fact.pk}/stryk/"
    no_reason = client.post(url, {"reason": ""})
    assert (
        no_reason.status_code == 400 and "Ange varför månaden stryks." in no_reason.content.decode()
    )
    assert client.post(url, {"reason": "Fel månad."}).status_code == 302
    fact.refresh_from_db()
    assert fact.removed_by == org.anna and fact.removal_reason == "Fel månad."
    page = client.get(f"/handlaggare/arenden/{sara.case.pk}/").content.decode()
    assert "<del>2026-03" in page and "Fel månad." in page


def test_a_caseworker_in_another_unit_cannot_record_a_month(client, org, sara):
    assert client.login(username="bertil", password=PASSWORD)
    url = f"/handlaggare/arenden/{sara.case.pk}/tidigare-stod/"
    data = {"person": sara.person.pk, "month": "2026-03", "source": LUND}
    assert client.post(url, data).status_code == 404
    assert not EarlierSupportMonth.objects.exists()


# --- the API ---------------------------------------------------------------------------------


def test_earlier_support_through_the_api(client, org, sara):
    auth = bearer(client, "anna")
    url = f"/api/v1/cases/{sara.case.pk}/earlier-support"
    created = client.post(
        url, {"month": "2026-03", "source": LUND}, content_type="application/json", headers=auth
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["month"], body["source"], body["removed"]) == ("2026-03", LUND, False)
    assert (body["person_id"], body["person_name"]) == (sara.person.pk, "Sara Holm")
    stranger = f.person(dt.date(1970, 1, 1), first_name="Okänd", last_name="Person")
    for person_id in (stranger.pk, 10**9, 10**30, -1):
        refused = client.post(
            url,
            {"month": "2026-04", "source": LUND, "person_id": person_id},
            content_type="application/json",
            headers=auth,
        )
        assert refused.status_code == 422, refused.content
        assert set(refused.json()["errors"]) & {"person", "person_id"}

    wrong = client.post(
        url, {"month": "mars", "source": ""}, content_type="application/json", headers=auth
    )
    assert wrong.status_code == 422 and "month" in wrong.json()["errors"]
    empty = client.post(
        url, {"month": "2026-04", "source": ""}, content_type="application/json", headers=auth
    )
    assert empty.status_code == 422 and set(empty.json()["errors"]) == {"source"}

    removed = client.post(
        f"{url}/{body['id']}/remove",
        {"reason": "Fel månad."},
        content_type="application/json",
        headers=auth,
    )
    assert removed.status_code == 200 and removed.json()["removed"] is True
    listed = client.get(url, headers=auth).json()
    assert [(x["month"], x["removed"]) for x in listed] == [("2026-03", True)]
    assert client.get(url, headers=bearer(client, "bertil")).status_code == 404
