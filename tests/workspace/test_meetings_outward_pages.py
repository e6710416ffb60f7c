"""The staff pages of meetings outward: logging a call on the case page, naming the
labour-market officer, the phone-hours and calendar settings, and the feed's address."""

from __future__ import annotations

import datetime as dt
import re

from ekb.meetings.actions import do_book_meeting
from ekb.meetings.contact import case_contacts, phone_hours_of
from tests.personas import staff_log_in


def test_anna_logs_a_call_and_sees_it_in_the_meetings_section(client, karin, org):
    staff_log_in(client, "anna")
    response = client.post(
        f"/handlaggare/arenden/{karin.case.pk}/samtal/",
        {"kind": "call", "direction": "in", "at": "2026-11-20 09:15", "duration_minutes": "12",
         "note": "Frågade om elräkningen."},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith("#contacts")
    page = client.get(f"/handlaggare/arenden/{karin.case.pk}/").content.decode()
    assert "Frågade om elräkningen." in page and "12 minuter" in page


def test_a_refused_call_comes_back_with_what_was_typed(client, karin, org):
    staff_log_in(client, "anna")
    response = client.post(
        f"/handlaggare/arenden/{karin.case.pk}/samtal/",
        {"kind": "call", "direction": "in", "at": "2026-11-22 09:15", "note": "Ringde om hyran."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "framåt i tiden" in page and "Ringde om hyran." in page
    assert case_contacts(karin.case) == []


def test_anna_names_erik_who_then_finds_the_case_on_his_start_page(client, karin, org):
    staff_log_in(client, "anna")
    client.post(f"/handlaggare/arenden/{karin.case.pk}/arbetsmarknadssekreterare/",
                {"officer": str(org.erik.pk)})  # fmt: skip
    karin.case.refresh_from_db()
    assert karin.case.labour_market_officer == org.erik
    client.logout()
    staff_log_in(client, "erik")
    home = client.get("/handlaggare/").content.decode()
    assert "Mina ärenden som arbetsmarknadssekreterare" in home and karin.case.number in home


def test_both_peoples_meetings_show_on_the_case_page(client, karin, org):
    karin.case.labour_market_officer = org.erik
    karin.case.save(update_fields=["labour_market_officer"])
    do_book_meeting(karin.case, starts_at=dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC),
                    kind="visit", acting_user=org.anna)  # fmt: skip
    staff_log_in(client, "erik")
    page = client.get(f"/handlaggare/arenden/{karin.case.pk}/").content.decode()
    assert "Arbetsmarknadssekreterare" in page and "2026-11-24" in page


def test_anna_sets_phone_hours_and_a_wrong_day_keeps_what_she_typed(client, org):
    staff_log_in(client, "anna")
    response = client.post("/handlaggare/installningar/", {
        "what": "phone_hours", "day_0_starts": "09:00", "day_0_ends": "10:00",
        "day_2_starts": "11:00", "day_2_ends": "10:00"})  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "måste sluta efter" in page and 'value="11:00"' in page
    assert phone_hours_of(org.anna) == []
    client.post("/handlaggare/installningar/", {
        "what": "phone_hours", "day_0_starts": "09:00", "day_0_ends": "10:00"})  # fmt: skip
    assert [h.weekday for h in phone_hours_of(org.anna)] == [0]


def test_the_calendar_address_is_shown_once_opens_the_feed_and_a_wrong_one_is_a_404(
    client, karin, org
):
    staff_log_in(client, "anna")
    do_book_meeting(karin.case, starts_at=dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC),
                    kind="visit", acting_user=org.anna)  # fmt: skip
    page = client.post("/handlaggare/installningar/", {"what": "calendar"}).content.decode()
    url = re.search(r'value="(http://[^"]+\.ics)"', page).group(1)
    assert url not in client.get("/handlaggare/installningar/").content.decode()
    client.logout()  # a calendar app has no session
    path = url.split("testserver", 1)[1]
    feed = client.get(path)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert karin.case.number in feed.content.decode()
    assert client.get(path.replace(path[-10:-4], "AAAAAA")).status_code == 404
    assert client.get("/handlaggare/kalender/" + "x" * 43 + ".ics").status_code == 404
