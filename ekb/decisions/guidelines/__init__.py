"""A municipality's guideline values (riktlinjer) as the norm engine's optional second layer."""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings

from ekb.norm import load_guidelines

PACKAGED = Path(__file__).parent


def _folder() -> Path:
    configured = getattr(settings, "EKB_GUIDELINES_DIR", "")
    return Path(configured) if configured else PACKAGED


@functools.cache
def _load(path: str, mtime: float) -> dict:
    return load_guidelines(path)


def guidelines_for(municipality) -> dict | None:
    """The municipality's guidelines, or None when it has none (no warnings, no effect)."""
    path = _folder() / f"{municipality.code}.yaml"
    if not path.exists():
        return None
    return _load(str(path), path.stat().st_mtime)
