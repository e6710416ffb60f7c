"""Migration 0011 moves the old one-per-decision notification to the applicant's own row: the
old field could not say who opened the decision, so it speaks for the applicant only, and a
co-applicant's appeal time is not started on a guess (förvaltningslagen 44 §)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("cases", "0010_support_per_person")]
AFTER = [("cases", "0011_party_notification")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_old_opened_at_and_posting_day_become_the_applicants_own_rows(karin):
    from ekb.cases.models import Decision

    decision_id = Decision.objects.filter(case=karin.case).latest("decided_at").pk
    try:
        old = _migrate(BEFORE)
        opened = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
        old.get_model("cases", "Decision").objects.filter(pk=decision_id).update(
            client_notified_at=opened, letter_posted_on=dt.date(2026, 11, 20)
        )
        new = _migrate(AFTER)
        rows = new.get_model("cases", "DecisionNotification").objects.filter(
            decision_id=decision_id
        )
        assert {(r.person_id, r.how, r.notified_on, r.posted_on) for r in rows} == {
            (karin.applicant.pk, "eservice", dt.date(2026, 11, 23), None),
            # Förenklad delgivning: deemed notified two weeks after posting (delgivningslagen 24 §).
            (karin.applicant.pk, "posted_letter", dt.date(2026, 12, 4), dt.date(2026, 11, 20)),
        }
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
