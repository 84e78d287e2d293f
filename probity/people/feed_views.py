"""The HR file pages: upload, preview, confirm, and the progress of a file being applied.

Open to HR and OD and the Monitoring Officer (and their deputies), like the people pages.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest
from probity.people import feed_services
from probity.people.feed_files import FileProblem, template_csv, template_xlsx
from probity.people.models import FeedImport
from probity.people.people_forms import FeedUploadForm
from probity.people.people_views import keeper

SHOWN = 500


def background_rows() -> int:
    """Files with more rows than this are applied in the background, with a progress bar."""
    return int(getattr(settings, "PROBITY_FEED_BACKGROUND_ROWS", 500))


def _feed_or_404(feed_id: int) -> FeedImport:
    feed = FeedImport.objects.filter(pk=feed_id).defer("rows").first()
    if feed is None:
        raise Http404("No such HR file.")
    return feed


@login_required
@require_http_methods(["GET", "POST"])
def feed_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    keeper(request)
    form = FeedUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            feed, _ = feed_services.feed_receive(
                user=request.user,
                filename=upload.name,
                data=upload.read(),
                full=form.cleaned_data["full"],
                now=clock.now(),
            )
        except FileProblem as problem:
            form.add_error("file", str(problem))
        else:
            return redirect("people:feed_preview", feed_id=feed.pk)
    recent = FeedImport.objects.defer("rows").select_related("created_by")[:10]
    return render(request, "people/feed_upload.html", {"form": form, "recent": recent})


@login_required
@require_http_methods(["GET", "POST"])
def feed_preview(request: AuthenticatedHttpRequest, feed_id: int) -> HttpResponse:
    actor = keeper(request)
    feed = _feed_or_404(feed_id)
    if feed.status != FeedImport.Status.PREVIEW:
        return redirect("people:feed_status", feed_id=feed.pk)
    if request.method == "POST":
        if "discard" in request.POST:
            feed_services.feed_discard(feed=feed)
            messages.success(request, "The HR file was not applied. Nothing changed.")
            return redirect("people:feed_upload")
        digest = str(request.POST.get("plan", ""))
        if digest != feed.plan_digest or not feed_services.feed_start(feed=feed):
            messages.error(
                request, "The preview was out of date. Check this preview, then confirm again."
            )
            return redirect("people:feed_preview", feed_id=feed.pk)
        if feed.total > background_rows():
            from probity.people.tasks import apply_hr_file

            user_id = request.user.pk
            transaction.on_commit(lambda: apply_hr_file.enqueue(feed.pk, user_id))
        else:
            feed_services.feed_run(feed_id=feed.pk, user=request.user, actor=actor, now=clock.now())
        return redirect("people:feed_status", feed_id=feed.pk)
    full = FeedImport.objects.get(pk=feed.pk)
    plan = feed_services.feed_plan(full, now=clock.now())
    if plan.digest() != feed.plan_digest or plan.summary() != feed.summary:
        FeedImport.objects.filter(pk=feed.pk).update(
            plan_digest=plan.digest(), summary=plan.summary()
        )
        feed.plan_digest = plan.digest()
    return render(
        request,
        "people/feed_preview.html",
        {
            "feed": feed,
            "plan": plan,
            "summary": plan.summary(),
            "adds": plan.adds[:SHOWN],
            "changes": plan.changes[:SHOWN],
            "leavers": plan.leavers[:SHOWN],
            "errors": plan.errors[:SHOWN],
            "missing": plan.missing[:SHOWN],
            "shown": SHOWN,
        },
    )


@login_required
@require_safe
def feed_status(request: AuthenticatedHttpRequest, feed_id: int) -> HttpResponse:
    keeper(request)
    feed = _feed_or_404(feed_id)
    if feed.status == FeedImport.Status.PREVIEW:
        return redirect("people:feed_preview", feed_id=feed.pk)
    working = feed.status in (FeedImport.Status.QUEUED, FeedImport.Status.RUNNING)
    return render(request, "people/feed_status.html", {"feed": feed, "working": working})


@login_required
@require_safe
def feed_template(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    keeper(request)
    if fmt == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404("No such template.")
    response["Content-Disposition"] = f'attachment; filename="hr-file-template.{fmt}"'
    return response
