"""The code's pages: reading, comparing, confirming, drafting and governing, with bad input."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document

from conftest import Council, signed_in
from probity.conduct import code_services as svc
from probity.conduct.code_selectors import version_in_force
from probity.conduct.documents import parse_text
from probity.conduct.models import (
    CodeConfirmation,
    CodeVersion,
    DocumentKind,
    GovernanceDecision,
    VersionStage,
)
from probity.conduct.pdf import html_to_pdf
from probity.conduct.tests.factories import adopted_version
from probity.core import clock
from probity.people.models import Person

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)
TEXT = """1. Introduction
1.1 High standards are expected.

2. Gifts and hospitality
2.1 Declare every offer <script>alert('x')</script>.
- a meal
- =HYPERLINK("http://evil")
"""


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


def adopt(mo: Person, text: str = TEXT, effect: dt.date = dt.date(2027, 3, 1)) -> CodeVersion:
    return adopted_version(
        mo, text=text, title="Officers' code", effect=effect, duties={"2": ["gift_hospitality"]}
    )


def date_fields(name: str, day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


# --- Reading ---------------------------------------------------------------------------------


def test_anyone_reads_the_code_in_force_and_each_duty_leads_to_its_form(council: Council) -> None:
    adopt(council.mo)
    page = Client().get("/code/").content.decode()
    assert "Version 1" in page and "1 February 2027 by Full Council" in page
    assert "Selflessness" in page  # the principles at the top
    assert "&lt;script&gt;" in page and "<script>alert" not in page  # typed text is escaped
    assert "<li>a meal</li>" in page
    declare = reverse("declarations:declare", kwargs={"slug": "gift-or-hospitality"})
    assert f'href="{declare}"' in page
    assert "Declare under this section" in page
    assert 'id="section-2"' in page
    assert "Compare with" not in page  # no earlier version, and not signed in


@pytest.mark.parametrize(
    ("who", "links"),
    [
        ("officer", True),  # the code applies to them
        ("contractor", True),
        ("mo", True),  # an officer too
        ("councillor", False),  # the members' code is another document
        ("auditor", True),  # the demo's internal auditor is an employee
    ],
)
def test_the_duties_lead_to_forms_only_for_those_who_may_declare(
    council: Council, who: str, links: bool
) -> None:
    adopt(council.mo)
    page = signed_in(getattr(council, who)).get("/code/").content.decode()
    declare = reverse("declarations:declare", kwargs={"slug": "gift-or-hospitality"})
    assert (f'href="{declare}"' in page) is links
    assert ("Declare under this section" in page) is links
    assert ("Asks for:" in page) is not links


def test_before_any_adoption_the_page_says_so(council: Council) -> None:
    response = Client().get("/code/")
    assert response.status_code == 200
    assert "has not adopted a version" in response.content.decode()
    assert Client().get("/protocol/").status_code == 200


def test_drafts_and_unknown_versions_are_not_public(council: Council) -> None:
    draft = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    for url in (
        f"/code/versions/{draft.number}/",
        f"/code/versions/{draft.number}/pdf/",
        "/code/versions/99/",
        "/code/versions/abc/",
        "/nonsense/",
    ):
        assert Client().get(url).status_code == 404, url


def test_the_pdf_is_tagged_and_the_print_page_stands_alone(council: Council) -> None:
    version = adopt(council.mo)
    response = Client().get(f"/code/versions/{version.number}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="code-version-1.pdf"'
    assert response.content.startswith(b"%PDF-")
    printed = Client().get(f"/code/versions/{version.number}/print/").content.decode()
    assert '<html lang="en-GB">' in printed and "Declare under this section" not in printed
    pdf = html_to_pdf(printed, compress=False)
    assert b"/StructTreeRoot" in pdf and b"/MarkInfo" in pdf and b"/Lang" in pdf


def test_an_old_version_stays_readable_and_says_it_was_replaced(council: Council) -> None:
    first = adopt(council.mo, effect=dt.date(2027, 2, 1))
    adopt(council.mo, text=TEXT.replace("High standards", "The highest standards"))
    page = Client().get(f"/code/versions/{first.number}/").content.decode()
    assert "This version has been replaced" in page
    assert "High standards are expected" in page
    history = Client().get("/code/versions/").content.decode()
    assert "Superseded" in history and "In force" in history


def test_staff_compare_two_versions_with_changes_marked_in_words(council: Council) -> None:
    adopt(council.mo, effect=dt.date(2027, 2, 1))
    adopt(council.mo, text=TEXT.replace("High standards", "The highest standards"))
    officer = signed_in(council.officer)
    page = officer.get("/code/compare/").content.decode()
    assert (
        '<ins class="app-diff-added"><span class="govuk-visually-hidden">added: </span>The highest</ins>'
        in page
    )
    assert (
        '<del class="app-diff-removed"><span class="govuk-visually-hidden">removed: </span>High</del>'
        in page
    )
    assert "1 section changed, 0 added, 0 removed and 1 unchanged" in page
    bad = officer.get("/code/compare/?old=1&new=99")
    assert bad.status_code == 200
    assert "Select a version from the list" in bad.content.decode()
    assert "govuk-error-summary" in bad.content.decode()
    assert signed_in(council.councillor).get("/code/compare/").status_code == 403
    assert Client().get("/code/compare/").status_code == 302


# --- Confirming ------------------------------------------------------------------------------


def test_an_officer_is_asked_to_confirm_and_the_lists_change(council: Council) -> None:
    version = adopt(council.mo)
    officer = signed_in(council.officer)
    assert "confirm you have read it" in officer.get("/code/").content.decode()
    assert officer.post("/code/confirm/", {}).status_code == 200  # the box must be ticked
    assert not CodeConfirmation.objects.exists()
    assert officer.post("/code/confirm/", {"confirm": "on"}).status_code == 302
    confirmation = CodeConfirmation.objects.get()
    assert (confirmation.person, confirmation.version, confirmation.confirmed_at) == (
        council.officer,
        version,
        NOW,
    )
    assert "You have read version 1" in officer.get("/code/confirm/").content.decode()
    assert "confirm you have read it" not in officer.get("/code/").content.decode()

    mo_page = signed_in(council.mo).get("/code/confirmations/").content.decode()
    assert "Housing Options" in mo_page and "Officer" in mo_page and "Councillor" not in mo_page
    outstanding = signed_in(council.mo).get("/code/confirmations/?status=outstanding")
    assert "Contractor" in outstanding.content.decode()
    assert ">Officer<" not in outstanding.content.decode()

    manager_page = signed_in(council.manager).get("/code/confirmations/").content.decode()
    assert "Officer" in manager_page and "Contractor" in manager_page
    assert "Stranger" not in manager_page  # not one of the manager's reports
    assert signed_in(council.officer).get("/code/confirmations/").status_code == 403
    assert (
        signed_in(council.councillor).post("/code/confirm/", {"confirm": "on"}).status_code == 403
    )


def test_the_confirmation_list_downloads_safely(council: Council) -> None:
    adopt(council.mo)
    Person.objects.filter(pk=council.stranger.pk).update(full_name="=cmd|' /C calc'!A0")
    response = signed_in(council.mo).get("/code/confirmations/csv/?service=999999")
    assert response.status_code == 200  # an unknown filter is ignored, not an error
    response = signed_in(council.mo).get("/code/confirmations/csv/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0] == ["Name", "Job title", "Directorate", "Service", "Confirmed", "Confirmed at"]
    names = [row[0] for row in rows[1:]]
    assert "'=cmd|' /C calc'!A0" in names
    assert "Councillor" not in names


# --- Drafting and governance -----------------------------------------------------------------


def test_the_monitoring_officer_drafts_edits_and_sends_to_committee(council: Council) -> None:
    mo = signed_in(council.mo)
    assert mo.get("/code/manage/").status_code == 200
    response = mo.post("/code/manage/code/new/")
    version = CodeVersion.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/code/manage/versions/{version.pk}/"
    )
    assert "already being prepared" in mo.post("/code/manage/code/new/").content.decode()

    url = f"/code/manage/versions/{version.pk}/text/"
    empty = mo.post(url, {"title": "Code", "text": "   "})
    assert empty.status_code == 200 and "Enter the text" in empty.content.decode()
    bad = mo.post(url, {"title": "Code", "text": "1. One\n2.1 Misplaced"})
    assert bad.status_code == 200 and "paragraph 2.1 is under section 1" in bad.content.decode()
    no_title = mo.post(url, {"title": "", "text": TEXT})
    assert no_title.status_code == 200
    assert mo.post(url, {"title": "Code", "change_summary": "New", "text": TEXT}).status_code == 302
    assert version.sections.count() == 2

    section = version.sections.get(number="2")
    duties = f"/code/manage/versions/{version.pk}/sections/{section.pk}/declarations/"
    assert mo.post(duties, {"kinds": ["not_a_kind"]}).status_code == 200
    assert mo.post(duties, {"kinds": ["gift_hospitality", "personal_interest"]}).status_code == 302
    section.refresh_from_db()
    assert section.declaration_kinds == ["gift_hospitality", "personal_interest"]

    values = f"/code/manage/versions/{version.pk}/values/"
    assert mo.post(values, {"values": "No colon"}).status_code == 200
    assert mo.post(values, {"values": "Respect: we listen"}).status_code == 302

    assert mo.post(f"/code/manage/versions/{version.pk}/send/").status_code == 302
    version.refresh_from_db()
    assert version.stage == VersionStage.WITH_COMMITTEE
    # Frozen: the editing pages send the Monitoring Officer back, and a forged post changes nothing.
    assert mo.post(url, {"title": "Changed", "text": TEXT}).status_code == 302
    assert mo.post(duties, {"kinds": []}).status_code == 302
    version.refresh_from_db()
    section.refresh_from_db()
    assert version.title == "Code" and section.declaration_kinds != []


def docx_upload(name: str = "code.docx") -> SimpleUploadedFile:
    document = Document()
    document.add_heading("Introduction", level=1)
    document.add_paragraph("Everyone follows this code.", style="List Number")
    document.add_heading("Gifts", level=1)
    document.add_paragraph("Declare every offer.", style="List Number")
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def test_importing_a_file_replaces_the_text_or_changes_nothing(council: Council) -> None:
    mo = signed_in(council.mo)
    version = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    svc.draft_update_text(
        actor=council.mo,
        version=version,
        title="Code",
        change_summary="",
        parsed=parse_text(TEXT),
        now=NOW,
    )
    url = f"/code/manage/versions/{version.pk}/import/"
    for upload, message in [
        (None, "Select a file to upload"),
        (SimpleUploadedFile("code.docx", b"PK\x03\x04junk"), "could not be opened"),
        (SimpleUploadedFile("code.pdf", b"%PDF"), "must be a Word document"),
        (SimpleUploadedFile("notes.txt", b"no headings here"), "could not be split into sections"),
    ]:
        response = mo.post(url, {"file": upload} if upload else {})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert "govuk-error-summary" in response.content.decode()
    assert [s.heading for s in version.sections.all()] == ["Introduction", "Gifts and hospitality"]
    assert mo.post(url, {"file": docx_upload()}).status_code == 302
    version.refresh_from_db()
    assert version.source_filename == "code.docx"
    assert [(s.number, s.heading) for s in version.sections.all()] == [
        ("1", "Introduction"),
        ("2", "Gifts"),
    ]


def test_committee_and_council_decisions_are_recorded_and_checked(council: Council) -> None:
    mo = signed_in(council.mo)
    version = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    svc.draft_update_text(
        actor=council.mo,
        version=version,
        title="Code",
        change_summary="",
        parsed=parse_text(TEXT),
        now=NOW,
    )
    adopt_url = f"/code/manage/versions/{version.pk}/adopt/"
    assert mo.get(adopt_url).status_code == 302  # not yet recommended
    svc.draft_send_to_committee(actor=council.mo, version=version, now=NOW)

    url = f"/code/manage/versions/{version.pk}/committee/"
    empty = mo.post(url, {**date_fields("meeting_date", None)})
    assert empty.status_code == 200
    page = empty.content.decode()
    assert "Enter name of the committee" in page and "Select what the committee decided" in page
    future = mo.post(
        url,
        {
            "committee": "Standards Committee",
            **date_fields("meeting_date", dt.date(2027, 4, 1)),
            "outcome": "recommended",
        },
    )
    assert "must be today or in the past" in future.content.decode()
    wrong = mo.post(
        url,
        {
            "committee": "Standards Committee",
            **date_fields("meeting_date", dt.date(2027, 2, 1)),
            "outcome": "adopted",  # a Council decision, not a committee's
        },
    )
    assert wrong.status_code == 200
    ok = mo.post(
        url,
        {
            "committee": "Standards Committee",
            **date_fields("meeting_date", dt.date(2027, 2, 1)),
            "outcome": "recommended",
            "minute_reference": "SC 12/27",
        },
    )
    assert ok.status_code == 302

    base = {"body": "Full Council", **date_fields("meeting_date", dt.date(2027, 2, 20))}
    missing = mo.post(
        adopt_url,
        {
            **base,
            "outcome": "adopted",
            **date_fields("takes_effect_on", None),
            **date_fields("review_due_on", None),
        },
    )
    text = missing.content.decode()
    assert "Enter the date the version takes effect" in text
    assert "Enter the date its review is due" in text
    early = mo.post(
        adopt_url,
        {
            **base,
            "outcome": "adopted",
            **date_fields("takes_effect_on", dt.date(2027, 2, 1)),
            **date_fields("review_due_on", dt.date(2030, 1, 1)),
        },
    )
    assert "same as or after the meeting" in early.content.decode()
    done = mo.post(
        adopt_url,
        {
            **base,
            "outcome": "adopted",
            **date_fields("takes_effect_on", dt.date(2027, 3, 1)),
            **date_fields("review_due_on", dt.date(2030, 3, 1)),
        },
    )
    assert done.status_code == 302
    assert version_in_force(document=DocumentKind.CODE, today=NOW.date()) == version
    assert list(GovernanceDecision.objects.values_list("outcome", flat=True)) == [
        "recommended",
        "adopted",
    ]
    draft_page = mo.get(f"/code/manage/versions/{version.pk}/").content.decode()
    assert "adopted and can no longer change" in draft_page
    assert "SC 12/27" in draft_page


def test_nobody_else_drafts_or_governs(council: Council) -> None:
    version = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    for person in (council.officer, council.manager, council.auditor, council.councillor):
        client = signed_in(person)
        assert client.post("/code/manage/code/new/").status_code == 403
        assert client.post(f"/code/manage/versions/{version.pk}/send/").status_code == 403
    assert signed_in(council.deputy).get(f"/code/manage/versions/{version.pk}/").status_code == 200
    assert signed_in(council.mo).get("/code/manage/versions/999999/").status_code == 404
    assert CodeVersion.objects.get().stage == VersionStage.DRAFT


def test_the_confirmation_list_takes_the_same_queries_however_many_people(
    council: Council, django_assert_max_num_queries: object
) -> None:
    from probity.people.tests.factories import make_person

    adopt(council.mo)
    mo = signed_in(council.mo)
    mo.get("/code/confirmations/")  # warm the session
    for index in range(30):
        make_person(f"extra{index}", service=council.housing)
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        response = mo.get("/code/confirmations/")
    assert response.content.decode().count("Not yet</strong>") >= 30
