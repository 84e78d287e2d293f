from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "probity.cycle"
    label = "cycle"
    verbose_name = "Yearly cycle"
