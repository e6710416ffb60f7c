from django.apps import AppConfig


class FlowConfig(AppConfig):
    name = "ekb.flow"
    label = "flow"
    verbose_name = "Ansökans väg"
