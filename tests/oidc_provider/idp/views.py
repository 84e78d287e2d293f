"""A control endpoint for the tests: people the provider knows, and where it may send them
back. Guarded by a key only the test process knows."""

from __future__ import annotations

import json
import os

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from idp.models import Claims
from oidc_provider.models import Client


@csrf_exempt
def control(request: HttpRequest) -> HttpResponse:
    if request.method != "POST" or request.headers.get("X-Test-Key") != os.environ["IDP_KEY"]:
        return HttpResponse(status=403)
    data = json.loads(request.body)
    if "redirect_uri" in data:
        for client in Client.objects.all():
            for attribute in ("redirect_uris", "post_logout_redirect_uris"):
                uri = data["redirect_uri"] if attribute == "redirect_uris" else data["logout_uri"]
                uris = getattr(client, attribute)
                if uri not in uris:
                    setattr(client, attribute, [*uris, uri])
            client.save()
    if "username" in data:
        user, _ = User.objects.get_or_create(username=data["username"])
        user.email = data.get("email", "")
        user.first_name = data.get("first_name", "")
        user.last_name = data.get("last_name", "")
        user.set_password(data["password"])
        user.save()
        Claims.objects.update_or_create(
            user=user,
            defaults={
                "employee_number": data.get("employee_number", ""),
                "email_verified": data.get("email_verified"),
            },
        )
    return JsonResponse({"ok": True})
