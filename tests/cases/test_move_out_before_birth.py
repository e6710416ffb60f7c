"""A move-out date before the person was born is a mistyped year, not a fact (fresh-eye finding,
session 5: "1899-01-01" was accepted for a son who "does not live here")."""

from __future__ import annotations

import datetime as dt

from ekb.cases.household import answer_errors

DECEMBER = dt.date(2026, 12, 1)
SON = {"id": "p7", "role": "child", "first_name": "Elias", "birth_date": "2019-06-03"}


def test_a_son_who_left_in_1899_is_refused_with_a_word_about_the_year():
    errors = answer_errors([], [SON | {"moved_out": "1899-01-01", "was_member": True}], DECEMBER)

    assert "födelsedag" in errors["p7"]["valid_to"]


def test_a_son_who_left_in_november_is_kept_as_a_late_report():
    errors = answer_errors([], [SON | {"moved_out": "2026-11-20", "was_member": True}], DECEMBER)

    assert "p7" not in errors


def test_a_son_still_at_home_cannot_move_out_before_he_was_born():
    entry = SON | {"moved_out": "2018-12-10", "days_in_household": None}
    errors = answer_errors([entry], [], DECEMBER, asked=False)

    assert "födelsedag" in errors["p7"]["valid_to"]
