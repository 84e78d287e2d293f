from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "probity.oversight"
    label = "oversight"
    verbose_name = "Oversight: dashboards and the annual review"
