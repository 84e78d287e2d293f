from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "probity.declarations"
    label = "declarations"

    def ready(self) -> None:
        from probity.core.sealing import register_sealed_field

        register_sealed_field("declarations.DeclarationVersion", "sealed")
