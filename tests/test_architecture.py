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
    ],
)
def test_each_boundary_of_the_architecture_has_a_contract(contract):
    assert contract in (ROOT / "pyproject.toml").read_text()


def _rooms_in_the_layers_contract() -> list[str]:
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in contracts["contracts"] if c["type"] == "layers")["layers"]
    return [room.strip("() ") for line in layers for room in line.split("|")]


def test_every_room_of_the_layers_contract_is_described_in_architecture_md():
    text = (ROOT / "ARCHITECTURE.md").read_text()
    rooms = _rooms_in_the_layers_contract()
    assert len(rooms) > 10
    described = text.split("## What each room owns")[1]  # the table, not only the picture
    missing = [room for room in rooms if room not in {"urls"} and f"`{room}`" not in described]
    assert missing == []


def test_every_app_of_ekb_is_a_room_of_the_layers_contract():
    rooms = set(_rooms_in_the_layers_contract())
    apps = {p.parent.name for p in (ROOT / "ekb").glob("*/apps.py")}
    assert apps, "no apps found"
    assert apps - rooms == set()
