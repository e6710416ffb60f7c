"""The throughput benchmark still runs (tiny size), so it cannot rot outside the test suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "norm_throughput.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--size", "1500", "--quick", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def test_the_benchmark_runs_on_a_tiny_batch_and_finds_all_paths_equal():
    done = run("--no-openfisca")
    assert done.returncode == 0, done.stdout + done.stderr
    for line in ("columnar:", "dicts:", "loop of calculate():", "peak memory"):
        assert line in done.stdout
    assert "ERROR" not in done.stdout


def test_the_benchmark_says_clearly_when_openfisca_is_missing():
    done = run("--openfisca-python", "/nonexistent/python")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OpenFisca: not available" in done.stdout
    assert "setup_openfisca.sh" in done.stdout
