"""Why a step could not be done, in words a caseworker can act on.

A step's exception becomes (code, Swedish sentence, detail). The code lets EKB find the steps that
wait for the same thing (next year's norm amounts) and run them when it arrives; the sentence is
the warning the caseworker reads. Nothing personal goes into either: the norm engine's messages
name fields and months, never persons."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from ekb.norm.errors import HouseholdError, MissingParametersError, UnknownAmountError

# Every reason code `describe` gives; `ekb flow retry --reason` accepts only these.
REASON_CODES = ("norm_not_published", "household", "refused", "error")

WHAT_FAILED = {
    "prepare": "Beräkningen kunde inte göras",
    "decide_automatically": "Det automatiserade beslutet kunde inte göras",
    "letter": "Beslutsbrevet kunde inte skapas",
    "payments": "Utbetalningen kunde inte planeras",
}


def describe(step: str, exc: Exception) -> tuple[str, str, dict]:
    what = WHAT_FAILED.get(step, "Steget kunde inte göras")
    if isinstance(exc, UnknownAmountError):
        # A year EKB holds, but one of its amounts was not confirmed: it waits like a missing
        # year (same code), so loading the amount runs the calculation.
        return (
            "norm_not_published",
            f"{what}: beloppet för barn {exc.band} som inte äter lunch hemma är inte känt i EKB "
            f"för {exc.year}. Beräkningen görs automatiskt när beloppet har lästs in.",
            {"year": exc.year, "month": exc.month, "band": exc.band},
        )
    if isinstance(exc, MissingParametersError):
        if exc.year > timezone.localdate().year:
            why = f"{exc.year} års riksnorm är inte beslutad ännu"
        else:  # a past or current year EKB holds no amounts for (a gap in its parameter files)
            why = f"{exc.year} års riksnorm finns inte inläst i EKB"
        return (
            "norm_not_published",
            f"{what}: {why}. Beräkningen görs automatiskt när beloppen har lästs in.",
            {"year": exc.year, "month": exc.month},
        )
    if isinstance(exc, HouseholdError):
        return "household", f"{what}: {exc.message_sv}.", {"path": exc.path}
    if isinstance(exc, ValidationError):
        return "refused", f"{what}: {' '.join(str(m) for m in exc.messages)}", {}
    return (
        "error",
        f"{what} på grund av ett tekniskt fel. Försök igen; hör av dig till systemförvaltningen "
        "om det inte går.",
        {"error": type(exc).__name__},
    )
