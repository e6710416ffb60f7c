"""Where each application is on its journey: one row per step and subject, with the reason a
step could not be done, so nothing waits unseen and any step can be run again."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.models import User
from ekb.applications.models import Application
from ekb.decisions.models import Decision


class Step(models.TextChoices):
    PREPARE = "prepare", _("Beräkning och kontroller")
    DECIDE_AUTOMATICALLY = "decide_automatically", _("Automatiserat beslut")
    LETTER = "letter", _("Beslutsbrev")
    PAYMENTS = "payments", _("Utbetalningar")


class StepStatus(models.TextChoices):
    PENDING = "pending", _("Väntar på att köras")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Kunde inte göras")


class StepRun(models.Model):
    """One step for one application (prepare, decide automatically) or decision (letter, payments).

    Written in the same transaction as what made the step due, so a step whose task was never
    delivered (a broker down at that moment) is still here, pending, for `ekb flow retry`."""

    key = models.CharField(max_length=80, unique=True)  # e.g. "prepare:12", "letter:d34"
    step = models.CharField(max_length=30, choices=Step.choices)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="step_runs")
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="step_runs"
    )
    status = models.CharField(max_length=10, choices=StepStatus.choices, default=StepStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # Who made the step due (a caseworker's change that asks for a new calculation); None: EKB.
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Why the last attempt failed: a code for filters and retries, a Swedish sentence for people.
    reason_code = models.CharField(max_length=40, blank=True)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "reason_code"], name="flow_steprun_status")]

    def __str__(self) -> str:
        return self.key
