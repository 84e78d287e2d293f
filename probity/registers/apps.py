from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "probity.registers"
    label = "registers"
