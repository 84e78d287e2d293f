"""Fetching people for a viewer."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from probity.core import clock
from probity.people.models import Person
from probity.people.rules import Viewer
from probity.people.selectors import viewer_for_person


def person_for_user(user: User | AbstractBaseUser | AnonymousUser) -> Person:
    """The Person record of a signed-in user, or 403 when the account has none."""
    if not user.is_authenticated:
        raise PermissionDenied
    try:
        return Person.objects.select_related("service__directorate", "grade", "line_manager").get(
            user_id=user.pk
        )
    except Person.DoesNotExist as exc:
        raise PermissionDenied from exc


def viewer_for_request(request: HttpRequest) -> tuple[Person, Viewer]:
    """The signed-in person and their access facts, worked out once per request."""
    cached: tuple[Person, Viewer] | None = getattr(request, "_probity_viewer", None)
    if cached is not None:
        return cached
    person = person_for_user(request.user)
    viewer = viewer_for_person(person=person, today=clock.today())
    request._probity_viewer = (person, viewer)  # type: ignore[attr-defined]
    return person, viewer


def require_monitoring_officer(*, person: Person, now: dt.datetime) -> None:
    """For services: only the Monitoring Officer or a deputy may make this change (403 otherwise).

    Views check first to show the right page; services check again whatever the caller did."""
    viewer = viewer_for_person(person=person, today=now.astimezone(clock.LONDON).date())
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can do this.")
