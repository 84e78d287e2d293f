"""Background tasks for the code and the protocol."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from probity.conduct.code_pdfs import pdf_for_version
from probity.conduct.models import CodeVersion, VersionStage
from probity.core import clock

logger = logging.getLogger(__name__)


@task()
def make_code_pdf(version_id: int) -> bool:
    """Make and keep the PDF of an adopted version, so no reader waits for it. True if made now.

    Running twice makes it once; a version that is not adopted is left alone.
    """
    version = CodeVersion.objects.filter(pk=version_id, stage=VersionStage.ADOPTED).first()
    if version is None:
        return False
    _, made = pdf_for_version(version=version, today=clock.today(), now=clock.now())
    return made


def make_code_pdf_after_commit(version_id: int) -> None:
    """Queue the PDF of a version once the current transaction commits.

    A failure to queue is logged and not raised: the PDF is then made by the first reader, or by
    ``manage.py render_code_pdfs``.
    """

    def enqueue() -> None:
        try:
            make_code_pdf.enqueue(version_id)
        except Exception:
            logger.exception("The PDF of version %s could not be queued", version_id)

    transaction.on_commit(enqueue, robust=True)
