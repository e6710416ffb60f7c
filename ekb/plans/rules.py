"""The plan's rules as dated data (rules/plan.yaml, rules/conditions.yaml): the version in force
on a day is the latest whose valid_from is not after it."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

RULES = Path(__file__).parent / "rules"


@functools.cache
def _versions(name: str) -> tuple[dict, ...]:
    with (RULES / name).open(encoding="utf-8") as fh:
        return tuple(sorted(yaml.safe_load(fh)["versions"], key=lambda v: v["valid_from"]))


def _in_force(name: str, on: dt.date) -> dict:
    versions = _versions(name)
    in_force = [v for v in versions if v["valid_from"] <= on] or list(versions[:1])
    return in_force[-1]


def follow_up_max_months(on: dt.date) -> int:
    return int(_in_force("plan.yaml", on)["follow_up_max_months"])


def follow_up_remind_days(on: dt.date) -> int:
    return int(_in_force("plan.yaml", on)["follow_up_remind_days"])


def progress_scale(on: dt.date) -> tuple[int, int]:
    scale = _in_force("plan.yaml", on)["progress_scale"]
    return int(scale["lowest"]), int(scale["highest"])


@dataclass(frozen=True)
class ConditionRule:
    key: str
    text: str
    legal_basis: str
    consequence: str


def conditions_in_force(on: dt.date) -> dict[str, ConditionRule]:
    """The conditions a plan may state on the day, with the law in force that day."""
    return {
        key: ConditionRule(key, rule["text"], rule["legal_basis"], rule["consequence"])
        for key, rule in _in_force("conditions.yaml", on)["conditions"].items()
    }
