"""The norm engine stays pure: no Django, nothing else from EKB, no amounts in code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

NORM = Path(__file__).resolve().parents[2] / "ekb" / "norm"


def test_importing_the_engine_loads_no_django_and_no_other_ekb_package():
    code = (
        "import sys, ekb.norm, ekb.norm.cli; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.') "
        "or (m.startswith('ekb.') and not m.startswith('ekb.norm'))); print(','.join(bad))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_no_riksnorm_amount_is_written_in_python():
    # Every four-digit kronor figure of the 2025 and 2026 tables; none may appear in code.
    amounts = {
        "3910",
        "3940",
        "7050",
        "7100",
        "1270",
        "1280",
        "1400",
        "1410",
        "4390",
        "4350",
        "58800",
        "59200",
    }
    for path in NORM.rglob("*.py"):
        numbers = set(re.findall(r"(?<![\w.])\d{4,5}(?![\w.])", path.read_text(encoding="utf-8")))
        assert not numbers & amounts, f"{path.name} contains {numbers & amounts}"
