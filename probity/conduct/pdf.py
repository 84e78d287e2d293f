"""A tagged PDF of a version of the code, made with WeasyPrint.

The PDF is tagged (headings, paragraphs, lists and links carry structure for screen readers) and
carries the page's language and title. WeasyPrint fetches nothing: every outside resource is
refused, so the PDF is built only from our own HTML and the stylesheet below.
"""

from __future__ import annotations

from typing import Any, NoReturn

import weasyprint  # type: ignore[import-untyped]

PDF_CSS = """
@page {
  size: A4;
  margin: 20mm 18mm 22mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; }
}
html { font-family: "Liberation Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.4;
       color: #0b0c0c; }
h1 { font-size: 22pt; margin: 0 0 6pt; }
h2 { font-size: 15pt; margin: 18pt 0 6pt; break-after: avoid; }
h3 { font-size: 12pt; margin: 12pt 0 4pt; break-after: avoid; }
p, li { margin: 0 0 6pt; orphans: 3; widows: 3; }
dl { margin: 0 0 12pt; }
dt { font-weight: bold; }
dd { margin: 0 0 6pt 0; }
a { color: #0b0c0c; text-decoration: none; }
.app-print-meta { color: #505a5f; }
.app-print-number { font-weight: bold; margin-right: 4pt; }
.govuk-visually-hidden, [class~="govuk-!-display-none-print"] { display: none; }
nav ol { padding-left: 16pt; }
"""


def _refuse(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"The PDF does not fetch outside resources ({url[:40]})")


def html_to_pdf(html: str, *, compress: bool = True) -> bytes:
    """A tagged PDF of ``html`` (a complete page with ``lang`` and ``title``)."""
    document = weasyprint.HTML(string=html, url_fetcher=_refuse, base_url=None)
    pdf: bytes = document.write_pdf(
        stylesheets=[weasyprint.CSS(string=PDF_CSS, url_fetcher=_refuse)],
        pdf_tags=True,
        uncompressed_pdf=not compress,
    )
    return pdf
