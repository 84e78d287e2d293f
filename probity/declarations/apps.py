from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "probity.declarations"
    label = "declarations"

    def ready(self) -> None:
        from probity.declarations.office_facts import decision_days
        from probity.people import hooks

        if decision_days not in hooks.acts_recorded:
            hooks.acts_recorded.append(decision_days)
