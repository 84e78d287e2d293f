"""Fetching offices and holdings for someone who may change them: 403 for anyone else, 404 if missing.

Who may change which office is ``rules.office_change_refusal``; these functions only apply it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from probity.people.choices import HoldingRole
from probity.people.models import Office, OfficeHolding
from probity.people.rules import OfficeActor, OfficeFact, office_change_refusal

REFUSED = (
    "Only the Monitoring Officer, a deputy Monitoring Officer or the Chief Executive can change "
    "who holds an office."
)


def require_office_keeper(actor: OfficeActor) -> None:
    """The offices settings are open to whoever may change at least one office."""
    if not actor.keeps_offices:
        raise PermissionDenied(REFUSED)


def require_may_change(actor: OfficeActor, office: Office) -> None:
    refusal = office_change_refusal(actor, OfficeFact(office_id=office.pk, kind=office.kind))
    if refusal:
        raise PermissionDenied(refusal)


def office_for_viewer(*, office_id: int, actor: OfficeActor) -> Office:
    require_office_keeper(actor)
    office = Office.objects.select_related("service").filter(pk=office_id).first()
    if office is None:
        raise Http404("No such office.")
    require_may_change(actor, office)
    return office


def deputy_holding_for_viewer(*, holding_id: int, actor: OfficeActor) -> OfficeHolding:
    """A deputy's holding of an office; holders change through the change-holder page instead."""
    require_office_keeper(actor)
    holding = (
        OfficeHolding.objects.select_related("office__service", "person")
        .filter(pk=holding_id, role=HoldingRole.DEPUTY)
        .first()
    )
    if holding is None:
        raise Http404("No such deputy.")
    require_may_change(actor, holding.office)
    return holding
