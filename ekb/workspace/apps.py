from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "ekb.workspace"
    label = "workspace"
