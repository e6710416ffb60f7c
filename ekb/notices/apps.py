from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "ekb.notices"
    label = "notices"

    def ready(self) -> None:
        # Kommunicering (FL 25 §) before a decision with an activity-requirement reason: the
        # decisions room, below this one, asks the checks registered here (ekb.decisions.
        # prior_steps explains why it is a registry and not an import).
        from ekb.decisions import prior_steps
        from ekb.notices.communication import decision_problems

        prior_steps.register(decision_problems)
