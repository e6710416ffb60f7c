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

from ekb.audit.models import AccessLogEntry
from ekb.cases.calculation import latest_calculation
from ekb.cases.choices import ApplicationKind, EventKind
from ekb.cases.delegation import load_delegation_order
from ekb.cases.models import Case, EarlierSupportMonth
from ekb.cases.support_history import do_record_earlier_support, do_remove_earlier_support
from ekb.flow import journey
from ekb.integrations.registers import override_register_client
from tests import factories as f
from tests.cases.conftest import quiet_register
from tests.factories import PASSWORD
from tests.flow.test_jobbstimulans import decide_as_proposed, sara_lines

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


@pytest.mark.calendar
def test_support_in_a_household_where_the_applicant_lived_before_counts(org, sara, time_machine):
    """Sara was the co-applicant in Jonas's household until August; the support was the
    household's, so it was hers too."""
    jonas = f.person(dt.date(1987, 9, 1), first_name="Jonas", last_name="Berg")
    before = f.case(org.norr, assigned=org.ida, applicant=jonas)
    from ekb.people.models import HouseholdMember, MemberRole

    HouseholdMember.objects.create(
        household=before.household,
        person=sara.person,
        role=MemberRole.CO_APPLICANT,
        valid_from=dt.date(2025, 1, 1),
        valid_to=dt.date(2026, 8, 31),
    )
    on(time_machine, dt.date(2026, 8, 20))
    for month in MARCH_TO_AUGUST:
        do_record_earlier_support(before, month=month, source=LUND, acting_user=org.ida)

    snapshot = apply_for_september(sara, time_machine)

    assert snapshot.amount == WITH_JOBBSTIMULANS


@pytest.mark.calendar
def test_support_in_another_household_before_the_applicant_moved_in_does_not_count(
    org, sara, time_machine
):
    """Sara moved in with Jonas on 1 June: his household's March–May were not hers."""
    jonas = f.person(dt.date(1987, 9, 1), first_name="Jonas", last_name="Berg")
    before = f.case(org.norr, assigned=org.ida, applicant=jonas)
    from ekb.people.models import HouseholdMember, MemberRole

    HouseholdMember.objects.create(
        household=before.household,
        person=sara.person,
        role=MemberRole.CO_APPLICANT,
        valid_from=dt.date(2026, 6, 1),
        valid_to=dt.date(2026, 8, 31),
    )
    on(time_machine, dt.date(2026, 8, 20))
    for month in MARCH_TO_AUGUST:
        do_record_earlier_support(before, month=month, source=LUND, acting_user=org.ida)

    snapshot = apply_for_september(sara, time_machine)

    assert snapshot.input["support_history"] == ["2026-06", "2026-07", "2026-08"]
    assert snapshot.amount == WITHOUT


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
    assert EarlierSupportMonth.objects.count() == 1
    assert not sara.case.events.filter(kind=EventKind.EARLIER_SUPPORT_REMOVED).exists()


# --- the case page ---------------------------------------------------------------------------


def test_anna_records_a_month_on_the_case_page_and_sees_it_counted(client, org, sara):
    assert client.login(username="anna", password=PASSWORD)
    url = f"/handlaggare/arenden/{sara.case.pk}/tidigare-stod/"
    response = client.post(url, {"month": "2026-03", "source": LUND})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/arenden/{sara.case.pk}/#earlier-support")
    page = client.get(f"/handlaggare/arenden/{sara.case.pk}/").content.decode()
    assert "Tidigare försörjningsstöd" in page and LUND in page
    assert "Månader som räknas nu: 2026-03" in page


def test_a_wrong_month_on_the_case_page_names_the_field_and_keeps_what_was_typed(client, org, sara):
    assert client.login(username="anna", password=PASSWORD)
    url = f"/handlaggare/arenden/{sara.case.pk}/tidigare-stod/"
    response = client.post(url, {"month": "mars 2026", "source": LUND})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ange månaden som ÅÅÅÅ-MM" in page
    assert 'value="mars 2026"' in page and LUND in page
    future = client.post(url, {"month": "2027-01", "source": LUND}).content.decode()
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
    assert client.post(url, {"month": "2026-03", "source": LUND}).status_code == 404
    assert not EarlierSupportMonth.objects.exists()


# --- the API ---------------------------------------------------------------------------------


def bearer(client, username):
    token = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_earlier_support_through_the_api(client, org, sara):
    auth = bearer(client, "anna")
    url = f"/api/v1/cases/{sara.case.pk}/earlier-support"
    created = client.post(
        url, {"month": "2026-03", "source": LUND}, content_type="application/json", headers=auth
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["month"], body["source"], body["removed"]) == ("2026-03", LUND, False)

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
