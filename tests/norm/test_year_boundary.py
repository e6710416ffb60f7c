"""The year boundary: next year's amounts are not published yet.

January 2027 is a gap in the package files. The engine refuses it with an error a caller can
tell apart from bad input, can calculate a month with the amounts of another date (an
estimate from last year's amounts), and picks up amounts loaded into the installation's layer
directory without a restart.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ekb.integrations.norm_tables import latest_complete_on, missing_on
from ekb.norm import HouseholdError, MissingParametersError, calculate, calculate_many, engine
from ekb.norm.store import ParameterStore

PACKAGE_2027 = Path(__file__).with_name("layers") / "reform_2027"


def household(month: str) -> dict:
    return {
        "month": month,
        "members": [
            {"id": "p1", "role": "applicant", "birth_date": "1985-04-02"},
            # 6 in December 2026, 7 in January 2027: the age band follows the real month.
            {"id": "c1", "role": "child", "birth_date": "2020-01-01"},
        ],
        "costs": [{"type": "rent", "amount": "6500"}],
    }


@pytest.fixture
def layers():
    """Set the default engine's layers in a test; the installation's come back afterwards."""
    before = engine.parameter_layers()
    yield engine.set_parameter_layers
    engine.set_parameter_layers(before)


def test_a_month_without_published_amounts_raises_a_missing_parameters_error():
    with pytest.raises(MissingParametersError) as caught:
        calculate(household("2027-01"))
    error = caught.value
    assert isinstance(error, HouseholdError)  # every `except HouseholdError` still catches it
    assert (error.path, error.month, error.year) == ("month", "2027-01", 2027)
    assert error.parameter.startswith("riksnorm/")
    assert error.message_sv == (
        f"det finns inga normbelopp för 2027-01 ({error.parameter}); månaden kan inte beräknas"
    )


def test_bad_input_is_not_mistaken_for_missing_amounts():
    bad = household("2026-12")
    bad["members"][0]["birth_date"] = "not a date"
    with pytest.raises(HouseholdError) as caught:
        calculate(bad)
    assert not isinstance(caught.value, MissingParametersError)


def test_the_batch_names_the_household_whose_month_has_no_amounts():
    with pytest.raises(MissingParametersError) as caught:
        calculate_many([household("2026-12"), household("2027-01")])
    assert caught.value.path == "households[1].month"
    assert caught.value.year == 2027


def test_parameters_on_uses_another_dates_amounts_but_the_months_own_ages():
    january = calculate(household("2027-01"), parameters_on=date(2026, 12, 1))
    december = calculate(household("2026-12"))
    assert january.month == "2027-01"
    assert january.versions["parameters_on"] == "2026-12-01"
    assert january.versions["parameters"]["riksnorm/adults"]["valid_from"] == "2026-01-01"
    # The child turned 7 on 1 January: the 7–10 band of 2026, not December's 4–6 band.
    child = lambda calc: next(r for r in calc.rows if r.member == "c1")  # noqa: E731
    assert "7–10" in child(january).label and "4–6" in child(december).label
    assert child(january).amount > child(december).amount
    assert january.reasonable_costs == december.reasonable_costs == Decimal("6500")


def test_without_parameters_on_a_month_calculates_as_before():
    assert calculate(household("2026-12"), parameters_on=None).versions.get("parameters_on") is None


def test_the_latest_complete_date_for_january_is_december_of_the_published_year():
    store = ParameterStore()
    assert missing_on(store, date(2027, 1, 1))
    assert missing_on(store, date(2026, 12, 1)) == []
    assert latest_complete_on(store, date(2027, 1, 1)) == date(2026, 12, 1)
    assert latest_complete_on(store, date(2026, 5, 1)) == date(2026, 5, 1)


def test_amounts_written_into_a_layer_directory_apply_without_a_restart(tmp_path, layers):
    layers([tmp_path / "norm"])  # does not exist yet: no layer, not an error
    with pytest.raises(MissingParametersError):
        calculate(household("2027-01"))
    (tmp_path / "norm" / "riksnorm").mkdir(parents=True)
    for name in ("adults", "children", "common_household_costs"):
        source = PACKAGE_2027 / "riksnorm" / f"{name}.yaml"
        (tmp_path / "norm" / "riksnorm" / f"{name}.yaml").write_bytes(source.read_bytes())
    engine.reload_parameters()  # what `ekb norm parameters add` does after writing
    assert calculate(household("2027-01")).norm > 0


def test_the_default_engine_looks_for_changed_files_at_most_every_few_seconds(
    tmp_path, layers, monkeypatch
):
    layers([tmp_path])
    first = engine.default_engine()
    clock = [1000.0]
    monkeypatch.setattr(engine.time, "monotonic", lambda: clock[0])
    engine.reload_parameters()
    (tmp_path / "x.yaml").write_text("description: not a parameter file\n", encoding="utf-8")
    clock[0] += engine.CHECK_INTERVAL / 2
    unchanged = engine.default_engine()
    clock[0] += engine.CHECK_INTERVAL
    rebuilt = engine.default_engine()
    assert unchanged is first  # checked too recently to look at the files again
    assert rebuilt is not first
    assert rebuilt.store.digest != first.store.digest


def test_a_broken_layer_file_keeps_the_amounts_already_loaded(tmp_path, layers):
    layers([tmp_path])
    working = engine.default_engine()
    (tmp_path / "broken.yaml").write_text("periods: [", encoding="utf-8")
    assert engine.reload_parameters() is working
