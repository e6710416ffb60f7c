from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ekb.audit.log import record
from ekb.audit.models import AccessLogEntry, Action, Outcome
from ekb.audit.retention import do_purge_access_log
from ekb.cases.actions import do_assign_case


def test_a_change_is_logged_in_plain_swedish(org, cases):
    do_assign_case(cases.norr_annas, org.ida, acting_user=org.cecilia)
    row = AccessLogEntry.objects.get(action=Action.CHANGE_CASE)
    assert (row.actor_user_id, row.case_id, row.action_text, row.outcome) == (
        org.cecilia.pk,
        cases.norr_annas.pk,
        "Ändrade ärendet",
        "permitted",
    )


def test_the_log_carries_no_personal_data(org, cases):
    person = cases.norr_annas.household.members.get().person
    record(
        action=Action.OPEN_PERSON, user=org.anna, person_id=person.pk, case_id=cases.norr_annas.pk
    )
    row = AccessLogEntry.objects.get(action=Action.OPEN_PERSON)
    text = " ".join(str(v) for v in row.__dict__.values())
    assert person.identity_number not in text
    assert person.last_name not in text


def test_the_model_refuses_to_edit_or_delete_a_row(org):
    row = record(action=Action.STAFF_LOGIN, user=org.anna)
    row.action_text = "Något annat"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_updates_and_deletes_even_from_raw_sql():
    row = record(action=Action.STAFF_LOGIN_FAILED, outcome=Outcome.DENIED)
    for sql in (
        "UPDATE audit_accesslogentry SET action_text = 'x' WHERE id = %s",
        "DELETE FROM audit_accesslogentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [row.pk])
    with pytest.raises(DatabaseError):
        AccessLogEntry.objects.filter(pk=row.pk).update(action_text="x")
    assert AccessLogEntry.objects.get(pk=row.pk).action_text == "Misslyckad inloggning"


@pytest.mark.django_db(transaction=True)
def test_retention_removes_only_old_rows_and_logs_that_it_did():
    old = record(action=Action.STAFF_LOGIN_FAILED, outcome=Outcome.DENIED)
    AccessLogEntry.objects.create(
        action=Action.STAFF_LOGIN_FAILED,
        action_text="Misslyckad inloggning",
        outcome=Outcome.DENIED,
        at=timezone.now() - dt.timedelta(days=3 * 365),
    )
    deleted = do_purge_access_log(before=timezone.now() - dt.timedelta(days=2 * 365))
    assert deleted == 1
    assert AccessLogEntry.objects.filter(pk=old.pk).exists()
    assert AccessLogEntry.objects.filter(action=Action.RETENTION, detail__deleted=1).exists()
    # After retention the guard is back.
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=old.pk).delete()
