"""Training and induction pages.

Sessions, attendance and who is due a refresher are for HR and OD and the Monitoring Officer
(and their deputies), like the people pages: 403 for anyone else, checked before anything is
fetched. The open inductions list is theirs too, and a line manager's for the people who report
to them.
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest, request_source
from probity.core.paging import capped_page
from probity.core.spreadsheets import spreadsheet_safe
from probity.cycle import training_services as services
from probity.cycle.choices import ImportStatus, SessionKind
from probity.cycle.models import Attendance, AttendanceImport, TrainingSession
from probity.cycle.rules import years_before
from probity.cycle.selectors import cycle_settings
from probity.cycle.training_forms import (
    AttendanceRemoveForm,
    AttendanceUploadForm,
    RefresherFilterForm,
    TrainingSessionForm,
)
from probity.cycle.training_selectors import (
    PICK_LIMIT,
    attendees,
    checklists_open,
    items_of,
    people_to_pick,
    refresher_rows,
    sessions_all,
)
from probity.people.access import viewer_for_request
from probity.people.feed_files import FileProblem
from probity.people.models import Person
from probity.people.people_views import keeper
from probity.people.selectors import directorates_all, services_all

PER_PAGE = 50
SHOWN = 500


def _session_or_404(session_id: int) -> TrainingSession:
    session = TrainingSession.objects.select_related("created_by").filter(pk=session_id).first()
    if session is None:
        raise Http404("No such session.")
    return session


@login_required
@require_safe
def sessions(request: AuthenticatedHttpRequest) -> HttpResponse:
    keeper(request)
    page, paginator = capped_page(sessions_all(), PER_PAGE, request.GET.get("page"))
    return render(
        request,
        "cycle/training_sessions.html",
        {"page": page, "page_numbers": paginator.page_numbers(page.number)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    actor = keeper(request)
    form = TrainingSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.training_session_create(
                actor=actor,
                title=form.cleaned_data["title"],
                held_on=form.cleaned_data["held_on"],
                kind=SessionKind(form.cleaned_data["kind"]),
                notes=form.cleaned_data.get("notes") or "",
                now=clock.now(),
                source=request_source(request),
            )
        except services.TrainingRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"“{session.title}” has been added.")
            return redirect("cycle:training_session", session_id=session.pk)
    return render(request, "cycle/training_session_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def session_detail(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    actor = keeper(request)
    session = _session_or_404(session_id)
    query = str(request.GET.get("q", ""))[:100].strip()
    error = ""
    if request.method == "POST":
        chosen = [int(v) for v in request.POST.getlist("person") if v.isascii() and v.isdigit()]
        if not chosen:
            error = "Select at least one person who attended"
        else:
            added = services.attendance_record(
                actor=actor,
                session=session,
                person_ids=chosen,
                now=clock.now(),
                source=request_source(request),
            )
            messages.success(
                request,
                f"{added} {'person' if added == 1 else 'people'} recorded as attending."
                if added
                else "They were already recorded as attending. Nothing changed.",
            )
            return redirect("cycle:training_session", session_id=session.pk)
    page, paginator = capped_page(attendees(session=session), PER_PAGE, request.GET.get("page"))
    found = people_to_pick(query=query, session=session)
    return render(
        request,
        "cycle/training_session.html",
        {
            "session": session,
            "page": page,
            "page_numbers": paginator.page_numbers(page.number),
            "query": query,
            "found": found,
            "limit": PICK_LIMIT,
            "error": error,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_remove(
    request: AuthenticatedHttpRequest, session_id: int, attendance_id: int
) -> HttpResponse:
    """Confirm, with a reason, that an attendance was recorded by mistake; then remove it."""
    actor = keeper(request)
    session = _session_or_404(session_id)
    attendance = (
        Attendance.objects.select_related("person__service", "recorded_by")
        .filter(pk=attendance_id, session=session)
        .first()
    )
    if attendance is None:
        raise Http404("No such attendance.")
    form = AttendanceRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_remove(
                actor=actor,
                attendance=attendance,
                reason=form.cleaned_data["reason"],
                now=clock.now(),
                source=request_source(request),
            )
        except services.TrainingRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"{attendance.person.full_name} is no longer recorded as attending."
            )
        return redirect("cycle:training_session", session_id=session.pk)
    return render(
        request,
        "cycle/attendance_remove.html",
        {"session": session, "attendance": attendance, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_upload(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    actor = keeper(request)
    session = _session_or_404(session_id)
    form = AttendanceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record, _ = services.attendance_import_receive(
                actor=actor,
                session=session,
                filename=upload.name,
                data=upload.read(),
                now=clock.now(),
            )
        except FileProblem as problem:
            form.add_error("file", str(problem))
        else:
            return redirect(
                "cycle:training_import_preview", session_id=session.pk, import_id=record.pk
            )
    return render(request, "cycle/training_import.html", {"form": form, "session": session})


@login_required
@require_http_methods(["GET", "POST"])
def attendance_preview(
    request: AuthenticatedHttpRequest, session_id: int, import_id: int
) -> HttpResponse:
    actor = keeper(request)
    session = _session_or_404(session_id)
    record = (
        AttendanceImport.objects.select_related("session")
        .filter(pk=import_id, session=session)
        .first()
    )
    if record is None:
        raise Http404("No such file.")
    if request.method == "POST" and record.status == ImportStatus.PREVIEW:
        if "discard" in request.POST:
            services.attendance_import_discard(actor=actor, record=record, now=clock.now())
            messages.success(request, "The file was not applied. Nothing changed.")
            return redirect("cycle:training_session", session_id=session.pk)
        try:
            added = services.attendance_import_apply(
                actor=actor,
                record=record,
                expected_digest=str(request.POST.get("plan", "")),
                now=clock.now(),
                source=request_source(request),
            )
        except services.TrainingRefused as exc:
            messages.error(request, str(exc))
            return redirect(
                "cycle:training_import_preview", session_id=session.pk, import_id=record.pk
            )
        messages.success(
            request,
            f"{added} {'person' if added == 1 else 'people'} recorded as attending from "
            f"{record.filename}.",
        )
        return redirect("cycle:training_session", session_id=session.pk)
    plan = services.attendance_plan(record=record)
    adds = plan.adds[:SHOWN]
    names = dict(
        Person.objects.filter(pk__in=[a.person_id for a in adds]).values_list("pk", "full_name")
    )
    return render(
        request,
        "cycle/training_import_preview.html",
        {
            "session": session,
            "record": record,
            "plan": plan,
            "adds": [(a, names.get(a.person_id, "")) for a in adds],
            "errors": plan.errors[:SHOWN],
            "shown": SHOWN,
        },
    )


def _refresher_context(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    keeper(request)
    today = clock.today()
    years = cycle_settings().refresher_years
    form = RefresherFilterForm(
        request.GET or None,
        directorates=[(d.pk, d.name) for d in directorates_all()],
        services=[(s.pk, s.name) for s in services_all()],
    )
    data = form.cleaned_data if form.is_valid() else {}
    rows = refresher_rows(
        today=today,
        years=years,
        directorate_id=data.get("directorate") or None,
        service_id=data.get("service") or None,
    )
    return {
        "form": form,
        "rows": rows,
        "years": years,
        "cutoff": years_before(today, years),
        "query": request.GET.urlencode(),
    }


@login_required
@require_safe
def refresher_due(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = _refresher_context(request)
    page, paginator = capped_page(context["rows"], PER_PAGE, request.GET.get("page"))
    context.update(page=page, page_numbers=paginator.page_numbers(page.number))
    return render(request, "cycle/training_due.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_safe
def refresher_due_csv(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    rows = _refresher_context(request)["rows"]
    writer = csv.writer(_Echo())

    def lines() -> Any:
        yield "\ufeff"
        yield writer.writerow(
            ["Name", "Employee number", "Job title", "Directorate", "Service", "Last trained"]
        )
        for person in rows.iterator(chunk_size=2000):
            service = person.service
            yield writer.writerow(
                [
                    spreadsheet_safe(value)
                    for value in (
                        person.full_name,
                        person.employee_number or "",
                        person.job_title,
                        service.directorate.name if service else "",
                        service.name if service else "",
                        person.last_trained.isoformat() if person.last_trained else "Never",
                    )
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="due-a-refresher.csv"'
    return response


@login_required
@require_safe
def inductions(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    if not (viewer.keeps_people or viewer.report_ids):
        raise PermissionDenied("Only HR, the Monitoring Officer and line managers can see this.")
    today = clock.today()
    overdue_only = request.GET.get("show") == "overdue"
    rows = checklists_open(today=today, overdue_only=overdue_only)
    everyone = viewer.keeps_people
    if not everyone:
        rows = rows.filter(person_id__in=sorted(viewer.report_ids))
    page, paginator = capped_page(rows, PER_PAGE, request.GET.get("page"))
    return render(
        request,
        "cycle/inductions.html",
        {
            "page": page,
            "page_numbers": paginator.page_numbers(page.number),
            "rows": [(c, items_of(c)) for c in page.object_list],
            "today": today,
            "everyone": everyone,
            "overdue_only": overdue_only,
        },
    )
