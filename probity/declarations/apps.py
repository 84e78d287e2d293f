from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "probity.declarations"
    label = "declarations"

    def ready(self) -> None:
        from probity.declarations.services import assignments_after_holdings_change
        from probity.people import hooks

        if assignments_after_holdings_change not in hooks.holdings_changed:
            hooks.holdings_changed.append(assignments_after_holdings_change)
