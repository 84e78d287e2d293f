"""Fetching offices and holdings for the Monitoring Officer: 403 for anyone else, 404 if missing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from probity.people.choices import HoldingRole
from probity.people.models import Office, OfficeHolding
from probity.people.rules import Viewer

REFUSED = "Only the Monitoring Officer or a deputy can change who holds an office."


def require_office_keeper(viewer: Viewer) -> None:
    """Offices are kept by the Monitoring Officer and deputies; anyone else is refused."""
    if not viewer.is_monitoring_officer:
        raise PermissionDenied(REFUSED)


def office_for_viewer(*, office_id: int, viewer: Viewer) -> Office:
    require_office_keeper(viewer)
    office = Office.objects.select_related("service").filter(pk=office_id).first()
    if office is None:
        raise Http404("No such office.")
    return office


def deputy_holding_for_viewer(*, holding_id: int, viewer: Viewer) -> OfficeHolding:
    """A deputy's holding of an office; holders change through the change-holder page instead."""
    require_office_keeper(viewer)
    holding = (
        OfficeHolding.objects.select_related("office__service", "person")
        .filter(pk=holding_id, role=HoldingRole.DEPUTY)
        .first()
    )
    if holding is None:
        raise Http404("No such deputy.")
    return holding
