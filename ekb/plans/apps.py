from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "ekb.plans"
    label = "plans"

    def ready(self) -> None:
        # A decision with an activity-requirement reason rests on someone covered by it: the
        # decisions room, below this one, asks the checks registered with it (ekb.decisions.
        # prior_steps explains why it is a registry and not an import).
        from ekb.decisions import prior_steps
        from ekb.plans.activity import decision_coverage_problems

        prior_steps.register(decision_coverage_problems)
