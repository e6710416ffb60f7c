from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "ekb.integrations"
    label = "integrations"

    def ready(self) -> None:
        # The norm parameters an installation loads (a new year's amounts) are data from
        # outside the code, like register data: wired here, so ekb.norm stays free of Django.
        from ekb.integrations.norm_parameters import use_configured_layer

        use_configured_layer()
