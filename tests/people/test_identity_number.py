from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from ekb.people.identity_number import (
    InvalidIdentityNumber,
    make_test_number,
    parse_identity_number,
)

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("raw", "number", "birth_date"),
    [
        ("19811218-9876", "198112189876", dt.date(1981, 12, 18)),  # Skatteverket's test number
        ("811218-9876", "198112189876", dt.date(1981, 12, 18)),
        ("8112189876", "198112189876", dt.date(1981, 12, 18)),
        ("198112189876", "198112189876", dt.date(1981, 12, 18)),
        (" 811218 - 9876 ".replace(" ", ""), "198112189876", dt.date(1981, 12, 18)),
    ],
)
def test_it_accepts_the_usual_ways_of_writing_a_personnummer(raw, number, birth_date):
    parsed = parse_identity_number(raw, today=TODAY)
    assert parsed.number == number
    assert parsed.birth_date == birth_date
    assert not parsed.is_coordination_number
    assert parsed.formatted == "19811218-9876"


def test_a_ten_digit_number_of_a_child_born_this_century_gets_the_right_century():
    number = make_test_number(dt.date(2020, 5, 17), 982)
    parsed = parse_identity_number(number[2:8] + "-" + number[8:], today=TODAY)
    assert parsed.birth_date == dt.date(2020, 5, 17)


def test_a_plus_sign_means_the_person_has_turned_one_hundred():
    number = make_test_number(dt.date(1920, 3, 1), 985)
    parsed = parse_identity_number(number[2:8] + "+" + number[8:], today=TODAY)
    assert parsed.birth_date == dt.date(1920, 3, 1)


def test_a_samordningsnummer_has_sixty_added_to_the_day():
    number = make_test_number(dt.date(1990, 7, 14), 990, coordination=True)
    assert number[6:8] == "74"
    parsed = parse_identity_number(number, today=TODAY)
    assert parsed.is_coordination_number
    assert parsed.birth_date == dt.date(1990, 7, 14)


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        ("", "empty", "Skriv personnumret."),
        ("19811218-987", "format", "Skriv personnumret med 10 eller 12 siffror"),
        ("19811218-98X6", "format", "Skriv personnumret med 10 eller 12 siffror"),
        ("19811318-9876", "date", "giltigt födelsedatum"),
        ("19810230-9876", "date", "giltigt födelsedatum"),
        ("19811218-9877", "checksum", "Kontrollsiffran stämmer inte"),
        ("20301218-9876", "future", "ligger i framtiden"),
        ("19811218+9876", "format", "Plustecken"),
    ],
)
def test_bad_input_gets_a_clear_swedish_message(raw, code, message):
    with pytest.raises(InvalidIdentityNumber) as error:
        parse_identity_number(raw, today=TODAY)
    assert error.value.code == code
    with translation.override("sv"):
        assert message in str(error.value.message)


def test_the_messages_have_english_translations():
    with pytest.raises(InvalidIdentityNumber) as error:
        parse_identity_number("19811218-9877", today=TODAY)
    with translation.override("en"):
        assert "check digit" in str(error.value.message)


def test_the_error_never_repeats_the_number_it_was_given():
    with pytest.raises(InvalidIdentityNumber) as error:
        parse_identity_number("19811218-9877", today=TODAY)
    assert "9877" not in str(error.value) and "9877" not in str(error.value.message)


def test_generated_test_numbers_always_validate():
    for day in range(0, 3650, 37):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=day)
        for serial in (980, 991, 999):
            assert (
                parse_identity_number(make_test_number(birth, serial), today=TODAY).birth_date
                == birth
            )
