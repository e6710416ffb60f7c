"""The jobbstimulans window (ekb.norm.rules.jobbstimulans) on its two array forms, 64 months
as bits and a month matrix for longer histories, against the reading of 4 kap. 1 b § SoL
written out month by month here."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ekb.norm.rules.jobbstimulans import _window_bits, _window_dense


def window_start(history: set[int], qualifying: int, window: int) -> int:
    """Months back (from the calculation month, 0) to the start of the window covering it,
    or -1. A window starts in the first month whose ``qualifying`` preceding months all had
    support and lasts ``window`` months; the next needs a new run of qualifying months wholly
    after the previous window's end. ``history`` holds months back (1 = the month before)."""
    month = 0
    starts, run, previous = [], 0, None
    for m in sorted(-k for k in history):  # months as negative numbers, oldest first
        run = run + 1 if previous is not None and m == previous + 1 else 1
        previous = m
        if run >= qualifying:
            starts.append(m + 1)
    current, earliest_next = None, None
    for s in starts:
        if earliest_next is None or s >= earliest_next:
            current, earliest_next = s, s + window + qualifying
    if current is not None and current <= month < current + window:
        return month - current
    return -1


@settings(max_examples=300, deadline=None)
@given(st.sets(st.integers(1, 64), min_size=1, max_size=64), st.integers(1, 8), st.integers(1, 30))
def test_the_window_on_64_bits_is_the_reading_of_the_law(history, qualifying, window):
    bits = np.array([sum(1 << (k - 1) for k in history)], dtype=np.uint64)
    assert _window_bits(bits, qualifying, window)[0] == window_start(history, qualifying, window)


@settings(max_examples=300, deadline=None)
@given(
    st.sets(st.integers(1, 150), min_size=1, max_size=120), st.integers(1, 8), st.integers(1, 30)
)
def test_the_window_on_the_month_matrix_is_the_reading_of_the_law(history, qualifying, window):
    k = np.array(sorted(history), dtype=np.int64) - 1  # column k: month M-1-k
    got = _window_dense(np.zeros(k.size, dtype=np.int64), k, 1, qualifying, window)[0]
    assert got == window_start(history, qualifying, window)
