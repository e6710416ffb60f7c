from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ekb.people"
    label = "people"
