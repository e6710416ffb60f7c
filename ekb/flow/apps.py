from django.apps import AppConfig


class FlowConfig(AppConfig):
    name = "ekb.flow"
    label = "flow"
    verbose_name = "Ansökans väg"

    def ready(self) -> None:
        # A decision may not rest on a communication whose absence has since been recorded
        # with a valid reason. The communication (ekb.notices) and the attendance (ekb.plans)
        # sit side by side; only flow sees both, so the check is registered from here
        # (ekb.decisions.prior_steps explains the registry).
        from ekb.decisions import prior_steps
        from ekb.flow.activity import excused_problems

        prior_steps.register(excused_problems)
