from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ekb.accounts"
    label = "accounts"
    verbose_name = "Organisation och personal"
