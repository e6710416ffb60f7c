"""Applying, estimating, deciding and paying on whatever day the clock says.

Marked `calendar`: `./dev test` runs these again with the clock on the days that matter
(1 December, 31 December, 2 January, 30 June and 1 July 2025 when the new act came, 29 February),
so they assert what must hold on every day rather than on one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from ekb.applications.choices import ApplicationKind, ApplicationStatus
from ekb.applications.drafts import months_open
from ekb.applications.models import Application
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import Outcome, Purpose
from ekb.decisions.delegation import load_delegation_order
from ekb.decisions.lines import LineInput
from ekb.flow import journey
from ekb.flow.models import Step, StepStatus
from ekb.integrations.registers import override_register_client
from ekb.lib.months import next_month_start
from ekb.lib.swedish_calendar import next_working_day
from ekb.norm import MissingParametersError, calculate
from ekb.notices.appeals import appeal_deadline
from ekb.notices.notification import do_mark_decision_seen
from ekb.payments.models import Payment
from ekb.payments.paydays import is_bank_day
from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f
from tests.personas import acknowledging, lines, log_in, quiet_register

pytestmark = pytest.mark.calendar


def has_norm(month: dt.date) -> bool:
    single = {
        "month": f"{month:%Y-%m}",
        "members": [{"id": "a", "role": "applicant", "birth_date": "1980-01-01"}],
    }
    try:
        calculate(single)
    except MissingParametersError:
        return False
    return True


@pytest.fixture
def family(org):
    """Sara and her daughter, on försörjningsstöd last month (decided by hand, so even a month
    whose norm EKB does not hold can be history)."""
    load_delegation_order(org.muni)
    sara = f.person(dt.date(1991, 3, 14), first_name="Sara")
    daughter = f.person(dt.date(2016, 8, 30), first_name="Mira")
    case = f.case(org.norr, assigned=org.anna, applicant=sara)
    HouseholdMember.objects.create(
        household=case.household,
        person=daughter,
        role=MemberRole.CHILD,
        valid_from=dt.date(2016, 8, 30),
    )
    HouseholdMember.objects.filter(household=case.household, person=sara).update(
        valid_from=dt.date(2016, 1, 1)
    )
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    with override_register_client(quiet_register(sara, daughter)):
        earlier = journey.receive_application(
            case, last_month, ApplicationKind.RENEWAL, lines(), client_person_id=sara.pk
        )
        journey.decide_application(
            earlier,
            [LineInput(Purpose.LIVELIHOOD, Outcome.GRANTED, Decimal("6000"))],
            acting_user=org.anna,
            # On some days the robot warns (e.g. amounts not yet decided): Anna answers it.
            acknowledgements=acknowledging(earlier),
        )
        yield case, sara


def test_a_client_can_apply_for_this_month_and_next_and_both_are_received(family, client):
    case, sara = family
    log_in(client, sara)
    this_month, following = months_open()
    offered = client.get("/e-tjanst/ansokan/").content.decode()
    # Sara has not applied for this month yet (on 2 January: January), so it comes first; she is
    # not sent past it to next month.
    assert f'value="{this_month:%Y-%m}" checked' in offered
    for month in (this_month, following):
        client.post("/e-tjanst/ansokan/", {"month": f"{month:%Y-%m}"})
        draft = sara.drafts.get(month=month)
        for step, data in [
            ("hushall/", {}),
            ("boende/", {"rent": "6900", "electricity": "350"}),
            ("inkomster/", {"income-count": "0"}),
            ("kostnader/", {}),
            ("behov/", {}),
        ]:
            assert client.post(f"/e-tjanst/ansokan/{draft.pk}/{step}", data).status_code == 302
        response = client.post(f"/e-tjanst/ansokan/{draft.pk}/kontrollera/")
        assert response.status_code == 302, response.content.decode()[:2000]
        received = client.get(response["Location"]).content.decode()
        assert "Ansökan mottagen" in received
        application = Application.objects.get(case=case, month=month)
        assert application.status == ApplicationStatus.SUBMITTED
        run = application.step_runs.get(step=Step.PREPARE)
        if has_norm(month):
            assert run.status == StepStatus.DONE and latest_calculation(application) is not None
        else:
            assert run.reason_code == "norm_not_published"
            warning = application.warnings.get(rule="flow_prepare")
            assert f"Beräkningen kunde inte göras: {month.year} års riksnorm " in warning.message
    home = client.get("/e-tjanst/").content.decode()
    assert "Mottagen" in home or "mottagen" in home
    assert client.get("/e-tjanst/ansokan/").status_code in (200, 302)


def test_a_client_who_applied_for_this_month_is_offered_next_month_first(family, client):
    case, sara = family
    this_month, following = months_open()
    with override_register_client(quiet_register(sara)):
        journey.receive_application(
            case, this_month, ApplicationKind.RENEWAL, lines(), client_person_id=sara.pk
        )
    log_in(client, sara)
    offered = client.get("/e-tjanst/ansokan/").content.decode()
    assert f'value="{following:%Y-%m}" checked' in offered


def test_the_estimate_says_which_years_amounts_it_uses(family, client):
    case, sara = family
    log_in(client, sara)
    following = months_open()[1]
    client.post("/e-tjanst/ansokan/", {"month": f"{following:%Y-%m}"})
    draft = sara.drafts.get(month=following)
    page = client.get(f"/e-tjanst/ansokan/{draft.pk}/berakning/")
    assert page.status_code == 200
    text = page.content.decode()
    if has_norm(following):
        assert "års belopp är inte beslutade ännu" not in text
    else:
        assert f"{following.year} års belopp är inte beslutade ännu" in text


def test_the_api_takes_this_month_and_next(family, client):
    case, sara = family
    with override_settings(EKB_DEMO=True):
        case.municipality.is_demo = True
        case.municipality.save(update_fields=["is_demo"])
        token = client.post(
            "/api/v1/auth/demo-eid",
            {"personnummer": sara.formatted_identity_number},
            content_type="application/json",
        )
    assert token.status_code == 200, token.content
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token.json()['token']}"}
    for month in months_open():
        body = {"contract": "application.v1", "month": f"{month:%Y-%m}"}
        response = client.post(
            "/api/v1/applications", body, content_type="application/json", **auth
        )
        assert response.status_code == 201, response.content
        assert response.json()["status_text"] == "Mottagen"
        again = client.post("/api/v1/applications", body, content_type="application/json", **auth)
        assert again.status_code == 200 and again.json()["id"] == response.json()["id"]
    too_far = next_month_start(months_open()[1])
    body = {"contract": "application.v1", "month": f"{too_far:%Y-%m}"}
    response = client.post("/api/v1/applications", body, content_type="application/json", **auth)
    assert response.status_code == 422


def test_a_decision_made_today_is_paid_on_a_bank_day_not_before_today(family, org):
    case, sara = family
    payment = Payment.objects.get(case=case)
    assert payment.pay_date >= timezone.localdate()
    assert is_bank_day(payment.pay_date)


def test_the_appeal_time_runs_three_weeks_from_the_day_the_client_takes_part(family):
    # Issue 9: no deadline before the client is notified (this asserted one counted from the
    # decision day), and a deadline on a day off moves to the next weekday (lag 1930:173 2 §).
    case, sara = family
    decision = case.decisions.get()
    assert appeal_deadline(decision, sara) is None
    do_mark_decision_seen(decision, person=sara)
    three_weeks = timezone.localdate() + dt.timedelta(weeks=3)
    assert appeal_deadline(decision, sara) == next_working_day(three_weeks)
    assert three_weeks <= appeal_deadline(decision, sara) <= three_weeks + dt.timedelta(days=5)
