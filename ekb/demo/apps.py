from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ekb.demo"
    label = "demo"
