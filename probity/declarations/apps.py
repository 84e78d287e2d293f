from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "probity.declarations"
    label = "declarations"
