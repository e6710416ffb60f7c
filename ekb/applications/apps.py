from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "ekb.applications"
    label = "applications"
