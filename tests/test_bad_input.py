"""Bad input (issue 8): nothing the client typed is lost; "NaN", "Infinity" and a third decimal
are refused with a clear message on the web and in the API; an id beyond the database's integer
range is a 404, never a 500.

Karin Lundqvist's renewal in Anna's caseload (tests/personas.py), time frozen on
20 November 2026, so the application is for December."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from ekb.accounts.tokens import issue_token
from ekb.applications.drafts import do_start_draft
from ekb.applications.models import Application
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.proposal import propose_lines
from ekb.lib.ids import MAX_ID, IdConverter, parse_id
from ekb.lib.money import AmountError, parse_amount
from tests import factories as f
from tests.eservice import conftest as eservice
from tests.factories import PASSWORD
from tests.personas import log_in

# The shared personas (tests/personas.py, tests/eservice/conftest.py) as fixtures here.
as_karin = eservice.as_karin

DECEMBER = dt.date(2026, 12, 1)
NOT_A_NUMBER = "Skriv beloppet som en siffra, till exempel 7200."
TOO_MANY_DECIMALS = "Skriv beloppet med högst två decimaler (öre)."


# --- the one rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("7200", Decimal("7200")),
        ("7 200", Decimal("7200")),
        ("7\u00a0200,50", Decimal("7200.50")),
        ("7200.5", Decimal("7200.5")),
        (" 455 ", Decimal("455")),
        (400, Decimal("400")),
        (7200.5, Decimal("7200.5")),
        ("-5", Decimal("-5")),  # whether a negative amount is allowed is for the caller to say
    ],
)
def test_an_amount_is_read_with_spaces_and_a_decimal_comma(typed, amount):
    assert parse_amount(typed) == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NaN", NOT_A_NUMBER),
        ("nan", NOT_A_NUMBER),
        ("sNaN", NOT_A_NUMBER),
        ("Infinity", NOT_A_NUMBER),
        ("-inf", NOT_A_NUMBER),
        ("1e5", NOT_A_NUMBER),
        ("sjutusen", NOT_A_NUMBER),
        ("", NOT_A_NUMBER),
        (float("nan"), NOT_A_NUMBER),
        (float("inf"), NOT_A_NUMBER),
        (Decimal("NaN"), NOT_A_NUMBER),
        (True, NOT_A_NUMBER),
        ("12.345", TOO_MANY_DECIMALS),
        ("7200,505", TOO_MANY_DECIMALS),
        (12.345, TOO_MANY_DECIMALS),
        ("99999999999", "Beloppet är orimligt stort. Kontrollera att det är rätt."),
    ],
)
def test_nan_infinity_exponents_and_a_third_decimal_are_not_amounts(typed, message):
    with pytest.raises(AmountError) as refused:
        parse_amount(typed)
    assert refused.value.message == message


def test_an_id_is_a_positive_number_the_key_column_can_hold():
    assert parse_id("42") == parse_id(42) == 42
    assert parse_id(str(MAX_ID)) == MAX_ID == 2**63 - 1
    for bad in (str(2**63), "99999999999999999999", "0", "-1", "1e3", "٣", "", None, True):
        assert parse_id(bad) is None, bad
    with pytest.raises(ValueError):
        IdConverter().to_python(str(2**63))


# --- the e-service ---------------------------------------------------------------------------


def _draft(karin):
    return do_start_draft(karin.applicant, month=DECEMBER)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NaN", NOT_A_NUMBER),
        ("Infinity", NOT_A_NUMBER),
        ("1e5", NOT_A_NUMBER),
        ("7200,505", TOO_MANY_DECIMALS),
    ],
)
def test_nan_as_a_rent_is_refused_with_a_clear_message_and_the_form_keeps_it(
    as_karin, karin, typed, message
):
    draft = _draft(karin)
    response = as_karin.post(
        f"/e-tjanst/ansokan/{draft.pk}/boende/", {"rent": typed, "electricity": "455"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#rent">Hyra: ' + message in page
    assert f'value="{typed}"' in page and 'value="455"' in page
    draft.refresh_from_db()
    rows = {r["type"]: r["amount"] for r in draft.answers["costs"]}
    assert rows == {"rent": typed, "electricity": "455"}  # nothing typed is lost
    check = as_karin.post(f"/e-tjanst/ansokan/{draft.pk}/kontrollera/")
    assert check.status_code == 400 and "Hyra: " + message in check.content.decode()
    assert not Application.objects.filter(case=karin.case, month=DECEMBER).exists()


def test_nan_as_an_income_is_refused_on_the_income_page_and_kept(as_karin, karin):
    draft = _draft(karin)
    response = as_karin.post(
        f"/e-tjanst/ansokan/{draft.pk}/inkomster/",
        {
            "income-count": "1",
            "income-0-member": f"p{karin.applicant.pk}",
            "income-0-type": "salary",
            "income-0-amount": "NaN",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert NOT_A_NUMBER in page and 'value="NaN"' in page


def test_thousands_separators_and_a_decimal_comma_still_work_in_the_e_service(as_karin, karin):
    draft = _draft(karin)
    response = as_karin.post(
        f"/e-tjanst/ansokan/{draft.pk}/boende/", {"rent": "7 200", "electricity": "455,50"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    rows = {r["type"]: r["amount"] for r in draft.answers["costs"]}
    assert rows == {"rent": "7200.00", "electricity": "455.50"}


def test_the_amount_messages_speak_english_when_the_client_chooses_it(as_karin, karin):
    draft = _draft(karin)
    as_karin.post("/i18n/setlang/", {"language": "en", "next": "/e-tjanst/"})
    response = as_karin.post(f"/e-tjanst/ansokan/{draft.pk}/boende/", {"rent": "12.345"})
    assert response.status_code == 400
    assert "Enter the amount with at most two decimals (öre)." in response.content.decode()


# --- the workspace ---------------------------------------------------------------------------


@pytest.fixture
def anna(client, org):
    assert client.login(username="anna", password=PASSWORD)
    return client


@pytest.mark.parametrize(
    ("typed", "message"),
    [("NaN", NOT_A_NUMBER), ("Infinity", NOT_A_NUMBER), ("9800.123", TOO_MANY_DECIMALS)],
)
def test_nan_as_an_overridden_rent_is_refused_and_the_page_keeps_what_was_typed(
    anna, renewal, typed, message
):
    rent = renewal.application.lines.get(type="rent")
    response = anna.post(
        f"/handlaggare/uppgifter/{rent.pk}/andra/", {"amount": typed, "reason": "Ny hyresavi"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and f'value="{typed}"' in page and "Ny hyresavi" in page
    rent.refresh_from_db()
    assert not rent.overridden


def test_a_caseworker_may_type_an_amount_with_spaces_and_a_decimal_comma(anna, renewal):
    rent = renewal.application.lines.get(type="rent")
    response = anna.post(
        f"/handlaggare/uppgifter/{rent.pk}/andra/", {"amount": "9 800,50", "reason": "Ny avi"}
    )
    assert response.status_code == 302
    assert renewal.application.lines.get(overrides=rent).amount == Decimal("9800.50")


def _decision_post(application, **changes) -> dict:
    proposal = propose_lines(application, latest_calculation(application))
    data = {"lines-TOTAL_FORMS": str(len(proposal)), "lines-INITIAL_FORMS": str(len(proposal))}
    for i, line in enumerate(proposal):
        for name in ("purpose", "outcome", "amount", "amount_applied", "calculated", "reasons"):
            value = getattr(line, name)
            data[f"lines-{i}-{name}"] = "" if value is None else str(value)
    data["lines-0-reasons"] = "Beviljat enligt riksnormen."
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("typed", "message"), [("NaN", NOT_A_NUMBER), ("5180,505", TOO_MANY_DECIMALS)]
)
def test_a_decision_line_with_nan_is_refused_and_keeps_the_reasons(anna, renewal, typed, message):
    application = renewal.application
    response = anna.post(
        f"/handlaggare/ansokningar/{application.pk}/beslut/",
        _decision_post(application, **{"lines-0-amount": typed}),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and f'value="{typed}"' in page
    assert "Beviljat enligt riksnormen." in page
    assert not application.decisions.exists()


def test_a_tampered_hidden_amount_on_a_decision_line_is_refused_not_a_500(anna, renewal):
    application = renewal.application
    response = anna.post(
        f"/handlaggare/ansokningar/{application.pk}/beslut/",
        _decision_post(application, **{"lines-0-calculated": "Infinity"}),
    )
    assert response.status_code == 400
    assert not application.decisions.exists()


def test_an_access_log_filter_beyond_the_id_range_is_refused_on_the_page(client, org):
    assert client.login(username="helena", password=PASSWORD)
    response = client.get("/handlaggare/atkomstlogg/", {"case_id": "99999999999999999999"})
    assert response.status_code == 200
    assert 'class="error-message" id="id_case_id-error"' in response.content.decode()


# --- the client's API ------------------------------------------------------------------------


def _client_token(person) -> dict:
    raw, _ = issue_token(person_id=person.pk)
    return {"Authorization": f"Bearer {raw}"}


def _staff_token(user) -> dict:
    raw, _ = issue_token(user=user)
    return {"Authorization": f"Bearer {raw}"}


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ('"NaN"', NOT_A_NUMBER),
        ("NaN", NOT_A_NUMBER),  # Python's JSON reader takes the bare literal too
        ('"Infinity"', NOT_A_NUMBER),
        ("1e400", NOT_A_NUMBER),  # a number too large for a float: infinity
        ('"1e5"', NOT_A_NUMBER),
        ('"12.345"', TOO_MANY_DECIMALS),
        ("12.345", TOO_MANY_DECIMALS),
        ("true", NOT_A_NUMBER),  # not 1 kr
        ("false", NOT_A_NUMBER),
    ],
)
def test_nan_as_a_rent_in_the_api_is_a_422_with_the_field_path(client, karin, amount, message):
    body = (
        '{"contract": "application.v1", "costs": ['
        f'{{"type": "rent", "amount": {amount}}}, {{"type": "electricity", "amount": "400"}}]}}'
    )
    response = client.post(
        "/api/v1/applications",
        body,
        content_type="application/json",
        headers=_client_token(karin.applicant),
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"]["costs[0].amount"] == [message]
    assert not Application.objects.filter(case=karin.case, month=DECEMBER).exists()


# --- the staff API ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ('"NaN"', NOT_A_NUMBER),
        ("NaN", NOT_A_NUMBER),
        ('"-Infinity"', NOT_A_NUMBER),
        ("1e400", NOT_A_NUMBER),
        ('"12.345"', TOO_MANY_DECIMALS),
        ("9800.125", TOO_MANY_DECIMALS),
    ],
)
def test_nan_as_an_override_in_the_staff_api_is_a_422_with_a_clear_message(
    client, org, renewal, amount, message
):
    rent = renewal.application.lines.get(type="rent")
    response = client.post(
        f"/api/v1/application-lines/{rent.pk}/override",
        f'{{"amount": {amount}, "reason": "Ny hyresavi"}}',
        content_type="application/json",
        headers=_staff_token(org.anna),
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == {"amount": [message]}
    rent.refresh_from_db()
    assert not rent.overridden


def test_the_staff_api_takes_an_override_with_a_decimal_comma_or_as_a_number(client, org, renewal):
    rent = renewal.application.lines.get(type="rent")
    response = client.post(
        f"/api/v1/application-lines/{rent.pk}/override",
        {"amount": "9 800,50", "reason": "Ny hyresavi"},
        content_type="application/json",
        headers=_staff_token(org.anna),
    )
    assert response.status_code == 200, response.content
    assert Decimal(response.json()["amount"]) == Decimal("9800.50")


def test_a_decision_line_with_three_decimals_in_the_staff_api_names_the_line(client, org, renewal):
    application = renewal.application
    proposal = propose_lines(application, latest_calculation(application))
    lines = [
        {
            "purpose": line.purpose,
            "outcome": line.outcome,
            "amount": str(line.amount),
            "reasons": "Beviljat enligt riksnormen.",
        }
        for line in proposal
    ]
    lines[0]["amount"] = "5180.505"
    response = client.post(
        f"/api/v1/applications/{application.pk}/decision",
        json.dumps({"lines": lines}),
        content_type="application/json",
        headers=_staff_token(org.anna),
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == {"lines[0].amount": [TOO_MANY_DECIMALS]}
    assert not application.decisions.exists()


# --- ids beyond the database's range -----------------------------------------------------------

HUGE_IDS = ("99999999999999999999", str(2**63))
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _id_routes(patterns=None, prefix=""):
    """Every URL pattern with an id in it, as (route, is_api)."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _id_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and isinstance(pattern.pattern, RegexPattern):
            # The calendar feed's secret token (re_path) is not an id: a wrong token is a 404
            # (tests/meetings/test_calendar_feed.py).
            continue
        elif isinstance(pattern, URLPattern) and _PARAM.search(route):
            yield route


ID_ROUTES = sorted(set(_id_routes()))


def test_the_walk_finds_the_routes_with_ids_of_every_front_door():
    assert "handlaggare/arenden/<id:case_id>/" in ID_ROUTES
    assert "e-tjanst/ansokan/<id:draft_id>/boende/" in ID_ROUTES
    assert any(route.startswith("api/v1/") for route in ID_ROUTES)
    assert all(m.group(2).endswith("id") for r in ID_ROUTES for m in _PARAM.finditer(r))


@pytest.mark.parametrize("huge", HUGE_IDS)
@pytest.mark.parametrize("route", ID_ROUTES)
def test_an_id_beyond_the_databases_range_is_404_for_staff_and_client(route, huge, org):
    url = "/" + _PARAM.sub(huge, route)
    staff = Client()
    assert staff.login(username="anna", password=PASSWORD)
    person = f.case(org.norr, assigned=org.anna).household.members.get().person
    personas = {
        "staff": (staff, _staff_token(org.anna)),
        "client": (log_in(Client(), person), _client_token(person)),
    }
    answers = {}
    for who, (browser, token) in personas.items():
        headers = token if route.startswith("api/") else {}
        answers[who, "GET"] = browser.get(url, headers=headers).status_code
        answers[who, "POST"] = browser.post(
            url, "{}", content_type="application/json", headers=headers
        ).status_code
    if route.startswith("api/"):
        # The token of the other kind is refused first (401); the right one finds nothing.
        assert set(answers.values()) <= {401, 404, 405}, answers
        assert 404 in answers.values(), answers
    else:
        assert set(answers.values()) == {404}, answers


def test_the_estimate_page_leaves_out_a_rent_that_is_not_a_number(as_karin, karin):
    draft = _draft(karin)
    as_karin.post(f"/e-tjanst/ansokan/{draft.pk}/boende/", {"rent": "NaN", "electricity": "455"})
    response = as_karin.get(f"/e-tjanst/ansokan/{draft.pk}/berakning/")
    assert response.status_code == 200
