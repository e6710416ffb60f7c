"""The boundaries of ../shared/ARCHITECTURE.md, as import-linter contracts (pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    "contract",
    [
        "The norm engine is pure",
        "The house stands in layers",
        "neither imports the other",
        "The domain does not import its front doors",
        "The audit log depends on nothing but the accounts",
    ],
)
def test_each_boundary_of_the_architecture_has_a_contract(contract):
    assert contract in (ROOT / "pyproject.toml").read_text()
