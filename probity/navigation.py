"""The service navigation: what each signed-in person is offered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse

from probity.declarations.access import route_policy_for_request
from probity.declarations.rules import can_use_registers, reviews_anything
from probity.people.access import viewer_for_request


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def navigation(request: HttpRequest) -> dict[str, Any]:
    # Error pages can be drawn before the user is known (a bad Host header): no menu then.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:
        _, viewer = viewer_for_request(request)
    except PermissionDenied:
        return {}
    items: list[tuple[str, str, str]] = [("Home", reverse("home"), "")]
    items.append(
        ("Code of conduct", reverse("code:current", kwargs={"document": "code"}), "/code/")
    )
    if viewer.is_subject_to_code:
        items.append(("Declare", reverse("declarations:start"), "/declare/"))
        items.append(("My declarations", reverse("declarations:mine"), "/my-declarations/"))
    policy = route_policy_for_request(request)
    if reviews_anything(viewer, policy):
        items.append(("To review", reverse("declarations:review_list"), "/review/"))
    if can_use_registers(viewer, policy):
        items.append(("Registers", reverse("registers:index"), "/registers/"))
    if viewer.is_councillor or viewer.is_monitoring_officer:
        items.append(("Section 117 book", reverse("book:inspect"), "/section-117-book/"))
    if viewer.keeps_people:
        items.append(("People", reverse("people:people"), "/people/"))
    if viewer.is_monitoring_officer:
        items.append(("Settings", reverse("conduct:settings"), "/settings/"))
    path = request.path
    nav = [
        NavItem(
            label=label, url=url, active=(path == url) if not prefix else path.startswith(prefix)
        )
        for label, url, prefix in items
    ]
    return {"nav_items": nav}
