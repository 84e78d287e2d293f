"""Views that know no domain: the health check and error pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with the database reachable; 503 when it is not."""
    healthy = _database_answers()
    database = "ok" if healthy else "unavailable"
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "database": database,
            "version": settings.PROBITY_VERSION,
        },
        status=200 if healthy else 503,
    )


@never_cache
@require_GET
def status(request: HttpRequest) -> HttpResponse:
    """The service status for people: /healthz in words (503 when the database is down)."""
    healthy = _database_answers()
    context = {"healthy": healthy, "version": settings.PROBITY_VERSION}
    if healthy:
        return render(request, "status.html", context)
    # Without a database neither the session nor the menu can be read: render without them.
    html = render_to_string("status.html", {**_context_without_database(), **context})
    return HttpResponse(html, status=503)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def _context_without_database() -> dict[str, Any]:
    """What base.html needs, read from settings only (no session, user or database)."""
    return {
        "council_name": settings.PROBITY_COUNCIL_NAME,
        "probity_version": settings.PROBITY_VERSION,
        "demo_mode": settings.PROBITY_DEMO,
    }


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, with the header, a short menu and a way back.

    It must render when the fault is the database itself, so it reads nothing from the
    session, the user or the database: the context processors are not run.
    """
    back = request.META.get("HTTP_REFERER", "")
    if not back or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    context = {
        **_context_without_database(),
        "nav_items": [
            {"label": "Home", "url": reverse("home"), "active": False},
            {
                "label": "Code of conduct",
                "url": reverse("code:current", kwargs={"document": "code"}),
                "active": False,
            },
        ],
        "back_url": back,
        "account_unknown": True,
    }
    return HttpResponse(render_to_string("500.html", context), status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)
