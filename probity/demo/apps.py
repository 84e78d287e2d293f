from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "probity.demo"
    label = "demo"
