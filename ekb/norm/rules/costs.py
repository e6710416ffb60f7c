"""Reasonable costs outside the norm, counted as applied for in v1.

Housing, household electricity, home insurance, work travel, union and a-kassa fees are
reasonable costs (12 kap. 7 § SoL 2025:400; before 2025-07-01 4 kap. 3 § första stycket 2
SoL 2001:453); childcare fees, medical care, medicine, dental care and glasses are assistance
for the rest of living (livsföringen i övrigt). A municipality's guideline may flag a cost as
high (see ekb.norm.rules.guidelines) but never cuts it here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ekb.norm.money import from_ore
from ekb.norm.result import COST, Row
from ekb.norm.rules.arrays import sum_by
from ekb.norm.rules.context import Context
from ekb.norm.vocabulary import COST_LABELS_SV, COST_REFERENCE_KEY, COST_TYPES

RULE_ID = "reasonable_costs"


def amounts(ctx: Context, acc: dict[str, np.ndarray]) -> None:
    """Every cost as applied for, in öre, added to the reasonable costs."""
    b = ctx.batch
    acc["costs"] += sum_by(b.cost_household, b.cost_ore, b.n)


def rows(ctx: Context, _ids: Sequence[str], _amounts: None) -> list[Row]:
    b = ctx.batch
    out = []
    for kind, ore in zip(b.cost_type.tolist(), b.cost_ore.tolist(), strict=True):
        name = COST_TYPES[kind]
        reference = ctx.ref(COST_REFERENCE_KEY[name])
        out.append(
            Row(COST, None, COST_LABELS_SV[name], from_ore(ore), f"{RULE_ID}.{name}", reference)
        )
    return out
