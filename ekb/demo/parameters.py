"""The demo generator's parameters, read from parameters.yaml beside this module."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

PARAMETERS_FILE = Path(__file__).with_name("parameters.yaml")


@cache
def load() -> dict:
    with PARAMETERS_FILE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)
