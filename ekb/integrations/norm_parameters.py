"""The installation's norm parameter layer, handed to the pure norm engine.

``ekb.norm`` knows nothing of Django, so it cannot read settings; this tells it, at start-up
and whenever a test overrides the setting, which directory holds the installation's layer
(``EKB_NORM_PARAMETERS_DIR``). The engine itself notices changed files in it.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from ekb.norm.engine import set_parameter_layers


def layer_directory() -> Path | None:
    configured = getattr(settings, "EKB_NORM_PARAMETERS_DIR", "")
    return Path(configured) if configured else None


def use_configured_layer() -> None:
    directory = layer_directory()
    set_parameter_layers([directory] if directory else [])


@receiver(setting_changed)
def _setting_changed(setting: str, **kwargs) -> None:
    if setting == "EKB_NORM_PARAMETERS_DIR":
        use_configured_layer()
