"""Reading a draft of the code from a Word (.docx) or plain text (.txt) file.

Numbered headings become sections: a paragraph in a Heading style, or a line written like
``3. Gifts and hospitality``. Word list paragraphs under a heading become its numbered
sub-paragraphs; bullet lists and tables are kept as bullet lines. Nothing is written here: the
result goes to ``code_services.draft_update_text``, which writes all of it or none of it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError  # type: ignore[import-untyped]

from probity.conduct.documents import (
    BULLET_LINE,
    PARAGRAPH_LINE,
    SECTION_LINE,
    Block,
    BlockKind,
    ParsedDocument,
    build_document,
    parse_text,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
"""A .docx is a zip: refuse one whose parts would unpack to more than this (a "zip bomb")."""
MAX_PARTS = 2000
MAX_PARAGRAPHS = 5000
"""Far more than any code of conduct; parsing many more would tie up the server."""
HEADING_STYLE = re.compile(r"^heading\s*[12]$", re.IGNORECASE)
TITLE_STYLES = {"title", "subtitle"}


class ImportFileError(Exception):
    """A file that cannot be read as the text of the code, with a message to show."""


@dataclass(frozen=True)
class ImportResult:
    parsed: ParsedDocument
    filename: str


def _clean_filename(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable())[:200]


def read_upload(*, name: str, content: bytes) -> ImportResult:
    """Read an uploaded file's bytes. Raises ``ImportFileError`` with a plain message."""
    filename = _clean_filename(name)
    lower = filename.lower()
    if len(content) > MAX_BYTES:
        raise ImportFileError("The selected file must be smaller than 5MB")
    if not content:
        raise ImportFileError("The selected file is empty")
    if lower.endswith(".docx"):
        parsed = parse_docx(content)
    elif lower.endswith(".txt"):
        text = _decode_text(content)
        if text.count("\n") + 1 > MAX_PARAGRAPHS:
            raise ImportFileError(_too_many_paragraphs())
        parsed = parse_text(text)
    elif lower.endswith(".doc"):
        raise ImportFileError(
            "The selected file is an old Word document: save it as a .docx file and try again"
        )
    else:
        raise ImportFileError(
            "The selected file must be a Word document (.docx) or a text file (.txt)"
        )
    return ImportResult(parsed=parsed, filename=filename)


def _decode_text(content: bytes) -> str:
    if b"\x00" in content:
        raise ImportFileError("The selected file is not a text file")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                "The selected file could not be read: save it as UTF-8 text and try again"
            ) from exc
    if not text.strip():
        raise ImportFileError("The selected file is empty")
    return text


def _style_name(paragraph: Paragraph) -> str:
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return ""
    return (style.name or "") if style is not None else ""


def _is_list_item(paragraph: Paragraph) -> bool:
    """A paragraph Word numbers or bullets itself (its number is not in its text)."""
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None


def _paragraph_blocks(paragraph: Paragraph) -> list[Block]:
    text = " ".join(paragraph.text.split())
    if not text:
        return [Block(BlockKind.BREAK)]
    style = _style_name(paragraph).lower()
    if style in TITLE_STYLES:  # the document's own title: the page already shows it
        return [Block(BlockKind.BREAK)]
    if HEADING_STYLE.match(style):
        match = SECTION_LINE.match(text)
        if match:
            return [
                Block(BlockKind.HEADING, match.group(3), str(int(match.group(1) or match.group(2))))
            ]
        return [Block(BlockKind.HEADING, text)]
    if match := PARAGRAPH_LINE.match(text):
        return [Block(BlockKind.PARAGRAPH, match.group(3), f"{match.group(1)}.{match.group(2)}")]
    if match := SECTION_LINE.match(text):
        number = match.group(1) or match.group(2)
        return [Block(BlockKind.HEADING, match.group(3), str(int(number)))]
    if "bullet" in style or (match := BULLET_LINE.match(text)):
        return [Block(BlockKind.BULLET, match.group(1) if match else text)]
    if "number" in style or _is_list_item(paragraph):
        return [Block(BlockKind.PARAGRAPH, text)]
    return [Block(BlockKind.TEXT, text), Block(BlockKind.BREAK)]


def _table_blocks(table: Table) -> list[Block]:
    """Each row of a table as a bullet line: its cells joined by colons."""
    blocks: list[Block] = [Block(BlockKind.BREAK)]
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        if cells:
            blocks.append(Block(BlockKind.BULLET, ": ".join(cells)))
    blocks.append(Block(BlockKind.BREAK))
    return blocks


def _too_many_paragraphs() -> str:
    return (
        f"The selected file has more than {MAX_PARAGRAPHS:,} paragraphs: the code cannot be that "
        "long. Check it is the right file"
    )


def _check_unpacked_size(content: bytes) -> None:
    """Refuse a zip whose parts would unpack beyond the limit, before anything is unpacked.

    Python's zip reader never returns more than a part's stated size, so the stated sizes bound
    the memory used.
    """
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
            raise ImportFileError(
                f"The selected file unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)}MB, "
                "far more than a Word document of the code would. Check it is the right file"
            )


def parse_docx(content: bytes) -> ParsedDocument:
    """The sections of a Word document, in the order they appear (tables included)."""
    try:
        _check_unpacked_size(content)
        document = Document(io.BytesIO(content))
        paragraphs = sum(1 for _ in document.element.body.iter(qn("w:p")))
        if paragraphs > MAX_PARAGRAPHS:
            raise ImportFileError(_too_many_paragraphs())
        blocks: list[Block] = []
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                blocks.extend(_paragraph_blocks(item))
            else:
                blocks.extend(_table_blocks(item))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, LxmlError) as exc:
        raise ImportFileError(
            "The selected file could not be opened as a Word document: open it in Word, save it "
            "again as a .docx file and try again"
        ) from exc
    if not any(b.kind != BlockKind.BREAK for b in blocks):
        raise ImportFileError("The selected file is empty")
    return build_document(blocks, strict_numbers=False)
