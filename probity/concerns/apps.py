from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "probity.concerns"
    label = "concerns"
    verbose_name = "Concerns and breach cases"

    def ready(self) -> None:
        """Encrypted text columns and stored files are re-encrypted by
        ``rotate_encryption_key``."""
        from probity.concerns import files
        from probity.concerns.sealing import SEALED_COLUMNS
        from probity.core.sealing import register_sealed_field, register_sealed_files

        for model, field in SEALED_COLUMNS:
            register_sealed_field(model, field)
        register_sealed_files("concerns.ConcernFile", files.root)
