"""Email that has not been sent: the Monitoring Officer sees failures and can send one again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest, request_source
from probity.core.models import OutgoingEmail
from probity.core.notify import email_retry
from probity.people.access import viewer_for_request

PAGE_SIZE = 50


def _require_monitoring_officer(request: AuthenticatedHttpRequest) -> None:
    _, viewer = viewer_for_request(request)
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can see email that has not been sent.")


@login_required
@require_safe
def outbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_monitoring_officer(request)
    paginator = Paginator(OutgoingEmail.objects.unsent(), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "outbox/outbox.html",
        {
            "page": page,
            "page_numbers": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "max_attempts": OutgoingEmail.MAX_ATTEMPTS,
        },
    )


@login_required
@require_POST
def outbox_retry(request: AuthenticatedHttpRequest, email_id: int) -> HttpResponse:
    _require_monitoring_officer(request)
    email = get_object_or_404(OutgoingEmail.objects.defer("body"), pk=email_id)
    if email_retry(
        email_id=email.pk, now=clock.now(), actor=request.user, source=request_source(request)
    ):
        messages.success(request, f"The email “{email.subject}” will be sent again.")
    else:
        messages.info(
            request,
            f"The email “{email.subject}” was not sent again because it has not failed: "
            "it is already waiting to send, or it has been sent.",
        )
    url = reverse("outbox")
    page = request.POST.get("page", "")
    if page.isascii() and page.isdigit() and page != "1":
        url = f"{url}?page={page}"
    return HttpResponseRedirect(url)
