from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "ekb.notices"
    label = "notices"
