"""Declaring, reviewing, approving, answering, correcting and ending."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from probity.conduct.selectors import policy_current
from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest, request_source
from probity.declarations import drafts, sealing, services
from probity.declarations.access import Entry, entry_for_viewer, route_policy_for_request
from probity.declarations.choices import DecisionAction, DeclarationKind
from probity.declarations.corrections import NOTHING_CHANGED, changes_nothing
from probity.declarations.forms import (
    ApprovalForm,
    CommentForm,
    EndInterestForm,
    RecordForm,
    ReviewForm,
)
from probity.declarations.kinds import BY_KIND, BY_SLUG, KINDS, AnyForm, KindSpec
from probity.declarations.models import VersionBase
from probity.declarations.presenters import Row, version_rows, version_summary
from probity.declarations.rules import (
    KIND_RULE,
    Action,
    Responsible,
    open_steps,
    reviews_anything,
)
from probity.declarations.selectors import (
    declaration_by_token,
    declarations_live,
    declarations_to_review,
    reviewers_after_change,
    route_policy,
    steps_stranded,
)
from probity.people.access import viewer_for_request
from probity.people.models import Person

OVERDUE_DAYS = 10


def _spec(slug: str) -> KindSpec:
    if slug not in BY_SLUG:
        raise Http404("No such declaration form.")
    return BY_SLUG[slug]


def _form_class(spec: KindSpec) -> type[AnyForm]:
    return spec.shape.form


def _declarant(request: AuthenticatedHttpRequest) -> Person:
    person, viewer = viewer_for_request(request)
    if not viewer.is_subject_to_code:
        raise PermissionDenied("Only officers and contractors make declarations.")
    return person


def _draft_key(spec: KindSpec) -> str:
    return f"probity-draft-{spec.slug}"


def _querydict(data: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


def _preview_rows(spec: KindSpec, form: AnyForm) -> list[Row]:
    return spec.shape.preview_rows(form.facts())


class NeedForm(forms.Form):
    need = forms.ChoiceField(
        label="What do you need to declare?",
        choices=[(spec.slug, spec.question) for spec in KINDS],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what you need to declare",
            "invalid_choice": "Select what you need to declare",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from crispy_forms_gds.helper import FormHelper
        from crispy_forms_gds.layout import Field, Layout, Size

        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.radios("need", legend_size=Size.LARGE, legend_tag="h1"))


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    _declarant(request)
    asked = "asked" in request.GET or "need" in request.GET
    form = NeedForm(request.GET if asked else None)
    if asked and form.is_valid():
        return redirect("declarations:declare", slug=form.cleaned_data["need"])
    return render(request, "declarations/declare_start.html", {"form": form, "kinds": KINDS})


@login_required
@require_http_methods(["GET", "POST"])
def declare(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    spec = _spec(slug)
    _declarant(request)
    today = clock.today()
    form_class = _form_class(spec)
    draft = drafts.draft_load(request.session, key=_draft_key(spec))
    form: AnyForm
    if request.method == "POST":
        form = form_class(request.POST, today=today)
        if form.is_valid():
            token = draft["token"] if draft else str(uuid.uuid4())
            try:
                answers = drafts.draft_answers(form, request.POST)
            except drafts.DraftTooLarge:
                form.add_error(None, "Your answers are too long. Shorten them and try again.")
            else:
                drafts.draft_store(
                    request.session,
                    key=_draft_key(spec),
                    kind=spec.kind,
                    token=token,
                    answers=answers,
                )
                return redirect("declarations:check", slug=spec.slug)
    elif draft and request.GET.get("change"):
        form = form_class(_querydict(draft["data"]), today=today)
        form.is_valid()
    else:
        form = form_class(today=today)
    return render(
        request,
        "declarations/declare_form.html",
        {
            "page": spec,
            "form": form,
            "live": _live_if_nil(spec, request),
            "guidance": policy_current().gift_guidance
            if spec.kind == DeclarationKind.GIFT_HOSPITALITY
            else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    spec = _spec(slug)
    person = _declarant(request)
    draft = drafts.draft_load(request.session, key=_draft_key(spec))
    if request.method == "POST":
        try:
            token: uuid.UUID | None = uuid.UUID(request.POST.get("submission_token", ""))
        except ValueError:
            token = None
        if draft is None or token is None or draft["token"] != str(token):
            existing = declaration_by_token(token=token) if token else None
            if existing is not None and existing.declarant_id == person.pk:
                messages.info(request, "You had already sent this declaration. It was saved once.")
                return redirect("declarations:confirmation", reference=existing.reference)
            messages.info(request, "Your answers were not saved. Please fill in the form again.")
            return redirect("declarations:declare", slug=spec.slug)
    if draft is None:
        return redirect("declarations:declare", slug=spec.slug)
    form = _form_class(spec)(_querydict(draft["data"]), today=clock.today())
    if not form.is_valid():
        return redirect(reverse("declarations:declare", kwargs={"slug": spec.slug}) + "?change=1")
    if request.method == "POST":
        try:
            declaration = services.declaration_submit(
                kind=spec.kind,
                actor=person,
                facts=form.facts(),
                submission_token=uuid.UUID(draft["token"]),
                now=clock.now(),
                source=request_source(request),
            )
        except services.DuplicateSubmission as duplicate:
            declaration = duplicate.declaration
        request.session.pop(_draft_key(spec), None)
        return redirect("declarations:confirmation", reference=declaration.reference)
    return render(
        request,
        "declarations/declare_check.html",
        {
            "page": spec,
            "rows": _preview_rows(spec, form),
            "token": draft["token"],
            "live": _live_if_nil(spec, request),
        },
    )


def _live_if_nil(spec: KindSpec, request: AuthenticatedHttpRequest) -> list[VersionBase]:
    """For a nil return: the declarant's declarations still in force, which it would contradict."""
    if not KIND_RULE[spec.kind].nothing_to_declare:
        return []
    person, _ = viewer_for_request(request)
    return declarations_live(person=person, today=clock.today())


def _entry(request: AuthenticatedHttpRequest, reference: str) -> tuple[Person, Any, Entry]:
    person, viewer = viewer_for_request(request)
    return person, viewer, entry_for_viewer(reference=reference, viewer=viewer)


def readable_rows(
    request: AuthenticatedHttpRequest,
    person: Person,
    entry: Entry,
    version: VersionBase | None = None,
) -> list[Row]:
    """The rows of a version, decrypting special-category facts (and recording the read).

    Worded for the reader: first person for the declarant, third person for anyone else.
    """
    version = version or entry.version
    third_person = person.pk != entry.declaration.declarant_id
    if entry.details_hidden:
        return [Row("Details", "Held by the Monitoring Officer", "")]
    if BY_KIND[entry.declaration.kind].shape.is_sealed(version):
        facts = services.special_facts_read(
            reader=person,
            declaration=entry.declaration,
            version=version,
            now=clock.now(),
            source=request_source(request),
        )
        return version_rows(version, facts=facts, third_person=third_person)
    return version_rows(version, third_person=third_person)


def readable_decisions(
    request: AuthenticatedHttpRequest, person: Person, entry: Entry
) -> list[sealing.ShownDecision]:
    """The decisions on an entry, their sealed text opened only for those who may read details."""
    return sealing.shown_decisions(
        entry.decisions,
        declaration=entry.declaration,
        reader=person,
        may_read=not entry.details_hidden,
        now=clock.now(),
        source=request_source(request),
    )


@login_required
def confirmation(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    person, _, entry = _entry(request, reference)
    if entry.declaration.declarant_id != person.pk:
        raise Http404("No such declaration.")
    steps = entry.facts.steps
    route = entry.route
    return render(
        request,
        "declarations/declare_confirmation.html",
        {
            "declaration": entry.declaration,
            "version": entry.version,
            "route": route,
            "told": sorted({name for step in route for name in step.people}),
            "stranded": any(step.stranded for step in route),
            "needs_approval": any(s.does == "approve" for s in steps),
        },
    )


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    from probity.declarations.selectors import my_declarations

    person = _declarant(request)
    rows = [(v, version_summary(v)) for v in my_declarations(person=person)]
    return render(request, "declarations/my_list.html", {"rows": rows})


@login_required
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    page = declarations_to_review(viewer=viewer, page=request.GET.get("page"))
    if not (page.paginator.count or reviews_anything(viewer, route_policy_for_request(request))):
        raise PermissionDenied("You have nothing to review.")
    now = clock.now()
    rows = []
    for item in page.object_list:
        days = (now - item.assignment.since).days
        rows.append(
            {
                "item": item,
                "summary": version_summary(item.version),
                "days": days,
                "overdue": days > OVERDUE_DAYS,
                "step": item.step_label,
                "hidden": item.declaration.special_category and not viewer.is_monitoring_officer,
            }
        )
    return render(
        request,
        "declarations/review_list.html",
        {
            "rows": rows,
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),
            "overdue_days": OVERDUE_DAYS,
            "overdue": sum(1 for r in rows if r["overdue"]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    person, viewer, entry = _entry(request, reference)
    declaration, actions = entry.declaration, entry.actions
    today = clock.today()
    form: ReviewForm | CommentForm | RecordForm | ApprovalForm | None = None
    mode = ""
    data = request.POST or None
    if Action.APPROVE in actions:
        mode, form = "approve", ApprovalForm(data, today=today)
    elif Action.NOTE in actions:
        mode, form = "review", ReviewForm(data, sealed=declaration.special_category)
    elif Action.RECORD in actions:
        step = next(
            s for s in open_steps(entry.facts.steps, entry.facts.done) if s.does == "record"
        )
        mode, form = (
            "record",
            RecordForm(
                data,
                record_label=step.record_label or "Record it",
                comment_required=step.responsible
                in {Responsible.REFERRAL_OFFICE, Responsible.LINE_MANAGER},
            ),
        )
    elif Action.ADVISE in actions:
        mode, form = "advise", CommentForm(data, label="Your advice")
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Nothing on this declaration is waiting for you.")
        if form.is_valid():
            cleaned = form.cleaned_data
            referred_to, conditions, review_on = "", "", None
            if mode == "review":
                action = Action(cleaned["decision"])
                referred_to = cleaned.get("referred_to", "") if action == Action.REFER else ""
            elif mode == "approve":
                choice = cleaned["decision"]
                action = Action.APPROVE if choice == "approve_with_conditions" else Action(choice)
                if choice == "approve_with_conditions":
                    conditions = cleaned["conditions"]
                if action == Action.APPROVE:
                    review_on = cleaned.get("review_on")
            elif mode == "record":
                action = Action.RECORD if cleaned["decision"] == "record" else Action.REQUEST_INFO
            else:
                action = Action.ADVISE
            services.declaration_decide(
                actor=person,
                viewer=viewer,
                declaration=declaration,
                action=action,
                comment=cleaned.get("comment", ""),
                referred_to=referred_to,
                conditions=conditions,
                review_on=review_on,
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
            "version": entry.version,
            "rows": readable_rows(request, person, entry),
            "decisions": readable_decisions(request, person, entry),
            "route": entry.route,
            "form": form,
            "mode": mode,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def respond(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    person, viewer, entry = _entry(request, reference)
    declaration = entry.declaration
    if Action.RESPOND not in entry.actions:
        raise PermissionDenied("No question is waiting for your answer on this declaration.")
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
    questions = [
        d
        for d in readable_decisions(request, person, entry)
        if d.action == DecisionAction.INFO_REQUESTED
    ]
    return render(
        request,
        "declarations/respond.html",
        {
            "declaration": declaration,
            "rows": readable_rows(request, person, entry),
            "question": questions[-1] if questions else None,
            "form": form,
        },
    )


def _initial_from(
    version: VersionBase, form_class: type[AnyForm], facts: dict[str, Any] | None
) -> dict[str, Any]:
    return BY_KIND[version.declaration.kind].shape.initial(version, facts)


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    person, viewer, entry = _entry(request, reference)
    declaration, version = entry.declaration, entry.version
    if Action.CORRECT not in entry.actions:
        raise PermissionDenied("You cannot correct this declaration.")
    spec = next(s for s in KINDS if s.kind == declaration.kind)
    form_class = _form_class(spec)
    today = clock.today()
    form: AnyForm
    if request.method == "POST":
        form = form_class(request.POST, today=today, correcting=True)
        if form.is_valid() and changes_nothing(version, form.facts()):
            form.add_error(None, NOTHING_CHANGED)
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
        facts = None
        if spec.shape.is_sealed(version):
            facts = services.special_facts_read(
                reader=person,
                declaration=declaration,
                version=version,
                now=clock.now(),
                source=request_source(request),
            )
        form = form_class(
            initial=_initial_from(version, form_class, facts), today=today, correcting=True
        )
    return render(
        request,
        "declarations/correct.html",
        {
            "declaration": declaration,
            "page": spec,
            "form": form,
            "reviewers": reviewers_after_change(declaration=declaration, today=today),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def end(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    person, viewer, entry = _entry(request, reference)
    declaration, version = entry.declaration, entry.version
    if Action.END not in entry.actions:
        raise PermissionDenied("You cannot end this declaration.")
    form = EndInterestForm(
        request.POST or None, today=clock.today(), starts_on=getattr(version, "starts_on", None)
    )
    if request.method == "POST" and form.is_valid():
        services.declaration_end(
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
        {"declaration": declaration, "rows": readable_rows(request, person, entry), "form": form},
    )


@login_required
def stranded(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The Monitoring Officer's list of steps nobody can take (an office and its fallbacks empty)."""
    _, viewer = viewer_for_request(request)
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer sees this list.")
    from django.core.paginator import Paginator

    paginator = Paginator(steps_stranded(), 50)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "declarations/stranded.html",
        {
            "page": page,
            "page_numbers": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "now": clock.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reroute(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The Monitoring Officer works out an open declaration's route again, on purpose."""
    person, viewer, entry = _entry(request, reference)
    if Action.REROUTE not in entry.actions:
        raise PermissionDenied(
            "Only the Monitoring Officer can re-route a declaration still waiting for a decision."
        )
    declaration = entry.declaration
    form = CommentForm(
        request.POST or None,
        label="Reason for re-routing",
        hint="The person who declared it is told, and the reason is kept in the audit trail.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_reroute(
                actor=person,
                viewer=viewer,
                declaration=declaration,
                reason=form.cleaned_data["comment"],
                now=clock.now(),
                source=request_source(request),
            )
        except ValueError as problem:
            form.add_error("comment", str(problem))
        else:
            messages.success(
                request, f"{declaration.reference} now follows the council's current settings."
            )
            return redirect("registers:entry", reference=declaration.reference)
    return render(
        request,
        "declarations/reroute.html",
        {
            "declaration": declaration,
            "route": entry.route,
            "routed_with": declaration.routed_with,
            "policy": route_policy(),
            "form": form,
        },
    )
