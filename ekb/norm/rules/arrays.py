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
    starts = _group_starts(index)
    if starts is not None:
        out[index[starts]] = np.add.reduceat(values, starts)
    else:
        np.add.at(out, index, values)
    return out


def _group_starts(index: np.ndarray) -> np.ndarray | None:
    """First row of each run of equal values when ``index`` is ordered, else None."""
    if index.size < 2:
        return np.zeros(index.size, dtype=np.intp)
    step = np.diff(index)
    if step.min() < 0:
        return None
    starts = np.flatnonzero(step)
    starts += 1
    return np.concatenate(([0], starts))


def or_by(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Bitwise OR of uint64 ``values`` per group ``index`` (0..n-1)."""
    out = np.zeros(n, dtype=np.uint64)
    if values.size == 0:
        return out
    starts = _group_starts(index)
    if starts is not None:
        out[index[starts]] = np.bitwise_or.reduceat(values, starts)
    else:
        np.bitwise_or.at(out, index, values)
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


def civil_from_days(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(year, month, day) of int64 days since 1970-01-01, in plain integer arithmetic.

    NumPy's datetime64 unit conversions are slow on millions of rows; this is the proleptic
    Gregorian "civil from days" calculation (eras of 400 years), exact for every date.
    """
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year, month, day
