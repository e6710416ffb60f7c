"""The steps of an application's life and how they are scheduled (see ekb/flow/__init__.py)."""

from __future__ import annotations


def resume_waiting_calculations() -> int:
    """Run again every calculation that waits for norm parameters; returns how many were started.

    Called after a new year's amounts are loaded (``ekb norm parameters add``)."""
    return 0  # filled in by the flow work
