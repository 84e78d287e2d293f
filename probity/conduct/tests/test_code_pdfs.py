"""The PDF of an adopted version is made once from its print page, kept, and served as kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from conftest import Council, signed_in
from probity.conduct import code_pdfs, pdf
from probity.conduct import code_services as svc
from probity.conduct.documents import parse_text
from probity.conduct.models import CodePdf, CodeVersion, DocumentKind, MeetingOutcome
from probity.conduct.tasks import make_code_pdf
from probity.conduct.tests.factories import adopted_version
from probity.core import clock

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)
TEXT = """1. Introduction
1.1 High standards are expected.

2. Gifts and hospitality
2.1 Declare every offer.
"""


class Renderer:
    """The real renderer, counting its calls; ``pause`` seconds are spent inside each call."""

    def __init__(self, real: Callable[..., bytes], pause: float = 0.0) -> None:
        self.real = real
        self.pause = pause
        self.calls = 0
        self.inside = threading.Event()

    def __call__(self, html: str, **kwargs: Any) -> bytes:
        self.calls += 1
        self.inside.set()
        if self.pause:
            time.sleep(self.pause)
        return self.real(html, **kwargs)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


@pytest.fixture
def renderer(monkeypatch: pytest.MonkeyPatch) -> Renderer:
    counting = Renderer(pdf.html_to_pdf)
    monkeypatch.setattr(pdf, "html_to_pdf", counting)
    return counting


def adopt(
    council: Council, *, effect: dt.date = dt.date(2027, 3, 1), text: str = TEXT
) -> CodeVersion:
    return adopted_version(council.mo, text=text, effect=effect)


def url(version: CodeVersion) -> str:
    return f"/{version.document}/versions/{version.number}/pdf/"


def test_the_first_download_makes_the_pdf_and_later_ones_serve_what_was_kept(
    council: Council, renderer: Renderer
) -> None:
    version = adopt(council)
    first = Client().get(url(version))
    assert first.status_code == 200 and renderer.calls == 1
    kept = CodePdf.objects.get()
    stored = bytes(kept.pdf)
    assert stored.startswith(b"%PDF-")
    assert first.content == stored
    assert first["ETag"] == f'"{kept.pdf_sha256}"'
    assert kept.pdf_sha256 == hashlib.sha256(stored).hexdigest() and kept.size == len(stored)
    assert first["Content-Length"] == str(len(stored))
    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == 'attachment; filename="code-version-1.pdf"'
    assert (
        kept.html_sha256
        == hashlib.sha256(
            code_pdfs.pdf_html(version=version, today=clock.today()).encode()
        ).hexdigest()
    )
    assert kept.rendered_at == NOW

    with clock.frozen(NOW + dt.timedelta(hours=2)):  # later the same day: the same page
        again = signed_in(council.officer).get(url(version))
    assert again.status_code == 200 and again.content == stored
    assert again["ETag"] == first["ETag"]
    assert renderer.calls == 1
    assert CodePdf.objects.count() == 1
    assert CodePdf.objects.get().rendered_at == NOW


def test_the_pdf_is_tagged_and_made_from_the_print_page(council: Council) -> None:
    version = adopt(council)
    html = code_pdfs.pdf_html(version=version, today=clock.today())
    assert '<html lang="en-GB">' in html and "Probity" in html
    assert "Status: In force." in html and "High standards are expected." in html
    assert "stylesheet" not in html and "Back to the web page" not in html
    kept, made = code_pdfs.pdf_for_version(version=version, today=clock.today(), now=NOW)
    assert made
    uncompressed = pdf.html_to_pdf(html, compress=False)
    assert b"/StructTreeRoot" in uncompressed and b"/Lang" in uncompressed
    assert bytes(kept.pdf).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("if_none_match", "status"),
    [
        ("{etag}", 304),
        ("W/{etag}", 304),  # If-None-Match compares weakly
        ('"something-else", {etag}', 304),
        ("*", 304),
        ('"something-else"', 200),
        ('"{sha}x"', 200),
    ],
)
def test_a_client_that_has_the_pdf_is_told_it_has_not_changed(
    council: Council, renderer: Renderer, if_none_match: str, status: int
) -> None:
    version = adopt(council)
    first = Client().get(url(version))
    etag = first["ETag"]
    sha = etag.strip('"')
    response = Client().get(
        url(version), headers={"If-None-Match": if_none_match.format(etag=etag, sha=sha)}
    )
    assert response.status_code == status
    if status == 304:
        assert response.content == b""
        assert response["ETag"] == etag
    else:
        assert response.content == first.content
    assert renderer.calls == 1


def test_a_change_to_the_print_page_makes_a_new_pdf_and_the_old_is_never_served(
    council: Council, renderer: Renderer, settings: Any
) -> None:
    version = adopt(council)
    first = Client().get(url(version))
    assert renderer.calls == 1
    original = settings.PROBITY_COUNCIL_NAME

    settings.PROBITY_COUNCIL_NAME = "Borsetshire County Council"  # the page now reads otherwise
    renamed = Client().get(url(version))
    assert renderer.calls == 2
    assert renamed["ETag"] != first["ETag"]
    assert renamed.content != first.content
    assert CodePdf.objects.filter(version=version).count() == 2
    newest = CodePdf.objects.order_by("-id").first()
    assert newest is not None and renamed.content == bytes(newest.pdf)
    # The old ETag no longer matches: the client gets the new PDF.
    stale = Client().get(url(version), headers={"If-None-Match": first["ETag"]})
    assert stale.status_code == 200 and stale["ETag"] == renamed["ETag"]
    assert renderer.calls == 2

    settings.PROBITY_COUNCIL_NAME = original
    back = Client().get(url(version))
    assert back["ETag"] == first["ETag"] and back.content == first.content
    assert renderer.calls == 2  # the page reads as it did: the PDF kept for it is served


def test_a_version_coming_into_force_gets_a_pdf_that_says_so(
    council: Council, renderer: Renderer
) -> None:
    version = adopt(council, effect=dt.date(2027, 4, 1))
    before = Client().get(url(version))
    with clock.frozen(dt.datetime(2027, 4, 1, 9, 0, tzinfo=dt.UTC)):
        after = Client().get(url(version))
        html = code_pdfs.pdf_html(version=version, today=clock.today())
    assert "Status: In force." in html
    assert before["ETag"] != after["ETag"] and renderer.calls == 2
    digests = set(CodePdf.objects.values_list("html_sha256", flat=True))
    assert hashlib.sha256(html.encode()).hexdigest() in digests and len(digests) == 2


@pytest.mark.parametrize(
    "stage", ["draft", "discarded", "with_committee", "recommended", "not_adopted"]
)
def test_only_adopted_versions_have_a_pdf(council: Council, renderer: Renderer, stage: str) -> None:
    version = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    svc.draft_update_text(
        actor=council.mo,
        version=version,
        title="Code",
        change_summary="",
        parsed=parse_text(TEXT),
        now=NOW,
    )
    if stage == "discarded":
        svc.draft_discard(actor=council.mo, version=version, reason="Not needed", now=NOW)
    elif stage != "draft":
        svc.draft_send_to_committee(actor=council.mo, version=version, now=NOW)
    if stage in {"recommended", "not_adopted"}:
        svc.committee_decision_record(
            actor=council.mo,
            version=version,
            committee="Standards Committee",
            meeting_date=dt.date(2027, 1, 10),
            outcome=MeetingOutcome.RECOMMENDED,
            now=NOW,
        )
    if stage == "not_adopted":
        svc.adoption_record(
            actor=council.mo,
            version=version,
            body="Full Council",
            meeting_date=dt.date(2027, 2, 1),
            outcome=MeetingOutcome.NOT_ADOPTED,
            takes_effect_on=None,
            review_due_on=None,
            now=NOW,
        )
    version.refresh_from_db()
    assert version.stage == stage
    for client in (Client(), signed_in(council.mo), signed_in(council.officer)):
        assert client.get(url(version)).status_code == 404
    with pytest.raises(ValueError, match="adopted"):
        code_pdfs.pdf_for_version(version=version, today=clock.today(), now=NOW)
    assert make_code_pdf.call(version.pk) is False
    assert renderer.calls == 0 and not CodePdf.objects.exists()


def test_a_kept_pdf_is_served_only_at_its_own_document_and_number(
    council: Council, renderer: Renderer
) -> None:
    version = adopt(council)
    assert Client().get(url(version)).status_code == 200
    assert Client().get("/protocol/versions/1/pdf/").status_code == 404
    assert Client().get("/code/versions/2/pdf/").status_code == 404
    assert renderer.calls == 1


def test_adopting_a_version_makes_its_pdf_once_the_decision_is_committed(
    council: Council, renderer: Renderer, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        version = adopt(council)
    assert renderer.calls == 1
    kept = CodePdf.objects.get(version=version)
    response = Client().get(url(version))
    assert response.status_code == 200 and response.content == bytes(kept.pdf)
    assert renderer.calls == 1
    assert make_code_pdf.call(version.pk) is False  # running the task again makes nothing


def test_the_command_makes_what_is_missing_and_is_safe_to_run_again(
    council: Council, renderer: Renderer, capsys: pytest.CaptureFixture[str]
) -> None:
    first = adopt(council, effect=dt.date(2027, 2, 1))
    second = adopt(council, text=TEXT.replace("High standards", "The highest standards"))
    Client().get(url(first))  # already kept
    assert renderer.calls == 1
    call_command("render_code_pdfs")
    assert "Made 1 PDF; 1 already kept." in capsys.readouterr().out
    assert renderer.calls == 2
    rows = list(CodePdf.objects.order_by("id").values_list("id", "rendered_at"))
    assert {p.version_id for p in CodePdf.objects.all()} == {first.pk, second.pk}

    call_command("render_code_pdfs")
    assert "Made 0 PDFs; 2 already kept." in capsys.readouterr().out
    assert renderer.calls == 2
    assert list(CodePdf.objects.order_by("id").values_list("id", "rendered_at")) == rows
    assert Client().get(url(second)).content == bytes(CodePdf.objects.get(version=second).pdf)
    assert renderer.calls == 2


def test_serving_a_kept_pdf_takes_the_same_few_queries_however_long_the_code(
    council: Council, renderer: Renderer, django_assert_max_num_queries: Any
) -> None:
    short = adopt(council, effect=dt.date(2027, 2, 1))
    long_text = "\n\n".join(
        f"{n}. Section {n}\n{n}.1 Paragraph one of {n}.\n{n}.2 Paragraph two of {n}."
        for n in range(1, 41)
    )
    long = adopt(council, text=long_text)
    for version in (short, long):
        Client().get(url(version))
    for version in (short, long):
        with django_assert_max_num_queries(7):
            assert Client().get(url(version)).status_code == 200
        etag = CodePdf.objects.get(version=version).pdf_sha256
        with django_assert_max_num_queries(6):  # 304: the PDF's bytes are not read
            response = Client().get(url(version), headers={"If-None-Match": f'"{etag}"'})
            assert response.status_code == 304
    assert renderer.calls == 2


def test_kept_pdfs_are_never_changed_or_removed_on_postgresql(
    council: Council, renderer: Renderer
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("The append-only trigger is PostgreSQL's.")
    version = adopt(council)
    Client().get(url(version))
    with pytest.raises(DatabaseError, match="never changed"), transaction.atomic():
        CodePdf.objects.update(pdf=b"%PDF-forged")
    with pytest.raises(DatabaseError, match="never changed"), transaction.atomic():
        CodePdf.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_many_first_downloads_at_once_make_the_pdf_once(
    council: Council, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("The in-memory test database of SQLite is not shared safely between threads.")
    version = adopt(council)  # committed here, so its PDF is made at once
    assert CodePdf.objects.count() == 1
    settings.PROBITY_COUNCIL_NAME = "Borsetshire County Council"  # as after a release
    slow = Renderer(pdf.html_to_pdf, pause=1.0)
    monkeypatch.setattr(pdf, "html_to_pdf", slow)
    parallel = 4

    def download(index: int) -> tuple[int, bytes]:
        try:
            if index:
                # The others ask while the first is making the PDF.
                assert slow.inside.wait(timeout=30)
            response = Client(raise_request_exception=False).get(url(version))
            return response.status_code, response.content
        finally:
            connection.close()

    with ThreadPoolExecutor(parallel) as pool:
        answers = list(pool.map(download, range(parallel)))
    kept = CodePdf.objects.order_by("-id").first()
    assert kept is not None and CodePdf.objects.count() == 2
    assert slow.calls == 1
    assert answers == [(200, bytes(kept.pdf))] * parallel
