from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "probity.declarations"
    label = "declarations"

    def ready(self) -> None:
        """Register with the people app's hooks (ADR 7): waiting work follows office holders, and
        the days someone decided on declarations guard their record in an office."""
        from probity.declarations.office_facts import decision_days
        from probity.declarations.services import (
            assignments_after_holdings_change,
            assignments_after_line_managers_change,
        )
        from probity.people import hooks

        if assignments_after_holdings_change not in hooks.holdings_changed:
            hooks.holdings_changed.append(assignments_after_holdings_change)
        if assignments_after_line_managers_change not in hooks.line_managers_changed:
            hooks.line_managers_changed.append(assignments_after_line_managers_change)
        if decision_days not in hooks.acts_recorded:
            hooks.acts_recorded.append(decision_days)
        from probity.core.sealing import register_sealed_field

        register_sealed_field("declarations.DeclarationVersion", "sealed")
        register_sealed_field("declarations.DeclarationVersion", "sealed_reason")
        register_sealed_field("declarations.Decision", "sealed_text")
