"""Municipal guidelines: a second, optional parameter layer that warns, never cuts.

A municipality may set, for example, a highest reasonable rent per household size or a
ceiling for home insurance, each with a reason. A cost above a guideline gives a warning
with that reason for the caseworker's individual assessment; the cost itself is still
counted as applied for (the law requires an individual assessment, so no silent cut).

Guideline document (YAML or dict)::

    municipality: Exempelkommun
    guidelines:
      - id: rent_ceiling
        cost_type: rent
        periods:
          - valid_from: 2026-01-01
            version: "KS 2025-12-01 § 12"
            reason: "..."
            by_household_size: [6500, 7400, 8600]   # 1, 2, 3+ persons (last repeats)
      - id: home_insurance_ceiling
        cost_type: home_insurance
        periods:
          - {valid_from: 2025-01-01, version: "...", reason: "...", limit: 250}
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ekb.norm.errors import HouseholdError
from ekb.norm.money import ZERO, fmt_sv
from ekb.norm.result import GuidelineWarning
from ekb.norm.vocabulary import COST_LABELS_SV, COST_TYPES


def load_guidelines(path: Path | str) -> dict[str, Any]:
    """Read and check a guideline YAML file."""
    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    check_guidelines(doc)
    return doc


def _bad(path: str, en: str, sv: str) -> HouseholdError:
    return HouseholdError(f"guidelines.{path}", en, sv)


def check_guidelines(doc: Any) -> None:
    if not isinstance(doc, Mapping) or not isinstance(doc.get("guidelines"), list):
        raise _bad(
            "guidelines",
            "must be a mapping with a list 'guidelines'",
            "ska innehålla en lista 'guidelines'",
        )
    for i, g in enumerate(doc["guidelines"]):
        where = f"guidelines[{i}]"
        if not isinstance(g, Mapping) or g.get("cost_type") not in COST_TYPES:
            raise _bad(f"{where}.cost_type", "unknown cost type", "okänd kostnadstyp")
        for j, p in enumerate(g.get("periods") or []):
            if "limit" not in p and "by_household_size" not in p:
                raise _bad(
                    f"{where}.periods[{j}]",
                    "needs 'limit' or 'by_household_size'",
                    "behöver 'limit' eller 'by_household_size'",
                )
            if not p.get("reason"):
                raise _bad(
                    f"{where}.periods[{j}].reason", "a reason is required", "ett skäl måste anges"
                )


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _period(guideline: Mapping[str, Any], on: date) -> Mapping[str, Any] | None:
    found = None
    for p in sorted(guideline.get("periods") or [], key=lambda p: _as_date(p["valid_from"])):
        if _as_date(p["valid_from"]) <= on:
            found = p
    return found


def _limit(period: Mapping[str, Any], size: int) -> Decimal | None:
    if "limit" in period:
        return Decimal(str(period["limit"]))
    by_size = period["by_household_size"]
    if not by_size:
        return None
    return Decimal(str(by_size[min(size, len(by_size)) - 1]))


def warnings(
    costs: list[tuple[str, Decimal]], size: int, on: date, doc: Mapping[str, Any] | None
) -> list[GuidelineWarning]:
    """A warning for each cost type above the guideline in force on ``on`` for a household
    of ``size`` persons (the most in the home on the same day) with ``costs`` (type, kr)."""
    if not doc:
        return []
    check_guidelines(doc)
    municipality = str(doc.get("municipality", ""))
    out = []
    for g in doc["guidelines"]:
        period = _period(g, on)
        if period is None:
            continue
        limit = _limit(period, size)
        applied = sum((amount for kind, amount in costs if kind == g["cost_type"]), ZERO)
        if limit is None or applied <= limit:
            continue
        label = COST_LABELS_SV[g["cost_type"]]
        out.append(
            GuidelineWarning(
                code=f"guideline_exceeded.{g['cost_type']}",
                message=(
                    f"{label} {fmt_sv(applied)} kr är högre än {municipality or 'kommunens'} "
                    f"riktvärde {fmt_sv(limit)} kr för {size} personer. "
                    "Kostnaden är medräknad; pröva skäligheten individuellt."
                ),
                reason=str(period["reason"]),
                cost_type=g["cost_type"],
                guideline_value=limit,
                applied_amount=applied,
                guideline_id=str(g.get("id", g["cost_type"])),
                guideline_version=f"{g.get('id', g['cost_type'])}@{_as_date(period['valid_from'])}"
                + (f" ({period['version']})" if period.get("version") else ""),
            )
        )
    return out
