from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "ekb.integrations"
    label = "integrations"
