from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "ekb.cases"
    label = "cases"
