"""The meeting rule's exceptions and targets on the staff pages: a case's own interval in the
case page's meetings section (with its reason, who set it, and the way back to the rule), and
the section manager's page of her units' monthly targets, linked from her start page."""

from __future__ import annotations

import datetime as dt

from ekb.meetings.rules import case_meeting_rule, monthly_target
from tests.personas import staff_log_in

TODAY = dt.date(2026, 11, 20)
STABLE = "Stabil i arbetsträning sedan augusti."


def _set(client, case, **fields):
    data = {"interval": "m2", "reason": STABLE, "valid_from": "2026-11-20", **fields}
    return client.post(f"/handlaggare/arenden/{case.pk}/motestathet/", data)


def test_anna_sets_every_other_month_with_a_reason_and_the_case_page_shows_who_and_why(
    client, cases, org
):
    staff_log_in(client, "anna")
    page = client.get(f"/handlaggare/arenden/{cases.norr_annas.pk}/").content.decode()
    assert "Regeln: klienten träffas varje månad." in page and "Ärendet följer regeln." in page
    response = _set(client, cases.norr_annas)
    assert response.status_code == 302 and response["Location"].endswith("#meeting-rule")
    page = client.get(f"/handlaggare/arenden/{cases.norr_annas.pk}/").content.decode()
    assert "varannan månad" in page and STABLE in page and "Satt av Anna 2026-11-20" in page
    assert "Återgå till regeln" in page


def test_twice_a_month_is_chosen_as_every_other_week(client, cases, org):
    staff_log_in(client, "ida")
    _set(client, cases.norr_annas, interval="w2", reason="Akut kris i familjen.")
    own = case_meeting_rule(cases.norr_annas, TODAY).own
    assert (own.interval_weeks, own.interval_months, own.set_by) == (2, None, org.ida)


def test_an_interval_without_a_reason_comes_back_with_what_was_chosen(client, cases, org):
    staff_log_in(client, "anna")
    response = _set(client, cases.norr_annas, interval="m3", reason="  ")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv skälet" in page and '<option value="m3" selected>' in page
    assert case_meeting_rule(cases.norr_annas, TODAY).own is None


def test_the_case_returns_to_the_rule_from_the_case_page(client, cases, org):
    staff_log_in(client, "anna")
    _set(client, cases.norr_annas)
    response = client.post(
        f"/handlaggare/arenden/{cases.norr_annas.pk}/motestathet/regeln/",
        {"valid_from": "2026-11-20", "note": "Arbetsträningen avbröts."},
    )
    assert response.status_code == 302
    assert case_meeting_rule(cases.norr_annas, TODAY).own is None
    page = client.get(f"/handlaggare/arenden/{cases.norr_annas.pk}/").content.decode()
    assert "Ärendet följer regeln." in page


def test_a_case_of_another_unit_is_missing_to_bertil(client, cases, org):
    staff_log_in(client, "bertil")
    assert _set(client, cases.norr_annas).status_code == 404
    assert case_meeting_rule(cases.norr_annas, TODAY).own is None


def test_a_closed_case_shows_no_form_and_refuses_a_posted_interval(client, cases, org):
    case = cases.norr_annas
    case.closed_on, case.closure_reason = dt.date(2026, 11, 10), "work"
    case.save(update_fields=["closed_on", "closure_reason"])
    staff_log_in(client, "anna")
    page = client.get(f"/handlaggare/arenden/{case.pk}/").content.decode()
    assert "Ändra ärendets mötestäthet" not in page
    assert _set(client, case).status_code == 403
    assert case_meeting_rule(case, TODAY).own is None


# --- the section manager's targets ---------------------------------------------------------------


def test_cecilia_finds_the_targets_from_her_start_page_and_sets_norr_s_target(client, org):
    staff_log_in(client, "cecilia")
    assert "/handlaggare/moten/mal/" in client.get("/handlaggare/").content.decode()
    page = client.get("/handlaggare/moten/mal/").content.decode()
    assert "Norr" in page and "Söder" not in page and "40 möten per handläggare" in page
    response = client.post(
        "/handlaggare/moten/mal/",
        {"unit": org.norr.pk, "meetings_per_month": "32", "valid_from": "2026-12-01"},
    )
    assert response.status_code == 302
    assert (
        monthly_target(org.norr, dt.date(2026, 11, 1)),
        monthly_target(org.norr, TODAY.replace(month=12)),
    ) == (40, 32)
    page = client.get("/handlaggare/moten/mal/").content.decode()
    assert "2026-12-01" in page and "kommande" in page and "Cecilia" in page


def test_cecilia_cannot_set_the_target_of_a_unit_she_does_not_manage(client, org):
    staff_log_in(client, "cecilia")
    response = client.post(
        "/handlaggare/moten/mal/",
        {"unit": org.soder.pk, "meetings_per_month": "10", "valid_from": "2026-12-01"},
    )
    assert response.status_code == 400 and "Välj en av dina enheter." in response.content.decode()
    assert monthly_target(org.soder, dt.date(2026, 12, 1)) == 40


def test_a_refused_target_keeps_what_was_typed(client, org):
    staff_log_in(client, "cecilia")
    response = client.post(
        "/handlaggare/moten/mal/",
        {"unit": org.norr.pk, "meetings_per_month": "500", "valid_from": "2026-12-01"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "(1–200)" in page and 'value="500"' in page


def test_the_targets_page_is_missing_to_staff_who_manage_no_unit(client, org):
    for who in ("anna", "david", "gustav"):
        client.logout()
        staff_log_in(client, who)
        assert client.get("/handlaggare/moten/mal/").status_code == 404
        assert client.post("/handlaggare/moten/mal/", {"unit": org.norr.pk}).status_code == 404


def test_the_targets_page_and_the_case_s_interval_speak_english_when_chosen(client, cases, org):
    staff_log_in(client, "cecilia")
    client.post("/i18n/setlang/", {"language": "en", "next": "/handlaggare/moten/mal/"})
    page = client.get("/handlaggare/moten/mal/").content.decode()
    assert "<h1>Targets for the number of meetings</h1>" in page
    assert "Meetings per caseworker and month" in page and "Sätt ett nytt mål" not in page
    _set(client, cases.norr_annas)
    page = client.get(f"/handlaggare/arenden/{cases.norr_annas.pk}/").content.decode()
    assert "The rule: the client is met every month." in page
    assert "The case's own interval:</strong> every other month" in page
