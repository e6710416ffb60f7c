"""The family benefits Försäkringskassan pays by itself, fetched from the register by design and
not asked of the client (rules/register_proposals.yaml)."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).parent / "rules" / "register_proposals.yaml"


@functools.cache
def _rules() -> dict:
    with RULES_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def fetched_by_design() -> set[str]:
    """Income types the client is not asked about: the register is their source
    (rules/register_proposals.yaml)."""
    return set(_rules()["fetched_by_design"])
