from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "ekb.plans"
    label = "plans"
