"""Who may read the access log, as a table (the rule: ekb.audit.access), and the review is logged."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from ekb.audit.access import access_log_entries, may_read_access_log
from ekb.audit.log import record
from ekb.audit.models import AccessLogEntry, Action
from tests.factories import PASSWORD

LOG_DOOR = {
    "helena": True,  # log auditor
    "cecilia": False,  # section manager: follows her unit's work, not the log of reads
    "anna": False,
    "david": False,
    "erik": False,
    "fatima": False,
    "gustav": False,  # administrator: runs the system, does not review who read what
}


@pytest.mark.parametrize(("persona", "allowed"), LOG_DOOR.items())
def test_each_persona_may_read_the_access_log_exactly_as_the_rule_allows(org, persona, allowed):
    user = getattr(org, persona)
    assert may_read_access_log(user) is allowed
    if allowed:
        anna_opens = record(action=Action.OPEN_CASE, user=org.anna)
        record(action=Action.OPEN_CASE, user=org.ida)
        entries = access_log_entries(user, username="anna", review={"username": "anna"})
        # Anna's read, not Ida's (this was `all(...)` over the rows, true for none at all).
        assert [e.pk for e in entries if e.action == Action.OPEN_CASE] == [anna_opens.pk]
        assert {e.actor_username for e in entries} == {"anna"}
        review = AccessLogEntry.objects.filter(action="read_access_log").latest("pk")
        assert review.outcome == "permitted" and review.detail == {"filter": {"username": "anna"}}
    else:
        with pytest.raises(PermissionDenied):
            access_log_entries(user)
        review = AccessLogEntry.objects.filter(action="read_access_log").latest("pk")
        assert review.outcome == "denied" and review.actor_user_id == user.pk


def test_helena_filters_the_log_by_case_on_the_page(client, org, cases):
    assert client.login(username="anna", password=PASSWORD)
    client.get(f"/handlaggare/arenden/{cases.norr_annas.pk}/")
    client.logout()
    assert client.login(username="helena", password=PASSWORD)
    page = client.get(f"/handlaggare/atkomstlogg/?case_id={cases.norr_annas.pk}")
    assert page.status_code == 200
    rows = page.context["page"].object_list
    assert rows and all(r.case_id == cases.norr_annas.pk for r in rows)
