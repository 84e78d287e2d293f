"""Fetching versions of the code for a person, or refusing.

- Drafting and governance: the Monitoring Officer and deputies only.
- Published (adopted) versions: everyone, signed in or not. Drafts are never public.
- Comparing versions: signed-in staff (anyone the code applies to, the Monitoring Officer, auditors).
- Reading confirmations: the Monitoring Officer for everyone; a manager for their own reports.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from probity.conduct.models import CodeSection, CodeVersion, DocumentKind, VersionStage
from probity.people.access import viewer_for_request
from probity.people.models import Person
from probity.people.rules import Viewer


def document_kind(document: str) -> DocumentKind:
    try:
        return DocumentKind(document)
    except ValueError as exc:
        raise Http404("No such document") from exc


def monitoring_officer_for_request(request: HttpRequest) -> tuple[Person, Viewer]:
    person, viewer = viewer_for_request(request)
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can draft and govern the code.")
    return person, viewer


def version_for_drafting(*, viewer: Viewer, version_id: int) -> CodeVersion:
    """Any version, for the Monitoring Officer's pages; 403 for anyone else, 404 if missing."""
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can draft and govern the code.")
    version = (
        CodeVersion.objects.select_related("created_by", "based_on", "discarded_by")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise Http404("No such version")
    return version


def section_for_drafting(*, viewer: Viewer, version: CodeVersion, section_id: int) -> CodeSection:
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can draft and govern the code.")
    section = CodeSection.objects.filter(version=version, pk=section_id).first()
    if section is None:
        raise Http404("No such section")
    return section


def published_version(*, document: str, number: int) -> CodeVersion:
    """An adopted version, for anyone; drafts and versions not adopted are not found."""
    version = (
        CodeVersion.objects.filter(
            document=document_kind(document), number=number, stage=VersionStage.ADOPTED
        )
        .select_related("created_by")
        .first()
    )
    if version is None:
        raise Http404("No such version")
    return version


def can_compare(viewer: Viewer) -> bool:
    return viewer.is_subject_to_code or viewer.is_monitoring_officer or viewer.is_auditor


def viewer_who_may_compare(request: HttpRequest) -> Viewer:
    _, viewer = viewer_for_request(request)
    if not can_compare(viewer):
        raise PermissionDenied("Comparing versions is for council staff.")
    return viewer


def confirmation_scope(viewer: Viewer) -> frozenset[int] | None:
    """Whose confirmations ``viewer`` may see: ``None`` for everyone, else a set of people.

    The Monitoring Officer sees everyone; a manager sees the people who report to them, directly
    or indirectly. Anyone else is refused.
    """
    if viewer.is_monitoring_officer:
        return None
    if viewer.report_ids:
        return viewer.report_ids
    raise PermissionDenied(
        "Only the Monitoring Officer and managers can see who has read the code."
    )
