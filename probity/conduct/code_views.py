"""Pages for the code and the protocol: reading, comparing, confirming, drafting and governing."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_http_methods

from probity.conduct import code_access, code_pdfs, code_selectors, documents
from probity.conduct.code_forms import (
    AdoptionForm,
    CommitteeDecisionForm,
    CompareForm,
    ConfirmationFilterForm,
    ConfirmReadForm,
    DiscardDraftForm,
    DraftImportForm,
    DraftTextForm,
    SectionDutiesForm,
    ValuesForm,
)
from probity.conduct.code_selectors import DeclareLinksProvider
from probity.conduct.code_services import (
    CodeError,
    adoption_record,
    committee_decision_record,
    confirmation_record,
    draft_discard,
    draft_send_to_committee,
    draft_set_values,
    draft_start,
    draft_update_text,
    section_set_kinds,
)
from probity.conduct.models import CodeVersion, DocumentKind, VersionStage
from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest, request_source
from probity.people.access import viewer_for_request
from probity.people.selectors import directorates_all, services_all

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _spreadsheet_safe(value: object) -> str:
    """Text a spreadsheet will never run as a formula (OWASP CSV injection guidance)."""
    text = "" if value is None else str(value)
    text = text.replace("\x00", "")
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _viewer_if_signed_in(request: HttpRequest) -> Any:
    if not request.user.is_authenticated:
        return None, None
    try:
        return viewer_for_request(request)
    except PermissionDenied:
        return None, None


def _posted(request: HttpRequest) -> Any:
    """The posted data, even when empty, so that an empty post shows its errors."""
    return request.POST if request.method == "POST" else None


def _links(declare_links: DeclareLinksProvider | None) -> code_selectors.DeclareLinks:
    return declare_links() if declare_links is not None else {}


# --- Reading ---------------------------------------------------------------------------------


def _reading_page(
    request: HttpRequest,
    *,
    document: DocumentKind,
    version: CodeVersion,
    declare_links: DeclareLinksProvider | None,
    is_current_page: bool,
) -> HttpResponse:
    today = clock.today()
    person, viewer = _viewer_if_signed_in(request)
    standing = code_selectors.version_standing(version=version, today=today)
    current = (
        version
        if standing == documents.Standing.IN_FORCE
        else code_selectors.version_in_force(document=document, today=today)
    )
    due = (
        code_selectors.confirmation_due(person=person, today=today)
        if person is not None and document == DocumentKind.CODE
        else None
    )
    return render(
        request,
        "conduct/code_current.html",
        {
            "document": document,
            "content": code_selectors.version_content(
                version=version, declare_links=_links(declare_links)
            ),
            "version": version,
            "standing": standing,
            "standing_label": documents.STANDING_LABELS[standing],
            "current": current,
            "is_current_page": is_current_page,
            "previous": code_selectors.version_previous_adopted(version=version),
            "can_compare": viewer is not None and code_access.can_compare(viewer),
            # Links to the declaration forms for those the code applies to, and for visitors
            # (who sign in on the way); others (a councillor, an auditor) see what each asks for.
            "may_declare": viewer is None or viewer.is_subject_to_code,
            "confirmation_due": due is not None and due.pk == version.pk,
            "decisions": code_selectors.decisions_of(version=version),
        },
    )


def current(
    request: HttpRequest, document: str, declare_links: DeclareLinksProvider | None = None
) -> HttpResponse:
    """The version in force, for anyone, at a stable address."""
    kind = code_access.document_kind(document)
    version = code_selectors.version_in_force(document=kind, today=clock.today())
    if version is None:
        return render(request, "conduct/code_none.html", {"document": kind})
    return _reading_page(
        request, document=kind, version=version, declare_links=declare_links, is_current_page=True
    )


def version_detail(
    request: HttpRequest,
    document: str,
    number: int,
    declare_links: DeclareLinksProvider | None = None,
) -> HttpResponse:
    """Any adopted version, for anyone, for ever."""
    kind = code_access.document_kind(document)
    version = code_access.published_version(document=kind, number=number)
    return _reading_page(
        request, document=kind, version=version, declare_links=declare_links, is_current_page=False
    )


def versions(request: HttpRequest, document: str) -> HttpResponse:
    kind = code_access.document_kind(document)
    rows = [
        row
        for row in code_selectors.version_rows(document=kind, today=clock.today())
        if row.is_published
    ]
    _, viewer = _viewer_if_signed_in(request)
    return render(
        request,
        "conduct/code_versions.html",
        {
            "document": kind,
            "rows": rows,
            "can_compare": viewer is not None and code_access.can_compare(viewer) and len(rows) > 1,
        },
    )


def _print_html(request: HttpRequest, *, kind: DocumentKind, version: CodeVersion) -> str:
    return render_to_string(
        "conduct/code_print.html",
        {
            "document": kind,
            "version": version,
            "content": code_selectors.version_content(version=version),
            "standing_label": documents.STANDING_LABELS[
                code_selectors.version_standing(version=version, today=clock.today())
            ],
            "for_pdf": False,
        },
        request=request,
    )


def print_version(request: HttpRequest, document: str, number: int) -> HttpResponse:
    """A plain page of the version, for printing."""
    kind = code_access.document_kind(document)
    version = code_access.published_version(document=kind, number=number)
    return HttpResponse(_print_html(request, kind=kind, version=version))


def pdf_version(request: HttpRequest, document: str, number: int) -> HttpResponse:
    """The version as a tagged PDF: made once from its print page, then served as kept.

    The ETag is the PDF's SHA-256; a client that already has it gets 304 Not Modified.
    """
    kind = code_access.document_kind(document)
    version = code_access.published_version(document=kind, number=number)
    kept, _ = code_pdfs.pdf_for_version(version=version, today=clock.today(), now=clock.now())
    etag = f'"{kept.pdf_sha256}"'
    response = HttpResponse(content_type="application/pdf")
    response["ETag"] = etag
    conditional = get_conditional_response(request, etag=etag, response=response)
    if conditional is not None and conditional is not response:
        return conditional
    response.content = bytes(kept.pdf)
    response["Content-Length"] = str(kept.size)
    filename = f"{kind.value}-version-{version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def compare(request: AuthenticatedHttpRequest, document: str) -> HttpResponse:
    """Two adopted versions side by side, section by section."""
    kind = code_access.document_kind(document)
    code_access.viewer_who_may_compare(request)
    published = list(code_selectors.versions_published(document=kind))
    numbers = [v.number for v in published]
    changes: tuple[documents.SectionChange, ...] = ()
    old = new = None
    form = CompareForm(request.GET or None, numbers=numbers)
    if len(published) < 2:
        form = CompareForm(None, numbers=numbers)
    elif not request.GET:
        new, old = published[0], published[1]
        form = CompareForm(initial={"old": old.number, "new": new.number}, numbers=numbers)
    elif form.is_valid():
        by_number = {v.number: v for v in published}
        old, new = by_number[form.cleaned_data["old"]], by_number[form.cleaned_data["new"]]
        if old.number > new.number:
            old, new = new, old
    if old is not None and new is not None:
        changes = documents.diff_sections(
            code_selectors.section_texts(version=old), code_selectors.section_texts(version=new)
        )
    return render(
        request,
        "conduct/code_compare.html",
        {
            "document": kind,
            "form": form,
            "old": old,
            "new": new,
            "changes": changes,
            "summary": documents.summarise_diff(changes),
            "kind_labels": documents.DECLARATION_KINDS,
            "too_few": len(published) < 2,
        },
    )


# --- Confirming ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An officer or contractor confirms they have read the version in force."""
    person, viewer = viewer_for_request(request)
    if not viewer.is_subject_to_code:
        raise PermissionDenied("Only people the code applies to confirm they have read it.")
    today = clock.today()
    version = code_selectors.version_in_force(document=DocumentKind.CODE, today=today)
    existing = code_selectors.confirmation_of(person=person, version=version) if version else None
    form = ConfirmReadForm(_posted(request))
    if request.method == "POST" and version is not None and existing is None and form.is_valid():
        try:
            confirmation_record(
                person=person, version=version, now=clock.now(), source=request_source(request)
            )
        except CodeError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("code:confirm")
        messages.success(
            request,
            f"Thank you. You have confirmed you have read version {version.number} of the code.",
        )
        return redirect("code:confirm")
    return render(
        request,
        "conduct/code_confirm.html",
        {"version": version, "existing": existing, "form": form, "document": DocumentKind.CODE},
    )


def _confirmation_context(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    _, viewer = viewer_for_request(request)
    scope = code_access.confirmation_scope(viewer)
    today = clock.today()
    version = code_selectors.version_in_force(document=DocumentKind.CODE, today=today)
    form = ConfirmationFilterForm(
        request.GET or None,
        directorates=[(d.pk, d.name) for d in directorates_all()],
        services=[(s.pk, s.name) for s in services_all()],
    )
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "directorate_id": form.cleaned_data.get("directorate") or None,
            "service_id": form.cleaned_data.get("service") or None,
            "status": form.cleaned_data.get("status") or "",
        }
    rows = (
        code_selectors.confirmation_rows(version=version, today=today, person_ids=scope, **filters)
        if version is not None
        else []
    )
    return {
        "version": version,
        "form": form,
        "rows": rows,
        "everyone": scope is None,
        "by_directorate": documents.confirmation_counts((r.directorate, r.confirmed) for r in rows),
        "by_service": documents.confirmation_counts((r.service, r.confirmed) for r in rows),
        "confirmed": sum(1 for r in rows if r.confirmed),
    }


@login_required
def confirmations(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who has and has not confirmed the version in force: everyone for the MO, reports for managers."""
    context = _confirmation_context(request)
    context["query"] = request.GET.urlencode()
    return render(request, "conduct/code_confirmations.html", context)


@login_required
def confirmations_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = _confirmation_context(request)
    version = context["version"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    number = version.number if version else 0
    response["Content-Disposition"] = (
        f'attachment; filename="code-version-{number}-confirmations.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["Name", "Job title", "Directorate", "Service", "Confirmed", "Confirmed at"])
    for row in context["rows"]:
        when = (
            row.confirmed_at.astimezone(clock.LONDON).strftime("%Y-%m-%d %H:%M")
            if row.confirmed_at
            else ""
        )
        writer.writerow(
            [
                _spreadsheet_safe(cell)
                for cell in (
                    row.person.full_name,
                    row.person.job_title,
                    row.directorate,
                    row.service,
                    "Yes" if row.confirmed else "No",
                    when,
                )
            ]
        )
    return response


# --- Drafting and governance (Monitoring Officer) -------------------------------------------


@login_required
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    code_access.monitoring_officer_for_request(request)
    today = clock.today()
    documents_rows = []
    for kind in DocumentKind:
        rows = code_selectors.version_rows(document=kind, today=today)
        documents_rows.append(
            {
                "kind": kind,
                "rows": rows,
                "can_start": documents.can_start_draft(
                    documents.VersionFacts(
                        r.version.number,
                        documents.Stage(r.version.stage),
                        r.version.takes_effect_on,
                    )
                    for r in rows
                ),
            }
        )
    return render(
        request,
        "conduct/code_manage.html",
        {"documents": documents_rows, "warnings": code_selectors.code_review_warning(today)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def draft_new(request: AuthenticatedHttpRequest, document: str) -> HttpResponse:
    person, _ = code_access.monitoring_officer_for_request(request)
    kind = code_access.document_kind(document)
    base = code_selectors.version_in_force(document=kind, today=clock.today())
    error = ""
    if request.method == "POST":
        try:
            version = draft_start(
                actor=person, document=kind, now=clock.now(), source=request_source(request)
            )
        except CodeError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Draft version {version.number} started.")
            return redirect("code:draft", version_id=version.pk)
    return render(
        request, "conduct/code_draft_start.html", {"document": kind, "base": base, "error": error}
    )


@login_required
def draft(request: AuthenticatedHttpRequest, version_id: int) -> HttpResponse:
    _, viewer = code_access.monitoring_officer_for_request(request)
    version = code_access.version_for_drafting(viewer=viewer, version_id=version_id)
    standing = code_selectors.version_standing(version=version, today=clock.today())
    return render(
        request,
        "conduct/code_draft.html",
        {
            "version": version,
            "document": DocumentKind(version.document),
            "standing_label": documents.STANDING_LABELS[standing],
            "content": code_selectors.version_content(version=version),
            "decisions": code_selectors.decisions_of(version=version),
            "is_draft": version.stage == VersionStage.DRAFT,
            "with_committee": version.stage == VersionStage.WITH_COMMITTEE,
            "recommended": version.stage == VersionStage.RECOMMENDED,
            "is_code": version.document == DocumentKind.CODE,
        },
    )


def _draft_for_editing(
    request: AuthenticatedHttpRequest, version_id: int
) -> tuple[Any, CodeVersion]:
    person, viewer = code_access.monitoring_officer_for_request(request)
    version = code_access.version_for_drafting(viewer=viewer, version_id=version_id)
    return person, version


def _not_a_draft(request: HttpRequest, version: CodeVersion) -> HttpResponse:
    messages.error(
        request,
        "This version has been sent to committee and can no longer be changed. Start a new draft to make changes.",
    )
    return redirect("code:draft", version_id=version.pk)


def _warn_lost_links(
    request: HttpRequest, version: CodeVersion, before: tuple[documents.SectionText, ...]
) -> None:
    """Say which sections no longer lead to a declaration after the text was replaced."""
    after = code_selectors.section_texts(version=version)
    for lost in documents.lost_links(documents.diff_sections(before, after)):
        labels = ", ".join(lost.kind_labels)
        if lost.removed:
            text = f"Section {lost.number} ({lost.heading}) was removed. It asked for: {labels}."
        else:
            text = f"Section {lost.number} ({lost.heading}) no longer asks for: {labels}."
        messages.warning(request, f"{text} Check the declarations each section asks for.")


@login_required
@require_http_methods(["GET", "POST"])
def draft_text(request: AuthenticatedHttpRequest, version_id: int) -> HttpResponse:
    person, version = _draft_for_editing(request, version_id)
    if version.stage != VersionStage.DRAFT:
        return _not_a_draft(request, version)
    form = DraftTextForm(
        _posted(request),
        initial={
            "title": version.title,
            "change_summary": version.change_summary,
            "text": code_selectors.version_as_text(version=version),
        },
    )
    if request.method == "POST" and form.is_valid() and form.parsed is not None:
        before = code_selectors.section_texts(version=version)
        try:
            draft_update_text(
                actor=person,
                version=version,
                title=form.cleaned_data["title"],
                change_summary=form.cleaned_data["change_summary"],
                parsed=form.parsed,
                now=clock.now(),
                source=request_source(request),
            )
        except CodeError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, "The draft's text has been saved.")
            _warn_lost_links(request, version, before)
            return redirect("code:draft", version_id=version.pk)
    return render(request, "conduct/code_draft_text.html", {"form": form, "version": version})


@login_required
@require_http_methods(["GET", "POST"])
def draft_import(request: AuthenticatedHttpRequest, version_id: int) -> HttpResponse:
    person, version = _draft_for_editing(request, version_id)
    if version.stage != VersionStage.DRAFT:
        return _not_a_draft(request, version)
    form = DraftImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and form.result is not None:
        before = code_selectors.section_texts(version=version)
        try:
            draft_update_text(
                actor=person,
                version=version,
                title=version.title,
                change_summary=version.change_summary,
                parsed=form.result.parsed,
                filename=form.result.filename,
                now=clock.now(),
                source=request_source(request),
            )
        except CodeError as error:
            form.add_error("file", " ".join(error.messages))
        else:
            count = len(form.result.parsed.sections)
            messages.success(
                request,
                f"{form.result.filename} has been imported: {count} section{'s' if count != 1 else ''}. Check each section's declarations.",
            )
            _warn_lost_links(request, version, before)
            return redirect("code:draft", version_id=version.pk)
    return render(request, "conduct/code_draft_import.html", {"form": form, "version": version})


@login_required
@require_http_methods(["GET", "POST"])
def draft_values(request: AuthenticatedHttpRequest, version_id: int) -> HttpResponse:
    person, version = _draft_for_editing(request, version_id)
    if version.stage != VersionStage.DRAFT:
        return _not_a_draft(request, version)
    form = ValuesForm(
        _posted(request),
        initial={"values": documents.values_as_text(code_selectors.values_of(version=version))},
    )
    if request.method == "POST" and form.is_valid():
        draft_set_values(
            actor=person,
            version=version,
            values=form.parsed_values,
            now=clock.now(),
            source=request_source(request),
        )
        messages.success(request, "The council's values have been saved.")
        return redirect("code:draft", version_id=version.pk)
    return render(request, "conduct/code_draft_values.html", {"form": form, "version": version})


@login_required
@require_http_methods(["GET", "POST"])
def section_duties(
    request: AuthenticatedHttpRequest, version_id: int, section_id: int
) -> HttpResponse:
    person, version = _draft_for_editing(request, version_id)
    _, viewer = viewer_for_request(request)
    section = code_access.section_for_drafting(
        viewer=viewer, version=version, section_id=section_id
    )
    if version.stage != VersionStage.DRAFT:
        return _not_a_draft(request, version)
    form = SectionDutiesForm(_posted(request), initial={"kinds": section.declaration_kinds})
    if request.method == "POST" and form.is_valid():
        try:
            section_set_kinds(
                actor=person,
                section=section,
                kinds=form.cleaned_data["kinds"],
                now=clock.now(),
                source=request_source(request),
            )
        except CodeError as error:
            form.add_error("kinds", " ".join(error.messages))
        else:
            messages.success(
                request, f"The declarations for section {section.number} have been saved."
            )
            return redirect(
                reverse("code:draft", kwargs={"version_id": version.pk})
                + f"#section-{section.number}"
            )
    return render(
        request,
        "conduct/code_section_duties.html",
        {"form": form, "version": version, "section": section},
    )


@login_required
@require_http_methods(["GET", "POST"])
def draft_send(request: AuthenticatedHttpRequest, version_id: int) -> HttpResponse:
    person, version = _draft_for_editing(request, version_id)
    if version.stage != VersionStage.DRAFT:
        return _not_a_draft(request, version)
    error = ""
    if request.method == "POST":
        try:
            draft_send_to_committee(
                actor=person, version=version, now=clock.now(), source=request_source(request)
            )
        except CodeError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                f"Version {version.number} has been sent to committee. Its text can no longer be changed.",
            )
            return redirect("code:draft", version_id=version.pk)
    return render(
        request,
        "conduct/code_draft_send.html",
        {
            "version": version,
            "error": error,
            "content": code_selectors.version_content(version=version),
            "comparison": code_selectors.draft_comparison(version=version, today=clock.today()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def discard(request: AuthenticatedHttpRequest, version_id: int) -> HttpResponse:
    person, version = _draft_for_editing(request, version_id)
    if not documents.can_discard(documents.Stage(version.stage)):
        messages.error(request, "Only a draft can be discarded.")
        return redirect("code:draft", version_id=version.pk)
    form = DiscardDraftForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            draft_discard(
                actor=person,
                version=version,
                reason=form.cleaned_data["reason"],
                now=clock.now(),
                source=request_source(request),
            )
        except CodeError as error:
            form.add_error("reason", " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Draft version {version.number} has been discarded. It stays in the list of versions, marked discarded.",
            )
            return redirect("code:manage")
    return render(request, "conduct/code_draft_discard.html", {"form": form, "version": version})


@login_required
def draft_compare(request: AuthenticatedHttpRequest, version_id: int) -> HttpResponse:
    """A version being prepared, set against the version in force."""
    _, version = _draft_for_editing(request, version_id)
    comparison = code_selectors.draft_comparison(version=version, today=clock.today())
    return render(
        request,
        "conduct/code_draft_compare.html",
        {
            "version": version,
            "document": DocumentKind(version.document),
            "comparison": comparison,
            "old": comparison.against,
            "new": version,
            "changes": comparison.changes,
            "summary": comparison.summary,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee(request: AuthenticatedHttpRequest, version_id: int) -> HttpResponse:
    person, version = _draft_for_editing(request, version_id)
    if version.stage != VersionStage.WITH_COMMITTEE:
        messages.error(request, "Only a version with committee can have a committee decision.")
        return redirect("code:draft", version_id=version.pk)
    form = CommitteeDecisionForm(_posted(request), today=clock.today())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = committee_decision_record(
                actor=person,
                version=version,
                committee=data["committee"],
                meeting_date=data["meeting_date"],
                outcome=data["outcome"],
                minute_reference=data["minute_reference"],
                notes=data["notes"],
                now=clock.now(),
                source=request_source(request),
            )
        except CodeError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"The committee's decision has been recorded: {decision.get_outcome_display().lower()}.",
            )
            return redirect("code:draft", version_id=version.pk)
    return render(request, "conduct/code_committee.html", {"form": form, "version": version})


@login_required
@require_http_methods(["GET", "POST"])
def adopt(request: AuthenticatedHttpRequest, version_id: int) -> HttpResponse:
    person, version = _draft_for_editing(request, version_id)
    if version.stage != VersionStage.RECOMMENDED:
        messages.error(request, "Only a version the committee has recommended can be adopted.")
        return redirect("code:draft", version_id=version.pk)
    form = AdoptionForm(_posted(request), today=clock.today())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = adoption_record(
                actor=person,
                version=version,
                body=data["body"],
                meeting_date=data["meeting_date"],
                outcome=data["outcome"],
                takes_effect_on=data.get("takes_effect_on"),
                review_due_on=data.get("review_due_on"),
                minute_reference=data["minute_reference"],
                now=clock.now(),
                source=request_source(request),
            )
        except CodeError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"{decision.body}'s decision has been recorded: {decision.get_outcome_display().lower()}.",
            )
            return redirect("code:draft", version_id=version.pk)
    return render(request, "conduct/code_adopt.html", {"form": form, "version": version})
