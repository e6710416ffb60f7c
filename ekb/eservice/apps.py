from django.apps import AppConfig


class EserviceConfig(AppConfig):
    name = "ekb.eservice"
    label = "eservice"
