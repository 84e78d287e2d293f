from django.apps import AppConfig


class ConductConfig(AppConfig):
    name = "probity.conduct"
    label = "conduct"
