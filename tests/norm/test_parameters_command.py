"""`ekb norm parameters add|status` end to end: a dry run by default, --write loads the table
into the installation's layer (EKB_NORM_PARAMETERS_DIR), the engine calculates January at
once, and the calculations that waited for the amounts are started."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import yaml
from django.core.management import CommandError, call_command

from ekb.norm import MissingParametersError, calculate
from ekb.norm.store import DEFAULT_DIR

EXAMPLE = DEFAULT_DIR / "examples" / "riksnorm-table.example.yaml"
JANUARY = {
    "month": "2027-01",
    "members": [{"id": "p1", "role": "applicant", "birth_date": "1985-04-02"}],
}


@pytest.fixture
def layer(settings, tmp_path, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 10, 10, tzinfo=dt.UTC), tick=False)
    settings.EKB_NORM_PARAMETERS_DIR = str(tmp_path / "norm-parameters")
    return tmp_path / "norm-parameters"
    # The settings fixture puts the setting back afterwards, and with it the engine's layers.


@pytest.fixture
def resumed(monkeypatch):
    calls = []

    def resume_waiting_calculations():
        calls.append(True)
        return 3

    monkeypatch.setattr("ekb.flow.journey.resume_waiting_calculations", resume_waiting_calculations)
    return calls


def run(*args) -> str:
    out = io.StringIO()
    call_command("norm_parameters", *args, stdout=out)
    return out.getvalue()


def test_without_write_the_table_is_checked_and_shown_but_nothing_is_written(
    db, layer, resumed, monkeypatch
):
    monkeypatch.setattr("sys.stdin", io.StringIO())  # not a terminal: no prompt, a dry run
    out = run("add", str(EXAMPLE))
    assert "Vuxen, ensamstående" in out and "3 940" in out and "4 010" in out
    assert "Provkörning: inget skrevs" in out
    assert not layer.exists() and not resumed
    with pytest.raises(MissingParametersError):
        calculate(JANUARY)


def test_a_written_table_is_calculated_at_once_and_waiting_calculations_start(db, layer, resumed):
    out = run("add", str(EXAMPLE), "--write")
    assert "riksnorm/adults.yaml: ny period från 2027-01-01" in out
    assert "Startade 3 väntande beräkningar." in out and resumed == [True]
    assert calculate(JANUARY).norm == 4010 + 1300  # the example's single adult, one person
    again = run("add", str(EXAMPLE), "--write")
    assert "riksnorm/adults.yaml: oförändrad (samma tabell är redan inläst)" in again
    status = run("status")
    assert "2027  komplett" in status and "Beloppen för 2027 är inlästa." in status


def test_a_corrected_table_for_the_same_date_replaces_the_period_and_says_so(
    db, layer, resumed, tmp_path
):
    run("add", str(EXAMPLE), "--write")
    corrected = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    corrected["adults"]["single"] = 4020
    path = tmp_path / "corrected.yaml"
    path.write_text(yaml.safe_dump(corrected, allow_unicode=True), encoding="utf-8")
    out = run("add", str(path), "--write")
    assert "riksnorm/adults.yaml: ersatte perioden från 2027-01-01" in out
    assert "riksnorm/children.yaml: oförändrad" in out
    assert calculate(JANUARY).norm == 4020 + 1300


def test_a_table_that_changes_amounts_already_in_force_is_refused_unless_it_is_a_correction(
    db, layer, resumed, tmp_path
):
    # A table dated 2026-01-01 loaded in December 2026 would rewrite amounts the whole year was
    # decided and paid with; that is a correction, never something that happens by mistake.
    table = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    table["valid_from"] = dt.date(2026, 1, 1)
    path = tmp_path / "dated-in-the-past.yaml"
    path.write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
    before = calculate({**JANUARY, "month": "2026-06"}).norm
    with pytest.raises(CommandError, match="ändrar belopp som redan gäller"):
        run("add", str(path), "--write")
    assert not layer.exists()
    assert calculate({**JANUARY, "month": "2026-06"}).norm == before
    run("add", str(path), "--write", "--replace-in-force", "Rättelse enligt SFS 2026:9999")
    note = yaml.safe_load((layer / "riksnorm" / "adults.yaml").read_text(encoding="utf-8"))
    assert "Rättelse av belopp som redan gällde: Rättelse enligt SFS" in note["periods"][0]["note"]


def test_next_years_table_loaded_late_in_january_needs_no_correction_reason(
    db, layer, resumed, time_machine
):
    # The amounts are late (the calculations wait for them): loading them is no correction.
    time_machine.move_to(dt.datetime(2027, 1, 4, 10, tzinfo=dt.UTC), tick=False)
    out = run("add", str(EXAMPLE), "--write")
    assert "riksnorm/adults.yaml: ny period från 2027-01-01" in out


def test_a_large_change_is_refused_unless_accepted_with_a_reason(db, layer, resumed, tmp_path):
    table = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    table["adults"]["single"] = 40100
    path = tmp_path / "typo.yaml"
    path.write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError, match="1 rader ändras mer än ±15 %"):
        run("add", str(path), "--write")
    assert not layer.exists()
    run("add", str(path), "--write", "--accept-large-change", "Kontrollerat mot SFS")
    note = yaml.safe_load((layer / "riksnorm" / "adults.yaml").read_text(encoding="utf-8"))
    assert "Kontrollerat mot SFS" in note["periods"][0]["note"]


def test_a_table_with_a_mistake_is_refused_with_every_problem(db, layer, tmp_path):
    table = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    del table["adults"]["cohabiting"]
    table["valid_from"] = dt.date(2027, 1, 2)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("add", str(path), "--write")
    assert "adults.cohabiting: saknas" in str(caught.value)
    assert "valid_from: ska vara den första i en månad" in str(caught.value)


def test_status_tells_which_years_are_gaps_and_that_2027_is_missing(db, layer):
    out = run("status")
    assert "2026  komplett" in out
    assert "2027  saknas: " in out and "riksnorm/adults" in out
    assert "Beloppen för 2027 är inte inlästa." in out


def test_ekb_norm_parameters_is_routed_to_the_django_command(monkeypatch):
    from ekb import cli

    seen = []
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: seen.append(argv)
    )
    cli.main(["ekb", "norm", "parameters", "status"])
    assert seen == [["ekb", "norm_parameters", "status"]]
