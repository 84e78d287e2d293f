"""Fetching declarations for a viewer: 404 for anything they may not see."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from probity.declarations.models import Decision, Declaration, RouteStep, VersionBase
from probity.declarations.rules import (
    Action,
    EntryFacts,
    RoutePolicy,
    Visibility,
    available_actions,
    visibility,
)
from probity.declarations.selectors import (
    StepView,
    decisions_of,
    entry_facts,
    route_policy,
    route_view,
    stored_steps,
    version_current,
)
from probity.people.rules import Viewer


def route_policy_for_request(request: HttpRequest) -> RoutePolicy:
    """The council's routing settings, read once per request (the menu and the page both ask)."""
    cached: RoutePolicy | None = getattr(request, "_probity_route_policy", None)
    if cached is None:
        cached = route_policy()
        request._probity_route_policy = cached  # type: ignore[attr-defined]
    return cached


@dataclass(frozen=True)
class Entry:
    """A declaration as one viewer may have it."""

    declaration: Declaration
    version: VersionBase
    facts: EntryFacts
    decisions: list[Decision]
    visibility: Visibility
    actions: frozenset[Action]
    steps: list[RouteStep]

    @property
    def route(self) -> list[StepView]:
        """Its route as pages show it, from the steps already read."""
        return route_view(declaration=self.declaration, rows=self.steps)

    @property
    def details_hidden(self) -> bool:
        return self.visibility != Visibility.FULL


def entry_for_viewer(*, reference: str, viewer: Viewer) -> Entry:
    """The declaration, its current version and what the viewer may do; 404 if they may not see it."""
    declaration = (
        Declaration.objects.select_related(
            "declarant__service__directorate", "declarant__line_manager", "declarant__grade"
        )
        .filter(reference=reference[:20])
        .first()
    )
    if declaration is None:
        raise Http404("No such declaration.")
    version = version_current(declaration=declaration)
    decisions = list(decisions_of(declaration=declaration))
    steps = stored_steps(declaration)
    facts = entry_facts(declaration=declaration, version=version, decisions=decisions, rows=steps)
    seen = visibility(viewer, facts)
    if seen == Visibility.NONE:
        raise Http404("No such declaration.")
    actions = available_actions(viewer, facts)
    return Entry(declaration, version, facts, decisions, seen, actions, steps)
