"""Declaring, reviewing, answering, correcting and ending."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from probity.conduct.selectors import policy_current
from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest, request_source
from probity.declarations import services
from probity.declarations.access import declaration_for_viewer
from probity.declarations.choices import DecisionAction, DeclarationKind
from probity.declarations.forms import (
    CommentForm,
    EndInterestForm,
    GiftForm,
    InterestForm,
    RecordForm,
    ReviewForm,
)
from probity.declarations.models import (
    GiftHospitalityVersion,
    InterestVersion,
    VersionBase,
)
from probity.declarations.presenters import version_rows, version_summary
from probity.declarations.rules import Action, available_actions, review_route
from probity.declarations.selectors import (
    decisions_of,
    declaration_by_token,
    declarations_to_review,
    entry_facts,
    my_declarations,
)
from probity.people.access import viewer_for_request


@dataclass(frozen=True)
class KindPage:
    slug: str
    kind: str
    title: str
    form_class: type[GiftForm] | type[InterestForm]
    version_class: type[VersionBase]


KIND_PAGES: dict[str, KindPage] = {
    "gift-or-hospitality": KindPage(
        "gift-or-hospitality",
        DeclarationKind.GIFT_HOSPITALITY,
        "Declare a gift or hospitality offer",
        GiftForm,
        GiftHospitalityVersion,
    ),
    "interest": KindPage(
        "interest",
        DeclarationKind.PERSONAL_INTEREST,
        "Declare a personal interest",
        InterestForm,
        InterestVersion,
    ),
}


def _page(slug: str) -> KindPage:
    if slug not in KIND_PAGES:
        raise Http404("No such declaration form.")
    return KIND_PAGES[slug]


def _declarant(request: AuthenticatedHttpRequest) -> Any:
    person, viewer = viewer_for_request(request)
    if not viewer.is_subject_to_code:
        raise PermissionDenied("Only officers and contractors make declarations.")
    return person


def _draft_key(page: KindPage) -> str:
    return f"probity-draft-{page.slug}"


def _form_data(request: AuthenticatedHttpRequest) -> dict[str, list[str]]:
    return {k: v for k, v in request.POST.lists() if k not in {"csrfmiddlewaretoken"}}


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    _declarant(request)
    return render(request, "declarations/declare_start.html", {"kinds": KIND_PAGES.values()})


@login_required
@require_http_methods(["GET", "POST"])
def declare(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    page = _page(slug)
    _declarant(request)
    today = clock.today()
    draft = request.session.get(_draft_key(page))
    if request.method == "POST":
        form = page.form_class(request.POST, today=today)
        if form.is_valid():
            token = draft["token"] if draft else str(uuid.uuid4())
            request.session[_draft_key(page)] = {"token": token, "data": _form_data(request)}
            return redirect("declarations:check", slug=page.slug)
    elif draft and request.GET.get("change"):
        form = page.form_class(_querydict(draft["data"]), today=today)
        form.is_valid()
    else:
        form = page.form_class(today=today)
    return render(
        request,
        "declarations/declare_form.html",
        {
            "page": page,
            "form": form,
            "guidance": policy_current().gift_guidance
            if page.kind == DeclarationKind.GIFT_HOSPITALITY
            else "",
            "route": review_route(kind=page.kind, has_line_manager=True),
        },
    )


def _querydict(data: dict[str, list[str]]) -> Any:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


@login_required
@require_http_methods(["GET", "POST"])
def check(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    page = _page(slug)
    person = _declarant(request)
    draft = request.session.get(_draft_key(page))
    if request.method == "POST":
        posted_token = request.POST.get("submission_token", "")
        try:
            token = uuid.UUID(posted_token)
        except ValueError:
            token = None
        if draft is None or token is None or draft["token"] != str(token):
            existing = declaration_by_token(token=token) if token else None
            if existing is not None and existing.declarant_id == person.pk:
                messages.info(request, "You had already sent this declaration. It was saved once.")
                return redirect("declarations:confirmation", reference=existing.reference)
            messages.info(request, "Your answers were not saved. Please fill in the form again.")
            return redirect("declarations:declare", slug=page.slug)
    if draft is None:
        return redirect("declarations:declare", slug=page.slug)
    form = page.form_class(_querydict(draft["data"]), today=clock.today())
    if not form.is_valid():
        return redirect(reverse("declarations:declare", kwargs={"slug": page.slug}) + "?change=1")
    facts = form.facts()
    if request.method == "POST":
        token = uuid.UUID(draft["token"])
        try:
            if isinstance(form, GiftForm):
                declaration = services.gift_declare(
                    actor=person,
                    facts=form.facts(),
                    submission_token=token,
                    now=clock.now(),
                    source=request_source(request),
                )
            else:
                declaration = services.interest_declare(
                    actor=person,
                    facts=form.facts(),
                    submission_token=token,
                    now=clock.now(),
                    source=request_source(request),
                )
        except services.DuplicateSubmission as duplicate:
            declaration = duplicate.declaration
        request.session.pop(_draft_key(page), None)
        return redirect("declarations:confirmation", reference=declaration.reference)
    preview = page.version_class(**facts.as_fields())
    return render(
        request,
        "declarations/declare_check.html",
        {"page": page, "rows": version_rows(preview), "token": draft["token"]},
    )


@login_required
def confirmation(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    declaration, version = declaration_for_viewer(reference=reference, viewer=viewer)
    if declaration.declarant_id != person.pk:
        raise Http404("No such declaration.")
    return render(
        request,
        "declarations/declare_confirmation.html",
        {"declaration": declaration, "version": version},
    )


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = _declarant(request)
    rows = [(v, version_summary(v)) for v in my_declarations(person=person)]
    return render(request, "declarations/my_list.html", {"rows": rows})


@login_required
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    if not (viewer.is_manager or viewer.headed_service_ids or viewer.is_monitoring_officer):
        raise PermissionDenied("You have nothing to review.")
    now = clock.now()
    rows = [
        (v, version_summary(v), (now - v.declaration.status_changed_at).days)
        for v in declarations_to_review(viewer=viewer)
    ]
    return render(request, "declarations/review_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    declaration, version = declaration_for_viewer(reference=reference, viewer=viewer)
    actions = available_actions(viewer, entry_facts(declaration=declaration, version=version))
    form: ReviewForm | CommentForm | RecordForm | None = None
    mode = ""
    if Action.NOTE in actions:
        mode, form = "review", ReviewForm(request.POST or None)
    elif Action.ADVISE in actions:
        mode, form = "advise", CommentForm(request.POST or None, label="Your advice")
    elif Action.RECORD in actions:
        mode, form = "record", RecordForm(request.POST or None)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Nothing on this declaration is waiting for you.")
        if form.is_valid():
            data = form.cleaned_data
            if mode == "review":
                action = Action(data["decision"])
                referred_to = data.get("referred_to", "") if action == Action.REFER else ""
            else:
                action = Action.ADVISE if mode == "advise" else Action.RECORD
                referred_to = ""
            services.declaration_decide(
                actor=person,
                viewer=viewer,
                declaration=declaration,
                action=action,
                comment=data.get("comment", ""),
                referred_to=referred_to,
                now=clock.now(),
                source=request_source(request),
            )
            messages.success(request, f"Your decision on {declaration.reference} has been saved.")
            return redirect("declarations:review_list")
    return render(
        request,
        "declarations/review_detail.html",
        {
            "declaration": declaration,
            "version": version,
            "rows": version_rows(version),
            "decisions": decisions_of(declaration=declaration),
            "form": form,
            "mode": mode,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def respond(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    declaration, version = declaration_for_viewer(reference=reference, viewer=viewer)
    actions = available_actions(viewer, entry_facts(declaration=declaration, version=version))
    if Action.RESPOND not in actions:
        raise PermissionDenied("No question is waiting for your answer on this declaration.")
    question = (
        decisions_of(declaration=declaration)
        .filter(action=DecisionAction.INFO_REQUESTED)
        .order_by("-created_at", "-id")
        .first()
    )
    form = CommentForm(request.POST or None, label="Your answer")
    if request.method == "POST" and form.is_valid():
        services.declaration_decide(
            actor=person,
            viewer=viewer,
            declaration=declaration,
            action=Action.RESPOND,
            comment=form.cleaned_data["comment"],
            now=clock.now(),
            source=request_source(request),
        )
        messages.success(
            request, "Your answer has been sent. Your declaration will be reviewed again."
        )
        return redirect("registers:entry", reference=declaration.reference)
    return render(
        request,
        "declarations/respond.html",
        {
            "declaration": declaration,
            "rows": version_rows(version),
            "question": question,
            "form": form,
        },
    )


def _initial_from(
    version: VersionBase, form_class: type[GiftForm] | type[InterestForm]
) -> dict[str, Any]:
    return {
        name: getattr(version, name) for name in form_class.base_fields if hasattr(version, name)
    }


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    declaration, version = declaration_for_viewer(reference=reference, viewer=viewer)
    if Action.CORRECT not in available_actions(
        viewer, entry_facts(declaration=declaration, version=version)
    ):
        raise PermissionDenied("You cannot correct this declaration.")
    page = next(p for p in KIND_PAGES.values() if p.kind == declaration.kind)
    today = clock.today()
    if request.method == "POST":
        form = page.form_class(request.POST, today=today, correcting=True)
        if form.is_valid():
            services.declaration_correct(
                actor=person,
                viewer=viewer,
                declaration=declaration,
                facts=form.facts(),
                reason=form.cleaned_data["change_reason"],
                now=clock.now(),
                source=request_source(request),
            )
            messages.success(
                request,
                f"Your correction to {declaration.reference} has been saved as a new version.",
            )
            return redirect("registers:entry", reference=declaration.reference)
    else:
        form = page.form_class(
            initial=_initial_from(version, page.form_class), today=today, correcting=True
        )
    return render(
        request,
        "declarations/correct.html",
        {"declaration": declaration, "page": page, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def end(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    declaration, version = declaration_for_viewer(reference=reference, viewer=viewer)
    if Action.END not in available_actions(
        viewer, entry_facts(declaration=declaration, version=version)
    ):
        raise PermissionDenied("You cannot end this declaration.")
    assert isinstance(version, InterestVersion)  # END is only offered for interests  # noqa: S101
    form = EndInterestForm(request.POST or None, today=clock.today(), starts_on=version.starts_on)
    if request.method == "POST" and form.is_valid():
        services.interest_end(
            actor=person,
            viewer=viewer,
            declaration=declaration,
            ends_on=form.cleaned_data["ends_on"],
            reason=form.cleaned_data.get("change_reason", ""),
            now=clock.now(),
            source=request_source(request),
        )
        messages.success(
            request,
            f"{declaration.reference} has been ended. It stays in the register with its history.",
        )
        return redirect("registers:entry", reference=declaration.reference)
    return render(
        request,
        "declarations/end.html",
        {"declaration": declaration, "rows": version_rows(version), "form": form},
    )
