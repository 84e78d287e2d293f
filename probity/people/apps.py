from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "probity.people"
    label = "people"

    def ready(self) -> None:
        from probity.people import sso_checks  # noqa: F401 - the check registers itself
