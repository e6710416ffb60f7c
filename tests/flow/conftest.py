"""The journey's tests reuse the case-handling personas: Karin Lundqvist and her son Elias in
Anna's caseload, on försörjningsstöd since October (history decided on 20 November 2026)."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from ekb.norm.store import DEFAULT_DIR

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# The government's 2027 table as a test file (made-up amounts in the documented input format).
TABLE_2027 = DEFAULT_DIR / "examples" / "riksnorm-table.example.yaml"


@pytest.fixture
def december_first(karin, time_machine):
    """1 December 2026, before the 2027 riksnorm is decided."""
    time_machine.move_to(dt.datetime(2026, 12, 1, 9, 30, tzinfo=STOCKHOLM), tick=False)
    return karin


@pytest.fixture
def parameter_layer(settings, tmp_path):
    """An empty installation layer for norm parameters (EKB_NORM_PARAMETERS_DIR)."""
    settings.EKB_NORM_PARAMETERS_DIR = str(tmp_path / "norm-parameters")
    return tmp_path / "norm-parameters"


def load_2027_table(monkeypatch) -> str:
    """What an administrator runs when the government has decided next year's amounts."""
    monkeypatch.setattr("sys.stdin", io.StringIO())  # not a terminal: --write needs no prompt
    out = io.StringIO()
    call_command("norm_parameters", "add", str(TABLE_2027), "--write", stdout=out)
    return out.getvalue()
