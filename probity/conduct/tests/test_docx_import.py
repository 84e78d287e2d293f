"""Reading the code from Word and text files made here with python-docx, as a council would."""

from __future__ import annotations

import copy
import io
import zipfile

import pytest
from docx import Document

from probity.conduct.docx_import import ImportFileError, read_upload


def docx_bytes(build: object) -> bytes:
    document = Document()
    build(document)  # type: ignore[operator]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def council_code(document: object) -> None:
    d = document
    d.add_paragraph("Officers' Code of Conduct", style="Title")  # type: ignore[attr-defined]
    d.add_paragraph("This code applies to all staff.")  # type: ignore[attr-defined]
    d.add_heading("Introduction", level=1)  # type: ignore[attr-defined]
    d.add_paragraph("The public expects high standards.", style="List Number")  # type: ignore[attr-defined]
    d.add_paragraph("Read it with the principles.", style="List Number")  # type: ignore[attr-defined]
    d.add_heading("2. Gifts and hospitality", level=1)  # type: ignore[attr-defined]
    d.add_paragraph("2.1 Declare every offer, accepted or declined.")  # type: ignore[attr-defined]
    d.add_paragraph("a meal", style="List Bullet")  # type: ignore[attr-defined]
    d.add_paragraph("tickets to an event", style="List Bullet")  # type: ignore[attr-defined]
    table = d.add_table(rows=2, cols=2)  # type: ignore[attr-defined]
    table.cell(0, 0).text = "Token value"
    table.cell(0, 1).text = "A pen or a calendar"
    table.cell(1, 0).text = "Not token value"
    table.cell(1, 1).text = "=A meal out"
    d.add_paragraph("3. Political neutrality")  # type: ignore[attr-defined]
    d.add_paragraph("3.1 Serve every councillor alike.")  # type: ignore[attr-defined]


def test_headings_numbered_lists_bullets_and_tables_become_sections() -> None:
    result = read_upload(name="C:\\Users\\mo\\Code 2027.docx", content=docx_bytes(council_code))
    parsed = result.parsed
    assert parsed.ok, parsed.errors
    assert result.filename == "Code 2027.docx"
    assert parsed.introduction == "This code applies to all staff."  # the title is not repeated
    assert [(s.number, s.heading) for s in parsed.sections] == [
        ("1", "Introduction"),
        ("2", "Gifts and hospitality"),
        ("3", "Political neutrality"),
    ]
    intro, gifts, politics = parsed.sections
    assert [(p.number, p.text) for p in intro.paragraphs] == [
        ("1.1", "The public expects high standards."),
        ("1.2", "Read it with the principles."),
    ]
    (offer,) = gifts.paragraphs
    assert offer.number == "2.1"
    assert offer.text == (
        "Declare every offer, accepted or declined.\n\n- a meal\n- tickets to an event\n\n"
        "- Token value: A pen or a calendar\n- Not token value: =A meal out"
    )
    assert [(p.number, p.text) for p in politics.paragraphs] == [
        ("3.1", "Serve every councillor alike.")
    ]


def test_a_word_file_with_no_numbered_headings_says_so() -> None:
    def prose(d: object) -> None:
        d.add_paragraph("Just a letter about the code.")  # type: ignore[attr-defined]

    result = read_upload(name="letter.docx", content=docx_bytes(prose))
    assert not result.parsed.ok
    assert "no numbered section headings" in result.parsed.errors[0]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.docx", b"", "The selected file is empty"),
        ("blank.docx", None, "The selected file is empty"),  # a real .docx with no text
        ("broken.docx", b"PK\x03\x04 not really a zip", "could not be opened as a Word document"),
        ("renamed.docx", b"%PDF-1.7 a PDF renamed", "could not be opened as a Word document"),
        ("old.doc", b"\xd0\xcf\x11\xe0 old word", "old Word document"),
        ("code.pdf", b"%PDF-1.7", "must be a Word document (.docx) or a text file (.txt)"),
        ("binary.txt", b"\x00\x01\x02", "not a text file"),
        ("spaces.txt", b"   \n\n ", "The selected file is empty"),
        ("huge.txt", b"1. A\n" + b"x" * (5 * 1024 * 1024), "smaller than 5MB"),
    ],
)
def test_files_that_cannot_be_read_give_a_clear_error(
    name: str, content: bytes | None, message: str
) -> None:
    if content is None:
        content = docx_bytes(lambda d: None)
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_upload(name=name, content=content)


def test_text_files_in_utf8_or_windows_encoding() -> None:
    text = "1. Gifts\n1.1 Declare gifts worth more than £0.\n"
    for encoding in ("utf-8-sig", "cp1252"):
        result = read_upload(name="code.txt", content=text.encode(encoding))
        assert result.parsed.ok
        assert "£0" in result.parsed.sections[0].paragraphs[0].text


def zip_bomb() -> bytes:
    """A valid .docx with one extra part of zeros: small packed, huge unpacked."""
    out = io.BytesIO(docx_bytes(council_code))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    return out.getvalue()


def test_a_file_that_unpacks_too_big_is_refused_before_it_is_unpacked() -> None:
    content = zip_bomb()
    assert len(content) < 1024 * 1024
    with pytest.raises(ImportFileError, match="unpacks to more than 50MB"):
        read_upload(name="code.docx", content=content)


def test_a_file_with_too_many_paragraphs_is_refused() -> None:
    def many(document: object) -> None:
        body = document.element.body  # type: ignore[attr-defined]
        paragraph = document.add_paragraph("1. A heading")  # type: ignore[attr-defined]
        for _ in range(5001):
            body.append(copy.deepcopy(paragraph._p))

    with pytest.raises(ImportFileError, match="more than 5,000 paragraphs"):
        read_upload(name="code.docx", content=docx_bytes(many))


def test_a_text_file_with_too_many_lines_is_refused() -> None:
    content = b"1. A heading\n" + b"Some text.\n" * 6000
    with pytest.raises(ImportFileError, match="more than 5,000 paragraphs"):
        read_upload(name="code.txt", content=content)
