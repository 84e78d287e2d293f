"""Kept PDFs of adopted versions: made once from the exact print page, then served as stored.

A version's print page is rendered on every request (a few small queries); its SHA-256 names the
PDF to serve. If no PDF was kept for that page, it is made under a lock on the version's row, so
that many first requests at once make it once, and kept (``CodePdf``). A PDF is never served for
a page other than the one it was made from: when the page changes (the version comes into force
or is superseded, or a release changes the template), the next request or
``manage.py render_code_pdfs`` makes a new one beside the old. Only adopted versions have PDFs:
drafts and versions not adopted are never published.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from probity.conduct import pdf
from probity.conduct.code_selectors import version_content, version_standing
from probity.conduct.documents import STANDING_LABELS
from probity.conduct.models import CodePdf, CodeVersion, DocumentKind, VersionStage

logger = logging.getLogger(__name__)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pdf_html(*, version: CodeVersion, today: dt.date) -> str:
    """The print page a version's PDF is made from, as it reads on ``today``.

    Rendered without a request, so the page (and its digest) is the same in a web request, a
    background task and a management command.
    """
    return render_to_string(
        "conduct/code_print.html",
        {
            "document": DocumentKind(version.document),
            "version": version,
            "content": version_content(version=version),
            "standing_label": STANDING_LABELS[version_standing(version=version, today=today)],
            "for_pdf": True,
            "council_name": settings.PROBITY_COUNCIL_NAME,
        },
    )


def pdf_kept(*, version: CodeVersion, html_sha256: str) -> CodePdf | None:
    """The PDF kept for this print page, without its bytes (read them with ``.pdf``)."""
    return CodePdf.objects.filter(version=version, html_sha256=html_sha256).defer("pdf").first()


def pdf_for_version(
    *, version: CodeVersion, today: dt.date, now: dt.datetime
) -> tuple[CodePdf, bool]:
    """The PDF of an adopted version's print page as it reads on ``today``, and whether it was
    made now. Made and kept the first time; every later call reads what was kept.

    The caller has checked the reader may see the version. Many first calls at once wait on a
    lock of the version's row, so the PDF is made once; the unique (version, page digest) keeps
    it so on any database.
    """
    if version.stage != VersionStage.ADOPTED:
        raise ValueError("Only an adopted version has a kept PDF")
    html = pdf_html(version=version, today=today)
    html_sha256 = sha256_hex(html.encode("utf-8"))
    kept = pdf_kept(version=version, html_sha256=html_sha256)
    if kept is not None:
        return kept, False
    with transaction.atomic():
        CodeVersion.objects.select_for_update().only("pk").get(pk=version.pk)
        kept = pdf_kept(version=version, html_sha256=html_sha256)
        if kept is not None:
            return kept, False
        data = pdf.html_to_pdf(html)
        kept = CodePdf.objects.create(
            version=version,
            html_sha256=html_sha256,
            pdf=data,
            pdf_sha256=sha256_hex(data),
            size=len(data),
            rendered_at=now,
        )
    logger.info("Made the PDF of %s (%s bytes)", version, kept.size)
    return kept, True


def pdfs_for_adopted(*, today: dt.date, now: dt.datetime) -> tuple[int, int]:
    """Make any PDF missing for the print pages of adopted versions as they read on ``today``.

    Safe to run again: returns (how many were made, how many were already kept).
    """
    made = kept = 0
    for version in CodeVersion.objects.filter(stage=VersionStage.ADOPTED).order_by(
        "document", "number"
    ):
        _, new = pdf_for_version(version=version, today=today, now=now)
        if new:
            made += 1
        else:
            kept += 1
    return made, kept
