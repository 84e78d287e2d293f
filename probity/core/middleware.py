"""Middleware of our own."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in person hold personal data: browsers must not cache them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


LAST_SEEN_KEY = "probity-last-seen"


class IdleTimeoutMiddleware:
    """Sign a person out after ``PROBITY_IDLE_TIMEOUT_MINUTES`` without a request.

    It measures real elapsed time (not ``clock.now()``, which tests move about freely); the time
    of the last request is kept in the session, set at sign-in and refreshed once a minute.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            limit = settings.PROBITY_IDLE_TIMEOUT_MINUTES * 60
            if isinstance(last_seen, int) and now - last_seen > limit:
                request.idle_timeout = True  # type: ignore[attr-defined]
                logout(request)
                messages.info(
                    request,
                    "You were signed out because you had not used Probity for "
                    f"{settings.PROBITY_IDLE_TIMEOUT_MINUTES} minutes. Sign in again to carry on.",
                )
                return redirect_to_login(request.get_full_path())
            # Write at most once a minute, so most requests do not save the session.
            if not isinstance(last_seen, int) or now - last_seen >= 60:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class NulInPathMiddleware:
    """A NUL byte can be in no reference or slug: answer 404 before it reaches the database
    (PostgreSQL refuses NUL in text and would answer 500)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            raise Http404("No such page.")
        return self.get_response(request)
