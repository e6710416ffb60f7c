from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ekb.audit"
    label = "audit"
