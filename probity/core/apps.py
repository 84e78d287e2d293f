from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "probity.core"
    label = "core"
    verbose_name = "Core"
