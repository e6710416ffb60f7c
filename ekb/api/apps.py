from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ekb.api"
    label = "api"
