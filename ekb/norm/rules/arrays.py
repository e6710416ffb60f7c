"""Small NumPy helpers shared by the vector rules (integer öre, never float)."""

from __future__ import annotations

import numpy as np


def sum_by(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Sum int64 ``values`` per group ``index`` (0..n-1), exactly.

    Long tables read from a database are usually ordered by household, where a reduceat is a
    single pass; otherwise fall back to an unbuffered add.
    """
    out = np.zeros(n, dtype=np.int64)
    if values.size == 0:
        return out
    values = values.astype(np.int64, copy=False)
    if index.size < 2 or bool(np.all(index[1:] >= index[:-1])):
        starts = np.flatnonzero(np.diff(index)) + 1
        starts = np.concatenate(([0], starts))
        out[index[starts]] = np.add.reduceat(values, starts)
    else:
        np.add.at(out, index, values)
    return out


def round_div_half_up(numerator: np.ndarray, denominator: np.ndarray | int) -> np.ndarray:
    """``round(numerator / denominator)`` half up, for non-negative integers."""
    return (2 * numerator + denominator) // (2 * denominator)


def to_whole_kronor(ore_numerator: np.ndarray, denominator: np.ndarray | int) -> np.ndarray:
    """Öre amount ``ore_numerator / denominator`` rounded half up to whole kronor, in öre."""
    return round_div_half_up(ore_numerator, np.asarray(denominator) * 100) * 100


def highest_bit(x: np.ndarray) -> np.ndarray:
    """Index of the highest set bit of each uint64 (-1 for zero)."""
    x = x.copy()
    for shift in (1, 2, 4, 8, 16, 32):
        x |= x >> np.uint64(shift)
    return np.bitwise_count(x).astype(np.int64) - 1
