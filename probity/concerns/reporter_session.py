"""The reporter's own short session: a signed cookie naming the case, nothing stored server-side.

It is separate from staff sign-in: a reporter is not a user, and a signed-in member of staff who
follows up an anonymous report does not link their account to it (the Django session is never
written). The cookie lives 30 minutes from the last page, is sent only to the follow-up pages,
cannot be read by scripts and is not sent from other sites.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

COOKIE = "probity_case"
SALT = "probity.concerns.reporter-session"
MAX_AGE = 30 * 60
PATH = "/report-a-concern/"


def concern_id(request: HttpRequest) -> int | None:
    value = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=MAX_AGE)
    try:
        return int(value) if value is not None else None
    except (ValueError, signing.BadSignature):
        return None


def start(response: HttpResponse, concern_id: int) -> None:
    response.set_signed_cookie(
        COOKIE,
        str(concern_id),
        salt=SALT,
        max_age=MAX_AGE,
        path=PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def end(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE, path=PATH, samesite="Strict")
