"""Small link lists to breach cases, for the declaration, entry and person pages of other apps.

``{% load concern_links %}{% breach_case_links declaration=declaration %}`` shows nothing to a
viewer who may not see breach cases, and costs at most one query for one who may (the viewer's
facts are worked out once per request and reused).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import PermissionDenied

from probity.concerns.selectors import breach_cases_linked, may_see_breach_cases
from probity.people.access import viewer_for_request

register = template.Library()


@register.inclusion_tag("concerns/_breach_links_block.html", takes_context=True)
def breach_case_links(
    context: template.Context, *, declaration: Any = None, person: Any = None
) -> dict[str, Any]:
    request = context.get("request")
    shown: dict[str, Any] = {"show": False}
    if request is None or not request.user.is_authenticated:
        return shown
    try:
        _, viewer = viewer_for_request(request)
    except PermissionDenied:
        return shown
    if not may_see_breach_cases(viewer):
        return shown
    cases = breach_cases_linked(
        viewer=viewer,
        declaration_id=declaration.pk if declaration is not None else None,
        person_id=person.pk if person is not None else None,
    )
    new_query = ""
    if viewer.is_monitoring_officer:
        if declaration is not None and declaration.declarant_id != viewer.person_id:
            new_query = f"declaration={declaration.reference}"
        elif person is not None and person.pk != viewer.person_id:
            new_query = f"person={person.pk}"
    return {"show": True, "cases": cases, "new_query": new_query}
