"""Each party's own notification (issue 9, tester finding 6). Karin Lundqvist and her sambo Johan
Berg apply together: both are parties to the decision, and the three weeks for an appeal run for
each from the day that party was notified (förvaltningslagen 2017:900 44 §: "från den dag då den
som överklagar fick del av beslutet"). Karin opening the decision starts no time for Johan. A
deadline on a Saturday, Sunday or public holiday moves to the next weekday (lag 1930:173 2 §).
Karin's November decision was made on Friday 20 November 2026 (tests/personas.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ekb.audit.models import AccessLogEntry
from ekb.decisions.models import Decision
from ekb.notices.appeals import appeal_deadline, do_submit_appeal, notified_on
from ekb.notices.models import DecisionNotification
from ekb.notices.notification import do_mark_decision_seen, do_record_notification
from ekb.people.models import HouseholdMember, MemberRole, Relationship
from tests import factories as f
from tests.factories import PASSWORD
from tests.personas import at_ten, log_in

pytestmark = pytest.mark.calendar

D = dt.date
How = DecisionNotification.How


@pytest.fixture
def couple(karin):
    johan = f.person(dt.date(1986, 2, 11), first_name="Johan", last_name="Berg")
    HouseholdMember.objects.create(
        household=karin.case.household,
        person=johan,
        role=MemberRole.CO_APPLICANT,
        relationship=Relationship.COHABITING,
        valid_from=dt.date(2025, 1, 1),
    )
    karin.johan = johan
    karin.decision = Decision.objects.filter(case=karin.case).latest("decided_at")
    return karin


def opens(decision, person, day, time_machine):
    time_machine.move_to(at_ten(day), tick=False)
    do_mark_decision_seen(decision, person=person)


def test_karin_opening_the_decision_starts_no_appeal_time_for_her_sambo_johan(couple, time_machine):
    opens(couple.decision, couple.applicant, D(2026, 11, 23), time_machine)
    assert notified_on(couple.decision, couple.applicant) == D(2026, 11, 23)
    assert appeal_deadline(couple.decision, couple.applicant) == D(2026, 12, 14)
    assert notified_on(couple.decision, couple.johan) is None
    assert appeal_deadline(couple.decision, couple.johan) is None
    # Six weeks later Johan, never notified, appeals: no time has run for him (FL 44 §).
    time_machine.move_to(at_ten(D(2027, 1, 5)), tick=False)
    appeal = do_submit_appeal(couple.decision, "Hyran är fel.", person=couple.johan)
    assert appeal.in_time


def test_a_deadline_on_annandag_jul_a_saturday_moves_to_monday_for_karin_only(couple, time_machine):
    # Karin opens it on Saturday 5 December 2026: three weeks end on Saturday 26 December,
    # annandag jul; then Sunday: Monday 28 December. Johan opens it on Wednesday 16 December:
    # three weeks end on Wednesday 6 January 2027, trettondedag jul: Thursday 7 January.
    opens(couple.decision, couple.applicant, D(2026, 12, 5), time_machine)
    opens(couple.decision, couple.johan, D(2026, 12, 16), time_machine)
    assert appeal_deadline(couple.decision, couple.applicant) == D(2026, 12, 28)
    assert appeal_deadline(couple.decision, couple.johan) == D(2027, 1, 7)

    time_machine.move_to(at_ten(D(2027, 1, 7)), tick=False)
    johans = do_submit_appeal(couple.decision, "Jag överklagar.", person=couple.johan)
    karins = do_submit_appeal(couple.decision, "Jag överklagar också.", person=couple.applicant)
    assert johans.in_time, "Johan's own deadline, moved past trettondedag jul"
    assert not karins.in_time, "Karin's deadline was Monday 28 December"


def test_an_appeal_on_the_moved_deadline_is_in_time_and_stays_in_time(couple, org, time_machine):
    opens(couple.decision, couple.johan, D(2026, 12, 5), time_machine)
    # Monday 28 December 2026, 23:30 in Stockholm: the last day (annandag jul was Saturday).
    time_machine.move_to(dt.datetime(2026, 12, 28, 22, 30, tzinfo=dt.UTC), tick=False)
    appeal = do_submit_appeal(couple.decision, "Jag överklagar.", person=couple.johan)
    assert appeal.in_time
    # Learnt afterwards: a letter to Johan was posted on 20 November (deemed notified 4 December,
    # deadline the same Monday 28th, since three weeks end on juldagen). An appeal in time when it
    # came is never turned late.
    do_record_notification(
        couple.decision, couple.johan, How.POSTED_LETTER, D(2026, 11, 20), acting_user=org.anna
    )
    appeal.refresh_from_db()
    assert appeal.in_time


def test_anna_records_that_johan_was_told_the_decision_orally(couple, org, time_machine):
    time_machine.move_to(at_ten(D(2026, 11, 27)), tick=False)
    with pytest.raises(ValidationError) as unconfirmed:
        do_record_notification(
            couple.decision, couple.johan, How.ORAL, D(2026, 11, 25), acting_user=org.anna
        )
    assert "told_how_to_appeal" in unconfirmed.value.message_dict
    do_record_notification(
        couple.decision,
        couple.johan,
        How.ORAL,
        D(2026, 11, 25),
        told_how_to_appeal=True,
        acting_user=org.anna,
    )
    # Wednesday 25 November + three weeks: Wednesday 16 December.
    assert appeal_deadline(couple.decision, couple.johan) == D(2026, 12, 16)
    assert appeal_deadline(couple.decision, couple.applicant) is None
    event = couple.case.events.get(kind="decision_notification_recorded")
    assert event.actor == org.anna and event.data["person_id"] == couple.johan.pk
    assert not event.visible_to_client
    assert AccessLogEntry.objects.filter(
        actor_user_id=org.anna.pk, case_id=couple.case.pk, detail__notification="oral"
    ).exists()


def test_only_a_party_can_be_recorded_as_notified(couple, org):
    with pytest.raises(ValidationError) as stranger:
        do_record_notification(
            couple.decision, couple.son, How.POSTED_LETTER, D(2026, 11, 20), acting_user=org.anna
        )
    assert "person" in stranger.value.message_dict


def test_johan_sees_the_decision_as_new_after_karin_opened_it_and_his_own_deadline(
    client, couple, time_machine
):
    opens(couple.decision, couple.applicant, D(2026, 11, 20), time_machine)
    log_in(client, couple.johan)
    listing = client.get("/e-tjanst/beslut/").content.decode()
    assert "Nytt" in listing
    assert notified_on(couple.decision, couple.johan) is None  # the list alone counts for nothing
    time_machine.move_to(at_ten(D(2026, 12, 16)), tick=False)
    client.cookies.clear()  # weeks later: a new login
    log_in(client, couple.johan)
    page = client.get(f"/e-tjanst/beslut/{couple.decision.pk}/").content.decode()
    assert "Vi måste ha fått ditt överklagande senast 7 januari 2027." in page


def test_the_decision_page_shows_each_partys_notification_and_deadline(
    client, couple, org, time_machine
):
    opens(couple.decision, couple.applicant, D(2026, 11, 20), time_machine)
    assert client.login(username="anna", password=PASSWORD)
    page = client.get(f"/handlaggare/beslut/{couple.decision.pk}/").content.decode()
    assert "Karin Lundqvist" in page and "Öppnade beslutet i e-tjänsten: 2026-11-20" in page
    assert "2026-12-11" in page  # Karin's deadline
    assert "Överklagandetiden börjar när Johan Berg har fått del av beslutet." in page
    response = client.post(
        f"/handlaggare/beslut/{couple.decision.pk}/delgivning/",
        {"person": couple.johan.pk, "how": "oral", "on": "2026-11-20"},
        follow=True,
    )
    assert "hur man överklagar" in response.content.decode()  # the FL 33 § confirmation
    response = client.post(
        f"/handlaggare/beslut/{couple.decision.pk}/delgivning/",
        {"person": couple.johan.pk, "how": "oral", "on": "2026-11-20", "told_how_to_appeal": "on"},
        follow=True,
    )
    page = response.content.decode()
    assert "Delgivningen är sparad." in page and "Muntligt besked: 2026-11-20" in page
    assert "Överklagandetiden börjar när Johan Berg" not in page


def test_a_caseworker_records_a_posted_letter_per_party_through_the_api(client, couple, org):
    token = client.post(
        "/api/v1/auth/token",
        {"username": "anna", "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/decisions/{couple.decision.pk}/notifications"
    before = client.get(url, headers=auth).json()
    assert [(p["name"], p["appeal_deadline"]) for p in before] == [
        ("Karin Lundqvist", None),
        ("Johan Berg", None),
    ]
    refused = client.post(
        url,
        {"person_id": couple.johan.pk, "how": "posted_letter", "on": "2026-11-30"},
        content_type="application/json",
        headers=auth,
    )
    assert refused.status_code == 422 and "on" in refused.json()["errors"]
    posted = client.post(
        url,
        {"person_id": couple.johan.pk, "how": "posted_letter", "on": "2026-11-20"},
        content_type="application/json",
        headers=auth,
    )
    assert posted.status_code == 201
    johan = next(p for p in posted.json() if p["person_id"] == couple.johan.pk)
    # Posted Friday 20 November: deemed notified 4 December (delgivningslagen 24 §); three
    # weeks end on juldagen: Monday 28 December.
    assert (johan["notified_on"], johan["appeal_deadline"]) == ("2026-12-04", "2026-12-28")
    assert johan["notifications"][0]["posted_on"] == "2026-11-20"
    bertil = {
        "Authorization": "Bearer "
        + client.post(
            "/api/v1/auth/token",
            {"username": "bertil", "password": PASSWORD},
            content_type="application/json",
        ).json()["token"]
    }
    assert client.get(url, headers=bertil).status_code == 404  # another unit's case
