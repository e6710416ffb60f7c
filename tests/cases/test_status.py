"""The client's status page folds the case events into plain words."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import translation

from ekb.cases.status import fold

AT = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def event(kind, **data):
    return SimpleNamespace(kind=kind, data=data, occurred_at=AT, visible_to_client=True)


def test_the_fold_keeps_the_latest_state_and_writes_dates_as_people_do():
    with translation.override("sv"):
        status = fold(
            [
                event("application_received", month="2026-12"),
                event("supplement_requested", due_date="2026-11-30"),
                event("supplement_answered"),
            ]
        )
        texts = [entry.text for entry in status.timeline]
    assert status.state == "being_handled"
    assert texts[0] == "Vi har tagit emot din ansökan för december 2026."
    assert texts[1] == "Vi behöver mer underlag från dig senast 30 november 2026."


def test_unknown_and_hidden_events_are_skipped():
    hidden = event("decision_made")
    hidden.visible_to_client = False
    status = fold([event("application_received", month="2026-12"), event("a_future_kind"), hidden])
    assert status.state == "received" and len(status.timeline) == 1
