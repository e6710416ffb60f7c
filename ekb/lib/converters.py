"""Path converters for the URLconfs. Importing this module registers them (once)."""

from __future__ import annotations

from django.urls import register_converter

from ekb.lib.ids import IdConverter

register_converter(IdConverter, "id")
