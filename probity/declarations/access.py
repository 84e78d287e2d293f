"""Fetching declarations for a viewer: 404 for anything they may not see."""

from __future__ import annotations

from django.http import Http404

from probity.declarations.models import Declaration, VersionBase
from probity.declarations.rules import can_see
from probity.declarations.selectors import entry_facts, version_current
from probity.people.rules import Viewer


def declaration_for_viewer(*, reference: str, viewer: Viewer) -> tuple[Declaration, VersionBase]:
    """The declaration and its current version, if the viewer may see it; otherwise 404."""
    declaration = (
        Declaration.objects.select_related(
            "declarant__service__directorate", "declarant__line_manager", "declarant__grade"
        )
        .filter(reference=reference)
        .first()
    )
    if declaration is None:
        raise Http404("No such declaration.")
    version = version_current(declaration=declaration)
    if not can_see(viewer, entry_facts(declaration=declaration, version=version)):
        raise Http404("No such declaration.")
    return declaration, version
