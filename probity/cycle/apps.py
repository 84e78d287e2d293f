from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "probity.cycle"
    label = "cycle"
    verbose_name = "Yearly cycle"

    def ready(self) -> None:
        # New starters get their induction checklist when the people app adds them (ADR 0007).
        from probity.cycle.training_services import starters_announced
        from probity.people import hooks

        if starters_announced not in hooks.people_starting:
            hooks.people_starting.append(starters_announced)
