"""Jobbstimulans: 25 % of income from employment is not counted, for two years.

"För den som har fått försörjningsstöd under sex månader i följd ska 25 procent av
inkomsterna av anställning inte beaktas ... Den särskilda beräkningsregeln gäller under två
år. Därefter måste kravet ... uppfyllas på nytt" (4 kap. 1 b § SoL 2001:453, SFS 2013:421).
The rule was carried into SoL 2025:400 12 kap.; its paragraph number there is not confirmed
(the SFS text was not readable here, domain-facts.md §2.3), so the parameter file names the old
paragraph. It does not apply to a child's earnings (those are child_salary, see incomes.py).

Per person: "för den som" — each earner's own months decide whether that earner's salary gets
the disregard. A member with ``support_history`` of their own (applicant, co-applicant) is
judged on it; a member without one falls back to the household's ``support_history``, so a
household-month with no per-member history is calculated as before (the v1 contract, the
demo and the benchmark batch). A new sambo with an empty history of their own gets no
disregard from the applicant's months.

The window (v1 reading, per history): a window starts in the first month whose
``qualifying_months`` preceding months all had försörjningsstöd, and covers
``window_months`` months (24: "under två år"). The next window needs a new run of qualifying
months that lies wholly after the previous window's end. Months in the history at or after the
calculation month are ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np

from ekb.norm.batch import Batch
from ekb.norm.money import fmt_sv, from_ore
from ekb.norm.months import ordinal_label
from ekb.norm.result import EXEMPTION, Row
from ekb.norm.rules.arrays import highest_bit, or_by, round_div_half_up, sum_by
from ekb.norm.rules.context import Context
from ekb.norm.vocabulary import EMPLOYMENT_INCOME, INCOME_TYPES

PARAM = "income/jobbstimulans"
RULE_ID = "jobbstimulans"
_SALARY_CODE = INCOME_TYPES.index(EMPLOYMENT_INCOME)
# The last 64 months are kept as the bits of one uint64; a household whose history reaches
# further back goes through a dense (household x month) matrix instead, still exact.
HISTORY_BITS = 64
_BLOCK_ROWS = 1 << 20


def _params(value: dict) -> list[int]:
    num, den = Decimal(value["share"]).as_integer_ratio()
    return [num, den, value["qualifying_months"], value["window_months"]]


def _window_bits(bits: np.ndarray, qualifying: int, window: int) -> np.ndarray:
    """How many months before the calculation month M the window covering M started (u: it
    started in M-u), or -1 when no window covers M, on 64-month bit histories.

    Bit k of ``bits`` is month M-1-k. Bit u of ``cand`` says a window may start at M-u
    (months M-u-1 .. M-u-qualifying all supported). Windows chain from the earliest start
    (the highest bit) forward in time, each next start at least window + qualifying later.
    """
    cand = bits.copy()
    for shift in range(1, qualifying):
        cand &= bits >> np.uint64(shift)
    last = np.full(bits.shape, -1, dtype=np.int64)
    remaining = cand
    gap = window + qualifying
    while True:
        live = remaining != 0
        if not live.any():
            break
        top = highest_bit(remaining)
        last = np.where(live, top, last)
        limit = top - gap  # next start index must be <= limit (later in time)
        keep = np.where(
            limit >= 0,
            (np.uint64(1) << np.maximum(limit + 1, 0).astype(np.uint64)) - np.uint64(1),
            0,
        )
        remaining = np.where(live, remaining & keep.astype(np.uint64), np.uint64(0))
    return np.where(last < window, last, -1)


def _window_dense(
    owner: np.ndarray, k: np.ndarray, n: int, qualifying: int, window: int
) -> np.ndarray:
    """The same chain as ``_window_bits`` on a dense (household x month) matrix, for
    histories longer than 64 months. Column u is month M-1-u."""
    depth = int(k.max()) + 1
    months = np.zeros((n, depth + 1), dtype=np.int32)
    months[owner, k + 1] = 1
    run = np.cumsum(months, axis=1)  # run[:, u + 1] = supported months among 0..u
    u = np.arange(depth - qualifying + 1)
    cand = np.zeros((n, depth), dtype=bool)
    cand[:, u] = (run[:, u + qualifying] - run[:, u]) == qualifying
    columns = np.arange(depth)
    limit = np.full(n, depth - 1, dtype=np.int64)
    last = np.full(n, -1, dtype=np.int64)
    while True:
        allowed = cand & (columns[None, :] <= limit[:, None])
        live = allowed.any(axis=1)
        if not live.any():
            break
        top = depth - 1 - np.argmax(allowed[:, ::-1], axis=1)  # earliest start = highest column
        last = np.where(live, top, last)
        limit = np.where(live, top - (window + qualifying), -1)
    return np.where(last < window, last, -1)


def _history_sorted(
    owner_col: np.ndarray, month_col: np.ndarray, n: int, month: int
) -> tuple[np.ndarray, np.ndarray, Any] | None:
    """The usual month-end batch, support rows ordered by owner (household, or member for the
    per-member table): per owner the last 64 months as bits and whether older months exist, in
    a few passes over the rows and without selecting rows first. None when the rows are not
    ordered that way."""
    h = owner_col
    if h.size > 1 and not bool((h[1:] >= h[:-1]).all()):
        return None
    counts = np.bincount(h, minlength=n)
    first_row = np.cumsum(counts) - counts
    owners = np.flatnonzero(counts)
    starts = first_row[owners]
    bits = np.zeros(n, dtype=np.uint64)
    depth = np.zeros(n, dtype=np.int64)
    # In blocks of whole households, so the temporaries stay small and cached (a million
    # households have some twenty million support rows).
    cuts = np.searchsorted(starts, np.arange(0, h.size, _BLOCK_ROWS)).tolist()
    ends = [*cuts[1:], owners.size] if cuts else []  # no support rows at all: no blocks
    for lo, hi in zip(cuts, ends, strict=True):
        if lo == hi:
            continue
        r0 = int(starts[lo])
        r1 = int(starts[hi]) if hi < owners.size else h.size
        back = month - month_col[r0:r1]  # k + 1
        local = starts[lo:hi] - r0
        depth[owners[lo:hi]] = np.maximum.reduceat(back, local)
        # Bit k of each row; NumPy shifts by 64 or more (k >= 64, or k < 0 seen as
        # unsigned: at or after the calculation month) to 0, so those rows add no bit.
        row_bits = (back - 1).astype(np.uint64)
        np.left_shift(np.uint64(1), row_bits, out=row_bits)
        bits[owners[lo:hi]] = np.bitwise_or.reduceat(row_bits, local)
    deep = depth > HISTORY_BITS

    def rows(index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(position in ``index``, k) of the support rows of owners ``index``."""
        c = counts[index]
        first = np.cumsum(c) - c
        local = np.repeat(np.arange(index.size), c)
        r = np.repeat(first_row[index] - first, c) + np.arange(int(c.sum()))
        k = (month - 1) - month_col[r].astype(np.int64)
        keep = k >= 0
        return local[keep], k[keep]

    return bits, deep, rows


def _history_any(
    owner_col: np.ndarray,
    month_col: np.ndarray,
    n: int,
    owner_month: Any,
    one: int | None,
    wanted: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, Any]:
    """Bits, deep and rows as ``_history_sorted`` gives them, for rows in any order and
    batches of several months (``owner_month()``: each owner's calculation month)."""
    selected = wanted[owner_col]
    h, month = owner_col[selected], month_col[selected]
    if one is not None:
        k = (one - 1) - month.astype(np.int64)  # one month for all: no gather needed
    else:
        k = owner_month().astype(np.int64)[h] - 1 - month.astype(np.int64)
    keep = k >= 0
    h, k = h[keep], k[keep]
    deep = np.zeros(n, dtype=bool)
    deep[h[k >= HISTORY_BITS]] = True
    shallow = ~deep[h]
    bits = or_by(h[shallow], np.uint64(1) << k[shallow].astype(np.uint64), n)

    def rows(index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        local = np.full(n, -1, dtype=np.int64)
        local[index] = np.arange(index.size)
        mine = local[h] >= 0
        return local[h[mine]], k[mine]

    return bits, deep, rows


def _window(
    b: Batch,
    histories: tuple[np.ndarray, np.ndarray, int, Any],
    table: np.ndarray,
    params: np.ndarray,
    wanted: np.ndarray,
) -> np.ndarray:
    """The start of the window (``_window_bits``) of each owner where ``wanted`` is true, -1
    for none. ``histories`` is
    (owner column, month column, number of owners, owner_month()): the household table or
    the per-member table; ``params`` and ``wanted`` are per owner."""
    owner_col, month_col, n, owner_month = histories
    one = b.single_month()
    found = _history_sorted(owner_col, month_col, n, one) if one is not None else None
    bits, deep, rows_of = (
        found
        if found is not None
        else _history_any(owner_col, month_col, n, owner_month, one, wanted)
    )
    result = np.full(n, -1, dtype=np.int64)
    keys = np.unique(table[:, 2:], axis=0) if len(table) > 1 else table[:, 2:]  # per month
    for key in keys:
        qualifying, window = int(key[0]), int(key[1])
        group = (
            wanted
            if len(keys) == 1
            else wanted & (params[:, 2] == qualifying) & (params[:, 3] == window)
        )
        plain = group & ~deep
        result[plain] = _window_bits(bits[plain], qualifying, window)
        deep_group = group & deep
        if deep_group.any():
            # Rare: a history older than 64 months decides the phase of the window chain.
            index = np.flatnonzero(deep_group)
            owner, k = rows_of(index)
            result[index] = _window_dense(owner, k, index.size, qualifying, window)
    return result


def _household_window(
    ctx: Context, table: np.ndarray, params: np.ndarray, households: np.ndarray
) -> np.ndarray:
    """The window start (``_window``) of each household in ``households`` (indexes), on its
    own support history."""
    b = ctx.batch
    wanted = np.zeros(b.n, dtype=bool)
    wanted[households] = True
    histories = (b.support_household, b.support_month, b.n, lambda: b.month)
    return _window(b, histories, table, params, wanted)[households]


def _member_window(
    ctx: Context, table: np.ndarray, params: np.ndarray, members: np.ndarray
) -> np.ndarray:
    """The window start (``_window``) of each member in ``members`` (rows of the members
    table), on that member's own support history."""
    b = ctx.batch
    m = b.member_household.size
    assert b.member_support_member is not None and b.member_support_month is not None
    wanted = np.zeros(m, dtype=bool)
    wanted[members] = True
    histories = (
        b.member_support_member,
        b.member_support_month,
        m,
        lambda: b.month[b.member_household],
    )
    return _window(b, histories, table, params[b.member_household], wanted)[members]


def amounts(ctx: Context, acc: dict[str, np.ndarray]) -> dict[str, Any] | None:
    """The disregarded share of each salary of a member of the norm whose window covers the
    month (the earner's own history, else the household's), whole öre, half up."""
    b, d = ctx.batch, ctx.derived
    salary = (b.income_type == _SALARY_CODE) & d["counted"][b.income_member]
    if not salary.any():
        return None
    rows = np.flatnonzero(salary)
    hh = b.income_household[rows]
    table = ctx.table(PARAM, _params)
    params = table[ctx.hh_month]
    # Only households (members) with a salary need their support history read.
    assert b.member_has_support_history is not None
    if not b.member_has_support_history.any():  # the usual batch: the household's history
        start = _household_window(ctx, table, params, hh)
    else:
        earner = b.income_member[rows]
        own = b.member_has_support_history[earner]
        start = np.full(rows.size, -1, dtype=np.int64)
        if not own.all():
            start[~own] = _household_window(ctx, table, params, hh[~own])
        if own.any():
            start[own] = _member_window(ctx, table, params, earner[own])
    num, den = params[hh, 0], params[hh, 1]
    disregard = np.where(start >= 0, round_div_half_up(b.income_ore[rows] * num, den), 0)
    acc["exemption"] -= sum_by(hh, disregard, b.n)
    return {"rows": rows, "start": start, "disregard": disregard}


def rows(ctx: Context, ids: Sequence[str], amounts: dict[str, Any] | None) -> list[Row]:
    """A row per salary whose earner is inside a window, naming the window."""
    if amounts is None:
        return []
    period = ctx.period(PARAM)
    # A period with a value has a legal reference (parameters/README.md).
    assert period.legal_reference is not None
    share, window = Decimal(period.value["share"]), period.value["window_months"]
    out = []
    for i, start, ore in zip(
        *(amounts[k].tolist() for k in ("rows", "start", "disregard")), strict=True
    ):
        if start < 0:
            continue
        first = int(ctx.batch.month[0]) - start
        out.append(
            Row(
                EXEMPTION,
                ids[int(ctx.batch.income_member[i])],
                f"Jobbstimulans: {fmt_sv(share * 100)} % av lönen räknas inte "
                f"(period {ordinal_label(first)} – {ordinal_label(first + window - 1)})",
                -from_ore(ore),
                RULE_ID,
                period.legal_reference,
                period.tag,
            )
        )
    return out
