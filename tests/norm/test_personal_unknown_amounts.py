"""An "utan lunch" amount EKB does not know is refused, never replaced by the full amount.

The riksnorm has a lower amount for a child 0–6 years who does not eat lunch at home (12 kap.
2 § socialtjänstförordningen (2025:468); before 2025-07-01 2 kap. 1 § SoF (2001:937)); for 7
years and older the table has no such amount ("–"). In riksnorm/children.yaml ``null`` means
only the latter; ``unknown`` means the table has the amount but it was not confirmed for the
year. Paying the full amount instead would overpay the family, so the month is refused.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from ekb.norm import HouseholdError
from ekb.norm.engine import Engine
from ekb.norm.errors import MissingParametersError, UnknownAmountError
from ekb.norm.store import DEFAULT_DIR, ParameterStore

BANDS_2026 = [
    {"min_age": 0, "max_age": 0, "label": "0 år", "amount": 2740, "without_lunch": 2560},
    {"min_age": 1, "max_age": 2, "label": "1–2 år", "amount": 3060, "without_lunch": "unknown"},
    {"min_age": 3, "max_age": 3, "label": "3 år", "amount": 2720, "without_lunch": 2500},
    {"min_age": 4, "max_age": 6, "label": "4–6 år", "amount": 3060, "without_lunch": 2720},
    {"min_age": 7, "max_age": 10, "label": "7–10 år", "amount": 3820, "without_lunch": None},
    {"min_age": 11, "max_age": 14, "label": "11–14 år", "amount": 4390, "without_lunch": None},
    {"min_age": 15, "max_age": 18, "label": "15–18 år", "amount": 4960, "without_lunch": None},
    {"min_age": 19, "max_age": 20, "label": "19–20 år", "amount": 5000, "without_lunch": None},
]


def write_children_layer(directory, bands, valid_from="2026-01-01"):
    (directory / "riksnorm").mkdir(parents=True, exist_ok=True)
    doc = {
        "periods": [
            {
                "valid_from": valid_from,
                "version": "SFS 2025:1046",
                "legal_reference": "12 kap. 2 § socialtjänstförordningen (2025:468)",
                "source": "test: the 1–2 år amount without lunch is not known",
                "value": {"bands": bands},
            }
        ]
    }
    (directory / "riksnorm" / "children.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8"
    )
    return directory


@pytest.fixture
def engine(tmp_path):
    return Engine((write_children_layer(tmp_path, BANDS_2026),))


def mother_and_toddler(lunch_at_home, birth_date="2024-09-10"):
    return {
        "month": "2026-03",
        "members": [
            {"id": "p1", "role": "applicant", "birth_date": "1990-02-01"},
            {
                "id": "c1",
                "role": "child",
                "birth_date": birth_date,
                "lunch_at_home": lunch_at_home,
            },
        ],
    }


def test_sara_whose_toddler_eats_at_preschool_is_refused_when_the_amount_is_unknown(engine):
    with pytest.raises(UnknownAmountError) as caught:
        engine.calculate(mother_and_toddler(lunch_at_home=False))
    error = caught.value
    assert isinstance(error, MissingParametersError) and isinstance(error, HouseholdError)
    assert (error.path, error.parameter, error.month, error.year) == (
        "month",
        "riksnorm/children",
        "2026-03",
        2026,
    )
    assert error.band == "1–2 år"
    assert "utan lunch hemma är inte känt för 2026" in error.message_sv
    assert error.to_dict()["message"] != error.to_dict()["message_sv"]


def test_the_batch_refuses_the_same_toddler_and_names_the_household(engine):
    alone = {
        "month": "2026-03",
        "members": [{"id": "p1", "role": "applicant", "birth_date": "1985-04-02"}],
    }
    with pytest.raises(UnknownAmountError) as caught:
        engine.calculate_many([alone, mother_and_toddler(lunch_at_home=False)])
    assert caught.value.path == "households[1].month"
    assert caught.value.band == "1–2 år"


def test_a_batch_of_several_months_refuses_the_toddler_too(engine):
    february = {**mother_and_toddler(lunch_at_home=True), "month": "2026-02"}
    with pytest.raises(UnknownAmountError) as caught:
        engine.calculate_many([february, mother_and_toddler(lunch_at_home=False)])
    assert caught.value.path == "households[1].month"


def test_the_same_toddler_eating_lunch_at_home_gets_the_full_amount(engine):
    calculation = engine.calculate(mother_and_toddler(lunch_at_home=True))
    child = [r for r in calculation.rows if r.member == "c1"]
    assert [r.amount for r in child] == [Decimal(3060)]
    totals = engine.calculate_many([mother_and_toddler(lunch_at_home=True)])
    assert totals.kronor(0)["norm"] == calculation.norm


def test_a_preschooler_in_a_band_with_a_known_amount_gets_the_utan_lunch_amount(engine):
    four_year_old = mother_and_toddler(lunch_at_home=False, birth_date="2021-05-01")
    calculation = engine.calculate(four_year_old)
    child = [r for r in calculation.rows if r.member == "c1"]
    assert [(r.amount, r.label) for r in child] == [
        (Decimal(2720), "Personliga kostnader, barn 4–6 år, utan lunch")
    ]


def test_a_schoolchild_without_lunch_at_home_gets_the_bands_only_amount(engine):
    # 7–10 år: the table has no "utan lunch" amount (null); the one amount applies.
    schoolchild = mother_and_toddler(lunch_at_home=False, birth_date="2017-05-01")
    calculation = engine.calculate(schoolchild)
    child = [r for r in calculation.rows if r.member == "c1"]
    assert [r.amount for r in child] == [Decimal(3820)]


def test_a_toddler_living_here_half_the_month_is_refused_too(engine):
    shared = mother_and_toddler(lunch_at_home=False)
    shared["members"][1]["days_in_household"] = 15
    with pytest.raises(UnknownAmountError):
        engine.calculate(shared)
    with pytest.raises(UnknownAmountError):
        engine.calculate_many([shared])


def test_a_mistyped_utan_lunch_amount_is_a_parameter_error_not_a_guess(tmp_path):
    from ekb.norm.errors import ParameterError

    bands = [dict(b) for b in BANDS_2026]
    bands[1]["without_lunch"] = "2 800"
    engine = Engine((write_children_layer(tmp_path, bands),))
    with pytest.raises(ParameterError):
        engine.calculate(mother_and_toddler(lunch_at_home=False))


def test_in_the_package_files_null_means_only_that_the_table_has_no_such_amount():
    # A band that has an "utan lunch" amount in one year has one (or `unknown`) in every year:
    # null there would silently pay the full amount.
    store = ParameterStore(DEFAULT_DIR)
    with_column = set()
    periods = [p for p in store.periods("riksnorm/children") if p.value is not None]
    for period in periods:
        for band in period.value["bands"]:
            if band["without_lunch"] is not None:
                with_column.add((band["min_age"], band["max_age"]))
    assert with_column == {(0, 0), (1, 2), (3, 3), (4, 6)}
    for period in periods:
        for band in period.value["bands"]:
            key = (band["min_age"], band["max_age"])
            if key in with_column:
                assert band["without_lunch"] is not None, (period.valid_from, band["label"])
            else:
                assert band["without_lunch"] is None, (period.valid_from, band["label"])
            assert band["min_age"] >= 7 or key in with_column


def test_a_parameter_period_with_a_value_and_no_legal_reference_is_refused(tmp_path):
    """Law as data: a decision cites the law behind every amount it used, so an amount that
    names none is refused when the store is read, not printed as a blank reference later."""
    from ekb.norm.errors import ParameterError

    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "prisbasbelopp.yaml").write_text(
        "periods:\n  - valid_from: 2027-01-01\n    value: 59200\n", encoding="utf-8"
    )
    with pytest.raises(ParameterError, match="legal_reference"):
        ParameterStore(DEFAULT_DIR, layer)
