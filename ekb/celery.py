"""The Celery app for EKB's background work (the journey's later steps, see ekb/flow).

Without `EKB_CELERY_BROKER_URL` every task runs eagerly in-process, right after the commit that
scheduled it; with a Redis URL a worker runs them: `celery -A ekb.celery worker`.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekb.settings")

app = Celery(
    "ekb",
    include=[
        "ekb.flow.journey",
        "ekb.flow.waiting",
        "ekb.flow.activity_requirement",
        "ekb.flow.fas_morning",
    ],
)
app.config_from_object("django.conf:settings", namespace="CELERY")
