"""The client's meetings page: booked meetings with place, kind and interpreter, whom to call
and when, and the request to move a meeting."""

from __future__ import annotations

import datetime as dt

from ekb.cases.choices import TaskKind
from ekb.cases.tasks import open_tasks
from ekb.meetings.actions import do_book_meeting, do_cancel_meeting
from ekb.meetings.contact import do_set_phone_hours
from ekb.meetings.move_requests import do_request_meeting_move
from tests import factories as f


def _meeting(case, user):
    return do_book_meeting(
        case,
        starts_at=dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC),
        kind="visit",
        place="Storgatan 1",
        interpreter_language="arabiska",
        acting_user=user,
    )


def test_karin_sees_her_meeting_and_annas_phone_hours(as_karin, karin, org):
    _meeting(karin.case, org.anna)
    do_set_phone_hours(org.anna, {0: (dt.time(9), dt.time(10))})
    page = as_karin.get("/e-tjanst/moten/").content.decode()
    assert "Storgatan 1" in page and "arabiska" in page and "Besök" in page
    assert "Måndag 09.00–10.00" in page
    assert "Måndag 09.00–10.00" in as_karin.get("/e-tjanst/").content.decode()


def test_karin_asks_to_move_it_twice_and_anna_gets_one_task(as_karin, karin, org):
    meeting = _meeting(karin.case, org.anna)
    url = f"/e-tjanst/moten/{meeting.pk}/flytta/"
    for _ in range(2):
        response = as_karin.post(url, {"message": "Jag kan inte på fredag."})
        assert response.status_code == 302
    assert [t.kind for t in open_tasks(karin.case)] == [TaskKind.MEETING_MOVE_REQUESTED]
    listing = as_karin.get("/e-tjanst/moten/").content.decode()
    assert "Din begäran är skickad" in listing
    assert "Din begäran är skickad" in as_karin.get(url).content.decode()


def test_an_empty_request_is_refused_on_the_page(as_karin, karin, org):
    meeting = _meeting(karin.case, org.anna)
    response = as_karin.post(f"/e-tjanst/moten/{meeting.pk}/flytta/", {"message": " "})
    assert response.status_code == 400
    assert "Skriv när det passar dig bättre" in response.content.decode()
    assert open_tasks(karin.case) == []


def test_someone_elses_meeting_is_a_404(as_karin, karin, org):
    other = _meeting(f.case(org.norr, assigned=org.anna), org.anna)
    assert as_karin.get(f"/e-tjanst/moten/{other.pk}/flytta/").status_code == 404
    assert as_karin.post(f"/e-tjanst/moten/{other.pk}/flytta/", {"message": "x"}).status_code == 404


def test_karin_sees_her_cancelled_meeting_marked_inställt_without_a_move_link(as_karin, karin, org):
    meeting = _meeting(karin.case, org.anna)
    do_request_meeting_move(meeting, person=karin.applicant, message="Kan vi flytta?")
    do_cancel_meeting(meeting, reason="Handläggaren är sjuk.", acting_user=org.anna)
    page = as_karin.get("/e-tjanst/moten/").content.decode()
    assert "Inställt" in page
    assert "hör av sig med en ny tid" not in page
    assert f"/e-tjanst/moten/{meeting.pk}/flytta/" not in page
