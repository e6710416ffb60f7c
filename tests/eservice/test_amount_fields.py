"""Amount fields take what a person naturally types ("4 151 kr", "4 151:-") and show a saved
amount back the Swedish way ("9 800,50"), while NaN, Infinity, a negative amount, a third decimal
and true stay refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ekb.applications.models import ApplicationDraft
from ekb.lib.money import (
    NEGATIVE,
    NOT_A_NUMBER,
    TOO_MANY_DECIMALS,
    AmountError,
    amount_or_none,
    format_amount,
    kr,
    parse_amount,
)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("4 151 kr", "4151"),
        ("4151kr", "4151"),
        ("4 151 KR", "4151"),
        ("4 151 kr.", "4151"),
        ("4 151:-", "4151"),
        ("9 800,50 kr", "9800.50"),
        ("9\u00a0800,50\u00a0kr", "9800.50"),
        ("-100 kr", "-100"),  # the sign is kept, so the caller refuses it as negative
    ],
)
def test_a_trailing_kr_or_colon_dash_is_the_unit_not_part_of_the_amount(typed, amount):
    assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("kr", NOT_A_NUMBER),
        ("NaN kr", NOT_A_NUMBER),
        ("Infinity kr", NOT_A_NUMBER),
        ("1e5 kr", NOT_A_NUMBER),
        ("100 kr kr", NOT_A_NUMBER),
        ("kr 100", NOT_A_NUMBER),
        ("100 sek", NOT_A_NUMBER),
        ("1,234 kr", TOO_MANY_DECIMALS),
        (True, NOT_A_NUMBER),
    ],
)
def test_a_unit_does_not_make_a_non_amount_an_amount(typed, message):
    with pytest.raises(AmountError) as refused:
        parse_amount(typed)
    assert refused.value.message == message


@pytest.mark.parametrize("typed", ["-100 kr", "\u2212100", -100, Decimal("-0.01")])
def test_a_negative_amount_is_refused_with_a_clear_message_where_the_caller_says_so(typed):
    with pytest.raises(AmountError) as refused:
        parse_amount(typed, negative=False)
    assert refused.value.message == NEGATIVE == "Beloppet kan inte vara negativt."
    assert parse_amount("0", negative=False) == 0


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("NaN", None),
        ("4 151 kr", Decimal("4151")),
        ("4151,50", Decimal("4151.50")),
        ("-100", Decimal("-100")),
    ],
)
def test_amount_or_none_reads_blank_and_what_is_no_amount_as_none(raw, amount):
    assert amount_or_none(raw) == amount


def test_amount_or_none_leaves_out_a_negative_amount_where_the_caller_says_so():
    assert amount_or_none("-100", negative=False) is None


def test_a_message_names_an_amount_in_whole_kronor_written_as_a_page_writes_it():
    assert kr(Decimal("8269.40")) == "8\u00a0269 kr"
    assert kr(Decimal("8269.40")) == f"{format_amount(Decimal('8269.40'), whole=True)} kr"
    assert format_amount(Decimal("8269.40")) == "8\u00a0269,40"  # a page never rounds


def test_amounts_are_written_the_swedish_way():
    assert format_amount(Decimal("9800.50"), space=" ") == "9 800,50"
    assert format_amount(Decimal("7200.00"), space=" ") == "7 200"
    assert format_amount(Decimal("7432"), ore=True) == "7\u00a0432,00"
    assert format_amount(Decimal("1234567.05")) == "1\u00a0234\u00a0567,05"
    assert format_amount(Decimal("-455.5"), space=" ") == "-455,50"


def _draft() -> ApplicationDraft:
    return ApplicationDraft.objects.get(month=dt.date(2026, 12, 1))


def test_karin_types_her_rent_with_kr_and_it_is_saved_as_the_amount(as_karin, karin):
    assert as_karin.post("/e-tjanst/ansokan/", {"month": "2026-12"}).status_code == 302
    draft = _draft()
    response = as_karin.post(
        f"/e-tjanst/ansokan/{draft.pk}/boende/", {"rent": "4 151 kr", "electricity": "455:-"}
    )
    assert response.status_code == 302, response.content.decode()
    draft.refresh_from_db()
    costs = {r["type"]: parse_amount(r["amount"]) for r in draft.answers["costs"]}
    assert costs["rent"] == Decimal("4151") and costs["electricity"] == Decimal("455")


@pytest.mark.parametrize("typed", ["-100 kr", "NaN kr", "1,234 kr"])
def test_a_refused_amount_with_kr_is_still_refused_and_kept_as_typed(as_karin, karin, typed):
    as_karin.post("/e-tjanst/ansokan/", {"month": "2026-12"})
    draft = _draft()
    response = as_karin.post(f"/e-tjanst/ansokan/{draft.pk}/boende/", {"rent": typed})
    assert response.status_code == 400
    assert f'value="{typed}"' in response.content.decode()


def test_a_saved_amount_with_ore_comes_back_in_the_field_the_swedish_way(as_karin, karin):
    as_karin.post("/e-tjanst/ansokan/", {"month": "2026-12"})
    draft = _draft()
    as_karin.post(f"/e-tjanst/ansokan/{draft.pk}/boende/", {"rent": "9 800,50", "electricity": ""})
    page = as_karin.get(f"/e-tjanst/ansokan/{draft.pk}/boende/").content.decode()
    assert 'value="9 800,50"' in page
    assert "9800.50" not in page and "9800,50" not in page
