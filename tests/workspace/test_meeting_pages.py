"""The meeting pages: booking from the case page keeps what was typed when refused, the meeting
page records a meeting and signs its journal draft, the month view counts a caseworker's and a
unit's month, and the section manager's panel shows it."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.audit.models import AccessLogEntry, Action
from ekb.cases.choices import TaskKind
from ekb.meetings.choices import MeetingStatus
from ekb.meetings.models import Meeting
from tests.meetings.helpers import local, past_meeting
from tests.personas import TODAY

MONDAY = dt.date(2026, 11, 23)


def test_a_booking_on_top_of_another_keeps_what_was_typed_and_says_why(client, karin, org):
    client.force_login(org.anna)
    url = f"/handlaggare/arenden/{karin.case.pk}/moten/"
    client.post(url, {"starts_at": "2026-11-23 10:00", "duration_minutes": "60", "kind": "visit"})
    response = client.post(
        url,
        {
            "starts_at": "2026-11-23 10:30",
            "duration_minutes": "45",
            "kind": "home_visit",
            "place": "Hemma hos klienten",
            "interpreter_language": "somaliska",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "10:00–11:00" in page and 'value="Hemma hos klienten"' in page
    assert 'value="somaliska"' in page and 'value="home_visit" selected' in page
    assert karin.case.meetings.count() == 1


def test_a_booking_on_a_saturday_is_refused(client, karin, org):
    client.force_login(org.anna)
    response = client.post(
        f"/handlaggare/arenden/{karin.case.pk}/moten/",
        {"starts_at": "2026-11-28 10:00", "duration_minutes": "45", "kind": "visit"},
    )
    assert "inte en arbetsdag" in response.content.decode()
    assert not karin.case.meetings.exists()


def test_the_meeting_page_records_a_held_meeting_and_signs_the_draft(
    client, karin, org, time_machine
):
    client.force_login(org.anna)
    client.post(
        f"/handlaggare/arenden/{karin.case.pk}/moten/",
        {"starts_at": "2026-11-23 10:00", "duration_minutes": "45", "kind": "visit"},
    )
    meeting = karin.case.meetings.get()
    time_machine.move_to(local(MONDAY, 12), tick=False)
    client.force_login(org.anna)  # a new working day, a new session
    url = f"/handlaggare/moten/{meeting.pk}/"
    assert "barnrättsperspektivet" in client.get(url).content.decode()
    form = {"held": "held", "kind": "visit", "duration_minutes": "40", "participants": "Karin"}
    refused = client.post(url + "dokumentera/", form)
    assert refused.status_code == 400 and 'value="40"' in refused.content.decode()
    assert "Det finns barn i hushållet" in refused.content.decode()
    form["children_considered"] = "Elias trivs i förskolan."
    form["concern_report_needed"] = "on"
    client.post(url + "dokumentera/", form)
    page = client.get(url).content.decode()
    assert "Så gör du en orosanmälan" in page and "19 kap. 1 §" in page
    assert "Besök 2026-11-23 kl. 10:00, 40 minuter." in page  # the draft in its textarea
    client.post(url + "journal/", {"text": "Besök med Karin. Rättad text."})
    meeting.refresh_from_db()
    assert meeting.journal_entry.text == "Besök med Karin. Rättad text."
    assert "Signerad av" in client.get(url).content.decode()


def test_the_meeting_page_leads_to_the_plan_which_offers_the_held_meeting_to_establish_it(
    client, karin, org
):
    from tests.plans.helpers import shared_plan

    shared_plan(karin.case, org.anna)
    # Held after the plan was shared (a plan is established at a meeting about that version).
    meeting = past_meeting(karin.case, TODAY.date())
    client.force_login(org.anna)
    page = client.get(f"/handlaggare/moten/{meeting.pk}/").content.decode()
    plan_url = f"/handlaggare/arenden/{karin.case.pk}/plan/"
    assert f'href="{plan_url}"' in page
    plan_page = client.get(plan_url).content.decode()
    assert f'<option value="{meeting.pk}">{TODAY:%Y-%m-%d} 10:00' in plan_page


def test_a_missed_meeting_recorded_on_the_page_opens_a_task(client, karin, org, time_machine):
    client.force_login(org.anna)
    client.post(
        f"/handlaggare/arenden/{karin.case.pk}/moten/",
        {"starts_at": "2026-11-23 10:00", "duration_minutes": "45", "kind": "visit"},
    )
    meeting = karin.case.meetings.get()
    time_machine.move_to(local(MONDAY, 12), tick=False)
    client.force_login(org.anna)  # a new working day, a new session
    client.post(
        f"/handlaggare/moten/{meeting.pk}/dokumentera/",
        {"held": "missed", "kind": "visit", "no_show_follow_up": "Ringde, ny tid på fredag."},
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MISSED
    assert karin.case.tasks.get().kind == TaskKind.MEETING_MISSED


def test_another_units_caseworker_gets_404_for_the_meeting(client, karin, org):
    meeting = past_meeting(karin.case, dt.date(2026, 11, 2))
    client.force_login(org.bertil)
    assert client.get(f"/handlaggare/moten/{meeting.pk}/").status_code == 404


@pytest.fixture
def november(cases, org):
    """Anna's month: one client met twice (a short and a long meeting), one missed, one booked;
    Ida's: one SIP meeting."""
    past_meeting(cases.norr_annas, dt.date(2026, 11, 2), minutes=10)
    past_meeting(cases.norr_annas, dt.date(2026, 11, 9), kind="home_visit", minutes=75)
    past_meeting(cases.norr_protected_annas, dt.date(2026, 11, 3), status=MeetingStatus.MISSED)
    Meeting.objects.create(
        case=cases.norr_protected_annas, caseworker=org.anna, starts_at=local(MONDAY, 10),
        ends_at=local(MONDAY, 11), duration_minutes=60, kind="visit", created_by=org.anna,
    )  # fmt: skip
    past_meeting(cases.norr_idas, dt.date(2026, 11, 4), kind="sip", minutes=90)
    return cases


def test_a_caseworkers_month_lists_her_clients_and_counts_her_meetings(client, november, org):
    client.force_login(org.anna)
    page = client.get("/handlaggare/moten/manad/?manad=2026-11").content.decode()
    assert november.norr_annas.number in page and november.norr_idas.number not in page
    assert "Du har hållit 2 av målet 40 möten. 2 klienter ska träffas" in page
    entry = AccessLogEntry.objects.filter(
        action=Action.LIST_CASES, actor_user_id=org.anna.pk
    ).latest("id")
    assert sorted(entry.detail["case_ids"]) == sorted(
        [november.norr_annas.pk, november.norr_protected_annas.pk]
    )


def test_the_month_view_counts_all_work_by_kind_and_length(november, org):
    from ekb.meetings.access import month_view

    view = month_view({org.norr.pk}, dt.date(2026, 11, 1))
    anna = next(r for r in view.rows if r.name == org.anna.display_name)
    assert (anna.due, anna.due_met, anna.booked, anna.held, anna.missed) == (2, 1, 1, 2, 1)
    assert anna.by_kind == {"visit": 1, "home_visit": 1} and anna.minutes == 85
    assert anna.durations == [1, 0, 0, 1]  # under 15 min and 60 or more
    assert view.total.held == 3 and view.total.by_kind["sip"] == 1 and view.total.target == 80


def test_logged_contacts_count_as_client_work_through_a_contact_source(november, org):
    from ekb.meetings.month import ContactWork, month_view

    def calls(user_ids, month):
        return [ContactWork(org.anna.pk, "call", "Samtal", 10)] * 3

    view = month_view({org.norr.pk}, dt.date(2026, 11, 1), contacts=[calls])
    anna = next(r for r in view.rows if r.name == org.anna.display_name)
    assert anna.by_kind["call"] == 3 and ("call", "Samtal") in view.kinds


def test_a_later_month_counts_the_client_met_in_november_as_not_yet_due(november, org):
    from ekb.meetings.access import month_view

    view = month_view({org.norr.pk}, dt.date(2027, 1, 1))
    anna = next(r for r in view.rows if r.name == org.anna.display_name)
    # Met 9 November: due 9 December, so due in January only if not met in December: it is
    # due (nothing held in December); the protected client never met is due too.
    assert anna.due == 2 and anna.held == 0


def test_the_section_managers_panel_shows_the_units_month(client, november, org):
    client.force_login(org.cecilia)
    page = client.get("/handlaggare/").content.decode()
    panel = page[page.index('id="month-view"') :]
    assert "Klienter att träffa" in panel and "SIP-möte" in panel and "Hela enheten" in panel


def test_in_annas_own_month_karin_met_by_the_labour_market_officer_counts_as_met(november, org):
    from ekb.meetings.month import month_view

    # Erik, the case's labour-market officer, meets the client Anna has not met in November.
    past_meeting(november.norr_protected_annas, dt.date(2026, 11, 10), worker=org.erik)
    own = month_view({org.norr.pk}, dt.date(2026, 11, 1), caseworker=org.anna)
    client_row = next(c for c in own.cases if c.case_id == november.norr_protected_annas.pk)
    assert client_row.met
    anna = own.rows[0]
    assert anna.due_met == 2 and anna.held == 2  # both clients met; her own meetings counted


@pytest.mark.parametrize("asked", ["0001-01", "9999-12", "2026-13", "x"])
def test_a_month_far_off_or_unreadable_shows_this_month_and_says_why(client, org, asked):
    client.force_login(org.anna)
    page = client.get(f"/handlaggare/moten/manad/?manad={asked}")
    assert page.status_code == 200
    assert "Skriv månaden som ÅÅÅÅ-MM" in page.content.decode()


def test_anna_cancels_a_booked_meeting_on_its_page_and_is_sent_to_book_a_new_time(
    client, karin, org
):
    client.force_login(org.anna)
    client.post(
        f"/handlaggare/arenden/{karin.case.pk}/moten/",
        {"starts_at": "2026-11-23 10:00", "duration_minutes": "45", "kind": "visit"},
    )
    meeting = karin.case.meetings.get()
    page = client.get(f"/handlaggare/moten/{meeting.pk}/").content.decode()
    assert "Ställ in mötet" in page and f"/handlaggare/arenden/{karin.case.pk}/#meetings" in page
    response = client.post(f"/handlaggare/moten/{meeting.pk}/stall-in/", {"reason": "Sjuk."})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/handlaggare/arenden/{karin.case.pk}/#meetings")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and meeting.cancel_reason == "Sjuk."
    page = client.get(f"/handlaggare/moten/{meeting.pk}/").content.decode()
    assert "Ställ in mötet" not in page and "Sjuk." in page


def test_a_cancel_without_a_reason_comes_back_saying_why(client, karin, org):
    client.force_login(org.anna)
    client.post(
        f"/handlaggare/arenden/{karin.case.pk}/moten/",
        {"starts_at": "2026-11-23 10:00", "duration_minutes": "45", "kind": "visit"},
    )
    meeting = karin.case.meetings.get()
    response = client.post(f"/handlaggare/moten/{meeting.pk}/stall-in/", {"reason": ""})
    assert response.status_code == 400
    assert "Skriv varför mötet ställs in." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.BOOKED
