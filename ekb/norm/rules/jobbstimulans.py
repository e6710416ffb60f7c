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

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np

from ekb.norm.money import fmt_sv, whole_ore
from ekb.norm.months import ordinal_label
from ekb.norm.result import EXEMPTION, Row
from ekb.norm.rules.arrays import highest_bit, or_by, round_div_half_up, sum_by
from ekb.norm.rules.context import BatchContext, MonthContext
from ekb.norm.vocabulary import EMPLOYMENT_INCOME, INCOME_TYPES

if TYPE_CHECKING:
    from ekb.norm.columnar import Batch

PARAM = "income/jobbstimulans"
RULE_ID = "jobbstimulans"
_SALARY_CODE = INCOME_TYPES.index(EMPLOYMENT_INCOME)
# The vector path keeps the last 64 months as bits of one uint64; a household whose history
# reaches further back goes through a dense (household x month) matrix instead, still exact.
HISTORY_BITS = 64
_BLOCK_ROWS = 1 << 20


def window_start(
    history: frozenset[int] | set[int], month: int, qualifying: int, window: int
) -> int | None:
    """The start (month ordinal) of the window that covers ``month``, or None."""
    starts = []  # months whose `qualifying` preceding months all had support
    run = 0
    previous = None
    for m in sorted(h for h in history if h < month):
        run = run + 1 if previous is not None and m == previous + 1 else 1
        previous = m
        if run >= qualifying:
            starts.append(m + 1)
    current = None
    earliest_next = None
    for s in starts:
        if earliest_next is None or s >= earliest_next:
            current = s
            # A new window needs its qualifying months after this window's end.
            earliest_next = s + window + qualifying
    if current is not None and current <= month < current + window:
        return current
    return None


def rows(ctx: MonthContext) -> list[Row]:
    hh, facts = ctx.household, ctx.facts
    assert facts is not None
    salaries = [x for x in hh.incomes if x.type == EMPLOYMENT_INCOME and x.member in facts.counted]
    if not salaries:
        return []
    period = ctx.param(PARAM)
    v = period.value
    share = Decimal(v["share"])
    out = []
    for x in salaries:
        # The earner's own months when the input gives them, else the household's.
        own = hh.member(x.member).support_history
        history = hh.support_history if own is None else own
        start = window_start(history, hh.month, v["qualifying_months"], v["window_months"])
        if start is None:
            continue
        end = ordinal_label(start + v["window_months"] - 1)
        out.append(
            Row(
                EXEMPTION,
                x.member,
                f"Jobbstimulans: {fmt_sv(share * 100)} % av lönen räknas inte "
                f"(period {ordinal_label(start)} – {end})",
                -whole_ore(x.amount * share),
                RULE_ID,
                period.legal_reference,
                period.tag,
            )
        )
    return out


def _params(value: dict) -> list[int]:
    num, den = Decimal(value["share"]).as_integer_ratio()
    return [num, den, value["qualifying_months"], value["window_months"]]


def _in_window_bits(bits: np.ndarray, qualifying: int, window: int) -> np.ndarray:
    """Vectorised ``window_start(...) is not None`` on 64-month bit histories.

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
    return (last >= 0) & (last < window)


def _in_window_dense(
    owner: np.ndarray, k: np.ndarray, n: int, qualifying: int, window: int
) -> np.ndarray:
    """The same chain as ``_in_window_bits`` on a dense (household x month) matrix, for
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
    return (last >= 0) & (last < window)


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


def _in_window(
    b: Batch,
    histories: tuple[np.ndarray, np.ndarray, int, Any],
    table: np.ndarray,
    params: np.ndarray,
    wanted: np.ndarray,
) -> np.ndarray:
    """Whether each owner where ``wanted`` is true is inside a window. ``histories`` is
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
    result = np.zeros(n, dtype=bool)
    keys = np.unique(table[:, 2:], axis=0)  # per distinct month, so a handful of rows
    for key in keys:
        qualifying, window = int(key[0]), int(key[1])
        group = (
            wanted
            if len(keys) == 1
            else wanted & (params[:, 2] == qualifying) & (params[:, 3] == window)
        )
        plain = group & ~deep
        result[plain] = _in_window_bits(bits[plain], qualifying, window)
        deep_group = group & deep
        if deep_group.any():
            # Rare: a history older than 64 months decides the phase of the window chain.
            index = np.flatnonzero(deep_group)
            owner, k = rows_of(index)
            result[index] = _in_window_dense(owner, k, index.size, qualifying, window)
    return result


def _household_window(
    ctx: BatchContext, table: np.ndarray, params: np.ndarray, households: np.ndarray
) -> np.ndarray:
    """Whether each household in ``households`` (indexes) is inside a window of its own
    support history."""
    b = ctx.batch
    wanted = np.zeros(b.n, dtype=bool)
    wanted[households] = True
    histories = (b.support_household, b.support_month, b.n, lambda: b.month)
    return _in_window(b, histories, table, params, wanted)[households]


def _member_window(
    ctx: BatchContext, table: np.ndarray, params: np.ndarray, members: np.ndarray
) -> np.ndarray:
    """Whether each member in ``members`` (rows of the members table) is inside a window of
    that member's own support history."""
    b = ctx.batch
    m = b.member_household.size
    wanted = np.zeros(m, dtype=bool)
    wanted[members] = True
    histories = (
        b.member_support_member,
        b.member_support_month,
        m,
        lambda: b.month[b.member_household],
    )
    return _in_window(b, histories, table, params[b.member_household], wanted)[members]


def vector(ctx: BatchContext, acc: dict[str, np.ndarray]) -> None:
    b, d = ctx.batch, ctx.derived
    salary = (b.income_type == _SALARY_CODE) & d["counted"][b.income_member]
    if not salary.any():
        return
    rows = np.flatnonzero(salary)
    hh = b.income_household[rows]
    table = ctx.table(PARAM, _params)
    params = table[ctx.hh_month]
    # Only households (members) with a salary need their support history read.
    if not b.member_has_support_history.any():  # the usual batch: the household's history
        active = _household_window(ctx, table, params, hh)
    else:
        earner = b.income_member[rows]
        own = b.member_has_support_history[earner]
        active = np.zeros(rows.size, dtype=bool)
        if not own.all():
            active[~own] = _household_window(ctx, table, params, hh[~own])
        if own.any():
            active[own] = _member_window(ctx, table, params, earner[own])
    num, den = params[hh, 0], params[hh, 1]
    disregard = np.where(active, round_div_half_up(b.income_ore[rows] * num, den), 0)
    acc["exemption"] -= sum_by(hh, disregard, b.n)
