"""The section manager's daily payment list at /handlaggare/utbetalningar/ and the payment file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from ekb.audit.models import AccessLogEntry
from ekb.decisions.models import DecisionLine, MunicipalityPolicy
from ekb.integrations import pain001
from ekb.payments.models import Payment, PaymentRun
from ekb.payments.runs import do_attest_payment_run, do_make_payment_file, do_prepare_payment_run
from ekb.workspace import payments as views
from tests import factories as f
from tests.personas import staff_log_in

URL = "/handlaggare/utbetalningar/"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
PAY_DATE = dt.date(2025, 5, 23)


@pytest.fixture
def day(org, time_machine):
    time_machine.move_to(dt.datetime(2025, 5, 10, 9, 30, tzinfo=STOCKHOLM), tick=False)
    MunicipalityPolicy.objects.create(
        municipality=org.muni, debtor_name="Testby kommun", debtor_iban=f.an_iban(999)
    )
    return {
        "norr": f.case_paying(org.norr, "6450.00", f.an_iban(1)),
        "norr_no_account": f.case_paying(org.norr, "1200.00", None),
        "norr_protected": f.case(org.norr, protected=True),
        "soder": f.case_paying(org.soder, "7000.00", f.an_iban(2)),
    }


def test_the_section_manager_sees_the_payments_of_her_units_on_the_next_pay_date(client, day):
    staff_log_in(client, "cecilia")
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "2025-05-23" in page
    assert day["norr"].number in page and day["norr_no_account"].number in page
    assert day["soder"].number not in page
    assert "Konto saknas" in page and "7\xa0650,00" in page
    assert 'class="table-wrap" tabindex="0" role="region"' in page and 'scope="col"' in page
    row = AccessLogEntry.objects.get(action="list_cases")
    assert set(row.detail["case_ids"]) == {day["norr"].pk, day["norr_no_account"].pk}


def filed(org, cases=None) -> PaymentRun:
    """The day's run prepared by the system, attested and filed by Cecilia."""
    run = do_prepare_payment_run(org.muni, PAY_DATE, acting_user=None, cases=cases).run
    do_attest_payment_run(run, acting_user=org.cecilia)
    return do_make_payment_file(run, acting_user=org.cecilia).run


@pytest.mark.parametrize("username", ["anna", "david", "helena", "gustav"])
def test_anyone_but_a_section_manager_gets_404(client, day, username):
    staff_log_in(client, username)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"datum": "2025-05-23"}).status_code == 404
    assert not PaymentRun.objects.exists()


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login(client, day):
    response = client.get(URL)
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_another_date_is_picked_with_datum_and_a_bad_one_is_explained(client, day):
    staff_log_in(client, "cecilia")
    page = client.get(URL, {"datum": "2025-06-25"}).content.decode()
    assert "Inga utbetalningar den dagen." in page
    page = client.get(URL, {"datum": "25 juni"}).content.decode()
    assert "error-summary" in page and "ÅÅÅÅ-MM-DD" in page and 'value="25 juni"' in page


def test_the_button_prepares_her_units_only_and_she_attests_what_she_prepared(client, day, org):
    staff_log_in(client, "cecilia")
    response = client.post(URL, {"datum": "2025-05-23"})
    assert response.status_code == 302 and response["Location"].endswith("?datum=2025-05-23")
    run = PaymentRun.objects.get()
    assert run.payment_count == 1 and run.total == Decimal("6450.00") and not bytes(run.file)
    assert run.created_by == org.cecilia and run.unit == org.norr
    assert Payment.objects.get(case=day["soder"]).payment_run == ""
    assert Payment.objects.get(case=day["norr_no_account"]).payment_run == ""

    page = client.get(response["Location"]).content.decode()
    assert run.message_id in page and "saknar konto" in page and "Väntar på attest" in page
    # Preparing is collecting what was decided, not a control step: she attests it herself.
    assert f"Attestera {run.message_id}" in page
    response = client.post(URL, {"datum": "2025-05-23", "steg": "attest", "run": run.pk})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.attested_by == org.cecilia

    client.post(URL, {"datum": "2025-05-23"})
    assert PaymentRun.objects.count() == 1
    assert Payment.objects.exclude(payment_run="").count() == 1


def test_she_is_shown_no_attest_button_for_a_run_with_a_payment_she_decided_and_told_who_may(
    client, day, org
):
    from ekb.accounts.roles import Role
    from ekb.decisions.models import Decision

    Decision.objects.filter(case=day["norr"]).update(decided_by=org.cecilia)
    f.staff("sofia", org.muni, (Role.SECTION_MANAGER, org.soder))
    staff_log_in(client, "cecilia")
    client.post(URL, {"datum": "2025-05-23"})
    run = PaymentRun.objects.get()
    page = client.get(URL, {"datum": "2025-05-23"}).content.decode()
    assert f"Attestera {run.message_id}" not in page
    assert "själv beslutat" in page and "Sofia, sektionschef Söder" in page
    response = client.post(URL, {"datum": "2025-05-23", "steg": "attest", "run": run.pk})
    assert response.status_code == 400 and "själv beslutat" in response.content.decode()
    response = client.post(URL, {"datum": "2025-05-23", "steg": "file", "run": run.pk})
    assert response.status_code == 400 and "inte attesterade" in response.content.decode()

    # Sofia of Söder sees this one run of Norr (count and sum only), attests it; it is logged.
    client.logout()
    staff_log_in(client, "sofia")
    page = client.get(URL, {"datum": "2025-05-23"}).content.decode()
    assert "Andra enheters körningar som du attesterar" in page
    assert f"Attestera {run.message_id}" in page and day["norr"].number not in page
    response = client.post(URL, {"datum": "2025-05-23", "steg": "attest", "run": run.pk})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.attested_by.username == "sofia"
    assert AccessLogEntry.objects.filter(
        action="change_case", detail__other_unit=True, case_id=day["norr"].pk
    ).exists()


def test_she_reopens_a_run_with_a_reason_and_nothing_is_lost(client, day, org):
    staff_log_in(client, "cecilia")
    client.post(URL, {"datum": "2025-05-23"})
    run = PaymentRun.objects.get()
    response = client.post(
        URL, {"datum": "2025-05-23", "steg": "reopen", "run": run.pk, "skal": " "}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Skriv varför" in page
    assert f'href="#skal-{run.pk}"' in page and "<details open>" in page
    response = client.post(
        URL, {"datum": "2025-05-23", "steg": "reopen", "run": run.pk, "skal": "Fel dag."}
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.reopened_at is not None and run.reopen_reason == "Fel dag."
    page = client.get(URL, {"datum": "2025-05-23"}).content.decode()
    assert "Förbered utbetalningar" in page and "Körningar och betalfiler" not in page


def test_the_system_prepares_the_whole_municipality_and_she_sees_only_her_units_counts_and_sums(
    client, day, org
):
    from ekb.accounts.roles import Role

    f.staff("sofia", org.muni, (Role.SECTION_MANAGER, org.soder))
    do_prepare_payment_run(org.muni, PAY_DATE, acting_user=None)
    norr = PaymentRun.objects.get(unit=org.norr)
    staff_log_in(client, "cecilia")
    page = client.get(URL, {"datum": "2025-05-23"}).content.decode()
    assert "1 överföring, 6\xa0450,00 kr" in page
    assert "7\xa0000" not in page and "13\xa0450" not in page and "2 överföringar" not in page
    assert f"Attestera {norr.message_id}" in page


def test_she_attests_a_run_the_system_prepared_and_then_makes_its_file(client, day, org):
    from ekb.cases.models import Case

    norr = Case.objects.filter(unit=org.norr)
    run = do_prepare_payment_run(org.muni, PAY_DATE, acting_user=None, cases=norr).run
    staff_log_in(client, "cecilia")
    page = client.get(URL).content.decode()
    assert f"Attestera {run.message_id}" in page and "Väntar på attest" in page

    client.post(URL, {"datum": "2025-05-23", "steg": "attest", "run": run.pk})
    run.refresh_from_db()
    assert run.attested_by == org.cecilia and run.file_made_at is None
    page = client.get(URL).content.decode()
    assert f"Skapa betalfil {run.message_id}" in page and "Attesterad" in page

    client.post(URL, {"datum": "2025-05-23", "steg": "file", "run": run.pk})
    run.refresh_from_db()
    assert run.file_made_at is not None
    assert pain001.check(bytes(run.file)).number_of_transactions == 1
    page = client.get(URL).content.decode()
    assert "Skickad till banken" in page


def test_a_run_of_another_unit_with_its_own_manager_cannot_be_attested_by_her(client, day, org):
    from ekb.accounts.roles import Role
    from ekb.cases.models import Case

    f.staff("sofia", org.muni, (Role.SECTION_MANAGER, org.soder))
    run = do_prepare_payment_run(
        org.muni, PAY_DATE, acting_user=None, cases=Case.objects.filter(unit=org.soder)
    ).run
    staff_log_in(client, "cecilia")
    page = client.get(URL, {"datum": "2025-05-23"}).content.decode()
    assert run.message_id not in page
    response = client.post(URL, {"datum": "2025-05-23", "steg": "attest", "run": run.pk})
    assert response.status_code == 404
    run.refresh_from_db()
    assert run.attested_at is None


def test_a_run_of_a_unit_without_a_section_manager_is_offered_to_her_and_its_file_stays_404(
    client, day, org
):
    from ekb.cases.models import Case

    run = do_prepare_payment_run(
        org.muni, PAY_DATE, acting_user=None, cases=Case.objects.filter(unit=org.soder)
    ).run
    staff_log_in(client, "cecilia")
    page = client.get(URL, {"datum": "2025-05-23"}).content.decode()
    assert f"Attestera {run.message_id}" in page and day["soder"].number not in page
    client.post(URL, {"datum": "2025-05-23", "steg": "attest", "run": run.pk})
    client.post(URL, {"datum": "2025-05-23", "steg": "file", "run": run.pk})
    run.refresh_from_db()
    assert run.attested_by == org.cecilia and run.file_made_at is not None
    with pytest.raises(Http404):
        _get_file(org.cecilia, run.pk)  # the file names Söder's clients
    assert _get_file(AnonymousUser(), run.pk).status_code == 302


def test_the_file_is_refused_with_a_message_when_the_bank_account_is_missing(client, day, org):
    MunicipalityPolicy.objects.filter(municipality=org.muni).update(debtor_iban="")
    staff_log_in(client, "cecilia")
    response = client.post(URL, {"datum": "2025-05-23"})
    assert response.status_code == 400
    assert "bankkonto" in response.content.decode()
    assert not PaymentRun.objects.exists()


def _get_file(user, run_id):
    request = RequestFactory().get(f"/handlaggare/utbetalningar/betalfiler/{run_id}/")
    request.user = user
    return views.payment_file(request, run_id)


def test_the_manager_downloads_the_file_of_her_units_and_the_read_is_logged(client, day, org):
    from ekb.cases.models import Case

    run = filed(org, Case.objects.filter(unit=org.norr))
    response = _get_file(org.cecilia, run.pk)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert run.message_id in response["Content-Disposition"]
    assert pain001.check(response.content).number_of_transactions == 1
    row = AccessLogEntry.objects.filter(action="read_payment_file").latest("pk")
    assert row.detail == {"case_ids": [day["norr"].pk], "payment_run": run.message_id}


# Who may fetch a payment file, as a table (the rule: ekb.payments.access). The run holds
# the payments of Norr only: Cecilia manages Norr; everyone else gets "not found".
FILE_DOOR = {
    "cecilia": True,  # section manager, Norr
    "anna": False,  # caseworker, Norr: sees the cases, not the bank file
    "david": False,  # senior caseworker, Norr
    "bertil": False,  # caseworker, Söder
    "fatima": False,  # committee member
    "gustav": False,  # administrator
    "helena": False,  # log auditor
}


@pytest.mark.parametrize(("persona", "allowed"), FILE_DOOR.items())
def test_each_persona_may_fetch_the_norr_payment_file_exactly_as_the_rule_allows(
    day, org, persona, allowed
):
    from ekb.cases.models import Case
    from ekb.payments.access import access_payment_file, may_fetch_payment_file

    run = filed(org, Case.objects.filter(unit=org.norr))
    user = getattr(org, persona)
    assert may_fetch_payment_file(user, run) is allowed
    if allowed:
        assert access_payment_file(user, run.pk) == run
    else:
        with pytest.raises(Http404):
            access_payment_file(user, run.pk)
        denied = AccessLogEntry.objects.filter(action="read_payment_file", outcome="denied")
        assert denied.filter(actor_user_id=user.pk).exists()


def test_the_list_opens_on_monday_when_support_decided_after_the_pay_day_is_paid_then(
    client, day, org
):
    # Support decided after its month's pay day is paid on the next bank day (planned_pay_date);
    # the list must open there, not on the regular pay day where nothing of it shows.
    norr = day["norr"]
    Payment.objects.create(
        case=norr,
        decision_line=DecisionLine.objects.filter(decision__case=norr).first(),
        amount=Decimal("2500.00"),
        pay_date=dt.date(2025, 5, 12),
        end_to_end_id="EKB-TEST-URGENT-1",
    )
    staff_log_in(client, "cecilia")
    page = client.get(URL).content.decode()
    assert "Utbetalningar 2025-05-12" in page and "2\xa0500,00" in page


def test_a_planned_payment_from_an_earlier_day_without_a_file_is_pointed_out(client, day, org):
    norr = day["norr"]
    Payment.objects.create(
        case=norr,
        decision_line=DecisionLine.objects.filter(decision__case=norr).first(),
        amount=Decimal("900.00"),
        pay_date=dt.date(2025, 5, 8),
        end_to_end_id="EKB-TEST-BEHIND-1",
    )
    staff_log_in(client, "cecilia")
    page = client.get(URL).content.decode()
    assert "betalas inte ut av sig själva" in page and "?datum=2025-05-08" in page
