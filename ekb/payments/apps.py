from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "ekb.payments"
    label = "payments"
