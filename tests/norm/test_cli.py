"""`ekb norm calculate` and `ekb norm explain`, in process and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from ekb.norm.cli import main

from .casefiles import ONE_KRONA, TOTALS, calculation_cases

ROOT = Path(__file__).resolve().parents[2]
EKB = Path(sys.executable).with_name("ekb")
EXAMPLES = [
    p for p in calculation_cases() if p.values[0].get("source") == "shared/norm/examples.jsonl"
]


def example(name: str) -> dict:
    return next(p.values[0]["input"] for p in EXAMPLES if p.values[0]["name"] == name)


def run(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = (
        [str(EKB), "norm", *args] if EKB.exists() else [sys.executable, "-m", "ekb.norm.cli", *args]
    )
    return subprocess.run(
        command, input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60
    )


@pytest.mark.parametrize("case", EXAMPLES)
def test_ekb_norm_calculate_prints_the_expected_totals_for_each_example(case, tmp_path):
    path = tmp_path / "household.json"
    path.write_text(json.dumps(case["input"]), encoding="utf-8")
    done = run(["calculate", str(path)])
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    for name in TOTALS:
        assert abs(Decimal(out[name]) - Decimal(str(case["expected"][name]))) <= ONE_KRONA
    assert out["rows"] and all("legal_reference" in r for r in out["rows"])


def test_calculate_reads_standard_input_with_a_dash():
    done = run(["calculate", "-"], stdin=json.dumps(example("single-adult-2026")))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["amount"] == "5220.00"


def test_bad_input_exits_2_with_the_error_on_stderr_and_nothing_on_stdout():
    bad = {
        "month": "2026-03",
        "members": [{"id": "p1", "role": "applicant", "birth_date": "1985-02-30"}],
    }
    done = run(["calculate", "-"], stdin=json.dumps(bad))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "members[0].birth_date" in done.stderr


def test_malformed_json_exits_2_with_a_clear_message():
    done = run(["calculate", "-"], stdin="{not json")
    assert (done.returncode, done.stdout) == (2, "")
    assert "JSON" in done.stderr


def test_a_missing_file_exits_2():
    done = run(["calculate", "/nonexistent/household.json"])
    assert (done.returncode, done.stdout) == (2, "")
    assert "kan inte läsa" in done.stderr


def test_explain_prints_a_swedish_table_with_every_row_and_the_total(capsys, tmp_path):
    path = tmp_path / "h.json"
    path.write_text(json.dumps(example("single-parent-preschooler-2025")), encoding="utf-8")
    assert main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Försörjningsstöd" in out and "11 987 kr" in out
    assert "Underhållsstöd" in out and "barn 4–6 år, utan lunch" in out
    assert "(c1)" not in out  # no internal member ids in what a person reads (issue 9)


def test_explain_shows_guideline_warnings(capsys, tmp_path):
    path = tmp_path / "h.json"
    hh = {
        "month": "2026-03",
        "members": [{"id": "p1", "role": "applicant", "birth_date": "1985-04-02"}],
    }
    hh["costs"] = [{"type": "rent", "amount": 9000}]
    path.write_text(json.dumps(hh), encoding="utf-8")
    guidelines = ROOT / "ekb" / "norm" / "guidelines" / "example.yaml"
    assert main(["explain", str(path), "--guidelines", str(guidelines)]) == 0
    out = capsys.readouterr().out
    assert "Varningar" in out and "6 500" in out


def test_a_decimal_amount_in_json_is_read_exactly(capsys, tmp_path):
    path = tmp_path / "h.json"
    hh = {
        "month": "2026-03",
        "members": [{"id": "p1", "role": "applicant", "birth_date": "1985-04-02"}],
    }
    hh["costs"] = [{"type": "electricity", "amount": 0.1}, {"type": "rent", "amount": 0.2}]
    path.write_text(json.dumps(hh), encoding="utf-8")
    assert main(["calculate", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["reasonable_costs"] == "0.30"
