"""Loading a new year's table (ekb.integrations.norm_tables): checked, compared, written as
dated periods.

The table is the example file (made-up 2027 amounts about 2 % above 2026's); each test edits
the parsed YAML to make the one mistake it is about.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
import yaml

from ekb.integrations import norm_tables as publish
from ekb.norm.engine import Engine
from ekb.norm.store import DEFAULT_DIR, ParameterStore

EXAMPLE = DEFAULT_DIR / "examples" / "riksnorm-table.example.yaml"


@pytest.fixture(scope="module")
def store() -> ParameterStore:
    return ParameterStore()


@pytest.fixture
def doc() -> dict:
    return publish.read_table(EXAMPLE)


def problems(doc, store) -> list[str]:
    with pytest.raises(publish.TableError) as caught:
        publish.parse_table(doc, store)
    return caught.value.problems


def test_the_example_table_is_read_with_every_row(doc, store):
    table = publish.parse_table(doc, store)
    assert table.valid_from == date(2027, 1, 1) and table.sfs == "SFS 2026:9999"
    assert list(table.children) == ["0", "1-2", "3", "4-6", "7-10", "11-14", "15-18", "19-20"]
    assert len(table.common) == 7 and table.prisbasbelopp["amount"] > 0


def test_the_example_file_is_never_loaded_as_parameters(tmp_path):
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / EXAMPLE.name).write_bytes(EXAMPLE.read_bytes())
    with_example = ParameterStore(DEFAULT_DIR, tmp_path)
    assert with_example.digest == ParameterStore(DEFAULT_DIR).digest
    assert not any(name.startswith("examples/") for name in with_example.names())


def test_a_missing_row_is_refused_and_named(doc, store):
    del doc["children"]["11-14"]
    del doc["common_household_costs"][7]
    found = problems(doc, store)
    assert "children.11-14: saknas" in found
    assert "common_household_costs.7: saknas" in found


def test_amounts_must_be_whole_positive_kronor(doc, store):
    doc["adults"]["single"] = 4010.5
    doc["adults"]["cohabiting"] = -7230
    doc["children"]["0"]["without_lunch"] = "2 610"
    found = " ".join(problems(doc, store))
    assert "adults.single: ska vara ett helt positivt belopp i kronor" in found
    assert "adults.cohabiting" in found and "children.0.without_lunch" in found


def test_the_table_must_apply_from_the_first_of_a_month(doc, store):
    doc["valid_from"] = date(2027, 1, 15)
    assert "valid_from: ska vara den första i en månad, inte 2027-01-15" in problems(doc, store)


def test_an_unknown_row_is_refused_rather_than_ignored(doc, store):
    doc["adults"]["singel"] = 4010
    doc["children"]["5-6"] = 3000
    found = problems(doc, store)
    assert "adults.singel: okänd rad" in found and "children.5-6: okänd åldersgrupp" in found


def test_each_row_is_compared_with_the_amount_in_force_the_day_before(doc, store):
    table = publish.parse_table(doc, store)
    changes = {c.row: c for c in publish.changes(table, store)}
    single = changes["Vuxen, ensamstående"]
    assert (single.before, single.after) == (3940, 4010)
    assert str(single.percent) == "1.8" and not single.large
    assert changes["Barn 0 år, utan lunch hemma"].before == 2560
    assert not any(c.large for c in changes.values())


def test_a_change_of_more_than_fifteen_per_cent_is_marked_large(doc, store):
    doc["adults"]["single"] = 40100  # a digit too many
    doc["adults"]["cohabiting"] = 7100 * 115 // 100  # exactly +15 %: allowed
    table = publish.parse_table(doc, store)
    large = [c.row for c in publish.changes(table, store) if c.large]
    assert large == ["Vuxen, ensamstående"]


def test_the_difference_table_is_swedish_with_before_after_and_change(doc, store):
    doc["adults"]["single"] = 40100
    table = publish.parse_table(doc, store)
    text = publish.render_changes(table, publish.changes(table, store))
    assert text.startswith("Normbelopp från 2027-01-01 (SFS 2026:9999) jämförda med 2026-12-31")
    assert "rad" in text and "före" in text and "efter" in text and "ändring" in text
    line = next(x for x in text.splitlines() if x.startswith("Barn 7–10 år"))
    assert "3 820" in line and "3 890" in line and "+1,8 %" in line
    single = next(x for x in text.splitlines() if x.startswith("Vuxen, ensamstående"))
    assert "40 100" in single and "+917,8 %" in single and "mer än ±15 %" in single


def written(directory: Path, name: str) -> dict:
    return yaml.safe_load((directory / f"{name}.yaml").read_text(encoding="utf-8"))


def test_the_periods_are_written_in_the_shape_of_the_package_files(doc, store, tmp_path):
    table = publish.parse_table(doc, store)
    status = publish.write_periods(tmp_path, publish.periods(table))
    assert status == dict.fromkeys(publish.WRITTEN, "new")
    adults = written(tmp_path, "riksnorm/adults")
    assert adults["description"] == written(DEFAULT_DIR, "riksnorm/adults")["description"]
    (period,) = adults["periods"]
    assert period == {
        "valid_from": date(2027, 1, 1),
        "version": "SFS 2026:9999",
        "legal_reference": doc["legal_reference"],
        "source": doc["source"],
        "value": {"single": 4010, "cohabiting": 7230},
    }
    bands = written(tmp_path, "riksnorm/children")["periods"][0]["value"]["bands"]
    assert bands[0] == {
        "min_age": 0,
        "max_age": 0,
        "label": "0 år",
        "amount": 2790,
        "without_lunch": 2610,
    }
    pbb = written(tmp_path, "prisbasbelopp")["periods"][0]
    assert pbb["version"] == "SFS 2026:9998" and pbb["legal_reference"]  # the previous text
    # The layer fills the gap: the engine calculates January 2027 from it.
    result = Engine(parameter_layers=(tmp_path,)).calculate(
        {
            "month": "2027-01",
            "members": [{"id": "p", "role": "applicant", "birth_date": "1990-01-01"}],
        }
    )
    assert result.norm == 4010 + 1300


def test_adding_the_same_table_again_changes_nothing(doc, store, tmp_path):
    table = publish.parse_table(doc, store)
    publish.write_periods(tmp_path, publish.periods(table))
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.yaml")}
    status = publish.write_periods(tmp_path, publish.periods(table))
    assert set(status.values()) == {"unchanged"}
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.yaml")} == before


def test_another_table_for_the_same_date_replaces_that_period_only(doc, store, tmp_path):
    publish.write_periods(tmp_path, publish.periods(publish.parse_table(doc, store)))
    later = copy.deepcopy(doc)
    later["valid_from"] = date(2027, 7, 1)
    publish.write_periods(tmp_path, publish.periods(publish.parse_table(later, store)))
    corrected = copy.deepcopy(doc)
    corrected["adults"]["single"] = 4020
    status = publish.write_periods(tmp_path, publish.periods(publish.parse_table(corrected, store)))
    assert status["riksnorm/adults"] == "replaced"
    periods = written(tmp_path, "riksnorm/adults")["periods"]
    assert [p["valid_from"] for p in periods] == [date(2027, 1, 1), date(2027, 7, 1)]
    assert [p["value"]["single"] for p in periods] == [4020, 4010]


def test_an_accepted_large_change_keeps_its_reason(doc, store):
    table = publish.parse_table(doc, store)
    period = publish.periods(table, accepted_reason="Reformerad norm, prop. 2025/26:1")
    assert "Reformerad norm, prop. 2025/26:1" in period["riksnorm/adults"]["note"]


def test_coverage_lists_complete_years_and_gaps(store):
    years = dict(publish.coverage(store, 2027))
    assert years[2026] == [] and years[2025] == []
    assert "riksnorm/adults" in years[2027] and "riksnorm/adults" in years[2016]


def test_next_years_amounts_are_missing_until_loaded(doc, store, tmp_path):
    assert publish.missing_year(store, date(2026, 11, 1)) == 2027
    publish.write_periods(tmp_path, publish.periods(publish.parse_table(doc, store)))
    loaded = ParameterStore(DEFAULT_DIR, tmp_path)
    assert publish.missing_year(loaded, date(2026, 11, 1)) is None


def test_loading_is_due_from_the_first_of_november(store):
    assert publish.loading_due(store, date(2026, 10, 31)) is None
    assert publish.loading_due(store, date(2026, 11, 1)) == 2027
    assert publish.loading_due(store, date(2026, 12, 31)) == 2027
