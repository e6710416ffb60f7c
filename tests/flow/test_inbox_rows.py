"""The inbox as one table (issue 11): who, what, which month, when it came and how long it has
waited; an application waiting more than 14 days for a decision is marked (Kolada U31463,
ekb/flow/rules/inbox.yaml). The web and the API show the same rows."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.flow.inbox import inbox_for, inbox_rows, overdue_after_days
from tests.personas import bearer

pytestmark = pytest.mark.django_db


def test_karins_renewal_reads_with_her_name_the_month_and_the_days_it_has_waited(org, renewal):
    rows = inbox_rows(inbox_for(org.anna), today=dt.date(2026, 12, 4))

    row = next(r for r in rows if r.kind == "renewals")
    assert (row.client, row.what, row.month, row.received_on) == (
        "Karin Lundqvist",
        "Återansökan",
        dt.date(2026, 12, 1),
        dt.date(2026, 11, 20),
    )
    assert (row.days_waiting, row.overdue) == (14, False)


def test_on_the_fifteenth_day_the_application_is_marked(org, renewal):
    rows = inbox_rows(inbox_for(org.anna), today=dt.date(2026, 12, 5))

    (row,) = [r for r in rows if r.kind == "renewals"]
    assert (row.days_waiting, row.overdue) == (15, True)
    assert overdue_after_days(dt.date(2026, 12, 5)) == 14


def test_a_warning_is_never_marked_overdue_and_the_rows_sort_by_kind(org, renewal):
    rows = inbox_rows(inbox_for(org.anna), sort="kind", today=dt.date(2026, 12, 20))

    assert [r.what for r in rows] == sorted(r.what for r in rows)
    assert all(not r.overdue for r in rows if r.kind == "warnings")


def test_the_api_gives_the_same_rows_with_the_client_and_the_wait(client, org, renewal):
    items = client.get("/api/v1/inbox", headers=bearer(client, "anna")).json()

    renewal_item = next(i for i in items if i["kind"] == "renewals")
    assert renewal_item["client"] == "Karin Lundqvist"
    assert (renewal_item["month"], renewal_item["received_on"]) == ("2026-12", "2026-11-20")
    assert (renewal_item["days_waiting"], renewal_item["overdue"]) == (0, False)


# --- four eyes: a proposal sent back, and items leaving when handled (issue 11) ----------------


@pytest.fixture
def sent_back(org, renewal):
    from ekb.decisions.four_eyes import do_send_back_decision
    from ekb.decisions.models import MunicipalityPolicy
    from tests.personas import grant_everything

    MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)
    renewal.decision = grant_everything(renewal.application, org.anna)
    do_send_back_decision(
        renewal.decision, comment="Be om hyresavin först.", acting_user=org.cecilia
    )
    return renewal


def test_a_proposal_sent_back_is_a_row_in_the_proposers_inbox_with_the_comment(org, sent_back):
    rows = inbox_rows(inbox_for(org.anna), today=dt.date(2026, 11, 23))

    (row,) = [r for r in rows if r.kind == "sent_back_decisions"]
    assert (row.what, row.client, row.month, row.days_waiting) == (
        "Beslut återsänt",
        "Karin Lundqvist",
        dt.date(2026, 12, 1),
        3,
    )
    assert row.item.sent_back_comment == "Be om hyresavin först."
    assert not [r for r in inbox_rows(inbox_for(org.cecilia)) if r.kind == "waiting_decisions"]


def test_the_sent_back_row_leaves_when_anna_proposes_again(org, sent_back):
    from tests.personas import grant_everything

    grant_everything(sent_back.application, org.anna)

    assert not [r for r in inbox_rows(inbox_for(org.anna)) if r.kind == "sent_back_decisions"]
    (row,) = [r for r in inbox_rows(inbox_for(org.cecilia)) if r.kind == "waiting_decisions"]
    assert row.what == "Beslut att godkänna"


def test_the_api_inbox_has_the_sent_back_row_with_the_comment(client, org, sent_back):
    items = client.get("/api/v1/inbox", headers=bearer(client, "anna")).json()

    (item,) = [i for i in items if i["kind"] == "sent_back_decisions"]
    assert (item["id"], item["text"]) == (sent_back.decision.pk, "Be om hyresavin först.")


def test_a_renewal_leaves_the_caseworkers_inbox_while_its_proposal_waits_for_the_decider(
    org, renewal
):
    from ekb.decisions.models import MunicipalityPolicy
    from tests.personas import grant_everything

    MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)
    grant_everything(renewal.application, org.anna)

    kinds = [r.kind for r in inbox_rows(inbox_for(org.anna)) if r.case == renewal.case]
    assert "renewals" not in kinds
    assert "waiting_decisions" in [r.kind for r in inbox_rows(inbox_for(org.cecilia))]


def test_a_renewal_sent_back_is_one_row_in_the_caseworkers_inbox_not_two(org, sent_back):
    kinds = [r.kind for r in inbox_rows(inbox_for(org.anna)) if r.case == sent_back.case]

    assert kinds == ["sent_back_decisions"]
