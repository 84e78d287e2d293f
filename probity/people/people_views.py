"""People pages for HR and the Monitoring Officer: everyone who works for the council, and the
directorates, services and grades they are organised by.

Open to whoever holds or deputises for the HR and OD Manager's or the Monitoring Officer's office
(403 for anyone else, checked before anything is fetched; 404 for a record that does not exist).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest, request_source
from probity.core.paging import capped_page
from probity.people import org_services
from probity.people.access import viewer_for_request
from probity.people.choices import OfficeKind
from probity.people.models import Directorate, Grade, Office, OfficeHolding, Person, Service
from probity.people.people_forms import (
    DirectorateForm,
    GradeForm,
    LeavingForm,
    PeopleSearchForm,
    PersonForm,
    ServiceForm,
)

PER_PAGE = 50


def keeper(request: AuthenticatedHttpRequest) -> Person:
    """The signed-in person, if they keep the people records (403 otherwise)."""
    person, viewer = viewer_for_request(request)
    if not viewer.keeps_people:
        raise PermissionDenied(org_services.REFUSED)
    return person


def _person_or_404(person_id: int) -> Person:
    person = (
        Person.objects.select_related("grade", "service__directorate", "line_manager", "user")
        .filter(pk=person_id, kind__in=org_services.HR_KINDS)
        .first()
    )
    if person is None:
        raise Http404("No such person.")
    return person


def people_rows(form: PeopleSearchForm) -> QuerySet[Person]:
    """The people the list's filters ask for, with what a row shows (one query a page)."""
    today = clock.today()
    rows = Person.objects.filter(kind__in=org_services.HR_KINDS).select_related(
        "grade", "service", "line_manager"
    )
    data = form.cleaned_data if form.is_valid() else {}
    query = str(data.get("q") or "").strip()
    if query:
        rows = rows.filter(
            Q(full_name__icontains=query)
            | Q(email__iexact=query)
            | Q(employee_number=query)
            | Q(job_title__icontains=query)
        )
    if data.get("service"):
        rows = rows.filter(service=data["service"])
    if data.get("kind"):
        rows = rows.filter(kind=data["kind"])
    status = data.get("status") or "current"
    current = Q(leaving_date__isnull=True) | Q(leaving_date__gte=today)
    if status == "current":
        rows = rows.filter(current)
    elif status == "left":
        rows = rows.filter(leaving_date__lt=today)
    elif status == "not_in_feed":
        rows = rows.filter(current, not_in_feed_since__isnull=False)
    return rows.order_by("full_name", "id")


@login_required
@require_safe
def people(request: AuthenticatedHttpRequest) -> HttpResponse:
    keeper(request)
    form = PeopleSearchForm(request.GET or None)
    page, paginator = capped_page(people_rows(form), PER_PAGE, request.GET.get("page"))
    return render(
        request,
        "people/people_list.html",
        {
            "form": form,
            "services": Service.objects.only("id", "name"),
            "page": page,
            "paginator": paginator,
            "page_numbers": paginator.page_numbers(page.number),
            "today": clock.today(),
            "filtered": bool(request.GET.get("q") or request.GET.get("service")),
        },
    )


@login_required
@require_safe
def not_in_feed(request: AuthenticatedHttpRequest) -> HttpResponse:
    keeper(request)
    today = clock.today()
    rows = (
        Person.objects.filter(kind__in=org_services.HR_KINDS, not_in_feed_since__isnull=False)
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=today))
        .select_related("service", "grade", "line_manager")
        .order_by("not_in_feed_since", "full_name", "id")
    )
    page, paginator = capped_page(rows, PER_PAGE, request.GET.get("page"))
    return render(
        request,
        "people/not_in_feed.html",
        {"page": page, "page_numbers": paginator.page_numbers(page.number), "today": today},
    )


@login_required
@require_safe
def person(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    keeper(request)
    subject = _person_or_404(person_id)
    today = clock.today()
    reports = list(
        Person.objects.filter(line_manager=subject)
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=today))
        .only("id", "full_name", "job_title")
        .order_by("full_name")[:51]
    )
    holdings = list(
        OfficeHolding.objects.filter(person=subject, withdrawn=False)
        .select_related("office")
        .order_by("-starts_on")
    )
    return render(
        request,
        "people/person.html",
        {
            "subject": subject,
            "reports": reports[:50],
            "more_reports": len(reports) > 50,
            "holdings": holdings,
            "today": today,
            "left": subject.leaving_date is not None and subject.leaving_date < today,
        },
    )


def _values(form: PersonForm) -> org_services.PersonValues:
    data = form.cleaned_data
    return org_services.PersonValues(
        employee_number=data["employee_number"],
        full_name=data["full_name"],
        email=data["email"],
        job_title=data["job_title"],
        grade=data["grade"],
        service=data["service"],
        line_manager=data["line_manager_number"],
        start_date=data["start_date"],
        kind=data["kind"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    actor = keeper(request)
    form = PersonForm(request.POST or None, initial={"kind": "employee"})
    if request.method == "POST" and form.is_valid():
        try:
            added = org_services.person_add(
                actor=actor, values=_values(form), now=clock.now(), source=request_source(request)
            )
        except org_services.PeopleChangeRefused as refused:
            form.add_error(refused.field, str(refused))
        else:
            invited = (
                "" if org_services.sso_enabled() else " They have been emailed to set a password."
            )
            messages.success(request, f"{added.full_name} has been added.{invited}")
            return redirect("people:person", person_id=added.pk)
    return render(request, "people/person_form.html", {"form": form, "subject": None})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    actor = keeper(request)
    subject = _person_or_404(person_id)
    initial = {
        "employee_number": subject.employee_number or "",
        "full_name": subject.full_name,
        "email": subject.email,
        "job_title": subject.job_title,
        "grade": subject.grade_id,
        "service": subject.service_id,
        "line_manager_number": subject.line_manager.employee_number or ""
        if subject.line_manager
        else "",
        "start_date": subject.start_date,
        "kind": subject.kind,
    }
    form = PersonForm(request.POST or None, initial=initial, person=subject)
    if request.method == "POST" and form.is_valid():
        try:
            changed = org_services.person_change(
                actor=actor,
                person=subject,
                values=_values(form),
                now=clock.now(),
                source=request_source(request),
            )
        except org_services.PeopleChangeRefused as refused:
            form.add_error(refused.field, str(refused))
        else:
            messages.success(
                request,
                f"{subject.full_name}'s record has been changed."
                if changed
                else "Nothing changed.",
            )
            return redirect("people:person", person_id=subject.pk)
    return render(request, "people/person_form.html", {"form": form, "subject": subject})


@login_required
@require_http_methods(["GET", "POST"])
def person_leave(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    actor = keeper(request)
    subject = _person_or_404(person_id)
    form = LeavingForm(request.POST or None, initial={"leaving_date": subject.leaving_date})
    if request.method == "POST" and form.is_valid():
        try:
            org_services.person_leave(
                actor=actor,
                person=subject,
                leaving_date=form.cleaned_data["leaving_date"],
                now=clock.now(),
                source=request_source(request),
            )
        except org_services.PeopleChangeRefused as refused:
            form.add_error(refused.field, str(refused))
        else:
            messages.success(request, f"{subject.full_name}'s leaving date has been recorded.")
            return redirect("people:person", person_id=subject.pk)
    return render(request, "people/person_leave.html", {"form": form, "subject": subject})


# --- Directorates, services and grades -------------------------------------------------------


@login_required
@require_safe
def organisation(request: AuthenticatedHttpRequest) -> HttpResponse:
    keeper(request)
    directorates = list(Directorate.objects.prefetch_related("services").order_by("name"))
    heads = {
        o.service_id: o
        for o in Office.objects.filter(kind=OfficeKind.HEAD_OF_SERVICE, service__isnull=False)
    }
    return render(
        request,
        "people/organisation.html",
        {"directorates": directorates, "heads": heads, "grades": Grade.objects.order_by("rank")},
    )


KINDS: dict[str, tuple[type[Directorate] | type[Service] | type[Grade], str]] = {
    "directorate": (Directorate, "directorate"),
    "service": (Service, "service"),
    "grade": (Grade, "grade"),
}


def _record(kind: str, record_id: int | None) -> Any:
    if kind not in KINDS:
        raise Http404("No such kind of record.")
    if record_id is None:
        return None
    model = KINDS[kind][0]
    record = model._default_manager.filter(pk=record_id).first()
    if record is None:
        raise Http404(f"No such {kind}.")
    return record


def _org_form(kind: str, record: Any, data: Any) -> DirectorateForm | ServiceForm | GradeForm:
    if kind == "directorate":
        return DirectorateForm(data, initial={"name": record.name} if record else None)
    if kind == "service":
        head = (
            Office.objects.filter(kind=OfficeKind.HEAD_OF_SERVICE, service=record).first()
            if record
            else None
        )
        initial = (
            {
                "name": record.name,
                "directorate": record.directorate_id,
                "head_title": head.title if head else "",
            }
            if record
            else None
        )
        return ServiceForm(data, initial=initial)
    return GradeForm(data, initial={"name": record.name, "rank": record.rank} if record else None)


def _org_save(kind: str, record: Any, form: Any, actor: Person, request: Any) -> Any:
    data = form.cleaned_data
    now, source = clock.now(), request_source(request)
    if kind == "directorate":
        return org_services.directorate_save(
            actor=actor, directorate=record, name=data["name"], now=now, source=source
        )
    if kind == "service":
        return org_services.service_save(
            actor=actor,
            service=record,
            name=data["name"],
            directorate=data["directorate"],
            head_title=data["head_title"],
            now=now,
            source=source,
        )
    return org_services.grade_save(
        actor=actor, grade=record, name=data["name"], rank=data["rank"], now=now, source=source
    )


def _org_edit(request: AuthenticatedHttpRequest, kind: str, record_id: int | None) -> HttpResponse:
    actor = keeper(request)
    record = _record(kind, record_id)
    form = _org_form(kind, record, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _org_save(kind, record, form, actor, request)
        except org_services.PeopleChangeRefused as refused:
            form.add_error(refused.field, str(refused))
        else:
            messages.success(request, f"The {kind} {saved} has been saved.")
            return redirect("people:organisation")
    return render(
        request,
        "people/org_form.html",
        {"form": form, "kind": kind, "record": record},
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_add(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    return _org_edit(request, kind, None)


@login_required
@require_http_methods(["GET", "POST"])
def org_edit(request: AuthenticatedHttpRequest, kind: str, record_id: int) -> HttpResponse:
    return _org_edit(request, kind, record_id)


@login_required
@require_POST
def org_delete(request: AuthenticatedHttpRequest, kind: str, record_id: int) -> HttpResponse:
    actor = keeper(request)
    record = _record(kind, record_id)
    name = str(record)
    try:
        org_services.org_record_delete(
            actor=actor, record=record, now=clock.now(), source=request_source(request)
        )
    except org_services.PeopleChangeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"The {kind} {name} has been deleted.")
    return redirect(reverse("people:organisation"))
