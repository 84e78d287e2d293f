"""Fetching what only the Monitoring Officer (or a deputy) may see across every register."""

from __future__ import annotations

from django.http import Http404

from probity.people.models import Person
from probity.people.rules import Viewer


def require_monitoring_officer(viewer: Viewer) -> None:
    """Anyone else is told the page does not exist."""
    if not viewer.is_monitoring_officer:
        raise Http404("No such page.")


def person_for_monitoring_officer(*, person_id: int, viewer: Viewer) -> Person:
    """A person whose declarations the Monitoring Officer is looking at; 404 for anyone else."""
    require_monitoring_officer(viewer)
    person = (
        Person.objects.select_related("service__directorate", "grade").filter(pk=person_id).first()
    )
    if person is None:
        raise Http404("No such person.")
    return person
