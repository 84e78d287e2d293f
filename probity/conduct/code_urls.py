"""Addresses for the code and the protocol (namespace ``code``).

``/code/`` is the code in force and ``/protocol/`` the councillor-officer protocol, for anyone.
Wire them with ``path("", include(code_urls.urls(declare_links=...)))`` so that "Declare under
this section" links to the declaration forms, which live in a higher layer than this app.
Including ``probity.conduct.code_urls`` as a module also works, without those links.
"""

from __future__ import annotations

from django.urls import URLPattern, path, register_converter

from probity.conduct import code_views as views
from probity.conduct.code_selectors import DeclareLinksProvider
from probity.conduct.models import DocumentKind

app_name = "code"


class DocumentConverter:
    regex = "|".join(kind.value for kind in DocumentKind)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(DocumentConverter, "document")


def build(*, declare_links: DeclareLinksProvider | None = None) -> list[URLPattern]:
    links = {"declare_links": declare_links} if declare_links is not None else {}
    return [
        path("<document:document>/", views.current, links, name="current"),
        path("<document:document>/versions/", views.versions, name="versions"),
        path(
            "<document:document>/versions/<int:number>/",
            views.version_detail,
            links,
            name="version",
        ),
        path(
            "<document:document>/versions/<int:number>/print/",
            views.print_version,
            name="print",
        ),
        path("<document:document>/versions/<int:number>/pdf/", views.pdf_version, name="pdf"),
        path("<document:document>/compare/", views.compare, name="compare"),
        path("code/confirm/", views.confirm, name="confirm"),
        path("code/confirmations/", views.confirmations, name="confirmations"),
        path("code/confirmations/csv/", views.confirmations_csv, name="confirmations_csv"),
        path("code/manage/", views.manage, name="manage"),
        path("code/manage/<document:document>/new/", views.draft_new, name="draft_new"),
        path("code/manage/versions/<int:version_id>/", views.draft, name="draft"),
        path("code/manage/versions/<int:version_id>/text/", views.draft_text, name="draft_text"),
        path(
            "code/manage/versions/<int:version_id>/import/",
            views.draft_import,
            name="draft_import",
        ),
        path(
            "code/manage/versions/<int:version_id>/values/",
            views.draft_values,
            name="draft_values",
        ),
        path(
            "code/manage/versions/<int:version_id>/sections/<int:section_id>/declarations/",
            views.section_duties,
            name="section_duties",
        ),
        path("code/manage/versions/<int:version_id>/send/", views.draft_send, name="draft_send"),
        path(
            "code/manage/versions/<int:version_id>/discard/",
            views.discard,
            name="draft_discard",
        ),
        path(
            "code/manage/versions/<int:version_id>/compare/",
            views.draft_compare,
            name="draft_compare",
        ),
        path(
            "code/manage/versions/<int:version_id>/committee/",
            views.committee,
            name="committee",
        ),
        path("code/manage/versions/<int:version_id>/adopt/", views.adopt, name="adopt"),
    ]


def urls(*, declare_links: DeclareLinksProvider | None = None) -> tuple[list[URLPattern], str]:
    """The patterns and namespace, for ``include()``."""
    return build(declare_links=declare_links), app_name


urlpatterns = build()
