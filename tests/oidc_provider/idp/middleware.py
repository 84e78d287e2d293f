"""Alters a real token response in flight, as an attacker between the parties would."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from idp.claims import TAMPERED_CLIENT


def _b64decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def tamper(id_token: str) -> str:
    """The same header and signature around a payload that now names someone else."""
    header, payload, signature = id_token.split(".")
    claims = json.loads(_b64decode(payload))
    claims["email"] = "mo@example.org"
    claims["employeeid"] = "MO-1"
    return ".".join([header, _b64encode(json.dumps(claims).encode()), signature])


class TamperingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        client_id = request.POST.get("client_id") if request.method == "POST" else None
        response = self.get_response(request)
        if request.path.rstrip("/").endswith("/token") and client_id == TAMPERED_CLIENT:
            body = json.loads(response.content)
            if "id_token" in body:
                body["id_token"] = tamper(body["id_token"])
                response.content = json.dumps(body).encode()
        return response
