"""The web e-service and the client API open and list a client's things through one door
(``ekb.notices.client_access``), so both show Karin the same decisions, her older case's too."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ekb.accounts.tokens import issue_token
from ekb.audit.models import AccessLogEntry
from ekb.cases.models import Case
from ekb.decisions.choices import DecisionStatus
from ekb.decisions.models import Decision
from tests.personas import log_in


def an_older_closed_case_with_a_decision(karin) -> Decision:
    older = Case.objects.create(
        municipality=karin.case.municipality,
        unit=karin.case.unit,
        number="EKB-TEST-OLDER",
        household=karin.case.household,
        opened_on=dt.date(2024, 1, 2),
        closed_on=dt.date(2024, 12, 31),
        closure_reason="work",
    )
    return Decision.objects.create(
        case=older,
        status=DecisionStatus.DECIDED,
        decided_at=timezone.now() - dt.timedelta(days=700),
    )


def test_karin_sees_the_decision_of_her_older_case_on_the_web_and_in_the_api(client, karin):
    older = an_older_closed_case_with_a_decision(karin)
    current = set(
        Decision.objects.filter(case=karin.case, status=DecisionStatus.DECIDED).values_list(
            "pk", flat=True
        )
    )
    assert current  # October and November were decided

    page = log_in(client, karin.applicant).get("/e-tjanst/beslut/")
    on_the_web = {d.pk for d in page.context["decisions"]}

    token, _ = issue_token(person_id=karin.applicant.pk)
    answer = client.get("/api/v1/me/decisions", HTTP_AUTHORIZATION=f"Bearer {token}")
    in_the_api = {d["id"] for d in answer.json()}

    assert on_the_web == in_the_api == current | {older.pk}
    # Each list is in the access log with the cases it showed, the older one included.
    reads = AccessLogEntry.objects.filter(actor_person_id=karin.applicant.pk, case_id=older.case_id)
    assert {r.channel for r in reads} == {"web", "api"}
