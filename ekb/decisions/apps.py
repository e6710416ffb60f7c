from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "ekb.decisions"
    label = "decisions"
