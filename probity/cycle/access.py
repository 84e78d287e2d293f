"""Fetching rounds and returns for a viewer: 404 for anyone who may not know they exist."""

from __future__ import annotations

from django.http import Http404

from probity.cycle.models import Round, RoundMembership
from probity.people.models import Person
from probity.people.rules import Viewer


def round_for_keeper(*, round_id: int, viewer: Viewer) -> Round:
    """A round, for the Monitoring Officer and deputies only."""
    if not viewer.is_monitoring_officer:
        raise Http404("No such round.")
    round = Round.objects.select_related("opened_by", "min_grade").filter(pk=round_id).first()
    if round is None:
        raise Http404("No such round.")
    return round


def membership_for_person(*, round_id: int, person: Person) -> RoundMembership:
    """A person's own return in a round; 404 when they were not asked."""
    membership = (
        RoundMembership.objects.select_related("round", "nil_return", "person")
        .filter(round_id=round_id, person=person)
        .first()
    )
    if membership is None:
        raise Http404("No such return.")
    return membership


def round_for_manager(*, round_id: int, viewer: Viewer) -> Round:
    """A round, for someone with people reporting to them or a service to head (their team's
    view), or the Monitoring Officer."""
    if not (viewer.report_ids or viewer.headed_service_ids or viewer.is_monitoring_officer):
        raise Http404("No such round.")
    round = Round.objects.filter(pk=round_id).first()
    if round is None:
        raise Http404("No such round.")
    return round
