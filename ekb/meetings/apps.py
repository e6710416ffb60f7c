from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "ekb.meetings"
    label = "meetings"
